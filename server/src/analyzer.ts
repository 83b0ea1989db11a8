/**
 * The analysis of one document, without the editor services: parse, includes, variables, the
 * semantic and certificate checks, secrets masked, the user's severities. The CLI runs this
 * alone, so it does not load hover, completion or certificate generation; the language service
 * (languageService.ts) adds the services on top.
 */
import type { Environment } from './environment';
import { diagnosticOf, type Diagnostic } from './analysis/diagnostic';
import type { Document, Range, Severity, SyntaxProblem } from './parser/ast';
import { parse } from './parser/parser';
import { alignedStretch, lineBreaks, patchTreeEdit, type TreePatch } from './parser/patch';
import { SyntaxCode } from './parser/syntaxCodes';
import { lineAt } from './parser/nodes';
import { prefetchIncludes, type IncludeCache, type IncludeLimits } from './analysis/includes';
import { patchResolvedElements, patchResolvedStatements, renameResolvedKey, resolveConfig, type Resolution } from './analysis/resolve';
import { checkSemantics, type SemanticRecord } from './analysis/semantics';
import { recheckSemantics, type PatchedEdit } from './analysis/recheck';
import { BlockWalker } from './analysis/blocks';
import { keepValueSecrets, redactSecrets } from './analysis/redactSecrets';
import { checkCertificates, DEFAULT_EXPIRY_WARNING_DAYS } from './analysis/certificates';
import type { ServerVersion } from './knowledge/versions';

// One definition of the version targets: knowledge/versions.ts (what each target stands for).
export { SERVER_VERSIONS, type ServerVersion } from './knowledge/versions';

/** What a user may set a diagnostic code to: a severity, or `off` to hide it. */
export type SeverityOverride = Severity | 'off';
export const SEVERITY_OVERRIDES: readonly SeverityOverride[] = ['error', 'warning', 'information', 'hint', 'off'];

export interface AnalysisSettings {
  /** The nats-server release line the config is checked against. */
  serverVersion: ServerVersion;
  /** Per-code severities chosen by the user (`natsConf.diagnostics.severity`, `--severity`). */
  severityOverrides: Readonly<Record<string, SeverityOverride>>;
  /**
   * Absolute folder relative certificate paths resolve against (`natsConf.paths.base`, the
   * CLI's `--cwd`); unset: the config file's folder.
   */
  pathBase?: string;
  /** The workspace folder holding the document, when known: another place relative certificate paths are looked for. */
  workspaceFolder?: string;
  /** `natsConf.certificates.expiryWarningDays`: warn about certificates expiring within this many days. */
  expiryWarningDays: number;
}

export const DEFAULT_SETTINGS: AnalysisSettings = { serverVersion: 'latest', severityOverrides: {}, expiryWarningDays: DEFAULT_EXPIRY_WARNING_DAYS };

export interface SourceDocument {
  uri: string;
  /** File-system path of the document, when it has one; includes resolve against its folder. */
  path?: string;
  text: string;
  version?: number;
}

/** Everything one analysis pass knows about a document. */
export interface Analysis {
  document: SourceDocument;
  settings: AnalysisSettings;
  tree: Document;
  /** Variables, includes, merged maps and "used as variable" marks. */
  resolution: Resolution;
  /** Every diagnostic, in document order. */
  diagnostics: Diagnostic[];
}

export interface AnalyzerOptions {
  /** Include caps (tests lower them). */
  includeLimits?: Partial<IncludeLimits>;
  /**
   * Keep what the semantic checks found block by block, so that the analysis after a small edit
   * (one given `previous`) visits again only the blocks the edit can change (analysis/
   * recheck.ts). For editors; the CLI analyzes each file once and keeps nothing.
   */
  recheckEdits?: boolean;
}

export interface Analyzer {
  /**
   * Parses, loads includes and resolves variables. May throw only on an internal bug.
   *
   * `previous`, an analysis of an earlier text of the same document, lets an edit inside a
   * quoted string, or of blanks between tokens, reuse its tree and, when nothing it depends on changed, its resolution. It
   * is consumed: its tree becomes this analysis's tree, so nothing may read it afterwards.
   */
  analyze(document: SourceDocument, settings?: Partial<AnalysisSettings>, previous?: Analysis): Promise<Analysis>;
  /** Every diagnostic for the document, in document order. Never throws. */
  validate(document: SourceDocument, settings?: Partial<AnalysisSettings>): Promise<Diagnostic[]>;
}

