/**
 * Quick fixes built from diagnostic codes and their data (never by re-reading the text).
 *
 * Every fix comes from a diagnostic's `code` and `data`: the TLS rules hand over ready-made
 * edits (`data.fixes`), the schema rules the facts a fix needs (where the key or value is, what
 * to write instead). This file decides which of them are offered, which one is preferred
 * (`isPreferred`: what "auto fix" applies) and which ones "Fix all" may apply without asking.
 *
 * ## What "Fix all" applies (source.fixAll and the "Fix all auto-fixable problems" quick fix)
 *
 * For each diagnostic of the analysed document, in document order, at most one fix: its
 * preferred fix, and only when that fix is *auto-fixable*:
 * - a rewrite that keeps what the user meant: unquoting a quoted boolean, quoting `min_version:
 *   1.2` or an unquoted `1m`, putting a single name in a list, a duration's missing or misspelt
 *   unit, a fingerprint's separators, plain seconds as a duration string (`60` → `"60s"`);
 * - a did-you-mean (cipher, curve, key, version word) only when there is exactly one candidate;
 * - a value the server refuses or cannot work with replaced by its default or the equivalent
 *   (`timeout: 0.0001` or a negative timeout → `2`, `verify_cert_and_check_known_urls: true` →
 *   `false` where it is refused);
 * - the missing `key_file`/`cert_file` added when exactly one matching file sits next to the
 *   other one (never the `""` placeholder, which does not fix anything);
 * - removing an empty list (it holds nothing, and leaving the option out means the default).
 * Never: any other removal (insecure suites, `insecure: true`, a key too new for the target, an
 * option without effect: each deletes something the user wrote on purpose), a choice between
 * several candidates, a security decision (`allow_insecure_cipher_suites`, `no_tls`, `verify`),
 * or a value that works but is unwise (`timeout: 600`).
 * A fix whose edits overlap or touch the edits of a fix already taken is left for the next run
 * (the diagnostic stays and can be fixed on its own); identical fixes are applied once.
 */
import * as nodePath from 'path';
import type {
  CodeAction, Diagnostic as LspDiagnostic, DiagnosticSeverity, Range, TextEdit,
} from 'vscode-languageserver-types';
import type { Diagnostic } from '../analysis/diagnostic';
import { SchemaCode } from '../analysis/schemaRules';
import { DEFAULT_TIMEOUT_SECONDS, TlsCode, type TlsEdit } from '../analysis/tlsRules';
import { CertCode, locateFile, matchingKeyFiles, siblingPath } from '../analysis/certificates';
import { pathBase, type ServiceContext } from './context';
import { CERT_FILE_NOT_FOUND_CODE, createCertificatesCommand, tlsBlockPathsFromDiagnostics } from '../certificates/command';

export interface CodeActionRequest {
  range: Range;
  /** The diagnostics the client sends with the request (LSP form, with `data`). */
  diagnostics: LspDiagnostic[];
  /** `only` kinds the client asked for (e.g. `quickfix`, `source.fixAll`). */
  only?: string[];
}

const QUICK_FIX = 'quickfix';
const SOURCE_FIX_ALL = 'source.fixAll';
export const FIX_ALL_TITLE = 'Fix all auto-fixable problems';

/** One way to fix one diagnostic, with how it may be used. */
export interface Fix {
  title: string;
  edits: TlsEdit[];
  /** The fix "auto fix" applies (at most one per diagnostic). */
  preferred: boolean;
  /** Fix all may apply it without asking (see the file comment). */
  auto: boolean;
}

