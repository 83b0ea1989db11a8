/**
 * `npm run bench`: the benchmark of issue 7. Generates configs of growing size
 * (bench/generateConfig.ts) and measures, as medians over several runs:
 *
 * - in-process parse and full analysis (createLanguageService(...).analyze), time and MB/s;
 * - the CLI's whole-process wall time and peak RSS next to `nats-server -t` on the same files,
 *   interleaved in the same run;
 * - the language server over stdio: didChange → publishDiagnostics, hover and completion p50/p95
 *   on the 5,000-line file;
 * - the .vsix size;
 * - how analysis time grows with size (time per MB at 1×, 2×, 4×, 8×), and the parser's own
 *   scaling shapes (bench/parserScaling.ts).
 *
 * Every target gets a PASS/MISS line. The table is printed ready to paste into the README and
 * written to out/bench/results.md (results.json has every number); `--write-readme` replaces the
 * README's table between its bench markers.
 *
 * Flags: --quick (fewer runs, smaller growth series, no parser shapes, no .vsix),
 * --sections=analysis,cli,lsp,vsix,growth,parser (run only these), --write-readme.
 * Bundles are copied into the temporary folder first, so a rebuild during the run (or the
 * .vsix packaging, which rebuilds them) cannot change what is measured.
 */
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as nodePath from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { CompletionRequest, DidChangeTextDocumentNotification, DidOpenTextDocumentNotification, HoverRequest, type Position } from 'vscode-languageserver-protocol/node';
import { createLanguageService } from '../server/src/languageService';
import { createNodeEnvironment } from '../server/src/nodeEnvironment';
import { parse } from '../server/src/parser/parser';
import { generateCertificates } from '../server/src/certificates/generate';
import { generateConfig, writeGeneratedConfig, type CertificatePaths } from './generateConfig';
import { startLspClient } from './lspClient';
import { serverExecArgv } from '../server/src/serverProcess';
import { runParserScaling, type ParserScalingRow } from './parserScaling';

/** Bench bundles live in out/bench/; the repository root is two folders up. */
const repoRoot = nodePath.resolve(__dirname, '..', '..');
const GNU_TIME = '/usr/bin/time';
/** The release the installed nats-server belongs to: the CLI and the server check against it. */
const SERVER_VERSION = '2.9';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const writeReadme = args.includes('--write-readme');
const sectionsArg = args.find((arg) => arg.startsWith('--sections='));
const ALL_SECTIONS = ['analysis', 'cli', 'lsp', 'vsix', 'growth', 'parser'] as const;
type Section = (typeof ALL_SECTIONS)[number];
const sections = new Set<Section>(
  sectionsArg
    ? (sectionsArg.slice('--sections='.length).split(',') as Section[])
    : ALL_SECTIONS.filter((section) => !quick || (section !== 'parser' && section !== 'vsix')),
);
const unknownSections = [...sections].filter((section) => !ALL_SECTIONS.includes(section));
if (unknownSections.length > 0) {
  console.error(`unknown section ${unknownSections.join(', ')}: use --sections=${ALL_SECTIONS.join(',')}`);
  process.exit(2);
}

const SIZES = [150, 5_000, 100_000];
const GROWTH_SIZES = quick ? [6_250, 12_500, 25_000, 50_000] : [12_500, 25_000, 50_000, 100_000];
const RUNS = {
  analysis: quick ? 3 : 5,
  /** In-process runs on the 100,000-line file, and on the growth series' extra sizes (each takes seconds). */
  analysisLarge: 3,
  cliSmall: quick ? 3 : 7,
  cliLarge: quick ? 1 : 3,
  edits: quick ? 20 : 60,
  /** Hover requests, and as many completion requests, at the same positions. */
  requests: quick ? 60 : 240,
};
/** Edits of each kind sent untimed before the timed ones (see measureLsp). */
const WARM_UP_EDITS = 6;
/**
 * The pause before each change in the series at typing speed: 100 ms between one change's
 * diagnostics and the next change, a fast typist's pace. The other series send each change as
 * soon as the last one's diagnostics arrive, which leaves the server no idle moment at all.
 */
const TYPING_PAUSE_MS = 100;

const TARGETS = {
  cliWallRatio: 0.5,
  cliRssRatio: 1,
  diagnosticsMs: 30,
  requestP95Ms: 10,
  growthRatio: 1.5,
};

// ---------------------------------------------------------------- helpers

/**
 * Runs for a size of the growth series: about as much measuring time at each size (up to 15 runs),
 * since the smallest size is the reference every other one is compared with and a short run
 * there is the noisiest.
 */
function growthRuns(lineCount: number): number {
  return Math.min(15, Math.max(RUNS.analysisLarge, Math.round((RUNS.analysisLarge * 100_000) / lineCount)));
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length % 2 === 1 ? sorted[(sorted.length - 1) / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
}

/** Nearest-rank percentile. */
function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

const cpu = (value: number) => (value < 10 ? '< 10 ms' : ms(value)); // GNU time counts in 10 ms steps
const ms = (value: number) => (value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2)) + ' ms';
const mbps = (bytes: number, millis: number) => (bytes / 1e6 / (millis / 1000)).toFixed(1) + ' MB/s';
const mib = (kib: number) => (kib / 1024).toFixed(0) + ' MB';
const size = (bytes: number) => (bytes >= 1e6 ? (bytes / 1e6).toFixed(1) + ' MB' : (bytes / 1e3).toFixed(1) + ' kB');
const lines = (count: number) => count.toLocaleString('en-US');

function heading(title: string): void {
  console.log(`\n== ${title}`);
}

interface Verdict {
  target: string;
  pass: boolean | undefined;
  detail: string;
}
const verdicts: Verdict[] = [];
function verdict(target: string, pass: boolean | undefined, detail: string): void {
  verdicts.push({ target, pass, detail });
  console.log(`${pass === undefined ? 'SKIP' : pass ? 'PASS' : 'MISS'}  ${target}: ${detail}`);
}