/**
 * With `recheckEdits`: what an analysis's semantic checks found, block by block, on the analysis
 * itself under a key of this module. Kept in a WeakMap, the records made every full garbage
 * collection trace them again as ephemerons: the slowest tenth of full analyses of a 5,000-line
 * config took 114 to 124 ms instead of 62 to 70.
 */
const SEMANTIC_RECORD = Symbol('semanticRecord');
type WithSemanticRecord = Analysis & { [SEMANTIC_RECORD]?: SemanticRecord };

/** nats-server 2.9.22 and later reject a file that ends with a key without a value. */
export function rejectsDanglingKey(version: ServerVersion): boolean {
  return version !== '2.9';
}

export function createAnalyzer(environment: Environment, options: AnalyzerOptions = {}): Analyzer {
  /** The includes each analysis loaded, to tell whether the next one may keep its resolution. */
  const loadedIncludes = new WeakMap<Analysis, IncludeCache>();
  /** Analyses passed as `previous` once: their tree belongs to a later analysis now. */
  const consumed = new WeakSet<Analysis>();

  async function analyze(document: SourceDocument, partial?: Partial<AnalysisSettings>, previous?: Analysis): Promise<Analysis> {
    const settings: AnalysisSettings = { ...DEFAULT_SETTINGS, ...definedOnly(partial) };
    const reused = previous && !consumed.has(previous) ? reusableTree(previous, document) : undefined;
    if (reused) consumed.add(previous!);
    const tree = reused?.tree ?? parse(document.text);
    const includes = await prefetchIncludes({ path: document.path, document: tree }, environment, {
      limits: options.includeLimits,
    });
    const root = { uri: document.uri, path: document.path, document: tree, text: document.text };
    const keptResolution =
      reused !== undefined &&
      keepsResolution(previous!, settings, includes, loadedIncludes.get(previous!)) &&
      adjustsResolution(previous!.resolution, reused.edit.patch);
    const resolution = keptResolution
      // A new object: caches keyed by the resolution (masked secrets, suggestions) start afresh...
      ? { ...previous!.resolution, root }
      : resolveConfig(root, includes, environment, { rejectDanglingKey: rejectsDanglingKey(settings.serverVersion) });
    // ...but for the secrets found in the values, when the edit cannot have changed them.
    if (keptResolution) keepValueSecrets(previous!.resolution, resolution, reused!.edit.patch);
    const walker = new BlockWalker({ tree, uri: document.uri, resolution });
    const input = { tree, uri: document.uri, resolution };
    let record: SemanticRecord | undefined;
    const keep = options.recheckEdits ? (kept: SemanticRecord) => (record = kept) : undefined;
    const previousRecord = keptResolution && keep ? (previous as WithSemanticRecord)[SEMANTIC_RECORD] : undefined;
    const semantic =
      (previousRecord && recheckSemantics(input, settings.serverVersion, walker, previousRecord, reused!.edit, keep!)) ||
      checkSemantics(input, settings.serverVersion, walker, keep);
    const certificates = await checkCertificates({
      walker,
      tree,
      uri: document.uri,
      resolution,
      environment,
      target: settings.serverVersion,
      pathBase: settings.pathBase,
      documentPath: document.path,
      workspaceFolder: settings.workspaceFolder,
      expiryWarningDays: settings.expiryWarningDays,
    });
    const found = sortDiagnostics([...tree.errors.map((problem) => syntaxDiagnostic(problem, settings, document, tree)), ...resolution.diagnostics, ...semantic, ...certificates]);
    // No message may quote a password, a seed or a key file's content (analysis/redactSecrets.ts).
    const diagnostics = applySeverityOverrides(redactSecrets(found, resolution), settings.severityOverrides);
    const analysis: Analysis = { document, settings, tree, resolution, diagnostics };
    loadedIncludes.set(analysis, includes);
    if (record) (analysis as WithSemanticRecord)[SEMANTIC_RECORD] = record;
    return analysis;
  }

  return {
    analyze,
    async validate(document, settings) {
      try {
        return (await analyze(document, settings)).diagnostics;
      } catch (error) {
        // A bug in the analysis must not cost the user the syntax errors.
        const tree = parse(document.text);
        const resolved: AnalysisSettings = { ...DEFAULT_SETTINGS, ...definedOnly(settings) };
        const origin: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
        return applySeverityOverrides(sortDiagnostics([
          ...tree.errors.map((problem) => syntaxDiagnostic(problem, resolved)),
          {
            code: 'internal-error',
            message: `The analysis failed: ${error instanceof Error ? error.message : String(error)}`,
            severity: 'information',
            range: origin,
            source: 'nats-conf',
          },
        ]), resolved.severityOverrides);
      }
    },
  };
}

