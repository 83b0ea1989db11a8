/**
 * Full-verdict conformance: nats-server 2.9.10 (`-t`) against everything our validate() reports
 * (serverVersion '2.9'), not only the parse phase. Builds on natsHarness.ts (which runs the
 * binary, classifies its first line and compares the parse phase).
 *
 * nats-server's option phase prints items `<file>:<line>:<col>: <message>` (the first after
 * `nats-server: `; an empty line after each; warnings first, then errors; order between
 * top-level keys random). `<file>` is the `-c` argument, or the joined path of an included file.
 *
 * The rules (a case "agrees" when none is broken):
 *
 * 1. nats-server accepts the file (exit 0)  ⇒  we report no error-severity diagnostic at all
 *    (any code; warnings and hints are fine).
 * 2. Parse-phase failure (lexer/parser/include/variable message, or the 2.9.10 crash)  ⇒  the
 *    parse-phase rule of natsHarness.ts (`compare`) applies unchanged.
 * 3. Option phase: for EVERY item nats-server prints
 *    a. in the checked file, line N: we report an error-severity diagnostic (any code) whose
 *       range covers line N;
 *    b. in another file (an included one): we report an error-severity diagnostic covering the
 *       line of the `include` directive in the checked file through which that file is reached
 *       (directly or through nested includes), and the diagnostic points into the included file
 *       at line N: a related location in that file covering line N, or a message that names the
 *       file (its base name) and the line number;
 *    c. a warning (`invalid use of field "X": …`; -t fails on warnings alone): as (a)/(b), but a
 *       warning-severity diagnostic is enough when the warning kind is listed in
 *       WARNING_EXCEPTIONS (exceptions.ts) — a deliberate, listed exception;
 *    d. a message without a position (e.g. `Expected gateways field to be an array, …`): an
 *       error anywhere (or on the fixture manifest's `ourLine`).
 *    nats-server stops at the first error inside a tls block (and some other blocks), so we may
 *    report MORE errors than it prints: extra errors on a rejected file are listed by the report
 *    but are not disagreements.
 * 4. Items excused by NATS_LINE_EXCEPTIONS need nothing from us; such an exception is stale (a
 *    failure) once we cover its line with an error, or once nats-server stops printing it.
 *    OUR_ERROR_EXCEPTIONS excuse an error code of ours on a file nats-server accepts.
 */
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import * as path from 'node:path';
import type { Diagnostic } from '../../server/src/analysis/diagnostic';
import {
  NATS_LINE_EXCEPTIONS, OUR_ERROR_EXCEPTIONS, WARNING_EXCEPTIONS, type NatsLineException, type OurErrorException,
} from './exceptions';
import {
  REPO_ROOT, classifyNats, compare, covers, formatDiagnostic, listConfs, mapLimit, parallelism, relatedPath,
  requireNatsServer, runNats, runOurs, visible,
  type Case, type NatsRun, type NatsVerdict, type OurResult,
} from './natsHarness';

// ---------------------------------------------------------------------------------------------
// nats-server's option-phase items

export interface NatsItem {
  /** The file as nats-server printed it (relative to the working directory, like `-c`). */
  file: string;
  /** 1-based. */
  line: number;
  /** As printed (0-based on line 1, 1-based after: §1.14). */
  col: number;
  message: string;
  /** `invalid use of field "X": …` — a warning; -t fails on warnings alone. */
  warning: boolean;
  /** The whole line as printed (without the `nats-server: ` prefix). */
  text: string;
}

export interface NatsItems {
  items: NatsItem[];
  /** Messages without a `file:line:col:` position. */
  unplaced: string[];
}

const ITEM_RE = /^(.+?):(\d+):(\d+): ([\s\S]*)$/;
export const WARNING_RE = /^invalid use of field "/;

/** Splits an option-phase stderr into positioned items and messages without a position. */
export function parseNatsItems(stderr: string): NatsItems {
  const items: NatsItem[] = [];
  const unplaced: string[] = [];
  stderr.split('\n').forEach((raw, index) => {
    const text = index === 0 && raw.startsWith('nats-server: ') ? raw.slice('nats-server: '.length) : raw;
    if (text.trim() === '') return;
    const m = ITEM_RE.exec(text);
    if (m) items.push({ file: m[1], line: Number(m[2]), col: Number(m[3]), message: m[4], warning: WARNING_RE.test(m[4]), text });
    else unplaced.push(text);
  });
  return { items, unplaced };
}

// ---------------------------------------------------------------------------------------------
// Include directives (to place errors nats-server prints in included files)

export interface IncludeDirective {
  /** 0-based line of the `include` keyword. */
  line: number;
  written: string;
}