export async function codeActions(context: ServiceContext, request: CodeActionRequest): Promise<CodeAction[]> {
  const actions: CodeAction[] = [];
  const wantQuickFix = wants(request.only, QUICK_FIX, false);
  const wantFixAll = wants(request.only, SOURCE_FIX_ALL, true);

  if (wantQuickFix) {
    for (const sent of request.diagnostics ?? []) {
      if (!isOurs(sent)) continue;
      const data = dataFor(context, sent);
      const fixes = await fixesFor(context, sent.code as string, data);
      for (const fix of fixes) {
        const action: CodeAction = { title: fix.title, kind: QUICK_FIX, diagnostics: [sent], edit: { changes: changesOf(fix.edits) } };
        if (fix.preferred) action.isPreferred = true;
        actions.push(action);
      }
    }
    actions.push(...createCertificateActions(request.diagnostics ?? []));
  }

  if ((wantQuickFix && actions.length > 0) || wantFixAll) {
    const all = await autoFixes(context);
    const edits = all.flatMap((entry) => entry.fix.edits);
    const diagnostics = all.flatMap((entry) => entry.diagnostics.map(toLsp));
    // The quick-fix form only when it does more than the single fixes beside it.
    if (wantQuickFix && actions.length > 0 && all.length >= 2) {
      actions.push({ title: FIX_ALL_TITLE, kind: QUICK_FIX, diagnostics, edit: { changes: changesOf(edits) } });
    }
    if (wantFixAll && all.length > 0) {
      actions.push({ title: FIX_ALL_TITLE, kind: SOURCE_FIX_ALL, diagnostics, edit: { changes: changesOf(edits) } });
    }
  }
  return actions;
}

/**
 * "Create development certificates here" for the missing files of a tls block: once per block
 * (its cert-file-not-found findings share the block key's range). It writes files, so it runs as
 * the server command, is never preferred and never part of Fix all.
 */
function createCertificateActions(diagnostics: readonly LspDiagnostic[]): CodeAction[] {
  const missing = diagnostics.filter((d) => d.code === CERT_FILE_NOT_FOUND_CODE && isOurs(d));
  const actions: CodeAction[] = [];
  const blocks = new Map<string, LspDiagnostic[]>();
  for (const diagnostic of missing) {
    const { start, end } = diagnostic.range;
    const key = `${start.line}:${start.character}-${end.line}:${end.character}`;
    blocks.set(key, [...(blocks.get(key) ?? []), diagnostic]);
  }
  for (const sameBlock of blocks.values()) {
    const command = createCertificatesCommand(tlsBlockPathsFromDiagnostics(sameBlock));
    if (command) actions.push({ title: command.title, kind: QUICK_FIX, diagnostics: sameBlock, command });
  }
  return actions;
}

// ---------------------------------------------------------------------------------------------
// Fix all

interface Taken {
  fix: Fix;
  diagnostics: Diagnostic[];
}

/** The auto-fixable preferred fix of each diagnostic of the document, without conflicts. */
export async function autoFixes(context: ServiceContext): Promise<Taken[]> {
  const taken: Taken[] = [];
  for (const diagnostic of context.analysis.diagnostics) {
    const fixes = await fixesFor(context, diagnostic.code, diagnostic.data);
    const fix = fixes.find((f) => f.preferred && f.auto);
    if (!fix) continue;
    const same = taken.find((t) => sameEdits(t.fix.edits, fix.edits));
    if (same) {
      same.diagnostics.push(diagnostic);
      continue;
    }
    if (taken.some((t) => t.fix.edits.some((a) => fix.edits.some((b) => conflicts(a, b))))) continue;
    taken.push({ fix, diagnostics: [diagnostic] });
  }
  return taken;
}

// ---------------------------------------------------------------------------------------------
// The fixes of one diagnostic

/** Every fix of a diagnostic, best first; none without usable data. */
export async function fixesFor(context: ServiceContext, code: string, data: unknown): Promise<Fix[]> {
  if (!isRecord(data)) return [];
  switch (code) {
    case TlsCode.missingKeyFile:
    case TlsCode.missingCertFile:
      return pairFixes(context, data);
    case TlsCode.unquotedDuration:
      return unquotedDurationFixes(data);
    case SchemaCode.unknownField:
    case SchemaCode.ignoredField:
      return keySuggestionFixes(data);
    case SchemaCode.fieldTooNew:
      return tooNewFixes(data);
    case SchemaCode.deprecatedForm:
      return deprecatedFormFixes(data);
  }
  const ready = readyFixes(data);
  const judge = JUDGES[code] ?? offerOnly;
  return ready.map((fix, index) => ({ ...fix, ...judge(fix, index, ready) }));
}

type ReadyFix = { title: string; edits: TlsEdit[] };
type Judge = (fix: ReadyFix, index: number, all: readonly ReadyFix[]) => { preferred: boolean; auto: boolean };

