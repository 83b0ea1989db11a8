/**
 * Memory of the language server while a 100,000-line config is edited: `npm run bench:memory`.
 *
 * Starts the real server (server/out/server.js) over stdio, opens a generated config of about
 * 100,000 lines (bench/generateConfig.ts: accounts with users and permissions, tls blocks naming
 * real certificates, one included file) and sends 1,000 incremental didChange edits: characters
 * typed and deleted in different places, comment lines added and removed. Edits go out in bursts;
 * after every PAUSE_EVERY edits the bench waits for the diagnostics of the current version, so
 * full validations really run (validation.delay 0 via the configuration answer). The server
 * process's VmRSS is sampled from /proc every SAMPLE_MS, and at every pause.
 *
 * The server runs with the Node flags the VS Code client starts it with (serverExecArgv in
 * server/src/serverProcess.ts: a V8 heap cap), printed at the start.
 *
 * RSS follows the garbage collector's sawtooth: between collections it holds stale 12 MB strings
 * and analyses, so a single reading says more about when V8 last collected than about what is
 * retained. The growth bound therefore reads floors: for each window between two checkpoints,
 * the lowest RSS seen in it (the SAMPLE_MS samples and the checkpoint's own reading), i.e. what
 * stays after a collection. Bounds (exit 1 when exceeded):
 * - peak RSS (VmHWM of the server process) ≤ PEAK_LIMIT_MB;
 * - RSS at the last checkpoint (after the last validation) ≤ END_FACTOR × the highest RSS at a
 *   checkpoint of the first half (edits ≤ EDITS / 2, the first analysis included);
 * - growth ≤ GROWTH_LIMIT_MB per 100 edits: the least-squares slope of the floors of the windows
 *   in the second half (windows that start at EDITS / 2 or later), against the edit count at each
 *   window's end. A leak raises the floors steadily; a warm heap keeps them level. (A run
 *   shortened to fewer than two such windows reports the growth as not measured.)
 * Every sample and checkpoint is written to out/bench/editMemory.json.
 * Options: --edits N, --lines N, --pause-every N (for quick runs; the bounds hold for the default),
 * --server-heap-mb N (another --max-old-space-size for the server instead of the shared one, to
 * compare caps).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as nodePath from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { DidChangeTextDocumentNotification, DidOpenTextDocumentNotification, HoverRequest, type TextDocumentContentChangeEvent } from 'vscode-languageserver-protocol/node';
import { generateCertificates } from '../server/src/certificates/generate';
import { serverExecArgv } from '../server/src/serverProcess';
import { generateConfig, writeGeneratedConfig } from './generateConfig';
import { startLspClient } from './lspClient';

const PEAK_LIMIT_MB = 1536;
const END_FACTOR = 1.2;
const GROWTH_LIMIT_MB = 20;
const SAMPLE_MS = 200;
/** A validation that takes longer than this means the server is stuck, not slow. */
const VALIDATION_DEADLINE_MS = 300_000;

const repoRoot = nodePath.resolve(__dirname, '..', '..');
const serverScript = nodePath.join(repoRoot, 'server', 'out', 'server.js');

function option(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  if (index < 0) return fallback;
  const value = Number(process.argv[index + 1]);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`--${name} needs a positive integer`);
  return value;
}

const EDITS = option('edits', 1_000);
const TARGET_LINES = option('lines', 100_000);
const PAUSE_EVERY = option('pause-every', 100);
const HEAP_MB = process.argv.includes('--server-heap-mb') ? option('server-heap-mb', 0) : undefined;
/** The server's Node flags: the shared ones, or another heap cap given with --server-heap-mb. */
const EXEC_ARGV: readonly string[] =
  HEAP_MB === undefined ? serverExecArgv : [...serverExecArgv.filter((flag) => !flag.startsWith('--max-old-space-size=')), `--max-old-space-size=${HEAP_MB}`];

