/**
 * Conformance harness: runs the real `nats-server -t -c FILE` (2.9.10) and our `validate()` on the
 * same file, with the same fixed environment, and compares the two verdicts on the parse phase.
 *
 * Used by `syntax.test.ts` (the assertions) and `report.ts` (a table of disagreements for whoever
 * works on the parser). Nothing here touches the project's sources besides the public facade.
 *
 * The rule (issue: "Conformance test against the real server"):
 * - nats-server reports a parse-phase error on line N  ⇔  we have an error-severity diagnostic with
 *   a parse-phase code (`syntax-*`, `include-*`, `variable-*`) whose range covers line N-1 (0-based;
 *   a range may span lines, e.g. an error detected at a newline that nats-server puts on the next
 *   line).
 * - `error parsing include file 'P', …`: the line nats-server prints (if any) is inside the included
 *   file, so we require our error at the `include` directive in the checked file, and that it names
 *   the included file (and, when nats-server prints one, the line) by message or related location.
 * - parse-phase errors without a line (`integer '…' is out of the range`, bad calendar dates): an
 *   error anywhere, or on the line the fixture manifest names (`ourLine`).
 * - 2.9.10 crashes (stack overflow on a self-referencing env variable): its own class; we must
 *   report a parse-phase error (main reports `variable reference cycle`).
 * - anything else nats-server says (valid, `file:line:col: …` option errors, warnings) means no
 *   parse error: we must have no error-severity parse-phase diagnostic.
 */
import { spawn, spawnSync } from 'node:child_process';
import { accessSync, constants as fsConstants, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Diagnostic } from '../../server/src/analysis/diagnostic';
import { createLanguageService } from '../../server/src/languageService';
import { createNodeEnvironment } from '../../server/src/nodeEnvironment';

// ---------------------------------------------------------------------------------------------
// Locations

/** The repository root: the nearest folder above `start` (else above the cwd) whose package.json is this project's. */
export function findRepoRoot(start: string = __dirname): string {
  const found = climb(start) ?? climb(process.cwd());
  if (!found) throw new Error(`cannot find the vscode-nats-conf repository root above ${start} or ${process.cwd()}`);
  return found;
}