/** Offered, never preferred nor applied by fix all (placeholders, decisions, lossy removals). */
const offerOnly: Judge = () => ({ preferred: false, auto: false });
/** A single rewrite that keeps what was meant (or replaces a refused value): preferred and automatic. */
const safe: Judge = (_fix, index) => ({ preferred: index === 0, auto: index === 0 });
/** The recommended fix, but one that deletes or changes something deliberate: asked, not automatic. */
const preferredOnly: Judge = (_fix, index) => ({ preferred: index === 0, auto: false });
/** Ranked did-you-mean candidates: the first preferred; automatic only when it is the only one. */
const suggestions: Judge = (_fix, index, all) => ({ preferred: index === 0, auto: index === 0 && all.length === 1 });
/** Unranked alternatives (the allowed values of an option): preferred only when there is one. */
const choices: Judge = (_fix, _index, all) => ({ preferred: all.length === 1, auto: all.length === 1 });

const JUDGES: Readonly<Record<string, Judge>> = {
  [TlsCode.wrongType]: safe,
  [TlsCode.emptyList]: safe, // an empty list holds nothing: leaving the option out is the default
  [TlsCode.invalidPinnedCert]: safe,
  [TlsCode.invalidDuration]: safe,
  [TlsCode.timeoutTooLow]: safe,
  [TlsCode.timeoutNegative]: safe,
  [TlsCode.timeoutTooHigh]: preferredOnly, // the value works; shortening it is the user's call
  [TlsCode.unknownCipher]: suggestions,
  [TlsCode.unknownCurve]: suggestions,
  [TlsCode.minVersionUnquoted]: suggestions,
  [TlsCode.invalidMinVersion]: suggestions,
  [TlsCode.invalidHandshakeFirst]: suggestions,
  [TlsCode.invalidValue]: choices,
  // `false` is what the server does without the option; removing it deletes the line.
  [TlsCode.knownUrlsNotSupported]: (fix) => (isRemoval(fix) ? { preferred: false, auto: false } : { preferred: true, auto: true }),
  // Removing the insecure suites is recommended; allowing them is a decision.
  [TlsCode.insecureCiphersNotAllowed]: (fix) => ({ preferred: isRemoval(fix), auto: false }),
  [TlsCode.insecureCipher]: preferredOnly,
  [TlsCode.insecure]: preferredOnly,
  [TlsCode.optionIgnored]: preferredOnly,
  [TlsCode.ocspPeerNeedsVerify]: preferredOnly,
  [TlsCode.verifyWithoutCa]: offerOnly, // a `""` placeholder
  [TlsCode.incompleteCertPair]: offerOnly, // a `""` placeholder
  [TlsCode.conflictingCertificates]: offerOnly,
  [TlsCode.websocketWithoutTls]: offerOnly, // turning TLS off is a decision
  // The key found next to the certificate matches it by content: automatic when it is the only one.
  [CertCode.keyMismatch]: suggestions,
  // Swapping fixes switched inputs, but only when both sides are switched: asked, not automatic.
  [CertCode.pemSwitched]: preferredOnly,
  // Pinning is a security decision.
  [CertCode.pinMismatch]: preferredOnly,
};