/** VmRSS and VmHWM of a process in MB, from /proc (Linux only). */
function memoryOf(pid: number): { rss: number; hwm: number } | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { rss: kb('VmRSS') / 1024, hwm: kb('VmHWM') / 1024 };
  } catch {
    return undefined;
  }
}

/** xorshift32: the same edits on every run. */
function random(seed: number): (limit: number) => number {
  let state = seed >>> 0 || 1;
  return (limit) => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) % limit;
  };
}

/** The editor's model of the document: its lines, kept in step with the edits sent. */
class Model {
  /** Lines of comment notes this bench added, most recent last (their current indexes). */
  private notes: number[] = [];
  constructor(readonly lines: string[]) {}

  /** One edit, chosen by `pick`, applied to the model and returned as an LSP change. */
  next(pick: (limit: number) => number, counter: number): TextDocumentContentChangeEvent {
    const kind = pick(100);
    if (kind < 40) {
      // Typing a character somewhere in a line.
      const line = pick(this.lines.length);
      const character = pick(this.lines[line].length + 1);
      const typed = 'abcdefghijklmnopqrstuvwxyz0123456789_'[pick(37)];
      this.lines[line] = this.lines[line].slice(0, character) + typed + this.lines[line].slice(character);
      return { range: { start: { line, character }, end: { line, character } }, text: typed };
    }
    if (kind < 70) {
      // Backspace somewhere in a non-empty line.
      let line = pick(this.lines.length);
      while (this.lines[line].length === 0) line = (line + 1) % this.lines.length;
      const character = pick(this.lines[line].length);
      this.lines[line] = this.lines[line].slice(0, character) + this.lines[line].slice(character + 1);
      return { range: { start: { line, character }, end: { line, character: character + 1 } }, text: '' };
    }
    if (kind < 90 || this.notes.length === 0) {
      // A new comment line.
      const line = pick(this.lines.length);
      const text = `# note ${counter}`;
      this.lines.splice(line, 0, text);
      this.notes = this.notes.map((index) => (index >= line ? index + 1 : index));
      this.notes.push(line);
      return { range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: `${text}\n` };
    }
    // Deleting the newest comment line again.
    const line = this.notes.pop() as number;
    this.lines.splice(line, 1);
    this.notes = this.notes.map((index) => (index > line ? index - 1 : index));
    return { range: { start: { line, character: 0 }, end: { line: line + 1, character: 0 } }, text: '' };
  }
}

interface Checkpoint {
  edits: number;
  /** performance.now() since the start when the checkpoint was read. */
  ms: number;
  rss: number;
  hwm: number;
  /** The lowest RSS since the previous checkpoint or, for the first, the open (samples and this reading). */
  floor: number;
  validationMs: number;
  diagnostics: number;
}

/** Least-squares slope of y over x. */
function slope(points: Array<{ x: number; y: number }>): number {
  const mean = (values: number[]) => values.reduce((sum, v) => sum + v, 0) / values.length;
  const mx = mean(points.map((p) => p.x));
  const my = mean(points.map((p) => p.y));
  return points.reduce((sum, p) => sum + (p.x - mx) * (p.y - my), 0) / Math.max(1e-9, points.reduce((sum, p) => sum + (p.x - mx) ** 2, 0));
}