/** Every `include <path>` in text (quoted or not, any case, at any depth; comments are not skipped). */
export function listIncludeDirectives(text: string): IncludeDirective[] {
  const re = /(^|[\s{;,])include[ \t]+(?:"([^"\n]*)"|'([^'\n]*)'|([^\s;,}'"#]+))/gi;
  const found: IncludeDirective[] = [];
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const at = m.index + m[1].length;
    let line = 0;
    for (let i = text.indexOf('\n'); i >= 0 && i < at; i = text.indexOf('\n', i + 1)) line++;
    found.push({ line, written: m[2] ?? m[3] ?? m[4] });
  }
  return found;
}

function canonical(file: string): string {
  try {
    return realpathSync(file);
  } catch {
    return path.resolve(file);
  }
}

/**
 * 0-based lines of the include directives in `file` through which `target` is reached (directly
 * or through nested includes, resolved against each including file's folder as nats-server does).
 */
export function includeLinesReaching(file: string, target: string, depth = 0, seen = new Set<string>()): number[] {
  const self = canonical(file);
  if (depth > 10 || seen.has(self) || !existsSync(file)) return [];
  seen.add(self);
  const wanted = canonical(target);
  const text = readFileSync(file).toString('utf8');
  const lines = new Set<number>();
  for (const d of listIncludeDirectives(text)) {
    const resolved = path.resolve(path.dirname(file), d.written);
    if (canonical(resolved) === wanted || includeLinesReaching(resolved, target, depth + 1, new Set(seen)).length > 0) lines.add(d.line);
  }
  return [...lines].sort((a, b) => a - b);
}

/** Does d point at line `line1` (1-based) of `target` (related location, or message naming file and line)? */
export function pointsInto(d: Diagnostic, target: string, line1: number): boolean {
  const wanted = canonical(target);
  const base = path.basename(target);
  const sameFile = (uri: string | undefined) => uri !== undefined && canonical(relatedPath(uri)) === wanted;
  if ((d.related ?? []).some((r) => sameFile(r.uri) && covers(r, line1 - 1))) return true;
  const lineWord = new RegExp(`(^|\\D)${line1}(\\D|$)`);
  const texts = [d.message, ...(d.related ?? []).map((r) => r.message)];
  return texts.some((t) => t.includes(base) && lineWord.test(t));
}

// ---------------------------------------------------------------------------------------------
// Comparison

export type CheckStatus =
  /** We report what the rule asks. */
  | 'ok'
  /** A listed warning kind covered by our warning (WARNING_EXCEPTIONS). */
  | 'warning-accepted'
  /** Excused by NATS_LINE_EXCEPTIONS and we do not report it. */
  | 'excepted'
  /** Excused by NATS_LINE_EXCEPTIONS, but we now report it: remove the exception. */
  | 'stale-exception'
  /** We do not report it: a disagreement. */
  | 'missing';

export interface ItemCheck {
  /** What nats-server printed (a positioned item, or a message without position). */
  nats: string;
  item?: NatsItem;
  /** Where our diagnostic must be, in words. */
  need: string;
  status: CheckStatus;
  /** The listed reason when an exception applies. */
  exception?: string;
  warningException?: string;
  /** Our diagnostics that satisfy (or would satisfy) the check. */
  matched: Diagnostic[];
}

export interface FullOutcome {
  case: Case;
  nats: NatsRun;
  verdict: NatsVerdict;
  ours: OurResult;
  /** `valid`, `parse` (lexer/parser/include/variable failure or crash), `options` (option items), `unusable`. */
  phase: 'valid' | 'parse' | 'options' | 'unusable';
  natsItems: NatsItems;
  checks: ItemCheck[];
  /** Our error-severity diagnostics that no nats-server line accounts for. */
  extra: Diagnostic[];
  /** OUR_ERROR_EXCEPTIONS that excused one of our errors on this file. */
  ourExceptionsUsed: OurErrorException[];
  /** Empty when we agree. */
  problems: string[];
  expectation: string;
}

export interface ExceptionLists {
  natsLines: readonly NatsLineException[];
  ourErrors: readonly OurErrorException[];
  warnings: ReadonlyArray<{ id: string; pattern: RegExp; reason: string }>;
}

export const DEFAULT_EXCEPTIONS: ExceptionLists = { natsLines: NATS_LINE_EXCEPTIONS, ourErrors: OUR_ERROR_EXCEPTIONS, warnings: WARNING_EXCEPTIONS };

const isError = (d: Diagnostic) => d.severity === 'error';