/** `cert_file` without `key_file` (or the reverse): the companion file when one sits beside it. */
async function pairFixes(context: ServiceContext, data: Record<string, unknown>): Promise<Fix[]> {
  const ready = readyFixes(data);
  const missing = data.missing;
  const fixes: Fix[] = [];
  const canInsert =
    (missing === 'key_file' || missing === 'cert_file') && isPosition(data.insertAt) && typeof data.insertPrefix === 'string' &&
    typeof data.presentUri === 'string' && data.presentUri !== '' && typeof data.presentValue === 'string';
  if (canInsert) {
    // A key next to the certificate that belongs to it (checked by content) comes first.
    const verified = missing === 'key_file' ? await matchingKeysFor(context, data.presentValue as string) : [];
    const at0 = data.insertAt as Range['start'];
    verified.forEach((key, index) => {
      fixes.push({
        title: `Use the key next to this certificate: ${quote(key)}`,
        edits: [{ uri: data.presentUri as string, range: { start: at0, end: at0 }, newText: `${data.insertPrefix as string}${missing}: ${quote(key)}` }],
        preferred: index === 0,
        auto: index === 0 && verified.length === 1,
      });
    });
    const guesses = verified.length > 0 ? [] : await companionFiles(context, data.presentValue as string, missing);
    const at = data.insertAt as Range['start'];
    guesses.forEach((guess, index) => {
      fixes.push({
        title: `Add ${missing}: ${quote(guess)}`,
        edits: [{ uri: data.presentUri as string, range: { start: at, end: at }, newText: `${data.insertPrefix as string}${missing}: ${quote(guess)}` }],
        preferred: index === 0,
        auto: index === 0 && guesses.length === 1,
      });
    });
    if (guesses.length === 0 && verified.length === 0) {
      // The `""` placeholder: a template to fill in, not a fix.
      for (const fix of ready) if (!isRemoval(fix)) fixes.push({ ...fix, preferred: false, auto: false });
    }
  } else {
    for (const fix of ready) if (!isRemoval(fix)) fixes.push({ ...fix, preferred: false, auto: false });
  }
  for (const fix of ready) if (isRemoval(fix)) fixes.push({ ...fix, preferred: false, auto: false });
  return fixes;
}

/** `timeout: 1m` is a million seconds: quote it (meant: one minute), or use the default. */
function unquotedDurationFixes(data: Record<string, unknown>): Fix[] {
  const ready = readyFixes(data);
  const fixes: Fix[] = ready.map((fix, index) => ({ ...fix, preferred: index === 0, auto: index === 0 }));
  const quoteEdit = ready[0]?.edits.length === 1 ? ready[0].edits[0] : undefined;
  if (quoteEdit) {
    fixes.push({
      title: `Use the default, ${DEFAULT_TIMEOUT_SECONDS} seconds`,
      edits: [{ uri: quoteEdit.uri, range: quoteEdit.range, newText: String(DEFAULT_TIMEOUT_SECONDS) }],
      preferred: false,
      auto: false,
    });
  }
  return fixes;
}

/** An unknown key: each did-you-mean candidate, in the key's own quotes. */
function keySuggestionFixes(data: Record<string, unknown>): Fix[] {
  const { uri, keyRange, keyQuote } = data;
  if (typeof uri !== 'string' || uri === '' || !isRange(keyRange) || !Array.isArray(data.suggestions)) return [];
  const names = data.suggestions.filter((s): s is string => typeof s === 'string' && s !== '');
  const q = keyQuote === '"' || keyQuote === "'" ? keyQuote : '';
  return names.map((name, index) => ({
    title: `Change to ${name}`,
    edits: [{ uri, range: keyRange, newText: `${q}${name}${q}` }],
    preferred: index === 0,
    auto: index === 0 && names.length === 1,
  }));
}

/** A key the targeted release does not have: removing it is the only edit (never automatic). */
function tooNewFixes(data: Record<string, unknown>): Fix[] {
  const { uri, removeRange, key, since } = data;
  if (typeof uri !== 'string' || uri === '' || !isRange(removeRange) || typeof key !== 'string') return [];
  const needs = typeof since === 'string' && since !== '' ? ` (needs nats-server ${since.replace(/^v/, '')})` : '';
  return [{ title: `Remove ${key}${needs}`, edits: [{ uri, range: removeRange, newText: '' }], preferred: false, auto: false }];
}

/** Plain seconds where a duration string is wanted: `60` → `"60s"`. */
function deprecatedFormFixes(data: Record<string, unknown>): Fix[] {
  const { uri, valueRange, replacement } = data;
  if (typeof uri !== 'string' || uri === '' || !isRange(valueRange) || typeof replacement !== 'string') return [];
  return [{ title: `Change to ${replacement}`, edits: [{ uri, range: valueRange, newText: replacement }], preferred: true, auto: true }];
}

// ---------------------------------------------------------------------------------------------
// Guessing the companion file

/**
 * Names the other half of a certificate pair usually has, best first: `server-cert.pem` →
 * `server-key.pem`, `tls.crt` → `tls.key`, `cert.pem` → `key.pem` / `privkey.pem`,
 * `fullchain.pem` → `privkey.pem`, `server.pem` → `server-key.pem` (cfssl), and the reverse.
 */