// ---------------------------------------------------------------- machine

interface Machine {
  date: string;
  cpu: string;
  cores: number;
  ramGb: number;
  os: string;
  node: string;
  natsServer: string | undefined;
  rssSource: string;
  /** One-minute load average when the run started and ended: other work on the machine inflates wall times. */
  loadAtStart: number;
  loadAtEnd?: number;
}

function natsServerVersion(): string | undefined {
  const result = spawnSync('nats-server', ['--version'], { encoding: 'utf8' });
  if (result.error || result.status !== 0) return undefined;
  return result.stdout.trim().replace(/^nats-server:\s*/, '');
}

function describeMachine(): Machine {
  let cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  try {
    const model = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'));
    if (model) cpu = model[1].trim();
  } catch {
    // Not Linux: os.cpus() already named it.
  }
  return {
    date: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
    cpu,
    cores: os.availableParallelism(),
    ramGb: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    natsServer: natsServerVersion(),
    loadAtStart: os.loadavg()[0],
    rssSource: existsSync(GNU_TIME) ? 'GNU time %M (peak RSS of the process)' : 'VmHWM sampled from /proc every 2 ms (may undercount short peaks)',
  };
}

// ---------------------------------------------------------------- inputs

interface Input {
  targetLines: number;
  path: string;
  /** Lines of the main file (the one opened, linted, given to nats-server). */
  mainLines: number;
  /** Lines of both files. */
  lines: number;
  bytes: number;
  mainBytes: number;
  mainText: string;
  accounts: number;
  users: number;
}

async function makeInputs(folder: string, certificates: CertificatePaths, targets: number[]): Promise<Map<number, Input>> {
  const inputs = new Map<number, Input>();
  for (const targetLines of targets) {
    const config = generateConfig({ targetLines, certificates, baseName: `bench-${targetLines}`, storeDir: nodePath.join(folder, 'jetstream') });
    const path = await writeGeneratedConfig(folder, config);
    inputs.set(targetLines, { targetLines, path, mainLines: config.mainLines, lines: config.lines, bytes: config.bytes, mainBytes: Buffer.byteLength(config.main), mainText: config.main, accounts: config.accounts, users: config.users });
  }
  return inputs;
}

// ---------------------------------------------------------------- (a) in-process

interface AnalysisResult {
  targetLines: number;
  mainLines: number;
  lines: number;
  bytes: number;
  /** The parse column parses the main file alone. */
  mainBytes: number;
  parseMs: number;
  parseCpuMs: number;
  analysisMs: number;
  /** CPU time of the analysis (user + system), less sensitive than wall time to a busy machine. */
  analysisCpuMs: number;
  errors: number;
  warnings: number;
}

function cpuMsSince(before: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000;
}

async function measureAnalysis(input: Input, runs: number): Promise<AnalysisResult> {
  const service = createLanguageService(createNodeEnvironment());
  const document = { uri: pathToFileURL(input.path).href, path: input.path, text: input.mainText };
  const settings = { serverVersion: SERVER_VERSION } as const;
  // Warm-up: JIT and the file cache, so each timed run is the steady state of a running editor.
  parse(input.mainText);
  const first = await service.analyze(document, settings);
  const parseTimes: number[] = [];
  const parseCpuTimes: number[] = [];
  const analysisTimes: number[] = [];
  const analysisCpuTimes: number[] = [];
  for (let run = 0; run < runs; run++) {
    let cpuBefore = process.cpuUsage();
    let start = performance.now();
    parse(input.mainText);
    parseTimes.push(performance.now() - start);
    parseCpuTimes.push(cpuMsSince(cpuBefore));
    cpuBefore = process.cpuUsage();
    start = performance.now();
    await service.analyze(document, settings);
    analysisTimes.push(performance.now() - start);
    analysisCpuTimes.push(cpuMsSince(cpuBefore));
  }
  return {
    targetLines: input.targetLines,
    mainLines: input.mainLines,
    lines: input.lines,
    bytes: input.bytes,
    mainBytes: input.mainBytes,
    parseMs: median(parseTimes),
    parseCpuMs: median(parseCpuTimes),
    analysisMs: median(analysisTimes),
    analysisCpuMs: median(analysisCpuTimes),
    errors: first.diagnostics.filter((d) => d.severity === 'error').length,
    warnings: first.diagnostics.filter((d) => d.severity === 'warning').length,
  };
}

// ---------------------------------------------------------------- (b) processes

interface ProcessRun {
  wallMs: number;
  peakKb: number;
  /** User + system CPU time; only with GNU time. */
  cpuMs?: number;
  status: number | null;
  output: string;
}