/** Compares everything nats-server says about one case with everything we report. */
export function compareFull(c: Case, nats: NatsRun, verdict: NatsVerdict, ours: OurResult, exceptions: ExceptionLists = DEFAULT_EXCEPTIONS): FullOutcome {
  const natsItems: NatsItems = verdict.kind === 'option-error' ? parseNatsItems(nats.stderr) : { items: [], unplaced: [] };
  const base = { case: c, nats, verdict, ours, natsItems, checks: [] as ItemCheck[], extra: [] as Diagnostic[], ourExceptionsUsed: [] as OurErrorException[] };
  const problems: string[] = [];
  if (ours.crash) problems.push(`validate() threw: ${ours.crash.split('\n').slice(0, 3).join(' | ')}`);
  const errors = ours.diagnostics.filter(isError);

  if (verdict.kind === 'parse-error' || verdict.kind === 'crash') {
    const parse = compare(c, nats, verdict, ours);
    return { ...base, phase: 'parse', problems: [...new Set([...problems, ...parse.problems])], expectation: parse.expectation };
  }
  if (verdict.kind === 'unexpected') {
    problems.push(`harness: unexpected nats-server result: ${verdict.message}`);
    return { ...base, phase: 'unusable', problems, expectation: '(nats-server result unusable)' };
  }

  const ourExceptions = exceptions.ourErrors.filter((e) => e.file === c.name);
  const excusedOurs = (d: Diagnostic) => ourExceptions.find((e) => e.ours === d.code);
  const ourExceptionsUsed = ourExceptions.filter((e) => errors.some((d) => d.code === e.ours));

  if (verdict.kind === 'valid') {
    const extra = errors.filter((d) => !excusedOurs(d));
    if (extra.length > 0) problems.push(`nats-server accepts the file, but we report ${extra.length} error(s): ${extra.map((d) => `${d.code} line ${d.range.start.line + 1}`).join(', ')}`);
    for (const e of ourExceptions.filter((x) => !ourExceptionsUsed.includes(x))) {
      problems.push(`stale exception: we no longer report ${e.ours} on this file; remove it from OUR_ERROR_EXCEPTIONS`);
    }
    return { ...base, phase: 'valid', extra, ourExceptionsUsed, problems, expectation: 'no error-severity diagnostic (nats-server accepts the file)' };
  }

  // Option phase.
  const checks: ItemCheck[] = [];
  const usedForNats = new Set<Diagnostic>();
  const checkedFile = canonical(c.file);
  for (const item of natsItems.items) {
    const target = path.resolve(c.cwd, item.file);
    let need: string;
    let candidates: (d: Diagnostic) => boolean;
    if (canonical(target) === checkedFile) {
      need = `line ${item.line}`;
      candidates = (d) => covers(d, item.line - 1);
    } else {
      const lines = includeLinesReaching(c.file, target);
      const rel = path.relative(path.dirname(c.file), target) || target;
      need = lines.length > 0
        ? `the include directive on line ${lines.map((l) => l + 1).join(' or ')}, pointing into ${rel} line ${item.line}`
        : `anywhere, pointing into ${rel} line ${item.line} (the harness found no include directive reaching it)`;
      candidates = (d) => (lines.length === 0 || lines.some((l) => covers(d, l))) && pointsInto(d, target, item.line);
    }
    const matchedErrors = errors.filter(candidates);
    const matchedWarnings = ours.diagnostics.filter((d) => d.severity === 'warning' && candidates(d));
    matchedErrors.forEach((d) => usedForNats.add(d));
    const exception = exceptions.natsLines.find((e) => e.file === c.name && item.message.includes(e.nats));
    const check: ItemCheck = { nats: item.text, item, need, status: 'missing', matched: matchedErrors, exception: exception?.reason };
    if (exception) {
      check.status = matchedErrors.length > 0 ? 'stale-exception' : 'excepted';
    } else if (matchedErrors.length > 0) {
      check.status = 'ok';
    } else if (item.warning) {
      const kind = exceptions.warnings.find((w) => w.pattern.test(item.message));
      if (kind && matchedWarnings.length > 0) {
        check.status = 'warning-accepted';
        check.warningException = kind.id;
        check.matched = matchedWarnings;
        check.exception = kind.reason;
      } else if (kind) {
        check.need += ' (a warning is enough: listed warning kind)';
        check.warningException = kind.id;
      }
    }
    checks.push(check);
  }
  for (const message of natsItems.unplaced) {
    const matched = c.ourLine !== undefined ? errors.filter((d) => covers(d, c.ourLine! - 1)) : errors;
    matched.forEach((d) => usedForNats.add(d));
    const exception = exceptions.natsLines.find((e) => e.file === c.name && message.includes(e.nats));
    const check: ItemCheck = {
      nats: message, need: c.ourLine !== undefined ? `line ${c.ourLine} (nats-server prints no position)` : 'anywhere (nats-server prints no position)',
      status: exception ? (matched.length > 0 ? 'stale-exception' : 'excepted') : matched.length > 0 ? 'ok' : 'missing',
      matched, exception: exception?.reason,
    };
    checks.push(check);
  }

  for (const check of checks) {
    if (check.status === 'missing') {
      const kind = check.item?.warning ? 'warning' : 'error';
      problems.push(`nats-server ${kind} not reported: "${visible(check.nats)}" — we need an error${check.warningException ? ' or a warning' : ''} at ${check.need}`);
    } else if (check.status === 'stale-exception') {
      problems.push(`stale exception: we now report "${visible(check.nats)}" (remove it from NATS_LINE_EXCEPTIONS)`);
    }
  }
  if (natsItems.items.length === 0 && natsItems.unplaced.length === 0) problems.push('harness: nats-server failed but printed nothing the harness can read');

  const extra = errors.filter((d) => !usedForNats.has(d));
  const expectation = `an error for each of the ${checks.length} nats-server line(s) (${checks.filter((x) => x.status === 'excepted').length} excepted)`;
  return { ...base, phase: 'options', checks, extra, ourExceptionsUsed, problems, expectation };
}