/**
 * The previous analysis's tree, patched into the tree of the new text, and what the patch did,
 * when the edit between them is one parser/patch.ts takes (or there was none).
 */
function reusableTree(previous: Analysis, document: SourceDocument): { tree: Document; edit: PatchedEdit } | undefined {
  if (previous.document.uri !== document.uri || previous.document.path !== document.path) return undefined;
  const edit = alignedStretch(previous.document.text, document.text);
  // The same text changes no key and no value, as blanks do.
  if (!edit) return { tree: previous.tree, edit: { patch: { kind: 'blanks' }, line: undefined, linesMoved: 0 } };
  const patch = patchTreeEdit(previous.tree, previous.document.text, document.text, edit);
  if (!patch) return undefined;
  // The edit starts on the same line before and after it.
  const line = lineAt(previous.tree.lineStarts, edit.start);
  const linesMoved = lineBreaks(document.text, edit.start, edit.newEnd) - lineBreaks(previous.document.text, edit.start, edit.oldEnd);
  return { tree: previous.tree, edit: { patch, line, linesMoved } };
}

/**
 * Adjusts the previous resolution to a patch that renamed a key or read statements or list
 * elements again, when it can (see renameResolvedKey, patchResolvedStatements,
 * patchResolvedElements); other patches change nothing it holds.
 */
function adjustsResolution(resolution: Resolution, patch: TreePatch): boolean {
  switch (patch.kind) {
    case 'key':
      return renameResolvedKey(resolution, patch);
    case 'statements':
      return patchResolvedStatements(resolution, patch);
    case 'elements':
      return patchResolvedElements(resolution, patch);
    default:
      return true;
  }
}

/**
 * Whether the previous resolution holds for the patched tree (after a key rename, once adjusted
 * by renameResolvedKey). The resolver reads neither the content of a string value nor blanks
 * (only keys, references and include paths), so it does unless its input changed otherwise: the rule for a dangling key, or an included file (a
 * file whose text is unchanged keeps its parse, so the same tree means the same file). Its
 * diagnostics hold ranges computed before the edit, so one with any is not kept either.
 */
function keepsResolution(previous: Analysis, settings: AnalysisSettings, includes: IncludeCache, previousIncludes: IncludeCache | undefined): boolean {
  if (previous.resolution.diagnostics.length > 0 || !previousIncludes) return false;
  if (rejectsDanglingKey(previous.settings.serverVersion) !== rejectsDanglingKey(settings.serverVersion)) return false;
  return sameIncludes(includes, previousIncludes);
}

function sameIncludes(a: IncludeCache, b: IncludeCache): boolean {
  if (a.size !== b.size || a.truncated !== b.truncated) return false;
  for (const file of a.files()) {
    const other = b.get(file.path);
    if (!other || other.status !== file.status) return false;
    if (file.status === 'ok' ? file.document !== (other as typeof file).document : file.message !== (other as typeof file).message) return false;
  }
  return true;
}