/** Wall time from spawn to exit, and peak RSS (GNU time, or /proc sampling without it). */
async function measureProcess(command: string, commandArgs: string[], cwd: string, scratch: string): Promise<ProcessRun> {
  if (existsSync(GNU_TIME)) {
    const rssFile = nodePath.join(scratch, 'rss.txt');
    const start = performance.now();
    const result = spawnSync(GNU_TIME, ['-f', '%M %U %S', '-o', rssFile, command, ...commandArgs], { cwd, encoding: 'utf8', maxBuffer: 256 * 2 ** 20 });
    const wallMs = performance.now() - start;
    // The last line: GNU time puts "Command exited with non-zero status" before it on failure.
    const [peak, user, system] = readFileSync(rssFile, 'utf8').trim().split('\n').pop()!.split(' ').map(Number);
    return { wallMs, peakKb: peak, cpuMs: (user + system) * 1000, status: result.status, output: `${result.stdout}${result.stderr}` };
  }
  return new Promise((resolve) => {
    const start = performance.now();
    const child = spawn(command, commandArgs, { cwd });
    let output = '';
    let peakKb = 0;
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const sample = setInterval(() => {
      try {
        const hwm = /VmHWM:\s*(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        if (hwm) peakKb = Math.max(peakKb, Number(hwm[1]));
      } catch {
        // Exited between two samples.
      }
    }, 2);
    child.on('exit', (status) => {
      const wallMs = performance.now() - start;
      clearInterval(sample);
      resolve({ wallMs, peakKb, status, output });
    });
  });
}

interface CliResult {
  targetLines: number;
  mainLines: number;
  lines: number;
  bytes: number;
  runs: number;
  cliMs: number;
  cliKb: number;
  cliCpuMs?: number;
  natsMs?: number;
  natsKb?: number;
  natsCpuMs?: number;
}

async function measureCli(input: Input, runs: number, cliScript: string, scratch: string, natsAvailable: boolean): Promise<CliResult> {
  const folder = nodePath.dirname(input.path);
  const file = nodePath.basename(input.path);
  const cli = () => measureProcess(process.execPath, [cliScript, '--server-version', SERVER_VERSION, file], folder, scratch);
  const nats = () => measureProcess('nats-server', ['-t', '-c', file], folder, scratch);
  const check = (name: string, run: ProcessRun) => {
    if (run.status !== 0) throw new Error(`${name} exited with ${run.status} on ${input.path}:\n${run.output.slice(0, 2000)}`);
  };
  // One untimed run each: the page cache holds the files for both.
  check('nats-conf-lint', await cli());
  if (natsAvailable) check('nats-server -t', await nats());
  const cliRuns: ProcessRun[] = [];
  const natsRuns: ProcessRun[] = [];
  for (let run = 0; run < runs; run++) {
    // Alternate who goes first, so neither always runs on a cooler machine.
    const order = run % 2 === 0 ? ['cli', 'nats'] : ['nats', 'cli'];
    for (const who of order) {
      if (who === 'cli') cliRuns.push(await cli());
      else if (natsAvailable) natsRuns.push(await nats());
    }
  }
  for (const run of cliRuns) check('nats-conf-lint', run);
  for (const run of natsRuns) check('nats-server -t', run);
  return {
    targetLines: input.targetLines,
    mainLines: input.mainLines,
    lines: input.lines,
    bytes: input.bytes,
    runs,
    cliMs: median(cliRuns.map((r) => r.wallMs)),
    cliKb: median(cliRuns.map((r) => r.peakKb)),
    natsMs: natsAvailable ? median(natsRuns.map((r) => r.wallMs)) : undefined,
    natsKb: natsAvailable ? median(natsRuns.map((r) => r.peakKb)) : undefined,
    cliCpuMs: cpuMedian(cliRuns),
    natsCpuMs: natsAvailable ? cpuMedian(natsRuns) : undefined,
  };
}

function cpuMedian(runs: ProcessRun[]): number | undefined {
  const times = runs.map((run) => run.cpuMs).filter((time): time is number => time !== undefined);
  return times.length > 0 ? median(times) : undefined;
}

// ---------------------------------------------------------------- (c) language server

interface Percentiles {
  count: number;
  p50: number;
  p95: number;
}
interface LspResult {
  lines: number;
  openMs: number;
  /** `didChange` → `publishDiagnostics` per kind of edit (see measureLsp). */
  edits: { kind: string; diagnostics: Percentiles }[];
  hover: Percentiles;
  completion: Percentiles;
  hoverEmpty: number;
  completionEmpty: number;
}

const summarize = (values: number[]): Percentiles => ({ count: values.length, p50: percentile(values, 50), p95: percentile(values, 95) });

interface Spot {
  line: number;
  character: number;
  kind: 'key' | 'value' | 'tls' | 'cipher';
}

/**
 * Request positions spread over the whole file: keys and values everywhere (users, permissions,
 * subjects, imports), and every key, value and cipher name of the tls blocks near the top.
 */
function requestSpots(text: string, count: number): Spot[] {
  const all: Spot[] = [];
  const rows = text.split('\n');
  let tlsDepth = 0;
  rows.forEach((row, line) => {
    const inTls = tlsDepth > 0 || /\btls\s*[:{]/.test(row);
    if (/\btls\s*\{\s*$/.test(row)) tlsDepth = 1;
    else if (tlsDepth > 0) tlsDepth += (row.match(/\{/g)?.length ?? 0) - (row.match(/\}/g)?.length ?? 0);
    if (row.trimStart().startsWith('#')) return;
    // A key, and its value when that is a scalar (a string, number, size, variable, boolean).
    for (const match of row.matchAll(/([A-Za-z_][A-Za-z0-9_]*)\s*:\s*("[^"]*"|[^\s,{}[\]]+)?/g)) {
      const keyAt = match.index!;
      all.push({ line, character: keyAt + 1, kind: inTls ? 'tls' : 'key' });
      const value = match[2];
      if (value) all.push({ line, character: keyAt + match[0].length - value.length + (value.startsWith('"') ? 1 : 0), kind: inTls ? 'tls' : 'value' });
    }
    for (const match of row.matchAll(/"(TLS_[A-Z0-9_]+)"/g)) all.push({ line, character: match.index! + 3, kind: 'cipher' });
  });
  const picked: Spot[] = [];
  const share: Record<Spot['kind'], number> = { key: 0.4, value: 0.3, tls: 0.2, cipher: 0.1 };
  for (const kind of Object.keys(share) as Spot['kind'][]) {
    const pool = all.filter((spot) => spot.kind === kind);
    const want = Math.round(count * share[kind]);
    // Cycle through the pool with a stride, so small pools (ciphers) repeat and big ones spread.
    for (let i = 0; i < want && pool.length > 0; i++) picked.push(pool[Math.floor((i * pool.length) / want) % pool.length]);
  }
  return picked;
}

/** Edits that keep the file valid: one character of a password hash, a port digit, a size. */
/** After the `1` of `max: 1` (a user's response permissions), `count` of them spread over the file. */
/**
 * `count` places spread over the text: on each line where `find` finds one, the character it
 * says (`what` names them for the error when there is none).
 */
function spotsWhere(text: string, count: number, what: string, find: (row: string) => number): Position[] {
  const candidates: Position[] = [];
  text.split('\n').forEach((row, line) => {
    const character = find(row);
    if (character >= 0) candidates.push({ line, character });
  });
  if (candidates.length === 0) throw new Error(`the generated config has no ${what} to edit`);
  return Array.from({ length: count }, (_, i) => candidates[Math.floor((i * candidates.length) / count)]);
}

/** Just after `needle` on the lines that have it, `offset` characters into it. */
function spotsIn(text: string, count: number, needle: string, offset: number): Position[] {
  return spotsWhere(text, count, `\`${needle}\``, (row) => {
    const at = row.indexOf(needle);
    return at < 0 ? -1 : at + offset;
  });
}

async function measureLsp(input: Input, serverScript: string, edits: number, requests: number): Promise<LspResult> {
  const client = startLspClient({
    serverScript,
    // The flags VS Code starts the server with, so the latencies are those users see.
    execArgv: serverExecArgv,
    cwd: nodePath.dirname(input.path),
    stderr: 'collect',
    settings: { serverVersion: SERVER_VERSION, validation: { delay: 0 } },
  });
  const { connection } = client;
  const uri = pathToFileURL(input.path).href;
  const diagnosticsFor = async (version: number) => (await client.diagnosticsFor(uri, version, 60_000)).at;

  try {
    await client.initialize({
      rootUri: pathToFileURL(nodePath.dirname(input.path)).href,
      capabilities: {
        workspace: { configuration: true },
        textDocument: {
          publishDiagnostics: { versionSupport: true },
          hover: { contentFormat: ['markdown', 'plaintext'] },
          completion: { completionItem: { snippetSupport: true } },
        },
      },
    });
    let version = 1;
    const opened = diagnosticsFor(version);
    const openStart = performance.now();
    await connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'nats-conf', version, text: input.mainText } });
    const openMs = (await opened) - openStart;
    const lastErrors = client.lastPublished?.diagnostics.filter((d) => d.severity === 1).length ?? 0;
    if (lastErrors > 0) throw new Error(`the language server reports ${lastErrors} errors on ${input.path}`);

    /** Sends one change and waits for its diagnostics: the time between the two. */
    const timeEdit = async (range: { start: Position; end: Position }, text: string): Promise<number> => {
      version++;
      const published = diagnosticsFor(version);
      const start = performance.now();
      await connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [{ range, text }] });
      return (await published) - start;
    };
    const count = edits + WARM_UP_EDITS;
    // A character of a password hash, an nkey, a number in the permissions, an account's last line.
    const spotsForEdits = spotsIn(input.mainText, count, '$2a$11$', 10);
    const nkeySpots = spotsIn(input.mainText, count, 'nkey: U', 12);
    const numberSpots = spotsIn(input.mainText, count, 'max: 1,', 'max: 1'.length);
    const accountSpots = spotsWhere(input.mainText, count, 'account with `jetstream: enabled`', (row) => (row.endsWith('jetstream: enabled') ? row.length : -1));
    // The end of a list's first line: the top-level tls block's cipher suites, and each account's users.
    const cipherListSpots = spotsWhere(input.mainText, count, 'a `cipher_suites: [` line', (row) => (row.trimStart() === 'cipher_suites: [' ? row.length : -1));
    const userListSpots = spotsWhere(input.mainText, count, 'a `users: [` line', (row) => (row.trimStart() === 'users: [' ? row.length : -1));
    // The top level's own settings, which every block may read: a digit of max_connections, and the end of its line.
    const topDigitSpots = spotsIn(input.mainText, count, 'max_connections: ', 'max_connections: 6'.length);
    const topLineSpots = spotsWhere(input.mainText, count, 'top-level `max_connections`', (row) => (row.startsWith('max_connections: ') ? row.length : -1));
    const mainLines = input.mainText.split('\n');
    // Typing inside a quoted value (a character of a password hash): the server patches its last tree.
    const valueEdit = (index: number) => {
      const spot = spotsForEdits[index];
      return timeEdit({ start: spot, end: { line: spot.line, character: spot.character + 1 } }, index % 2 === 0 ? 'x' : 'y');
    };
    /** Types `text` at the spot of an even edit, and deletes it again with the next one. */
    const typeThenDelete = (spotOf: (index: number) => Position, text: string) => (index: number) => {
      const start = spotOf(index - (index % 2));
      const typedLines = text.split('\n');
      const end = typedLines.length === 1
        ? { line: start.line, character: start.character + text.length }
        : { line: start.line + typedLines.length - 1, character: typedLines[typedLines.length - 1].length };
      return index % 2 === 0 ? timeEdit({ start, end: start }, text) : timeEdit({ start, end }, '');
    };
    // A new entry in an account, then gone again: lines added and removed.
    const addEntry = typeThenDelete((index) => accountSpots[index], '\n    bogus_entry: 1');
    // The same line typed as a person types it, one character per change, then deleted one by one:
    // until its value is typed, the text has a syntax error.
    const typedLine = '\n    max_connections: 10';
    const endOfTyped = (spot: Position, typed: string): Position => {
      const typedLines = typed.split('\n');
      return typedLines.length === 1
        ? { line: spot.line, character: spot.character + typed.length }
        : { line: spot.line + typedLines.length - 1, character: typedLines[typedLines.length - 1].length };
    };
    let typedSoFar = 0;
    const typeByCharacter = (index: number) => {
      const perLine = 2 * typedLine.length;
      const spot = accountSpots[Math.floor(index / perLine) * perLine];
      const step = index % perLine;
      if (step < typedLine.length) {
        const at = endOfTyped(spot, typedLine.slice(0, step));
        typedSoFar = step + 1;
        return timeEdit({ start: at, end: at }, typedLine[step]);
      }
      typedSoFar = perLine - step - 1;
      return timeEdit({ start: endOfTyped(spot, typedLine.slice(0, typedSoFar)), end: endOfTyped(spot, typedLine.slice(0, typedSoFar + 1)) }, '');
    };
    /** Deletes what typeByCharacter left typed, untimed, so the series after it see the text as it was. */
    const untype = async (index: number) => {
      const perLine = 2 * typedLine.length;
      const spot = accountSpots[Math.floor((index - 1) / perLine) * perLine];
      if (typedSoFar > 0) await timeEdit({ start: spot, end: endOfTyped(spot, typedLine.slice(0, typedSoFar)) }, '');
      typedSoFar = 0;
    };
    const kinds: { kind: string; edit: (index: number) => Promise<number>; pauseMs?: number; cleanUp?: (edits: number) => Promise<void> }[] = [
      { kind: 'typing inside a quoted value', edit: valueEdit },
      // Blanks between tokens, unquoted words, digits of a number and keys are patched as well.
      { kind: 'indenting a line', edit: typeThenDelete((index) => ({ line: spotsForEdits[index].line, character: 0 }), ' ') },
      { kind: 'typing into an unquoted value', edit: typeThenDelete((index) => nkeySpots[index], 'X') },
      { kind: 'typing a digit into a number', edit: typeThenDelete((index) => numberSpots[index], '2') },
      // An unknown key, then the known one again. The key is the `password` that holds the edit
      // spot's hash, on one-line and multi-line users alike.
      {
        kind: 'typing into a key',
        edit: typeThenDelete((index) => {
          const { line, character } = spotsForEdits[index];
          return { line, character: mainLines[line].lastIndexOf('password', character) + 2 };
        }, 'x'),
      },
      // The same at the top level.
      { kind: 'typing a digit into a top-level value', edit: typeThenDelete((index) => topDigitSpots[index], '2') },
      { kind: 'a top-level line added and removed', edit: typeThenDelete((index) => topLineSpots[index], '\nbogus_top: 1') },
      // A cipher suite on a line of its own in a list, then gone; and a user (a map) in a users list.
      { kind: 'a cipher suite added to a list and removed', edit: typeThenDelete((index) => cipherListSpots[index], '\n    "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"') },
      { kind: 'a user added to a list and removed', edit: typeThenDelete((index) => userListSpots[index], '\n      { user: "bench-new", password: "bench-new-password" }') },
      // An unknown key on a line of its own, then gone.
      { kind: 'any other edit: a line added to a map and removed', edit: addEntry },
      // The same edits with a person's pauses between them, in which the server collects garbage.
      { kind: `any other edit: a line added to a map and removed, ${TYPING_PAUSE_MS} ms between changes`, edit: addEntry, pauseMs: TYPING_PAUSE_MS },
      { kind: 'a line typed into an account character by character, and deleted (syntax errors until its value)', edit: typeByCharacter, cleanUp: untype },
    ];
    const editSeries: LspResult['edits'] = [];
    for (const { kind, edit, pauseMs, cleanUp } of kinds) {
      const times: number[] = [];
      for (let index = 0; index < spotsForEdits.length; index++) {
        if (pauseMs !== undefined) await new Promise((resolve) => setTimeout(resolve, pauseMs));
        const ms = await edit(index);
        // The first edits of a kind run code the JIT has not compiled yet: untimed, like the first hover.
        if (index >= WARM_UP_EDITS) times.push(ms);
      }
      await cleanUp?.(spotsForEdits.length);
      editSeries.push({ kind, diagnostics: summarize(times) });
    }

    const spots = requestSpots(input.mainText, requests);
    const hoverTimes: number[] = [];
    const completionTimes: number[] = [];
    let hoverEmpty = 0;
    let completionEmpty = 0;
    // Untimed first requests: the server's first hover and completion load their tables.
    await connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: spots[0] });
    await connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: spots[0] });
    for (const spot of spots) {
      const position = { line: spot.line, character: spot.character };
      let start = performance.now();
      const hover = await connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position });
      hoverTimes.push(performance.now() - start);
      if (!hover) hoverEmpty++;
      start = performance.now();
      const completion = await connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position });
      completionTimes.push(performance.now() - start);
      const items = Array.isArray(completion) ? completion : completion?.items ?? [];
      if (items.length === 0) completionEmpty++;
    }
    await client.shutdown();
    return {
      lines: countLines(input.mainText),
      openMs,
      edits: editSeries,
      hover: summarize(hoverTimes),
      completion: summarize(completionTimes),
      hoverEmpty,
      completionEmpty,
    };
  } finally {
    client.close();
  }
}