/** Runs nats-server and our validate() on every case and compares full verdicts. */
export async function runFullCases(cases: readonly Case[], jobs = parallelism(), exceptions: ExceptionLists = DEFAULT_EXCEPTIONS): Promise<FullOutcome[]> {
  const { bin } = requireNatsServer();
  const order = cases.map((c, i) => ({ c, i })).sort((a, b) => Number(!!b.c.slow) - Number(!!a.c.slow));
  const runs = await mapLimit(order, jobs, ({ c }) => runNats(bin, c.file, c.cwd));
  const byIndex = new Array<NatsRun>(cases.length);
  order.forEach(({ i }, k) => (byIndex[i] = runs[k]));
  const outcomes: FullOutcome[] = [];
  for (let i = 0; i < cases.length; i++) {
    const nats = byIndex[i];
    outcomes.push(compareFull(cases[i], nats, classifyNats(nats), await runOurs(cases[i].file, cases[i].cwd), exceptions));
  }
  return outcomes;
}

/**
 * Exceptions that no longer hold over a set of outcomes: NATS_LINE_EXCEPTIONS for files in the
 * set that nats-server no longer prints (or that we now report), warning kinds only ever
 * satisfied by errors.
 */
export function staleExceptions(outcomes: readonly FullOutcome[], exceptions: ExceptionLists = DEFAULT_EXCEPTIONS): string[] {
  const stale: string[] = [];
  const byName = new Map(outcomes.map((o) => [o.case.name, o]));
  for (const e of exceptions.natsLines) {
    const o = byName.get(e.file);
    if (!o) continue;
    const hits = o.checks.filter((ch) => ch.exception === e.reason && ch.nats.includes(e.nats));
    if (hits.length === 0 && !e.sometimes) stale.push(`NATS_LINE_EXCEPTIONS ${e.file}: nats-server no longer prints "${e.nats}"`);
    else if (hits.length > 0 && hits.every((h) => h.status === 'stale-exception')) stale.push(`NATS_LINE_EXCEPTIONS ${e.file}: we now report "${e.nats}"`);
  }
  for (const e of exceptions.ourErrors) {
    const o = byName.get(e.file);
    if (o && !o.ourExceptionsUsed.includes(e)) stale.push(`OUR_ERROR_EXCEPTIONS ${e.file}: we no longer report ${e.ours} there`);
  }
  for (const w of exceptions.warnings) {
    const lines = outcomes.flatMap((o) => o.checks.filter((ch) => ch.item?.warning && w.pattern.test(ch.item.message)));
    const viaWarning = lines.filter((ch) => ch.status === 'warning-accepted').length;
    const viaError = lines.filter((ch) => ch.status === 'ok').length;
    if (viaWarning === 0 && viaError > 0) stale.push(`WARNING_EXCEPTIONS ${w.id}: every such line is now reported as an error; remove the exception`);
  }
  return stale;
}

// ---------------------------------------------------------------------------------------------
// Fixture groups: test/fixtures/tls and test/fixtures/semantic

export const SEMANTIC_GROUPS = ['tls', 'semantic'] as const;
export type SemanticGroup = (typeof SEMANTIC_GROUPS)[number];

export function groupDir(group: SemanticGroup): string {
  return path.join(REPO_ROOT, 'test', 'fixtures', group);
}

export function groupManifestPath(group: SemanticGroup): string {
  return path.join(groupDir(group), 'expected.json');
}

export interface SemanticManifestEntry {
  description: string;
  /** Ids of SEMANTIC_COVERS this fixture exercises (`<id>` or `<id>@<context>`). */
  covers: string[];
  exit: number;
  /** Every `file:line:col: message` line nats-server printed, sorted (its order is random). */
  lines: string[];
  /** What nats-server printed without a position (the `is valid` line, or a position-less error). */
  message?: string;
  /** 1-based line our error must cover when nats-server prints no position. */
  ourLine?: number;
}