export function companionNames(fileName: string, wanted: 'key_file' | 'cert_file'): string[] {
  const names: string[] = [];
  const add = (name: string | undefined) => {
    if (name && name !== fileName && !names.includes(name)) names.push(name);
  };
  const dot = fileName.lastIndexOf('.');
  const stem = dot > 0 ? fileName.slice(0, dot) : fileName;
  const ext = dot > 0 ? fileName.slice(dot) : '';
  if (wanted === 'key_file') {
    add(replaceLast(fileName, /fullchain/i, 'privkey'));
    add(replaceLast(fileName, /certificate/i, 'key'));
    add(replaceLast(fileName, /cert/i, 'key'));
    add(replaceLast(fileName, /crt/i, 'key'));
    if (fileName.toLowerCase() === 'cert.pem' || fileName.toLowerCase() === 'chain.pem') add('privkey.pem');
    if (!/cert|crt|chain/i.test(fileName)) {
      add(`${stem}-key${ext}`);
      add(`${stem}.key`);
      add(`${stem}_key${ext}`);
      add(`${stem}.key${ext}`);
    }
  } else {
    add(replaceLast(fileName, /privkey/i, 'fullchain'));
    if (/privkey/i.test(fileName)) add(replaceLast(fileName, /privkey/i, 'cert'));
    add(replaceLast(fileName, /key/i, 'cert'));
    add(replaceLast(fileName, /key/i, 'crt'));
    if (/^key$/i.test(ext.slice(1))) {
      add(`${stem}.pem`);
      add(`${stem}.cer`);
    }
    // cfssl: server.pem with server-key.pem
    const cfssl = /^(.*?)[-_.]key$/i.exec(stem);
    if (cfssl && cfssl[1] !== '') add(`${cfssl[1]}${ext || '.pem'}`);
  }
  return names;
}

/** The companion names that exist next to `written` (the path as written), as written paths. */
/** Keys next to a certificate (as `written`) that belong to it, written like the certificate's path. */
async function matchingKeysFor(context: ServiceContext, written: string): Promise<string[]> {
  if (written === '') return [];
  const configFolder = context.analysis.document.path ? nodePath.dirname(context.analysis.document.path) : undefined;
  const located = await locateFile(context.environment, written, {
    pathBase: pathBase(context.analysis),
    others: configFolder ? [{ folder: configFolder, label: "the config file's folder" }] : [],
  });
  if (located.status !== 'found') return [];
  return (await matchingKeyFiles(context.environment, located.path)).map((name) => siblingPath(written, name));
}

async function companionFiles(context: ServiceContext, written: string, wanted: 'key_file' | 'cert_file'): Promise<string[]> {
  if (written === '') return [];
  const cut = Math.max(written.lastIndexOf('/'), written.lastIndexOf('\\'));
  const folderWritten = written.slice(0, cut + 1);
  const fileName = written.slice(cut + 1);
  if (fileName === '') return [];
  let folder: string;
  if (nodePath.isAbsolute(written)) {
    folder = nodePath.dirname(written);
  } else {
    const base = pathBase(context.analysis);
    if (base === undefined) return []; // an untitled document without natsConf.paths.base
    folder = nodePath.resolve(base, folderWritten === '' ? '.' : folderWritten);
  }
  const candidates = companionNames(fileName, wanted);
  if (candidates.length === 0) return [];
  const entries = await context.environment.readDirectory(folder);
  const files = new Set(entries.filter((e) => e.type === 'file').map((e) => e.name));
  return candidates.filter((name) => files.has(name)).map((name) => `${folderWritten}${name}`);
}

function replaceLast(text: string, pattern: RegExp, replacement: string): string | undefined {
  const global = new RegExp(pattern.source, 'gi');
  let last: RegExpExecArray | undefined;
  for (let m = global.exec(text); m; m = global.exec(text)) last = m;
  if (!last) return undefined;
  const found = last[0];
  const cased = found === found.toUpperCase() && found !== found.toLowerCase() ? replacement.toUpperCase() : replacement;
  return text.slice(0, last.index) + cased + text.slice(last.index + found.length);
}

// ---------------------------------------------------------------------------------------------
// Data from the client