function countLines(text: string): number {
  return text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
}

// ---------------------------------------------------------------- (d) .vsix

function measureVsix(scratch: string): number | string {
  const out = nodePath.join(scratch, 'bench.vsix');
  const vsce = nodePath.join(repoRoot, 'node_modules', '.bin', 'vsce');
  const result = spawnSync(vsce, ['package', '--no-dependencies', '--allow-missing-repository', '--no-rewrite-relative-links', '-o', out], {
    cwd: repoRoot,
    encoding: 'utf8',
    maxBuffer: 64 * 2 ** 20,
  });
  if (result.status !== 0 || !existsSync(out)) return `vsce package failed (${result.status}): ${(result.stderr || result.stdout || String(result.error)).slice(0, 500)}`;
  return statSync(out).size;
}

// ---------------------------------------------------------------- report

interface Results {
  machine: Machine;
  analysis: AnalysisResult[];
  cli: CliResult[];
  cliSkipped?: string;
  lsp?: LspResult;
  vsixBytes?: number;
  vsixSkipped?: string;
  growth: { mainLines: number; lines: number; bytes: number; analysisMs: number; analysisCpuMs: number; msPerMb: number; cpuMsPerMb: number }[];
  growthRatio?: number;
  parser?: ParserScalingRow[];
  verdicts: Verdict[];
}