function definedOnly(settings: Partial<AnalysisSettings> | undefined): Partial<AnalysisSettings> {
  const result: Partial<AnalysisSettings> = {};
  if (settings?.serverVersion !== undefined) result.serverVersion = settings.serverVersion;
  if (settings?.severityOverrides !== undefined) result.severityOverrides = settings.severityOverrides;
  if (settings?.pathBase !== undefined) result.pathBase = settings.pathBase;
  if (settings?.workspaceFolder !== undefined) result.workspaceFolder = settings.workspaceFolder;
  if (typeof settings?.expiryWarningDays === 'number' && Number.isFinite(settings.expiryWarningDays) && settings.expiryWarningDays >= 0) {
    result.expiryWarningDays = settings.expiryWarningDays;
  }
  return result;
}

/** The user's per-code choices: a new severity, or `off` to drop the diagnostic. */
export function applySeverityOverrides(diagnostics: Diagnostic[], overrides: Readonly<Record<string, SeverityOverride>>): Diagnostic[] {
  if (Object.keys(overrides).length === 0) return diagnostics;
  const result: Diagnostic[] = [];
  for (const diagnostic of diagnostics) {
    const override = Object.prototype.hasOwnProperty.call(overrides, diagnostic.code) ? overrides[diagnostic.code] : undefined;
    if (override === 'off') continue;
    result.push(override === undefined ? diagnostic : { ...diagnostic, severity: override });
  }
  return result;
}

/** Keeps the well-formed entries of a user's severity map (settings arrive as untyped JSON). */
export function toSeverityOverrides(raw: unknown): Record<string, SeverityOverride> {
  const result: Record<string, SeverityOverride> = {};
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return result;
  for (const [code, level] of Object.entries(raw as Record<string, unknown>)) {
    if (SEVERITY_OVERRIDES.includes(level as SeverityOverride)) result[code] = level as SeverityOverride;
  }
  return result;
}

function syntaxDiagnostic(problem: SyntaxProblem, settings: AnalysisSettings, document?: SourceDocument, tree?: Document): Diagnostic {
  const diagnostic = diagnosticOf(problem);
  if (problem.code === SyntaxCode.keyWithoutValue && document && tree) diagnostic.data = { fixes: [removeKeyFix(problem.range, document, tree.lineStarts)] };
  if (problem.code === SyntaxCode.danglingKey) {
    // 2.9.10 ignores a key without value at the end of the file; 2.9.22 and later reject it.
    diagnostic.severity = rejectsDanglingKey(settings.serverVersion) ? 'error' : 'warning';
    if (!problem.message.includes('2.9.22')) {
      diagnostic.message +=
        ' nats-server 2.9.10 ignores it, but 2.9.22 and later reject the file ("config is invalid").';
    }
  }
  return diagnostic;
}

/**
 * The quick fix of a key without a value (`syntax-key-without-value`): its line removed when
 * the key stands alone on it, else the key and the blanks after it. Offered, never applied by
 * Fix all: the user may rather give it its value.
 */
function removeKeyFix(key: Range, document: SourceDocument, lineStarts: readonly number[]): { title: string; edits: { uri: string; range: Range; newText: string }[] } {
  const text = document.text;
  const lineStart = lineStarts[key.start.line];
  const start = lineStart + key.start.character;
  let end = lineStart + key.end.character;
  const name = text.slice(start, end);
  while (end < text.length && (text[end] === ' ' || text[end] === '\t')) end++;
  const alone = /^[ \t]*$/.test(text.slice(lineStart, start)) && (end === text.length || text[end] === '\n' || text[end] === '\r');
  const range: Range = alone && key.start.line + 1 < lineStarts.length
    ? { start: { line: key.start.line, character: 0 }, end: { line: key.start.line + 1, character: 0 } }
    : { start: key.start, end: { line: key.end.line, character: end - lineStart } };
  return { title: `Remove ${name}`, edits: [{ uri: document.uri, range, newText: '' }] };
}

function sortDiagnostics(diagnostics: Diagnostic[]): Diagnostic[] {
  // Array.prototype.sort is stable: diagnostics at the same range keep their order.
  return diagnostics.slice().sort(
    (a, b) =>
      a.range.start.line - b.range.start.line ||
      a.range.start.character - b.range.start.character ||
      a.range.end.line - b.range.end.line ||
      a.range.end.character - b.range.end.character,
  );
}