/** A diagnostic of this server with a string code (other tools' diagnostics are left alone). */
function isOurs(diagnostic: LspDiagnostic): boolean {
  return typeof diagnostic.code === 'string' && (diagnostic.source === undefined || diagnostic.source === 'nats-conf');
}

/**
 * The data of a diagnostic the client sent: that of the same finding in this analysis when
 * there is one (fresh, and there even for clients that do not send `data` back), else the
 * client's copy.
 */
function dataFor(context: ServiceContext, sent: LspDiagnostic): unknown {
  const same = context.analysis.diagnostics.find(
    (d) => d.code === sent.code && d.message === sent.message && sameRange(d.range, sent.range),
  );
  return same?.data ?? sent.data;
}

/** The ready-made fixes of TLS data, when well-formed (data from a client is untrusted JSON). */
function readyFixes(data: Record<string, unknown>): ReadyFix[] {
  if (!Array.isArray(data.fixes)) return [];
  const fixes: ReadyFix[] = [];
  for (const fix of data.fixes) {
    if (!isRecord(fix) || typeof fix.title !== 'string' || !Array.isArray(fix.edits) || fix.edits.length === 0) continue;
    if (!fix.edits.every(isEdit)) continue;
    fixes.push({ title: fix.title, edits: fix.edits as TlsEdit[] });
  }
  return fixes;
}

function isEdit(edit: unknown): edit is TlsEdit {
  return isRecord(edit) && typeof edit.uri === 'string' && edit.uri !== '' && isRange(edit.range) && typeof edit.newText === 'string';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isPosition(value: unknown): value is Range['start'] {
  return isRecord(value) && Number.isInteger(value.line) && Number.isInteger(value.character) && (value.line as number) >= 0 && (value.character as number) >= 0;
}

function isRange(value: unknown): value is Range {
  return isRecord(value) && isPosition(value.start) && isPosition(value.end);
}

// ---------------------------------------------------------------------------------------------
// Small helpers

function wants(only: string[] | undefined, kind: string, explicitOnly: boolean): boolean {
  if (!only || only.length === 0) return !explicitOnly;
  return only.some((o) => kind === o || kind.startsWith(`${o}.`));
}

function isRemoval(fix: ReadyFix): boolean {
  return fix.edits.every((e) => e.newText === '');
}

function changesOf(edits: readonly TlsEdit[]): { [uri: string]: TextEdit[] } {
  const changes: { [uri: string]: TextEdit[] } = {};
  const sorted = [...edits].sort((a, b) => compare(a.range.start, b.range.start) || compare(a.range.end, b.range.end));
  for (const edit of sorted) (changes[edit.uri] ??= []).push({ range: edit.range, newText: edit.newText });
  return changes;
}

function compare(a: Range['start'], b: Range['start']): number {
  return a.line - b.line || a.character - b.character;
}

function sameRange(a: Range, b: Range): boolean {
  return isRange(b) && compare(a.start, b.start) === 0 && compare(a.end, b.end) === 0;
}

function sameEdits(a: readonly TlsEdit[], b: readonly TlsEdit[]): boolean {
  return a.length === b.length && a.every((e, i) => e.uri === b[i].uri && e.newText === b[i].newText && sameRange(e.range, b[i].range));
}

/** Edits that overlap, or touch where one of them is an insertion (their order would matter). */
function conflicts(a: TlsEdit, b: TlsEdit): boolean {
  if (a.uri !== b.uri) return false;
  const empty = (e: TlsEdit) => compare(e.range.start, e.range.end) === 0;
  if (empty(a) || empty(b)) return compare(a.range.start, b.range.end) <= 0 && compare(b.range.start, a.range.end) <= 0;
  return compare(a.range.start, b.range.end) < 0 && compare(b.range.start, a.range.end) < 0;
}

function quote(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

const SEVERITY: Readonly<Record<Diagnostic['severity'], DiagnosticSeverity>> = { error: 1, warning: 2, information: 3, hint: 4 };

function toLsp(diagnostic: Diagnostic): LspDiagnostic {
  const result: LspDiagnostic = {
    range: diagnostic.range,
    severity: SEVERITY[diagnostic.severity] ?? 1,
    code: diagnostic.code,
    source: 'nats-conf',
    message: diagnostic.message,
  };
  if (diagnostic.data !== undefined) result.data = diagnostic.data;
  return result;
}