function markdown(results: Results): string {
  const m = results.machine;
  const out: string[] = [];
  out.push(
    `Measured ${m.date} on ${m.cpu} (${m.cores} cores, ${m.ramGb} GB RAM), ${m.os}, Node ${m.node}, nats-server ${m.natsServer ?? 'not installed'}; ` +
      `load average ${m.loadAtStart.toFixed(1)} at the start, ${m.loadAtEnd?.toFixed(1) ?? '?'} at the end. ` +
      `Medians; configs from bench/generateConfig.ts (a main file of the given lines plus one included file; sizes count both). Peak memory: ${m.rssSource}.`,
    '',
  );
  if (results.analysis.length > 0) {
    out.push(
      'In-process (`createLanguageService(createNodeEnvironment()).analyze`, nats-server 2.9 rules): wall time with its throughput, and CPU time. Parse reads the main file; the full analysis reads both files, checks every key and value, and reads and verifies the certificates.',
      '',
      '| config | size | parse | parse CPU | full analysis | analysis CPU |',
      '|---|---|---|---|---|---|',
    );
    for (const a of results.analysis) {
      out.push(
        `| ${lines(a.mainLines)} lines | ${size(a.bytes)} | ${ms(a.parseMs)} (${mbps(a.mainBytes, a.parseMs)}) | ${ms(a.parseCpuMs)} | ` +
          `${ms(a.analysisMs)} (${mbps(a.bytes, a.analysisMs)}) | ${ms(a.analysisCpuMs)} |`,
      );
    }
    out.push('');
  }
  if (results.cli.length > 0) {
    out.push(
      '`nats-conf-lint FILE` against `nats-server -t -c FILE`, whole processes on the same files, interleaved in the same run:',
      '',
      '| config | CLI wall | `nats-server -t` wall | CLI / nats-server | CLI CPU | nats-server CPU | CLI peak RSS | nats-server peak RSS | runs |',
      '|---|---|---|---|---|---|---|---|---|',
    );
    for (const c of results.cli) {
      const nats = c.natsMs !== undefined;
      const cpuCell = (value: number | undefined) => (value === undefined ? '–' : cpu(value));
      out.push(
        `| ${lines(c.mainLines)} lines | ${ms(c.cliMs)} | ${nats ? ms(c.natsMs!) : '–'} | ${nats ? `${(c.cliMs / c.natsMs!).toFixed(2)}×` : '–'} | ` +
          `${cpuCell(c.cliCpuMs)} | ${cpuCell(c.natsCpuMs)} | ${mib(c.cliKb)} | ${nats ? mib(c.natsKb!) : '–'} | ${c.runs} |`,
      );
    }
    if (results.cliSkipped) out.push('', results.cliSkipped);
    out.push('');
  }
  if (results.lsp) {
    const l = results.lsp;
    out.push(`Language server over stdio, ${lines(l.lines)}-line file (validation delay 0):`, '');
    out.push('| measure | p50 | p95 | samples |', '|---|---|---|---|');
    for (const { kind, diagnostics } of l.edits) {
      out.push(`| \`didChange\` → \`publishDiagnostics\`, ${kind} | ${ms(diagnostics.p50)} | ${ms(diagnostics.p95)} | ${diagnostics.count} edits |`);
    }
    out.push(`| hover | ${ms(l.hover.p50)} | ${ms(l.hover.p95)} | ${l.hover.count} positions |`);
    out.push(`| completion | ${ms(l.completion.p50)} | ${ms(l.completion.p95)} | ${l.completion.count} positions |`);
    out.push('');
  }
  if (results.growth.length > 0) {
    out.push(
      `Growth: full analysis ${results.growth.map((g) => `${g.cpuMsPerMb.toFixed(0)} CPU ms/MB at ${lines(g.mainLines)} lines`).join(', ')}` +
        (results.growthRatio !== undefined ? ` (worst ${results.growthRatio.toFixed(2)}× the cost per MB at ${lines(results.growth[0].mainLines)} lines).` : '.'),
      '',
    );
  }
  if (results.parser) {
    const shapes = [...new Set(results.parser.map((row) => row.shape))];
    const perShape = shapes.map((shape) => {
      const rows = results.parser!.filter((row) => row.shape === shape);
      return `${shape.replace(/ \(.*\)$/, '')} ${rows.map((row) => row.msPerMb.toFixed(0)).join(' / ')}`;
    });
    out.push(`Parser shapes (bench/parserScaling.ts at a quarter size), CPU ms/MB at 1× / 2× / 4× / 8×: ${perShape.join('; ')}.`, '');
  }
  if (results.vsixBytes !== undefined) out.push(`.vsix: ${(results.vsixBytes / 1024).toFixed(0)} KiB (${results.vsixBytes.toLocaleString('en-US')} bytes).`, '');
  if (results.verdicts.length > 0) out.push('| target | result |', '|---|---|');
  for (const v of results.verdicts) out.push(`| ${v.target} | ${v.pass === undefined ? 'skipped' : v.pass ? '**PASS**' : '**MISS**'}: ${v.detail} |`);
  return out.join('\n');
}