function climb(start: string): string | undefined {
  let dir = path.resolve(start);
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest)) {
      try {
        if ((JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'vscode-nats-conf') return dir;
      } catch {
        // not ours; keep climbing
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

export const REPO_ROOT = findRepoRoot();
export const FIXTURES_DIR = path.join(REPO_ROOT, 'test', 'fixtures', 'syntax');
export const MANIFEST_PATH = path.join(FIXTURES_DIR, 'expected.json');

/** `shared/corpus` beside the repository (CI clones the repo with `shared/` next to it). */
export function corpusRoot(): string {
  return process.env.NATS_CONF_CORPUS ? path.resolve(process.env.NATS_CONF_CORPUS) : path.join(REPO_ROOT, '..', 'shared', 'corpus');
}

export const CORPUS_SETS = ['nats-server', 'nats-server-embedded'] as const;
export type CorpusSet = (typeof CORPUS_SETS)[number];

/** Throws a clear error when the shared corpus is not where CI puts it. */
export function requireCorpus(set: CorpusSet): string {
  const dir = path.join(corpusRoot(), set);
  if (!existsSync(path.join(dir, 'ORIGIN.md'))) {
    throw new Error(
      `The conformance corpus is missing: expected ${dir}/ORIGIN.md.\n` +
        `It lives in shared/corpus beside the repository (${path.join(REPO_ROOT, '..', 'shared', 'corpus')}); ` +
        'clone/copy shared/ next to the repository, or set NATS_CONF_CORPUS to the corpus folder.',
    );
  }
  return dir;
}

// ---------------------------------------------------------------------------------------------
// nats-server

/**
 * The whole environment nats-server runs with, and the one our analysis sees. Fixed so results do
 * not depend on the machine. No PATH, no HOME: nats-server needs neither to check a config.
 */
export const CONFORMANCE_ENV: Readonly<Record<string, string>> = Object.freeze({
  NATS_CONF_TEST_PORT: '4222',
  NATS_CONF_TEST_HOST: '127.0.0.1',
  NATS_CONF_TEST_LIST: '[ "a", "b" ]',
  NATS_CONF_TEST_NESTED: '$NATS_CONF_TEST_PORT',
  NATS_CONF_TEST_EMPTY: '',
  /** `a b` is not a valid value: `variable reference … could not be parsed`. */
  NATS_CONF_TEST_SPACED: 'a b',
  /** Self-reference: 2.9.10 dies with a stack overflow (takes seconds and ~1 GB). */
  NATS_CONF_TEST_SELF: '$NATS_CONF_TEST_SELF',
});

export const EXPECTED_NATS_VERSION = '2.9.10';
export const INSTALL_HINT = 'apt-get install -y nats-server';
/** Per-process limit; the stack-overflow crash alone takes ~8 s. */
export const NATS_TIMEOUT_MS = 60_000;

export interface NatsServer {
  bin: string;
  version: string;
}

let natsCache: NatsServer | Error | undefined;

/** Finds nats-server (NATS_SERVER_BIN or PATH) and checks it is 2.9.10; throws a clear error otherwise. */
export function requireNatsServer(): NatsServer {
  if (natsCache === undefined) {
    try {
      natsCache = locateNatsServer();
    } catch (error) {
      natsCache = error as Error;
    }
  }
  if (natsCache instanceof Error) throw natsCache;
  return natsCache;
}

function locateNatsServer(): NatsServer {
  let bin = process.env.NATS_SERVER_BIN;
  if (!bin) {
    const dirs = (process.env.PATH ?? '').split(path.delimiter).concat(['/usr/sbin', '/usr/local/sbin', '/sbin']);
    bin = dirs.map((dir) => path.join(dir, 'nats-server')).find(isExecutable);
  }
  if (!bin || !isExecutable(bin)) {
    throw new Error(
      `nats-server is not installed (not on PATH, nor in /usr/sbin). The conformance tests need the real server ${EXPECTED_NATS_VERSION}:\n` +
        `    ${INSTALL_HINT}\n` +
        '(or set NATS_SERVER_BIN to its path)',
    );
  }
  const run = spawnSync(bin, ['--version'], { encoding: 'utf8', env: { ...CONFORMANCE_ENV }, timeout: 10_000 });
  const match = /v?(\d+\.\d+\.\d+)/.exec(`${run.stdout ?? ''}${run.stderr ?? ''}`);
  if (!match) throw new Error(`cannot read the version of ${bin}: ${run.error?.message ?? run.stdout + run.stderr}`);
  if (match[1] !== EXPECTED_NATS_VERSION) {
    throw new Error(
      `${bin} is nats-server ${match[1]}, but the conformance tests are pinned to ${EXPECTED_NATS_VERSION} ` +
        `(Debian's package: ${INSTALL_HINT}).`,
    );
  }
  return { bin, version: match[1] };
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, fsConstants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

export interface NatsRun {
  /** The `-c` argument (relative to cwd). */
  configArg: string;
  cwd: string;
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
  timedOut: boolean;
  spawnError?: string;
  durationMs: number;
}

/** Runs `nats-server -t -c FILE` in `cwd` with CONFORMANCE_ENV. Never rejects. */
export function runNats(bin: string, file: string, cwd: string, timeoutMs = NATS_TIMEOUT_MS): Promise<NatsRun> {
  const configArg = path.relative(cwd, file) || file;
  const started = Date.now();
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let timedOut = false;
    let spawnError: string | undefined;
    const child = spawn(bin, ['-t', '-c', configArg], { cwd, env: { ...CONFORMANCE_ENV }, stdio: ['ignore', 'ignore', 'pipe'] });
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.stderr.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.on('error', (error) => {
      spawnError = error.message;
    });
    child.on('close', (exitCode, signal) => {
      clearTimeout(timer);
      resolve({
        configArg, cwd, exitCode, signal, timedOut, spawnError,
        stderr: Buffer.concat(chunks).toString('utf8'),
        durationMs: Date.now() - started,
      });
    });
  });
}

/** Runs `work` over `items` with at most `limit` in flight; results keep the input order. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}

/** How many nats-server processes run at once (NATS_CONF_CONFORMANCE_JOBS, default 2). */
export function parallelism(): number {
  const n = Number(process.env.NATS_CONF_CONFORMANCE_JOBS);
  return Number.isInteger(n) && n > 0 ? n : 2;
}

// ---------------------------------------------------------------------------------------------
// Classifying nats-server's verdict

export interface IncludeLink {
  /** The path exactly as written after `include`. */
  written: string;
}

export type NatsVerdict =
  | {
      kind: 'parse-error';
      /** The message after `nats-server: `. */
      message: string;
      /** `error parsing include file '…'` wrappers, outermost first. */
      includes: IncludeLink[];
      /** The innermost message (inside all include wrappers). */
      inner: string;
      /** 1-based line nats-server printed (in the innermost included file if `includes` is not empty). */
      line?: number;
    }
  | { kind: 'valid'; message: string }
  | { kind: 'option-error'; message: string }
  | { kind: 'crash'; message: string }
  | { kind: 'unexpected'; message: string };

const PREFIX = 'nats-server: ';
const INCLUDE_RE = /^error parsing include file '([^']*)', ([\s\S]*)$/;
const LEXER_RE = /^Parse error on line (\d+): '([\s\S]*)'$/;
const VARIABLE_RE = /^variable reference for '([\s\S]*?)' on line (\d+) (?:can not be found|could not be parsed: [\s\S]*)$/;
/** Parser messages that print no line (§1.15 "Parser messages"). */
const LINELESS_PARSE_RES = [
  /^integer '[\s\S]*' is out of the range$/,
  /^expected integer, but got '[\s\S]*'$/,
  /^float '[\s\S]*' is out of the range$/,
  /^expected float, but got '[\s\S]*'$/,
  /^expected boolean value, but got '[\s\S]*'$/,
  /^expected Zulu formatted DateTime, but got '[\s\S]*'$/,
  /^variable reference cycle for '[\s\S]*'$/,
  /^BUG in (?:lexer|parser)/,
];