export interface SemanticManifest {
  about: string[];
  fixtures: Record<string, SemanticManifestEntry>;
}

export function loadGroupManifest(group: SemanticGroup): SemanticManifest {
  return JSON.parse(readFileSync(groupManifestPath(group), 'utf8')) as SemanticManifest;
}

/**
 * The certificates fixtures use: the corpus's own test certificates, referenced in place as
 * `../../../../shared/corpus/nats-server/test/configs/certs/…` from the fixture folder (the
 * working directory nats-server runs in), i.e. `shared/` beside the repository.
 */
export const FIXTURE_CERTS_DIR = path.join(REPO_ROOT, '..', 'shared', 'corpus', 'nats-server', 'test', 'configs', 'certs');

/**
 * Fixture cases of a group. Every fixture (including those in `includes/`) is run from the group
 * folder (`test/fixtures/tls` or `test/fixtures/semantic`) as `nats-server -t -c <relative path>`,
 * so certificate paths in any fixture resolve from the same folder.
 */
export function groupCases(group: SemanticGroup, manifest: SemanticManifest = loadGroupManifest(group)): Case[] {
  const dir = groupDir(group);
  return listConfs(dir).map((rel) => ({ name: `fixtures/${group}/${rel}`, file: path.join(dir, rel), cwd: dir, ourLine: manifest.fixtures[rel]?.ourLine }));
}

/** What nats-server said, in the manifest's form. */
export function manifestView(o: { nats: NatsRun }): { exit: number; lines: string[]; message?: string } {
  const { items, unplaced } = parseNatsItems(o.nats.stderr);
  const view: { exit: number; lines: string[]; message?: string } = { exit: o.nats.exitCode ?? -1, lines: items.map((i) => i.text).sort() };
  if (unplaced.length > 0) view.message = unplaced.join('\n');
  return view;
}

// ---------------------------------------------------------------------------------------------
// What the fixtures must cover

export interface CoverSpec {
  /** The fixture must be rejected (exit 1 with this message on some line) or accepted (exit 0). */
  expect: 'reject' | 'accept';
  /** For rejects: a line nats-server prints must match (message after `file:line:col: `). */
  message?: RegExp;
  /** For rejects: a line must name another file than the fixture (an included one). */
  inIncludedFile?: boolean;
  /** Where it comes from. */
  ref: string;
}

const tlsMsg = (body: string) => new RegExp(`^error parsing tls config, ${body}$`);
const NOT_ARRAY = /^interface conversion: interface \{\} is .+, not \[\]interface \{\}$/;
const NOT_STRING = /^interface conversion: interface \{\} is .+, not string$/;
const UNKNOWN_TLS = /^error parsing tls config, unknown field \["[^"]*"\]$/;
const UNKNOWN = /^unknown field "[^"]*"$/;

/**
 * Cover ids. A fixture's `covers` names an id, optionally with `@<context>` (a reject id with a
 * context uses the same message pattern). `accept.*` ids only require exit 0; `tls.newer.<key>`
 * requires `error parsing tls config, unknown field ["<key>"]` (any case).
 */