const README_START = '<!-- bench:start -->';
const README_END = '<!-- bench:end -->';

function updateReadme(table: string): void {
  const readmePath = nodePath.join(repoRoot, 'README.md');
  const readme = readFileSync(readmePath, 'utf8');
  const start = readme.indexOf(README_START);
  const end = readme.indexOf(README_END);
  if (start < 0 || end < start) {
    console.log(`README.md has no ${README_START} … ${README_END} markers: not updated.`);
    return;
  }
  writeFileSync(readmePath, readme.slice(0, start + README_START.length) + '\n' + table + '\n' + readme.slice(end));
  console.log('README.md benchmark table updated.');
}

// ---------------------------------------------------------------- main

async function main(): Promise<void> {
  const benchStart = performance.now();
  const machine = describeMachine();
  console.log(`Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.ramGb} GB RAM, ${machine.os}`);
  console.log(`Node ${machine.node}; nats-server ${machine.natsServer ?? 'not found'}; peak memory from ${machine.rssSource}`);
  console.log(`Mode: ${quick ? 'quick' : 'full'}; sections: ${[...sections].join(', ')}; load average ${machine.loadAtStart.toFixed(1)}`);

  const scratch = mkdtempSync(nodePath.join(os.tmpdir(), 'nats-conf-bench-'));
  const results: Results = { machine, analysis: [], cli: [], growth: [], verdicts };
  try {
    const bundles = nodePath.join(scratch, 'bundles');
    mkdirSync(bundles);
    for (const name of ['cli.js', 'server.js']) {
      const source = nodePath.join(repoRoot, 'server', 'out', name);
      if (!existsSync(source)) throw new Error(`${source} is missing: run \`node scripts/build.mjs\` first (npm run bench does).`);
      copyFileSync(source, nodePath.join(bundles, name));
    }
    const cliScript = nodePath.join(bundles, 'cli.js');
    const serverScript = nodePath.join(bundles, 'server.js');

    // Real certificates, so the certificate checks read and verify files as they would in use.
    const configs = nodePath.join(scratch, 'configs');
    const generated = await generateCertificates({ folder: nodePath.join(configs, 'certs'), files: { clientCert: null, clientKey: null } });
    const certificates = { ca: generated.files.ca, serverCert: generated.files.serverCert, serverKey: generated.files.serverKey };
    const inputs = await makeInputs(configs, certificates, [...new Set([...SIZES, ...(sections.has('growth') ? GROWTH_SIZES : [])])]);
    for (const input of inputs.values()) {
      console.log(`  generated ${nodePath.basename(input.path)}: ${lines(input.mainLines)} lines + ${lines(input.lines - input.mainLines)} included, ${size(input.bytes)}, ${input.accounts} accounts, ${lines(input.users)} users`);
    }

    if (sections.has('analysis')) {
      heading(`In-process parse and full analysis (median of ${RUNS.analysis}, wall ms; parse reads the main file, analysis both)`);
      for (const lineCount of SIZES) {
        const result = await measureAnalysis(inputs.get(lineCount)!, lineCount >= 100_000 ? RUNS.analysisLarge : RUNS.analysis);
        results.analysis.push(result);
        console.log(
          `  ${lines(result.mainLines).padStart(8)} lines ${size(result.bytes).padStart(9)}  parse ${ms(result.parseMs).padStart(9)} (${mbps(result.mainBytes, result.parseMs)}, CPU ${ms(result.parseCpuMs)})` +
            `  analysis ${ms(result.analysisMs).padStart(9)} (${mbps(result.bytes, result.analysisMs)}, CPU ${ms(result.analysisCpuMs)})  ${result.errors} errors, ${result.warnings} warnings`,
        );
      }
      const withErrors = results.analysis.filter((r) => r.errors > 0);
      verdict('generated configs have no errors', withErrors.length === 0, withErrors.length === 0 ? 'none reported' : `${withErrors.map((r) => `${r.mainLines} lines: ${r.errors}`).join(', ')}`);
    }

    if (sections.has('cli')) {
      const natsAvailable = machine.natsServer !== undefined;
      heading('CLI whole process vs nats-server -t (same files, interleaved; median wall ms and peak RSS)');
      if (!natsAvailable) {
        results.cliSkipped = 'nats-server comparison skipped: nats-server not found (apt-get install -y nats-server).';
        console.log(`  ${results.cliSkipped}`);
      }
      for (const lineCount of SIZES) {
        const runs = lineCount >= 100_000 ? RUNS.cliLarge : RUNS.cliSmall;
        const result = await measureCli(inputs.get(lineCount)!, runs, cliScript, scratch, natsAvailable);
        results.cli.push(result);
        const comparison =
          result.natsMs !== undefined
            ? `  nats-server ${ms(result.natsMs).padStart(9)} ${mib(result.natsKb!).padStart(7)}  ratio ${(result.cliMs / result.natsMs).toFixed(2)}× time, ${(result.cliKb / result.natsKb!).toFixed(2)}× memory`
            : '';
        console.log(`  ${lines(result.mainLines).padStart(8)} lines (${runs} runs)  CLI ${ms(result.cliMs).padStart(9)} ${mib(result.cliKb).padStart(7)}${comparison}`);
        if (result.cliCpuMs !== undefined) {
          console.log(`  ${''.padStart(8)}       CPU (user+sys): CLI ${cpu(result.cliCpuMs)}${result.natsCpuMs !== undefined ? `, nats-server ${cpu(result.natsCpuMs)}` : ''}`);
        }
      }
      const large = results.cli.find((r) => r.targetLines === 100_000);
      if (large?.natsMs !== undefined) {
        const ratio = large.cliMs / large.natsMs;
        verdict(
          `CLI wall time on ${lines(large.mainLines)} lines ≤ ${TARGETS.cliWallRatio}× nats-server -t`,
          ratio <= TARGETS.cliWallRatio,
          `${ms(large.cliMs)} vs ${ms(large.natsMs)} (${ratio.toFixed(2)}×)`,
        );
        const memory = large.cliKb / large.natsKb!;
        verdict(
          `CLI peak memory on ${lines(large.mainLines)} lines ≤ nats-server -t`,
          memory <= TARGETS.cliRssRatio,
          `${mib(large.cliKb)} vs ${mib(large.natsKb!)} (${memory.toFixed(2)}×)`,
        );
      } else {
        verdict('CLI vs nats-server on 100,000 lines', undefined, 'skipped: nats-server not found (apt-get install -y nats-server)');
      }
    }

    if (sections.has('lsp')) {
      heading(`Language server over stdio, 5,000-line file (${RUNS.edits} edits of each kind after ${WARM_UP_EDITS} untimed ones, ${RUNS.requests} hover and completion positions)`);
      const result = await measureLsp(inputs.get(5_000)!, serverScript, RUNS.edits, RUNS.requests);
      results.lsp = result;
      console.log(`  didOpen → first publishDiagnostics: ${ms(result.openMs)}`);
      for (const { kind, diagnostics } of result.edits) {
        console.log(`  didChange → publishDiagnostics, ${kind}: p50 ${ms(diagnostics.p50)}, p95 ${ms(diagnostics.p95)} (${diagnostics.count} edits)`);
      }
      console.log(`  hover:      p50 ${ms(result.hover.p50)}, p95 ${ms(result.hover.p95)} (${result.hover.count} requests, ${result.hoverEmpty} empty)`);
      console.log(`  completion: p50 ${ms(result.completion.p50)}, p95 ${ms(result.completion.p95)} (${result.completion.count} requests, ${result.completionEmpty} empty)`);
      for (const { kind, diagnostics } of result.edits) {
        verdict(
          `diagnostics within ${TARGETS.diagnosticsMs} ms of ${kind} (p95, 5,000 lines)`,
          diagnostics.p95 <= TARGETS.diagnosticsMs,
          `p50 ${ms(diagnostics.p50)}, p95 ${ms(diagnostics.p95)}`,
        );
      }
      verdict(`hover p95 ≤ ${TARGETS.requestP95Ms} ms (5,000 lines)`, result.hover.p95 <= TARGETS.requestP95Ms, `p95 ${ms(result.hover.p95)}`);
      verdict(`completion p95 ≤ ${TARGETS.requestP95Ms} ms (5,000 lines)`, result.completion.p95 <= TARGETS.requestP95Ms, `p95 ${ms(result.completion.p95)}`);
    }

    if (sections.has('growth')) {
      heading(`Growth of full analysis with size (median of ${RUNS.analysisLarge} runs at 100,000 lines, more for smaller sizes; ms/MB should stay flat)`);
      for (const lineCount of GROWTH_SIZES) {
        const input = inputs.get(lineCount)!;
        const known = results.analysis.find((r) => r.targetLines === lineCount);
        const result = known ?? (await measureAnalysis(input, growthRuns(lineCount)));
        const megabytes = result.bytes / 1e6;
        const growth = {
          mainLines: result.mainLines,
          lines: result.lines,
          bytes: result.bytes,
          analysisMs: result.analysisMs,
          analysisCpuMs: result.analysisCpuMs,
          msPerMb: result.analysisMs / megabytes,
          cpuMsPerMb: result.analysisCpuMs / megabytes,
        };
        results.growth.push(growth);
        console.log(
          `  ${lines(result.mainLines).padStart(8)} lines ${size(result.bytes).padStart(9)}  wall ${ms(result.analysisMs).padStart(9)} ${growth.msPerMb.toFixed(0).padStart(5)} ms/MB` +
            `  CPU ${ms(result.analysisCpuMs).padStart(9)} ${growth.cpuMsPerMb.toFixed(0).padStart(5)} ms/MB`,
        );
      }
      // CPU time: wall time on a shared machine swings with other work. Linear means the cost of
      // a megabyte does not rise with size; a falling cost (fixed overheads spread out) is fine.
      const first = results.growth[0].cpuMsPerMb;
      results.growthRatio = Math.max(...results.growth.map((g) => g.cpuMsPerMb / first));
      verdict(
        `linear growth (CPU ms/MB at 2×, 4×, 8× ≤ ${TARGETS.growthRatio}× that at 1×)`,
        results.growthRatio <= TARGETS.growthRatio,
        `${results.growth.map((g) => g.cpuMsPerMb.toFixed(0)).join(' / ')} ms/MB (worst ${results.growthRatio.toFixed(2)}× of 1×)`,
      );
    }

    if (sections.has('vsix')) {
      heading('.vsix size (vsce package, production bundles)');
      const vsix = measureVsix(scratch);
      if (typeof vsix === 'number') {
        results.vsixBytes = vsix;
        console.log(`  ${vsix.toLocaleString('en-US')} bytes (${(vsix / 1024).toFixed(0)} KiB)`);
      } else {
        results.vsixSkipped = vsix;
        console.log(`  ${vsix}`);
      }
    }

    if (sections.has('parser')) {
      heading('Parser scaling shapes (bench/parserScaling.ts, sizes ÷4, median of 3)');
      results.parser = runParserScaling({ divisor: 4, runs: 3 });
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }

  machine.loadAtEnd = os.loadavg()[0];
  const table = markdown(results);
  const outFolder = nodePath.join(repoRoot, 'out', 'bench');
  mkdirSync(outFolder, { recursive: true });
  writeFileSync(nodePath.join(outFolder, 'results.json'), JSON.stringify(results, null, 2) + '\n');
  writeFileSync(nodePath.join(outFolder, 'results.md'), table + '\n');
  heading('Markdown for the README (also out/bench/results.md; --write-readme replaces the README table)');
  console.log(table);
  if (writeReadme) updateReadme(table);
  console.log(`\nBenchmark took ${((performance.now() - benchStart) / 1000).toFixed(0)} s.`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exitCode = 1;
});