/** Classifies one nats-server -t run. */
export function classifyNats(run: NatsRun): NatsVerdict {
  const stderr = run.stderr;
  if (run.spawnError) return { kind: 'unexpected', message: `spawn failed: ${run.spawnError}` };
  if (run.timedOut) return { kind: 'unexpected', message: `timed out after ${run.durationMs} ms; stderr: ${firstLine(stderr)}` };
  if (run.exitCode === 2 && /^fatal error: stack overflow$/m.test(stderr)) {
    return { kind: 'crash', message: 'fatal error: stack overflow' };
  }
  const first = firstLine(stderr);
  if (run.exitCode === 0) {
    return /^nats-server: configuration file .* is valid/.test(first)
      ? { kind: 'valid', message: first.slice(PREFIX.length) }
      : { kind: 'unexpected', message: `exit 0 but: ${first}` };
  }
  if (run.exitCode !== 1 || !first.startsWith(PREFIX)) {
    return { kind: 'unexpected', message: `exit ${run.exitCode ?? run.signal}: ${first}` };
  }
  const message = first.slice(PREFIX.length);
  const includes: IncludeLink[] = [];
  let inner = message;
  for (let m = INCLUDE_RE.exec(inner); m; m = INCLUDE_RE.exec(inner)) {
    includes.push({ written: m[1] });
    inner = m[2];
  }
  const lexer = LEXER_RE.exec(inner);
  if (lexer) return { kind: 'parse-error', message, includes, inner, line: Number(lexer[1]) };
  const variable = VARIABLE_RE.exec(inner);
  if (variable) return { kind: 'parse-error', message, includes, inner, line: Number(variable[2]) };
  // Inside an include wrapper everything is parse phase (open/read failures included).
  if (includes.length > 0 || LINELESS_PARSE_RES.some((re) => re.test(inner))) {
    return { kind: 'parse-error', message, includes, inner };
  }
  return { kind: 'option-error', message };
}