export const SEMANTIC_COVERS: Record<string, CoverSpec> = {
  // §3 type checks
  'tls.cert_file.type': { expect: 'reject', message: tlsMsg("expected 'cert_file' to be filename"), ref: '§3 cert_file' },
  'tls.key_file.type': { expect: 'reject', message: tlsMsg("expected 'key_file' to be filename"), ref: '§3 key_file' },
  'tls.ca_file.type': { expect: 'reject', message: tlsMsg("expected 'ca_file' to be filename"), ref: '§3 ca_file' },
  'tls.verify.type': { expect: 'reject', message: tlsMsg("expected 'verify' to be a boolean"), ref: '§3 verify' },
  'tls.verify_and_map.type': { expect: 'reject', message: tlsMsg("expected 'verify_and_map' to be a boolean"), ref: '§3 verify_and_map' },
  'tls.vcck.type': { expect: 'reject', message: tlsMsg("expected 'verify_cert_and_check_known_urls' to be a boolean"), ref: '§3 verify_cert_and_check_known_urls' },
  'tls.insecure.type': { expect: 'reject', message: tlsMsg("expected 'insecure' to be a boolean"), ref: '§3 insecure' },
  'tls.cipher_suites.type': { expect: 'reject', message: NOT_ARRAY, ref: '§3 cipher_suites (non-array)' },
  'tls.cipher_suites.empty': { expect: 'reject', message: tlsMsg("'cipher_suites' cannot be empty"), ref: '§3 cipher_suites' },
  'tls.cipher_suites.element': { expect: 'reject', message: NOT_STRING, ref: '§3 cipher_suites (non-string element), §5.1' },
  'tls.cipher_suites.unknown': { expect: 'reject', message: /^unrecognized cipher \S+$/, ref: '§3 cipher_suites, §4.1' },
  'tls.cipher_suites.chacha20-2.12': { expect: 'reject', message: /^unrecognized cipher TLS_ECDHE_(RSA|ECDSA)_WITH_CHACHA20_POLY1305_SHA256$/, ref: '§4.1 CHACHA20 spelling' },
  'tls.cipher_suites.case': { expect: 'reject', message: /^unrecognized cipher tls_aes_128_gcm_sha256$/, ref: '§4.1 case-sensitive names' },
  'tls.curve_preferences.type': { expect: 'reject', message: NOT_ARRAY, ref: '§3 curve_preferences (non-array)' },
  'tls.curve_preferences.empty': { expect: 'reject', message: tlsMsg("'curve_preferences' cannot be empty"), ref: '§3 curve_preferences' },
  'tls.curve_preferences.element': { expect: 'reject', message: NOT_STRING, ref: '§3 curve_preferences (non-string element)' },
  'tls.curve_preferences.unknown': { expect: 'reject', message: /^unrecognized curve preference \S+$/, ref: '§3 curve_preferences, §4.2' },
  'tls.curve_preferences.case': { expect: 'reject', message: /^unrecognized curve preference curvep256$/, ref: '§4.2 case-sensitive names' },
  'tls.timeout.type': { expect: 'reject', message: tlsMsg("'timeout' wrong type"), ref: '§3 timeout' },
  'tls.timeout.duration': { expect: 'reject', message: /^error parsing tls config, 'timeout' time: (invalid duration|missing unit in duration) "[^"]*"$/, ref: '§3 timeout' },
  'tls.connection_rate_limit.type': { expect: 'reject', message: tlsMsg("'connection_rate_limit' wrong type"), ref: '§3 connection_rate_limit' },
  'tls.pinned_certs.type': { expect: 'reject', message: tlsMsg("expected 'pinned_certs' to be a list of hex-encoded sha256 of DER encoded SubjectPublicKeyInfo"), ref: '§3 pinned_certs' },
  'tls.pinned_certs.entry': { expect: 'reject', message: /^error parsing tls config, 'pinned_certs' key \S+ does not look like hex-encoded sha256 of DER encoded SubjectPublicKeyInfo$/, ref: '§3 pinned_certs' },
  'tls.pinned_certs.element': { expect: 'reject', message: NOT_STRING, ref: '§3 pinned_certs (non-string element)' },
  'tls.vcck.context': { expect: 'reject', message: /^verify_cert_and_check_known_urls not supported in this context$/, ref: '§2.1, §3' },
  'tls.not-map': { expect: 'reject', message: /^interface conversion: interface \{\} is .+, not map\[string\]interface \{\}$/, ref: '§2 (tls: true / string / array / number)' },
  'tls.unknown-field': { expect: 'reject', message: UNKNOWN_TLS, ref: '§3 unknown keys (2.9.10 wording)' },
  'tls.variable-inside': { expect: 'reject', message: UNKNOWN_TLS, ref: 'nats-options.md: no variable exemption in tls' },
  'tls.via-variable': { expect: 'reject', ref: 'a tls map given through a variable (`tls: $T`)' },
  'tls.duplicate-block': { expect: 'reject', ref: '§1.12 the last tls block wins' },
  // §5.2
  'tls.missing-key-file': { expect: 'reject', message: /^missing 'key_file' in TLS configuration$/, ref: '§5.2' },
  'tls.missing-cert-file': { expect: 'reject', message: /^missing 'cert_file' in TLS configuration$/, ref: '§5.2' },
  // §5.2 file rows: the certificate issue (listed exceptions)
  'cert.load': { expect: 'reject', message: /^error parsing X509 certificate\/key pair: /, ref: '§5.2 (certificate issue)' },
  'cert.ca-load': { expect: 'reject', message: /^open .*: no such file or directory$/, ref: '§5.2 (certificate issue)' },
  // unknown-field rules (nats-options.md)
  'unknown-field': { expect: 'reject', message: UNKNOWN, ref: 'nats-options.md: unknown keys' },
  'unknown-field.bom': { expect: 'reject', message: /^unknown field "\\ufeff[^"]*"$/, ref: '§6 further traps: BOM' },
  'unknown-field.newer': { expect: 'reject', message: UNKNOWN, ref: 'keys newer than 2.9.10' },
  'unknown-field.freeform': { expect: 'reject', message: UNKNOWN, ref: 'free-form maps newer than 2.9.10: one error at the key' },
  'unknown-field.unused-variable': { expect: 'reject', message: UNKNOWN, ref: 'nats-options.md: variables are exempt only when used' },
  'ocsp.unsupported-field': { expect: 'reject', message: /^error parsing ocsp config: unsupported field string$/, ref: 'nats-options.md: ocsp map' },
  'ocsp.case-sensitive': { expect: 'reject', message: /^error parsing ocsp config: unsupported field string$/, ref: 'nats-options.md: ocsp keys are case-sensitive' },
  'key-stack.key-without-value': { expect: 'reject', message: UNKNOWN, ref: '§1.4 a key with no value before a map\'s `}` takes the map' },
  'include.error-in-included-file': { expect: 'reject', inIncludedFile: true, ref: '§1.14 errors in included files name the included file' },
  'include.nested': { expect: 'reject', inIncludedFile: true, ref: 'an error two includes deep' },
  // warnings that fail -t
  'warning.duration': { expect: 'reject', message: /^invalid use of field "[^"]*": \S+ should be converted to a duration$/, ref: '§1.16 warnings alone fail -t' },
  'warning.cluster-permissions': { expect: 'reject', message: /^invalid use of field "authorization": setting "permissions" within cluster authorization block is deprecated$/, ref: 'nats-options.md surprising fact 8' },
};