async function main(): Promise<number> {
  if (process.platform !== 'linux') {
    console.error('bench:memory reads /proc/<pid>/status and runs on Linux only.');
    return 2;
  }
  const scratch = mkdtempSync(nodePath.join(os.tmpdir(), 'nats-conf-edit-memory-'));
  try {
    const generated = await generateCertificates({ folder: nodePath.join(scratch, 'certs'), files: { clientCert: null, clientKey: null } });
    const config = generateConfig({
      targetLines: TARGET_LINES,
      certificates: { ca: generated.files.ca, serverCert: generated.files.serverCert, serverKey: generated.files.serverKey },
      baseName: 'edit-memory',
      storeDir: nodePath.join(scratch, 'jetstream'),
    });
    const mainPath = await writeGeneratedConfig(scratch, config);
    const uri = pathToFileURL(mainPath).href;
    console.log(`Config: ${config.mainLines.toLocaleString('en-US')} lines (+${(config.lines - config.mainLines).toLocaleString('en-US')} included), ${(config.bytes / 1024 / 1024).toFixed(1)} MB, ${config.users.toLocaleString('en-US')} users`);
    console.log(`Edits: ${EDITS}, a validation awaited every ${PAUSE_EVERY}; server ${serverScript}`);
    console.log(`Server flags: ${EXEC_ARGV.join(' ') || '(none)'}${HEAP_MB === undefined ? ' (serverExecArgv, as the VS Code client starts it)' : ' (--server-heap-mb)'}; load average ${os.loadavg().map((load) => load.toFixed(2)).join(', ')}`);

    const client = startLspClient({ serverScript, execArgv: EXEC_ARGV, stderr: 'inherit', settings: { validation: { delay: 0 } }, echoLoggedErrors: true });
    const { connection, pid } = client;
    const diagnosticsFor = async (version: number) => (await client.diagnosticsFor(uri, version, VALIDATION_DEADLINE_MS)).params;

    const samples: Array<{ ms: number; rss: number }> = [];
    const started = performance.now();
    const sampler = setInterval(() => {
      const memory = memoryOf(pid);
      if (memory) samples.push({ ms: performance.now() - started, rss: memory.rss });
    }, SAMPLE_MS);

    await client.initialize({ rootUri: null, capabilities: { workspace: { configuration: true } } });
    const idle = memoryOf(pid)!;

    const text = readFileSync(mainPath, 'utf8');
    const model = new Model(text.split('\n'));
    let version = 1;
    let clock = performance.now();
    const opened = diagnosticsFor(version);
    const openedAt = performance.now() - started;
    await connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'nats-conf', version, text } });
    const first = await opened;
    const checkpoints: Checkpoint[] = [];
    /** Reads the server's memory now, with the lowest RSS sampled since the previous checkpoint (or the open). */
    const checkpoint = (edits: number, validationMs: number, diagnostics: number): Checkpoint => {
      const memory = memoryOf(pid)!;
      const ms = performance.now() - started;
      const since = checkpoints.length > 0 ? checkpoints[checkpoints.length - 1].ms : openedAt;
      const floor = Math.min(memory.rss, ...samples.filter((s) => s.ms > since && s.ms <= ms).map((s) => s.rss));
      const reading = { edits, ms, rss: memory.rss, hwm: memory.hwm, floor, validationMs, diagnostics };
      checkpoints.push(reading);
      return reading;
    };
    const afterFirst = checkpoint(0, performance.now() - clock, first.diagnostics.length);
    console.log(`\n${'edits'.padStart(6)} ${'RSS MB'.padStart(8)} ${'floor MB'.padStart(9)} ${'peak MB'.padStart(8)} ${'validation ms'.padStart(14)} ${'diagnostics'.padStart(12)}`);
    const print = (c: Checkpoint) =>
      console.log(
        `${String(c.edits).padStart(6)} ${c.rss.toFixed(1).padStart(8)} ${c.floor.toFixed(1).padStart(9)} ${c.hwm.toFixed(1).padStart(8)} ${c.validationMs.toFixed(0).padStart(14)} ${String(c.diagnostics).padStart(12)}`,
      );
    print(afterFirst);

    const pick = random(20_250_101);
    for (let sent = 1; sent <= EDITS; sent++) {
      version++;
      void connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [model.next(pick, sent)] });
      if (sent % PAUSE_EVERY === 0 || sent === EDITS) {
        clock = performance.now();
        const published = await diagnosticsFor(version);
        // A hover keeps the request path (and its caches) in the picture.
        await connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 1 + pick(100), character: 3 } });
        print(checkpoint(sent, performance.now() - clock, published.diagnostics.length));
      }
    }
    clearInterval(sampler);
    const final = memoryOf(pid)!;
    await client.shutdown();
    await client.exited;
    client.close();

    // Growth: least-squares slope of the window floors over the second half of the edits. A
    // checkpoint's floor is that of the window ending at it, which starts at the checkpoint before.
    const lateWindows = checkpoints.filter((c, i) => i > 0 && checkpoints[i - 1].edits >= EDITS / 2);
    const growthPer100 = lateWindows.length >= 2 ? slope(lateWindows.map((c) => ({ x: c.edits, y: c.floor }))) * 100 : NaN;
    const endRss = checkpoints[checkpoints.length - 1].rss;
    const firstHalfHigh = Math.max(...checkpoints.filter((c) => c.edits <= EDITS / 2).map((c) => c.rss));
    const sampledPeak = Math.max(...samples.map((s) => s.rss));
    const floors = checkpoints.slice(1).map((c) => c.floor);

    console.log('\nSummary');
    console.log(`  server flags:                  ${EXEC_ARGV.join(' ') || '(none)'}`);
    console.log(`  RSS idle (initialized):        ${idle.rss.toFixed(1)} MB`);
    console.log(`  RSS after the first analysis:  ${afterFirst.rss.toFixed(1)} MB (${afterFirst.validationMs.toFixed(0)} ms to the first diagnostics)`);
    console.log(`  RSS after the last validation: ${endRss.toFixed(1)} MB (${(endRss / afterFirst.rss).toFixed(2)}× the first; highest checkpoint of the first half ${firstHalfHigh.toFixed(1)} MB)`);
    console.log(`  peak RSS (VmHWM):              ${final.hwm.toFixed(1)} MB (highest ${SAMPLE_MS} ms sample ${sampledPeak.toFixed(1)} MB, ${samples.length} samples)`);
    console.log(`  window floors:                 ${floors.map((floor) => floor.toFixed(0)).join(' / ')} MB (lowest RSS of each window between checkpoints)`);
    console.log(
      Number.isNaN(growthPer100)
        ? `  floor growth, second half:     not measured: ${lateWindows.length} window in the second half, two or more needed`
        : `  floor growth, second half:     ${growthPer100.toFixed(1)} MB per 100 edits (least squares over the windows ending at ${lateWindows.map((c) => c.edits).join(', ')} edits)`,
    );
    console.log(`  validations awaited:           ${checkpoints.length} (every ${PAUSE_EVERY} edits, plus the open)`);
    console.log(`  load average at the end:       ${os.loadavg().map((load) => load.toFixed(2)).join(', ')}`);

    // Every sample, for a look at the sawtooth behind the floors.
    const outFolder = nodePath.join(repoRoot, 'out', 'bench');
    mkdirSync(outFolder, { recursive: true });
    writeFileSync(nodePath.join(outFolder, 'editMemory.json'), JSON.stringify({ execArgv: EXEC_ARGV, edits: EDITS, pauseEvery: PAUSE_EVERY, idle, checkpoints, samples }, null, 1) + '\n');

    const failures: string[] = [];
    if (final.hwm > PEAK_LIMIT_MB) failures.push(`peak RSS ${final.hwm.toFixed(1)} MB > ${PEAK_LIMIT_MB} MB`);
    if (endRss > END_FACTOR * firstHalfHigh) failures.push(`end RSS ${endRss.toFixed(1)} MB > ${END_FACTOR} × ${firstHalfHigh.toFixed(1)} MB`);
    // Only runs shortened with --edits or --pause-every can have too few windows to fit a line.
    if (growthPer100 > GROWTH_LIMIT_MB) failures.push(`floor growth ${growthPer100.toFixed(1)} MB per 100 edits > ${GROWTH_LIMIT_MB} MB`);
    console.log(
      `\nBounds: peak ≤ ${PEAK_LIMIT_MB} MB, end ≤ ${END_FACTOR}× the first half's highest checkpoint, ` +
        `growth of the window floors ≤ ${GROWTH_LIMIT_MB} MB per 100 edits over the second half.`,
    );
    if (failures.length > 0) {
      console.log(`EXCEEDED: ${failures.join('; ')}`);
      return 1;
    }
    console.log('Within bounds.');
    return 0;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exit(2);
  },
);