/** The first line of stderr (messages never span lines; a NUL byte is kept). */
export function firstLine(text: string): string {
  const nl = text.indexOf('\n');
  return nl < 0 ? text : text.slice(0, nl);
}

// ---------------------------------------------------------------------------------------------
// Our side

export const PARSE_PHASE_PREFIXES = ['syntax-', 'include-', 'variable-'] as const;

export function isParsePhaseError(d: Diagnostic): boolean {
  return d.severity === 'error' && PARSE_PHASE_PREFIXES.some((prefix) => d.code.startsWith(prefix));
}

export interface OurResult {
  diagnostics: Diagnostic[];
  /** Set when validate() threw or rejected (it must not). */
  crash?: string;
}

let service: ReturnType<typeof createLanguageService> | undefined;

/**
 * Runs our validate() with serverVersion 2.9 and CONFORMANCE_ENV on a file; `cwd` (the folder
 * nats-server runs in) is the path base relative certificate paths resolve against.
 */
export async function runOurs(file: string, cwd?: string): Promise<OurResult> {
  service ??= createLanguageService(createNodeEnvironment({ ...CONFORMANCE_ENV }));
  try {
    const text = readFileSync(file).toString('utf8');
    const diagnostics = await service.validate({ uri: pathToFileURL(file).href, path: file, text }, { serverVersion: '2.9', ...(cwd ? { pathBase: cwd } : {}) });
    return { diagnostics };
  } catch (error) {
    return { diagnostics: [], crash: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
}

// ---------------------------------------------------------------------------------------------
// Comparison

export interface Case {
  /** Short name for messages: path relative to the fixture folder or the corpus root. */
  name: string;
  file: string;
  cwd: string;
  /** 1-based line our error must cover when nats-server prints none (fixture manifest). */
  ourLine?: number;
  /** Run first: known to be slow (the crash). */
  slow?: boolean;
}

export interface Outcome {
  case: Case;
  nats: NatsRun;
  verdict: NatsVerdict;
  ours: OurResult;
  /** Empty when we agree with nats-server. */
  problems: string[];
  /** One-line summary of what we had to show. */
  expectation: string;
}

/** Does d's range cover the 0-based line (a range may span lines)? */
export function covers(d: Pick<Diagnostic, 'range'>, line0: number): boolean {
  return d.range.start.line <= line0 && line0 <= d.range.end.line;
}

/** 0-based lines of `include <written>` directives in text (any case, quoted or not, at any depth). */
export function findIncludeDirectiveLines(text: string, written: string): number[] {
  const esc = written.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  const re = new RegExp(`(^|[\\s{;,])include[ \\t]+(?:"${esc}"|'${esc}'|${esc}(?=[\\s;}'\\x00]|$))`, 'gi');
  const lines = new Set<number>();
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const at = m.index + m[1].length;
    lines.add(countNewlines(text, at));
    if (m[0].length === 0) re.lastIndex++;
  }
  return [...lines].sort((a, b) => a - b);
}

function countNewlines(text: string, end: number): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < end; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** The file-system path of a related-information uri (file: URL or plain path). */
export function relatedPath(uri: string | undefined): string {
  if (!uri) return '';
  try {
    return uri.startsWith('file:') ? fileURLToPath(uri) : decodeURIComponent(uri);
  } catch {
    return uri;
  }
}

/** Does d name the included file (and the line inside it, when nats-server printed one)? */
function namesIncludedFile(d: Diagnostic, written: string, innerLine: number | undefined): boolean {
  const base = path.basename(written);
  const messageNamesFile = base === '' || d.message.includes(written) || d.message.includes(base);
  const relatedForFile = (d.related ?? []).filter((r) => {
    const p = relatedPath(r.uri);
    return base === '' ? true : p.endsWith(base) || r.message.includes(written) || r.message.includes(base);
  });
  if (innerLine === undefined) return messageNamesFile || relatedForFile.length > 0;
  if (relatedForFile.some((r) => r.uri !== undefined && relatedPath(r.uri).endsWith(base) && covers(r, innerLine - 1))) {
    return true;
  }
  const lineWord = new RegExp(`(^|\\D)${innerLine}(\\D|$)`);
  return (messageNamesFile && lineWord.test(d.message)) || relatedForFile.some((r) => lineWord.test(r.message));
}

/** Compares one case; `problems` lists every way we disagree. */
export function compare(c: Case, nats: NatsRun, verdict: NatsVerdict, ours: OurResult): Outcome {
  const problems: string[] = [];
  let expectation: string;
  if (ours.crash) problems.push(`validate() threw: ${ours.crash.split('\n').slice(0, 3).join(' | ')}`);
  const errors = ours.diagnostics.filter(isParsePhaseError);
  switch (verdict.kind) {
    case 'valid':
    case 'option-error':
      expectation = 'no error-severity parse-phase diagnostic';
      if (errors.length > 0) problems.push(`nats-server reports no parse error, but we report ${errors.length}`);
      break;
    case 'crash':
      if (c.ourLine !== undefined) {
        expectation = `a parse-phase error covering line ${c.ourLine} (nats-server 2.9.10 crashes: stack overflow)`;
        if (!errors.some((d) => covers(d, c.ourLine! - 1))) problems.push(`no parse-phase error on line ${c.ourLine}`);
      } else {
        expectation = 'a parse-phase error (nats-server 2.9.10 crashes: stack overflow)';
        if (errors.length === 0) problems.push('no parse-phase error at all');
      }
      break;
    case 'parse-error':
      if (verdict.includes.length > 0) {
        const written = verdict.includes[0].written;
        const innermost = verdict.includes[verdict.includes.length - 1].written;
        const text = readFileSync(c.file).toString('utf8');
        const lines = findIncludeDirectiveLines(text, written);
        const where = lines.length > 0 ? `line ${lines.map((l) => l + 1).join(' or ')}` : 'any line (directive not found by the harness)';
        const shown = innermost === '' ? "'' (the empty path)" : `'${innermost}'`;
        const detail = verdict.line !== undefined ? ` naming ${shown} line ${verdict.line}` : ` naming ${shown}`;
        expectation = `a parse-phase error at the include directive for '${written}' (${where})${detail}`;
        const atDirective = errors.filter((d) => lines.length === 0 || lines.some((l) => covers(d, l)));
        if (atDirective.length === 0) {
          problems.push(`no parse-phase error at the include directive for '${written}' (${where})`);
        } else if (!atDirective.some((d) => namesIncludedFile(d, innermost, verdict.line))) {
          problems.push(
            `the error at the include directive does not name '${innermost}'` +
              (verdict.line !== undefined ? ` and line ${verdict.line} (by message, or a related location in that file)` : ' (by message or related location)'),
          );
        }
      } else if (verdict.line !== undefined) {
        expectation = `a parse-phase error covering line ${verdict.line}`;
        if (!errors.some((d) => covers(d, verdict.line! - 1))) {
          problems.push(errors.length === 0 ? `no parse-phase error (expected on line ${verdict.line})` : `no parse-phase error covers line ${verdict.line}`);
        }
      } else if (c.ourLine !== undefined) {
        expectation = `a parse-phase error covering line ${c.ourLine} (nats-server prints no line)`;
        if (!errors.some((d) => covers(d, c.ourLine! - 1))) problems.push(`no parse-phase error covers line ${c.ourLine}`);
      } else {
        expectation = 'a parse-phase error somewhere (nats-server prints no line)';
        if (errors.length === 0) problems.push('no parse-phase error at all');
      }
      break;
    case 'unexpected':
      expectation = '(nats-server result unusable)';
      problems.push(`harness: unexpected nats-server result: ${verdict.message}`);
      break;
  }
  return { case: c, nats, verdict, ours, problems, expectation };
}

/** Runs nats-server on every case (limited parallelism, slow ones first), then ours, then compares. */
export async function runCases(cases: readonly Case[], jobs = parallelism()): Promise<Outcome[]> {
  const { bin } = requireNatsServer();
  const order = cases.map((c, i) => ({ c, i })).sort((a, b) => Number(!!b.c.slow) - Number(!!a.c.slow));
  const runs = await mapLimit(order, jobs, ({ c }) => runNats(bin, c.file, c.cwd));
  const byIndex = new Array<NatsRun>(cases.length);
  order.forEach(({ i }, k) => (byIndex[i] = runs[k]));
  const outcomes: Outcome[] = [];
  for (let i = 0; i < cases.length; i++) {
    const nats = byIndex[i];
    outcomes.push(compare(cases[i], nats, classifyNats(nats), await runOurs(cases[i].file, cases[i].cwd)));
  }
  return outcomes;
}

// ---------------------------------------------------------------------------------------------
// Cases: fixtures and corpus

export interface ManifestEntry {
  description: string;
  covers: string[];
  exit: number;
  stderr: string;
  ourLine?: number;
}

export interface Manifest {
  about: string[];
  fixtures: Record<string, ManifestEntry>;
}

export function loadManifest(): Manifest {
  return JSON.parse(readFileSync(MANIFEST_PATH, 'utf8')) as Manifest;
}

/** Every `.conf` below dir (sorted), as paths relative to dir with `/` separators. */
export function listConfs(dir: string): string[] {
  const found: string[] = [];
  const walk = (rel: string) => {
    for (const name of readdirSync(path.join(dir, rel)).sort()) {
      const r = rel ? `${rel}/${name}` : name;
      const full = path.join(dir, r);
      if (statSync(full).isDirectory()) walk(r);
      else if (name.endsWith('.conf')) found.push(r);
    }
  };
  walk('');
  return found;
}

/** Fixture cases: each run from its own folder; `ourLine`/slowness from the manifest. */
export function fixtureCases(manifest: Manifest = loadManifest()): Case[] {
  return listConfs(FIXTURES_DIR).map((rel) => {
    const file = path.join(FIXTURES_DIR, rel);
    const entry = manifest.fixtures[rel] as ManifestEntry | undefined;
    return { name: `fixtures/syntax/${rel}`, file, cwd: path.dirname(file), ourLine: entry?.ourLine, slow: entry?.exit === 2 };
  });
}

export interface CwdRule {
  /** Folder prefix inside the corpus set, with a trailing `/` (e.g. `server/configs/`). */
  under: string;
  /** Working directory, absolute. */
  cwd: string;
}

/**
 * Reads the working-directory rules from a corpus ORIGIN.md: phrases like
 * "`server/` for files under `server/configs`" or "`../nats-server/test` for `test/`".
 */
export function readCwdRules(setDir: string): CwdRule[] {
  const origin = readFileSync(path.join(setDir, 'ORIGIN.md'), 'utf8');
  const rules: CwdRule[] = [];
  const re = /`([^`]+)`\s+for\s+(?:files\s+under\s+)?`([^`]+)`/g;
  for (let m = re.exec(origin); m; m = re.exec(origin)) {
    const under = m[2].replace(/\/?$/, '/');
    // "`server/` for files under `server/configs`" names the folder relative to the set.
    rules.push({ under, cwd: path.resolve(setDir, m[1]) });
  }
  return rules.sort((a, b) => b.under.length - a.under.length);
}

export function corpusCases(set: CorpusSet): { cases: Case[]; rules: CwdRule[] } {
  const dir = requireCorpus(set);
  const rules = readCwdRules(dir);
  const cases = listConfs(dir).map((rel) => {
    const file = path.join(dir, rel);
    const rule = rules.find((r) => rel.startsWith(r.under));
    return { name: `${set}/${rel}`, file, cwd: rule ? rule.cwd : path.dirname(file) };
  });
  return { cases, rules };
}

// ---------------------------------------------------------------------------------------------
// §1.15 coverage: what each `covers` id means, as a pattern over nats-server's message

const q = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const lexer = (body: string) => new RegExp(`Parse error on line \\d+: '${body}'$`);
const ANY = "[\\s\\S]*";

/** Lexer rows of §1.15 (L<n>) and parser messages (P-*) → pattern nats-server's message must match. */
export const COVER_PATTERNS: Record<string, RegExp> = {
  L1: lexer(q('Unexpected EOF.')),
  L2: lexer(`${q('Expected a top-level value to end with a new line, comment or EOF, but got ')}'${ANY}' instead\\.`),
  L3: lexer(`${q('Expected a block-level value to end with a new line, comment or EOF, but got ')}'${ANY}' instead\\.`),
  L4: lexer(`${q("Expected a block-level to end with a '}', but got ")}'${ANY}' instead\\.`),
  L5: lexer(`Unexpected key separator '${ANY}'`),
  L6: lexer(`Unexpected key separator '${ANY}'\\.`),
  L7: lexer('Unexpected EOF in quoted include'),
  L8: lexer('Unexpected EOF in double quoted include'),
  L9: lexer('Expected include value but found start of an array'),
  L10: lexer('Expected include value but found start of a map'),
  L11: lexer('Expected include value but found start of a block'),
  L12: lexer('Expected include value but found start of a number'),
  L13: lexer('Expected include value but found escape sequence'),
  L14: lexer('Expected include value but found new line'),
  L15: lexer('Floats must start with a digit'),
  L16: lexer('Expected value but found new line'),
  L17: lexer(q("Unexpected array value terminator ','.")),
  L18: lexer(`${q('Expected an array value terminator "," or an array terminator "]", but got ')}'${ANY}' instead\\.`),
  L19: lexer(q("Unexpected array end ']' processing map.")),
  L20: lexer(q('Unexpected EOF processing map.')),
  L21: lexer(q('Unexpected EOF processing quoted map key.')),
  L22: lexer(q('Unexpected EOF processing double quoted map key.')),
  L23: lexer(q('Unexpected EOF processing map key.')),
  L24: lexer(q('Unexpected map value terminator ",".')),
  L25: lexer(`${q('Expected a map value terminator "," or a map terminator "}", but got ')}'${ANY}' instead\\.`),
  L26: lexer(q('Unexpected EOF processing block.')),
  L27: lexer(`Invalid escape character '${ANY}'\\. ${q('Only the following escape characters are allowed: \\xXX, \\t, \\n, \\r, \\", \\\\.')}`),
  L28: lexer(q("Expected two hexadecimal digits after '\\x', but hit end of line")),
  L29: lexer(`${q("Expected two hexadecimal digits after '\\x', but got ")}'${ANY}'`),
  L30: lexer(q("Floats must start with a digit, not '.'.")),
  L31: lexer(`Expected a digit but got '${ANY}'\\.`),
  L32: lexer(q('All ISO8601 dates must be in full Zulu form.')),
  L33: lexer(`Expected digit in ISO8601 datetime, but found '${ANY}' instead\\.`),
  L34: lexer(`Expected '${ANY}' in ISO8601 datetime, but found '${ANY}' instead\\.`),
  L35: lexer(`${q("Floats must have a digit after the '.', but got ")}'${ANY}' instead\\.`),
  'P-integer-range': /integer '[^']*' is out of the range$/,
  'P-float-range': /float '[^']*' is out of the range$/,
  'P-datetime': /expected Zulu formatted DateTime, but got '[^']*'$/,
  'P-variable-not-found': /variable reference for '[^']*' on line \d+ can not be found$/,
  'P-variable-unparsable': /variable reference for '[^']*' on line \d+ could not be parsed: /,
  'P-include-missing': /^error parsing include file '[^']*', (?:open|read) [\s\S]*: (?:no such file or directory|is a directory)$/,
  'P-include-parse-error': /^error parsing include file '[^']*', (?!open |read )/,
  'P-include-nested': /^error parsing include file '[^']*', error parsing include file '/,
};