const CONTEXTS_9 = ['root', 'cluster', 'gateway', 'gateways', 'leafnodes', 'remotes', 'websocket', 'mqtt', 'resolver_tls'];
const NEWER_TLS_KEYS = [
  'handshake_first', 'first', 'immediate', 'min_version', 'cert_store', 'cert_match_by', 'cert_match', 'cert_match_skip_invalid',
  'ca_certs_match', 'ocsp_peer', 'certs', 'certificates', 'allow_insecure_cipher_suites',
];

/** Every cover id the fixtures must exercise (the brief's list, §3, §5.1, §5.2, unknown-field rules). */
export const REQUIRED_SEMANTIC_COVERS: readonly string[] = [
  ...Object.keys(SEMANTIC_COVERS),
  ...NEWER_TLS_KEYS.map((k) => `tls.newer.${k}`),
  ...['root', 'leafnodes', 'remotes', 'websocket', 'mqtt', 'resolver_tls'].map((c) => `tls.vcck.context@${c}`),
  ...['cluster', 'gateway', 'gateways'].map((c) => `accept.vcck-true@${c}`),
  'accept.vcck-false-everywhere',
  ...CONTEXTS_9.map((c) => `tls.missing-key-file@${c}`),
  ...CONTEXTS_9.map((c) => `tls.unknown-field@${c}`),
  ...['top', 'cluster', 'gateway', 'gateways', 'leafnodes', 'remotes', 'websocket', 'mqtt', 'authorization', 'users', 'accounts', 'accounts.users', 'jetstream'].map((c) => `unknown-field@${c}`),
  'accept.seed-simplest', 'accept.seed-timeout', 'accept.timeout-1m-unquoted', 'accept.timeout-zero', 'accept.timeout-negative',
  'accept.timeout-0.0001', 'accept.timeout-duration-string', 'accept.rate-limit-suffix', 'accept.pinned-upper-case', 'accept.pinned-empty',
  'accept.all-contexts', 'accept.empty-block', 'accept.tls-via-variable', 'accept.upper-case-keys', 'accept.aliases', 'accept.used-variable',
  'accept.variable-in-cluster', 'accept.variable-top-level-in-tls', 'accept.include-known-keys', 'accept.freeform-mappings',
  'accept.resolver-map-unknown-ignored', 'accept.cipher-chacha20-old', 'accept.cipher-suites-all', 'accept.curves-all',
];

/** The spec of a cover id (`tls.newer.<key>` → tls.newer; `<id>@<ctx>` → <id>). */
export function coverSpec(id: string): CoverSpec | undefined {
  const baseId = id.split('@')[0];
  if (baseId.startsWith('accept.')) return { expect: 'accept', ref: 'accepted behaviour' };
  if (baseId.startsWith('tls.newer.')) {
    const key = baseId.slice('tls.newer.'.length);
    return { expect: 'reject', message: new RegExp(`^error parsing tls config, unknown field \\["${key}"\\]$`, 'i'), ref: '§3 rejected by 2.9.10' };
  }
  return SEMANTIC_COVERS[baseId];
}