/**
 * What the fixtures must cover: every §1.15 lexer row reachable in 2.9.10 and the parser messages.
 * Not reachable in 2.9.10: rows 3 and 4 (block-level messages, ≥2.10.16) and row 36 (internal bug).
 */
export const REQUIRED_COVERS: readonly string[] = [
  'L1', 'L2', ...Array.from({ length: 31 }, (_, i) => `L${i + 5}`),
  'P-integer-range', 'P-float-range', 'P-datetime', 'P-variable-not-found', 'P-variable-unparsable',
  'P-include-missing', 'P-include-parse-error', 'P-include-nested', 'crash-env-cycle',
];

// ---------------------------------------------------------------------------------------------
// Formatting

/** Makes control characters (the NUL nats-server prints for EOF, CR, …) visible. */
export function visible(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\x00-\x08\x0b-\x1f\x7f]/g, (ch) => (ch === '\0' ? '\\0' : `\\x${ch.charCodeAt(0).toString(16).padStart(2, '0')}`));
}

export function formatRange(d: { range: Diagnostic['range'] }): string {
  const { start, end } = d.range;
  return `${start.line + 1}:${start.character + 1}-${end.line + 1}:${end.character + 1}`;
}

export function formatDiagnostic(d: Diagnostic): string {
  const related = (d.related ?? []).map((r) => ` [related ${r.uri ? path.basename(relatedPath(r.uri)) + ' ' : ''}${formatRange(r)}: ${visible(r.message)}]`).join('');
  return `${d.severity} ${d.code} ${formatRange(d)} "${visible(d.message)}"${related}`;
}

export function natsSummary(o: Outcome): string {
  if (o.verdict.kind === 'crash') return `exit 2: ${o.verdict.message}`;
  return `exit ${o.nats.exitCode ?? o.nats.signal}: ${visible(firstLine(o.nats.stderr))}`;
}

/** A readable block for one disagreement (all lines 1-based, ranges line:col-line:col). */
export function formatOutcome(o: Outcome): string {
  const lines = [
    `✗ ${o.case.name}`,
    `    nats-server (cwd ${path.relative(REPO_ROOT, o.case.cwd) || '.'}, -c ${o.nats.configArg}): ${natsSummary(o)}`,
    `    expected: ${o.expectation}`,
    `    ours:     ${o.ours.diagnostics.length === 0 ? '(no diagnostics)' : ''}`,
  ];
  for (const d of o.ours.diagnostics) lines.push(`      ${formatDiagnostic(d)}`);
  for (const p of o.problems) lines.push(`    → ${p}`);
  return lines.join('\n');
}

export function formatMismatches(title: string, outcomes: readonly Outcome[]): string {
  const bad = outcomes.filter((o) => o.problems.length > 0);
  return `${bad.length} of ${outcomes.length} ${title} disagree with nats-server ${EXPECTED_NATS_VERSION} (lines 1-based, ranges line:col-line:col):\n\n${bad.map(formatOutcome).join('\n\n')}`;
}