/** Problems with a cover id against what nats-server said about the fixture. */
export function checkCover(id: string, rel: string, view: { exit: number; lines: string[] }): string | undefined {
  const spec = coverSpec(id);
  if (!spec) return `unknown cover id ${id}`;
  if (spec.expect === 'accept') return view.exit === 0 ? undefined : `covers ${id} but nats-server rejects it`;
  if (view.exit !== 1) return `covers ${id} but nats-server exits ${view.exit}`;
  const items = parseNatsItems(view.lines.join('\n')).items;
  if (spec.message && !items.some((i) => spec.message!.test(i.message))) return `covers ${id} but no line matches ${spec.message}`;
  if (spec.inIncludedFile && !items.some((i) => path.normalize(i.file) !== path.normalize(rel))) return `covers ${id} but every line names the fixture itself`;
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Formatting

const STATUS_MARK: Record<CheckStatus, string> = { ok: '✓', 'warning-accepted': 'w', excepted: 'e', 'stale-exception': '!', missing: '✗' };

export function formatFullOutcome(o: FullOutcome): string {
  const lines = [
    `${o.problems.length === 0 ? '✓' : '✗'} ${o.case.name}`,
    `    nats-server (cwd ${path.relative(REPO_ROOT, o.case.cwd) || '.'}, -c ${o.nats.configArg}): exit ${o.nats.exitCode ?? o.nats.signal}${o.phase === 'valid' ? ' (valid)' : o.phase === 'parse' ? ` (parse phase: ${visible(o.verdict.message)})` : ''}`,
  ];
  for (const ch of o.checks) {
    lines.push(`      ${STATUS_MARK[ch.status]} ${visible(ch.nats)}`);
    if (ch.status === 'missing') lines.push(`          need: an error${ch.warningException ? ' (or a warning)' : ''} at ${ch.need}`);
    if (ch.exception && ch.status !== 'ok') lines.push(`          exception: ${ch.exception}`);
  }
  lines.push(`    ours: ${o.ours.diagnostics.length === 0 ? '(no diagnostics)' : ''}`);
  for (const d of o.ours.diagnostics) lines.push(`      ${o.extra.includes(d) ? '+' : ' '} ${formatDiagnostic(d)}`);
  for (const p of o.problems) lines.push(`    → ${p}`);
  return lines.join('\n');
}

export function formatFullMismatches(title: string, outcomes: readonly FullOutcome[]): string {
  const bad = outcomes.filter((o) => o.problems.length > 0);
  return (
    `${bad.length} of ${outcomes.length} ${title} disagree with nats-server (full verdicts; lines 1-based, ranges line:col-line:col; ` +
    '✓ reported, ✗ missing, e excepted, w warning accepted, ! stale exception, + our error no nats-server line accounts for):\n\n' +
    bad.map(formatFullOutcome).join('\n\n') + `\n\n${summarizeMissing(outcomes)}`
  );
}

/** Groups missing nats-server lines by message kind (quoted names and numbers folded). */
export function summarizeMissing(outcomes: readonly FullOutcome[]): string {
  const kinds = new Map<string, { count: number; files: Set<string> }>();
  const bump = (kind: string, file: string) => {
    const k = kinds.get(kind) ?? { count: 0, files: new Set<string>() };
    k.count++;
    k.files.add(file);
    kinds.set(kind, k);
  };
  for (const o of outcomes) {
    for (const ch of o.checks) if (ch.status === 'missing' || ch.status === 'stale-exception') bump(`${ch.status === 'missing' ? 'missing' : 'stale exception'}: ${messageKind(ch.item?.message ?? ch.nats)}`, o.case.name);
    if (o.phase === 'valid' && o.extra.length > 0) for (const d of o.extra) bump(`false error on a valid file: ${d.code}`, o.case.name);
    if (o.phase === 'parse' && o.problems.length > 0) bump('parse-phase disagreement', o.case.name);
    if (o.phase === 'unusable') bump('nats-server result unusable', o.case.name);
  }
  const rows = [...kinds.entries()].sort((a, b) => b[1].count - a[1].count || a[0].localeCompare(b[0]));
  if (rows.length === 0) return 'summary: no disagreements';
  return ['summary (count, files, kind):', ...rows.map(([kind, { count, files }]) => `  ${String(count).padStart(4)} ${String(files.size).padStart(4)}  ${kind}`)].join('\n');
}

/** A message with its variable parts folded, so similar lines group together. */
export function messageKind(message: string): string {
  return visible(message)
    .replace(/\["[^"]*"\]/g, '["…"]')
    .replace(/"[^"]*"/g, '"…"')
    .replace(/'pinned_certs' key \S+/, "'pinned_certs' key …")
    .replace(/^(unrecognized cipher|unrecognized curve preference) \S+$/, '$1 …')
    .replace(/interface \{\} is .+, not (.+)$/, 'interface {} is …, not $1')
    .replace(/^(Expected gateway entry to be a map\/struct), got \S+$/, '$1, got …');
}
