/**
 * The language server process: the only module that talks to the LSP connection. It keeps the
 * open documents, decides when to validate, and translates the language service's findings
 * into LSP messages. Start with `--stdio`, `--node-ipc` or `--socket=N`.
 */
import {
  CodeActionKind,
  createConnection,
  DiagnosticSeverity,
  type CancellationToken,
  type CodeAction,
  type CompletionList,
  type DocumentLink,
  type DocumentSymbol,
  type FoldingRange,
  type Location,
  type SelectionRange,
  DidChangeConfigurationNotification,
  MessageType,
  ProposedFeatures,
  ShowMessageNotification,
  TextDocuments,
  TextDocumentSyncKind,
  type Diagnostic as LspDiagnostic,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { fileURLToPath, pathToFileURL } from 'url';
import type { Diagnostic } from './analysis/diagnostic';
import type { Severity } from './parser/ast';
import {
  createLanguageService, DEFAULT_SETTINGS, SERVER_VERSIONS, toSeverityOverrides,
  type Analysis, type AnalysisSettings, type ServerVersion, type SeverityOverride,
} from './languageService';
import * as nodePath from 'path';
import { createNodeEnvironment } from './nodeEnvironment';
import { secretMasker } from './analysis/redactSecrets';
import { describeOutcome, SERVER_GENERATE_CERTIFICATES_COMMAND } from './certificates/command';
import { FindingStore, NatsServerSession, type NatsServerCommandResult, type NatsServerInfo } from './natsServer/session';
import { exposedGarbageCollector, IdleCollection } from './idleCollection';

/** Replaced by the build with the manifest's version. */
declare const NATS_CONF_VERSION: string | undefined;
const SERVER_NAME = 'nats-conf-language-server';
const CONFIGURATION_SECTION = 'natsConf';
/** Server → client: a VersionNotice (natsServer/versionNotice.ts) for a client that handles it. */
const VERSION_NOTICE = 'natsConf/versionNotice';
const DEFAULT_VALIDATION_DELAY_MS = 200;
/** Longer waits than this are surely a typo in the settings; the user still wants diagnostics. */
const MAX_VALIDATION_DELAY_MS = 10_000;

interface ServerSettings {
  serverVersion: ServerVersion;
  validationDelayMs: number;
  severityOverrides: Record<string, SeverityOverride>;
  /** `natsConf.paths.base`: `configFile`, `workspaceFolder` or an absolute folder. */
  pathsBase: string;
  /** `natsConf.certificates.expiryWarningDays`. */
  expiryWarningDays: number;
  /** `natsConf.server.path`: the nats-server executable, run only in trusted workspaces. */
  natsServerPath: string;
  /** `natsConf.server.validateOnSave`. */
  validateOnSave: boolean;
}

const DEFAULT_SERVER_SETTINGS: ServerSettings = {
  serverVersion: DEFAULT_SETTINGS.serverVersion,
  validationDelayMs: DEFAULT_VALIDATION_DELAY_MS,
  severityOverrides: {},
  pathsBase: 'configFile',
  expiryWarningDays: DEFAULT_SETTINGS.expiryWarningDays,
  natsServerPath: 'nats-server',
  validateOnSave: false,
};

const LSP_SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const fileEnvironment = createNodeEnvironment();
const languageService = createLanguageService(fileEnvironment);
/** Garbage collection between keystrokes (idleCollection.ts; needs --expose-gc, see serverProcess.ts). */
const idleCollection = new IdleCollection(exposedGarbageCollector());

let clientHasConfigurationRequest = false;
let clientHasWorkspaceFolders = false;
/** The client shows `natsConf/versionNotice` itself (initializationOptions.versionNotices). */
let clientHandlesVersionNotices = false;
let clientRegistersConfigurationChange = false;
/** Settings pushed with didChangeConfiguration, used when the client cannot be asked. */
let pushedSettings: ServerSettings = DEFAULT_SERVER_SETTINGS;
/** Per-document settings, fetched once and forgotten when the configuration changes. */
const settingsCache = new Map<string, Promise<ServerSettings>>();
const pendingValidations = new Map<string, ReturnType<typeof setTimeout>>();

function describeError(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

function logError(context: string, error: unknown): void {
  try {
    connection.console.error(`${context}: ${describeError(error)}`);
  } catch {
    // The connection itself is gone; there is nobody left to tell.
  }
}

/**
 * Wraps a handler so a thrown error or rejected promise is logged and answered with `fallback`:
 * one bad request must never take the server down.
 */
function guarded<Args extends unknown[], Result>(
  name: string,
  fallback: Result,
  handler: (...args: Args) => Result | Promise<Result>,
): (...args: Args) => Promise<Result> {
  return async (...args: Args) => {
    try {
      return await handler(...args);
    } catch (error) {
      logError(`${name} failed`, error);
      return fallback;
    }
  };
}

/** Reads our section from whatever shape a client sends (nested objects or dotted keys). */
function toServerSettings(section: unknown): ServerSettings {
  if (typeof section !== 'object' || section === null) return DEFAULT_SERVER_SETTINGS;
  const raw = section as Record<string, unknown>;
  const version = raw.serverVersion;
  const validation = raw.validation as Record<string, unknown> | undefined;
  const delay = typeof validation === 'object' && validation !== null ? validation.delay : raw['validation.delay'];
  const diagnostics = raw.diagnostics as Record<string, unknown> | undefined;
  const severity = typeof diagnostics === 'object' && diagnostics !== null ? diagnostics.severity : raw['diagnostics.severity'];
  const paths = raw.paths as Record<string, unknown> | undefined;
  const base = typeof paths === 'object' && paths !== null ? paths.base : raw['paths.base'];
  const certificates = raw.certificates as Record<string, unknown> | undefined;
  const expiry = typeof certificates === 'object' && certificates !== null ? certificates.expiryWarningDays : raw['certificates.expiryWarningDays'];
  const natsServerSection = raw.server as Record<string, unknown> | undefined;
  const hasServerSection = typeof natsServerSection === 'object' && natsServerSection !== null;
  const executable = hasServerSection ? natsServerSection.path : raw['server.path'];
  const onSave = hasServerSection ? natsServerSection.validateOnSave : raw['server.validateOnSave'];
  return {
    serverVersion: SERVER_VERSIONS.includes(version as ServerVersion) ? (version as ServerVersion) : DEFAULT_SERVER_SETTINGS.serverVersion,
    validationDelayMs:
      typeof delay === 'number' && Number.isFinite(delay)
        ? Math.min(Math.max(0, delay), MAX_VALIDATION_DELAY_MS)
        : DEFAULT_SERVER_SETTINGS.validationDelayMs,
    severityOverrides: toSeverityOverrides(severity),
    pathsBase: typeof base === 'string' && base.trim() !== '' ? base.trim() : DEFAULT_SERVER_SETTINGS.pathsBase,
    expiryWarningDays:
      typeof expiry === 'number' && Number.isFinite(expiry) && expiry >= 0 ? expiry : DEFAULT_SERVER_SETTINGS.expiryWarningDays,
    natsServerPath: typeof executable === 'string' && executable.trim() !== '' ? executable.trim() : DEFAULT_SERVER_SETTINGS.natsServerPath,
    validateOnSave: onSave === true,
  };
}

function settingsFor(uri: string): Promise<ServerSettings> {
  if (!clientHasConfigurationRequest) return Promise.resolve(pushedSettings);
  let settings = settingsCache.get(uri);
  if (!settings) {
    settings = connection.workspace
      .getConfiguration({ scopeUri: uri, section: CONFIGURATION_SECTION })
      .then(toServerSettings, (error: unknown) => {
        logError('Reading the natsConf settings failed', error);
        return DEFAULT_SERVER_SETTINGS;
      });
    settingsCache.set(uri, settings);
  }
  return settings;
}

/** The file-system path of a `file:` URI; other schemes (untitled, remote) have none. */
function pathOf(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined; // e.g. a UNC host on a POSIX system
  }
}

function toLspDiagnostic(diagnostic: Diagnostic, documentUri: string): LspDiagnostic {
  const result: LspDiagnostic = {
    range: diagnostic.range,
    severity: LSP_SEVERITY[diagnostic.severity] ?? DiagnosticSeverity.Error,
    code: diagnostic.code,
    source: 'nats-conf',
    message: diagnostic.message,
  };
  if (diagnostic.related && diagnostic.related.length > 0) {
    result.relatedInformation = diagnostic.related.map((related) => ({
      location: { uri: related.uri ?? documentUri, range: related.range },
      message: related.message,
    }));
  }
  if (diagnostic.data !== undefined) result.data = diagnostic.data;
  return result;
}

function cancelPendingValidation(uri: string): void {
  const timer = pendingValidations.get(uri);
  if (timer !== undefined) clearTimeout(timer);
  pendingValidations.delete(uri);
}

/** Workspace folders (paths), for `natsConf.paths.base: workspaceFolder`. */
let workspaceFolderPaths: string[] = [];

/** The absolute folder relative certificate paths resolve against, per the setting. */
function pathBaseFor(uri: string, setting: string): string | undefined {
  if (setting === 'configFile') return undefined; // the language service uses the file's folder
  if (setting === 'workspaceFolder') {
    const path = pathOf(uri);
    if (!path) return workspaceFolderPaths[0];
    const containing = workspaceFolderPaths.filter((folder) => path === folder || path.startsWith(folder.endsWith(nodePath.sep) ? folder : folder + nodePath.sep));
    return containing.sort((a, b) => b.length - a.length)[0] ?? workspaceFolderPaths[0];
  }
  return nodePath.isAbsolute(setting) ? setting : undefined;
}

function analysisSettings(uri: string, settings: ServerSettings): Partial<AnalysisSettings> {
  const result: Partial<AnalysisSettings> = { serverVersion: settings.serverVersion, severityOverrides: settings.severityOverrides };
  const base = pathBaseFor(uri, settings.pathsBase);
  if (base !== undefined) result.pathBase = base;
  result.expiryWarningDays = settings.expiryWarningDays;
  // Where a certificate missing at the path base may be found instead.
  const workspaceFolder = pathBaseFor(uri, 'workspaceFolder');
  if (workspaceFolder !== undefined) result.workspaceFolder = workspaceFolder;
  return result;
}

/** One analysis per document version (and settings), shared by validation and every request. */
interface CachedAnalysis {
  version: number;
  settings: ServerSettings;
  analysis: Promise<Analysis | undefined>;
  /** The analysis once it is done: the next version's analysis may build on it (and consume it). */
  done?: Analysis;
}
const analyses = new Map<string, CachedAnalysis>();

async function analysisFor(document: TextDocument): Promise<Analysis | undefined> {
  const uri = document.uri;
  const settings = await settingsFor(uri);
  const cached = analyses.get(uri);
  if (cached && cached.version === document.version && cached.settings === settings) return cached.analysis;
  // An edit inside a quoted string, or of blanks between tokens, patches the last tree instead
  // of parsing anew (parser/patch.ts). That tree is then this version's; a request still
  // working on the last version gets no answer (onAnalysis).
  const previous = cached?.settings === settings ? cached.done : undefined;
  const entry: CachedAnalysis = { version: document.version, settings, analysis: Promise.resolve(undefined) };
  entry.analysis = languageService
    .analyze({ uri, path: pathOf(uri), text: flatCopy(document.getText()), version: document.version }, analysisSettings(uri, settings), previous)
    .then(
      (analysis) => (entry.done = analysis),
      (error: unknown) => {
        logError('Analysis failed', error);
        return undefined;
      },
    );
  analyses.set(uri, entry);
  return entry.analysis;
}

/**
 * The document store builds each edited version by concatenating slices of the last one, which
 * V8 keeps as a rope: every character the parser reads then goes through it. A copy is one flat
 * string (structuredClone copies a string exactly, lone surrogates included). On the bench's
 * 5,000-line file the copy takes about 1.3 ms and parsing it is about 2.4 ms faster than
 * parsing the rope (server CPU per edit, measured before the parser's latest speed-up: 67–81 ms
 * with the rope, 62–65 ms with the copy).
 */
function flatCopy(text: string): string {
  return structuredClone(text);
}

/** Validates the document as it is now and publishes the result unless it went stale meanwhile. */
async function validateNow(uri: string): Promise<void> {
  const document = documents.get(uri);
  if (!document) return;
  const version = document.version;
  const analysis = await analysisFor(document);
  // A failed analysis still owes the user the syntax errors: validate() never throws.
  const findings =
    analysis?.diagnostics ??
    (await languageService.validate(
      { uri, path: pathOf(uri), text: document.getText(), version },
      analysisSettings(uri, await settingsFor(uri)),
    ));
  // Edited, closed or reopened while we worked: a newer validation owns the result.
  const current = documents.get(uri);
  if (current !== document || current.version !== version) return;
  const diagnostics = findings.map((finding) => toLspDiagnostic(finding, uri));
  await connection.sendDiagnostics({ uri, version, diagnostics: [...diagnostics, ...natsServerFindings.findingsFor(uri)] });
  idleCollection.schedule();
}

const validateGuarded = guarded('Validation', undefined, validateNow);
/** The validation running per document, and whether another was asked for meanwhile. */
const runningValidations = new Map<string, { again: boolean; done: Promise<void> }>();

/**
 * Validates the document, one run at a time per document: analysing a big file takes seconds,
 * and starting a run per edit kept dozens of stale analyses (and their trees) alive at once. A
 * request while one runs makes it run once more, on the latest text, when it ends.
 */
function validateSafely(uri: string): Promise<void> {
  const running = runningValidations.get(uri);
  if (running) {
    running.again = true;
    return running.done;
  }
  const state = { again: true, done: Promise.resolve() };
  state.done = (async () => {
    try {
      while (state.again) {
        state.again = false;
        await validateGuarded(uri);
      }
    } finally {
      runningValidations.delete(uri);
    }
  })();
  runningValidations.set(uri, state);
  return state.done;
}

/** Validates after the configured quiet period; each new edit restarts the wait. */
function scheduleValidation(uri: string): void {
  cancelPendingValidation(uri);
  void settingsFor(uri).then((settings) => {
    if (!documents.get(uri)) return;
    // A later edit may have scheduled meanwhile; either timer validates the latest text.
    cancelPendingValidation(uri);
    const timer = setTimeout(() => {
      pendingValidations.delete(uri);
      void validateSafely(uri);
    }, settings.validationDelayMs);
    pendingValidations.set(uri, timer);
  });
}

connection.onInitialize(
  guarded('initialize', { capabilities: {} } as InitializeResult, (params: InitializeParams): InitializeResult => {
    const workspace = params.capabilities.workspace;
    clientHasConfigurationRequest = workspace?.configuration === true;
    clientRegistersConfigurationChange = workspace?.didChangeConfiguration?.dynamicRegistration === true;
    clientHasWorkspaceFolders = workspace?.workspaceFolders === true;
    // Fail closed: a client that says nothing about trust gets no process spawned.
    const initializationOptions = params.initializationOptions as { workspaceTrusted?: unknown; versionNotices?: unknown } | undefined;
    natsServer = new NatsServerSession(initializationOptions?.workspaceTrusted === true);
    clientHandlesVersionNotices = initializationOptions?.versionNotices === true;
    workspaceFolderPaths = (params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri, name: '' }] : []))
      .map((folder) => pathOf(folder.uri))
      .filter((path): path is string => path !== undefined);
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        hoverProvider: true,
        completionProvider: { triggerCharacters: ['$', '/', '"', "'", '.'] },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.SourceFixAll] },
        documentSymbolProvider: true,
        foldingRangeProvider: true,
        selectionRangeProvider: true,
        documentLinkProvider: { resolveProvider: false },
        definitionProvider: true,
        executeCommandProvider: { commands: [SERVER_GENERATE_CERTIFICATES_COMMAND, VALIDATE_WITH_NATS_SERVER_COMMAND] },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: SERVER_NAME, version: typeof NATS_CONF_VERSION === 'string' ? NATS_CONF_VERSION : undefined },
    };
  }),
);

connection.onInitialized(
  guarded('initialized', undefined, async () => {
    if (clientHasConfigurationRequest && clientRegistersConfigurationChange) {
      await connection.client.register(DidChangeConfigurationNotification.type, { section: CONFIGURATION_SECTION });
    }
    if (clientHasWorkspaceFolders) {
      connection.workspace.onDidChangeWorkspaceFolders((event) => {
        const removed = new Set(event.removed.map((folder) => pathOf(folder.uri)));
        workspaceFolderPaths = [
          ...workspaceFolderPaths.filter((path) => !removed.has(path)),
          ...event.added.map((folder) => pathOf(folder.uri)).filter((path): path is string => path !== undefined),
        ];
        analyses.clear();
        for (const document of documents.all()) void validateSafely(document.uri);
      });
    }
  }),
);

connection.onDidChangeConfiguration(
  guarded('didChangeConfiguration', undefined, (params) => {
    const settings = (params?.settings ?? {}) as Record<string, unknown>;
    pushedSettings = toServerSettings(settings[CONFIGURATION_SECTION]);
    settingsCache.clear();
    analyses.clear();
    for (const document of documents.all()) {
      cancelPendingValidation(document.uri);
      void validateSafely(document.uri);
    }
  }),
);

/** Documents whose open event was just handled; TextDocuments reports an open as a change too. */
const justOpened = new Set<string>();

documents.onDidOpen(
  guarded('didOpen', undefined, (event) => {
    const uri = event.document.uri;
    justOpened.add(uri);
    cancelPendingValidation(uri);
    void validateSafely(uri);
  }),
);

documents.onDidChangeContent(
  guarded('didChange', undefined, (event) => {
    idleCollection.cancel();
    const uri = event.document.uri;
    if (justOpened.delete(uri)) return; // validated at once by didOpen
    // nats-server judged the text on disk; after an edit its findings for this file are stale.
    const stale = natsServerFindings.clearTarget(uri);
    stale.delete(uri);
    void republishNatsServerFindings(stale);
    scheduleValidation(uri);
  }),
);

documents.onDidClose(
  guarded('didClose', undefined, async (event) => {
    const uri = event.document.uri;
    justOpened.delete(uri);
    cancelPendingValidation(uri);
    settingsCache.delete(uri);
    analyses.delete(uri);
    const affected = natsServerFindings.clearTarget(uri);
    affected.delete(uri);
    await connection.sendDiagnostics({ uri, diagnostics: [] });
    await republishNatsServerFindings(affected);
  }),
);

connection.onShutdown(
  guarded('shutdown', undefined, () => {
    for (const uri of [...pendingValidations.keys()]) cancelPendingValidation(uri);
  }),
);

function isPosition(value: unknown): boolean {
  const candidate = value as { line?: unknown; character?: unknown } | null;
  return typeof candidate === 'object' && candidate !== null && Number.isFinite(candidate.line) && Number.isFinite(candidate.character);
}

/**
 * Runs a request against the document's current analysis; answers `fallback` when the document
 * is unknown, the analysis failed or the client cancelled meanwhile.
 */
function onAnalysis<Params extends { textDocument: { uri: string } }, Result>(
  name: string,
  fallback: Result,
  run: (analysis: Analysis, params: Params) => Result | Promise<Result>,
): (params: Params, token: CancellationToken) => Promise<Result> {
  return guarded(name, fallback, async (params: Params, token: CancellationToken) => {
    const document = documents.get(params.textDocument.uri);
    if (!document) return fallback;
    // A malformed position would not throw but yield edits at `character: null`: refuse it.
    const { position, positions } = params as { position?: unknown; positions?: unknown };
    if ('position' in params && !isPosition(position)) throw new TypeError(`invalid position ${JSON.stringify(position)}`);
    if ('positions' in params && !(Array.isArray(positions) && positions.every(isPosition))) {
      throw new TypeError(`invalid positions ${JSON.stringify(positions)?.slice(0, 100)}`);
    }
    const version = document.version;
    const analysis = await analysisFor(document);
    if (!analysis || token.isCancellationRequested) return fallback;
    const result = await run(analysis, params);
    // After an edit meanwhile, the next version's analysis may have taken over this one's tree
    // (analysisFor): the result could mix two versions, and the client asks again anyway.
    return token.isCancellationRequested || document.version !== version ? fallback : result;
  });
}

connection.onHover(onAnalysis('hover', null, async (analysis, params) => (await languageService.hover(analysis, params.position)) ?? null));
connection.onCompletion(onAnalysis('completion', { isIncomplete: false, items: [] } as CompletionList, (analysis, params) => languageService.complete(analysis, params.position)));
connection.onCodeAction(
  onAnalysis('codeAction', [] as CodeAction[], (analysis, params) =>
    languageService.codeActions(analysis, { range: params.range, diagnostics: params.context.diagnostics, only: params.context.only }),
  ),
);
connection.onDocumentSymbol(onAnalysis('documentSymbol', [] as DocumentSymbol[], (analysis) => languageService.documentSymbols(analysis)));
connection.onFoldingRanges(onAnalysis('foldingRanges', [] as FoldingRange[], (analysis) => languageService.foldingRanges(analysis)));
connection.onSelectionRanges(onAnalysis('selectionRanges', [] as SelectionRange[], (analysis, params) => languageService.selectionRanges(analysis, params.positions)));
connection.onDocumentLinks(onAnalysis('documentLinks', [] as DocumentLink[], (analysis) => languageService.documentLinks(analysis)));
connection.onDefinition(onAnalysis('definition', [] as Location[], (analysis, params) => languageService.definition(analysis, params.position)));

const VALIDATE_WITH_NATS_SERVER_COMMAND = 'natsConf.server.validateWithNatsServer';
/** Created again on initialize with the client's trust state; untrusted until told otherwise. */
let natsServer = new NatsServerSession(false);
/** The last nats-server findings per validated document, published with our own diagnostics. */
const natsServerFindings = new FindingStore<LspDiagnostic>();
/** The newest nats-server run per document: an older run finishing later is dropped. */
const natsServerRuns = new Map<string, number>();

/** Publishes the nats-server findings of these URIs again, merged with ours for open documents. */
async function republishNatsServerFindings(uris: Iterable<string>): Promise<void> {
  for (const uri of uris) {
    if (documents.get(uri)) await validateSafely(uri);
    else await connection.sendDiagnostics({ uri, diagnostics: natsServerFindings.findingsFor(uri) });
  }
}

async function configurationFor(uri: string | undefined): Promise<ServerSettings> {
  if (uri) return settingsFor(uri);
  if (!clientHasConfigurationRequest) return pushedSettings;
  return toServerSettings(await connection.workspace.getConfiguration(CONFIGURATION_SECTION));
}

/**
 * Tells the user once per session when the installed nats-server is another release line than the
 * target. A client that handles `natsConf/versionNotice` (VS Code's) offers to switch the setting
 * and remembers "Don't Show Again" across sessions; others get a plain warning.
 */
function showVersionNotice(settings: ServerSettings): void {
  const notice = natsServer.noticeOnce(settings.natsServerPath, settings.serverVersion);
  if (!notice) return;
  if (clientHandlesVersionNotices) void connection.sendNotification(VERSION_NOTICE, notice);
  else void connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Warning, message: notice.message });
}

/**
 * nats-server quotes values in its errors (`unrecognized cipher <value>`): a password used as a
 * cipher name would be echoed. Its findings, output and detail get the same masking as ours.
 */
async function withoutSecrets(uri: string, file: string | undefined, result: NatsServerCommandResult): Promise<NatsServerCommandResult> {
  const document = documents.get(uri);
  let analysis = document ? await analysisFor(document) : undefined;
  if (!analysis && file) {
    const read = await fileEnvironment.readFile(file);
    if (read.ok) analysis = await languageService.analyze({ uri, path: file, text: read.text }).catch(() => undefined);
  }
  if (!analysis) return result;
  const mask = secretMasker(analysis.resolution);
  const masked = { ...result, findings: result.findings.map((finding) => ({ ...finding, message: mask(finding.message) })), output: mask(result.output) };
  if (typeof result.detail === 'string') masked.detail = mask(result.detail);
  return masked as NatsServerCommandResult;
}

/**
 * Runs `nats-server -t -c FILE` on the document's file on disk, in the same folder relative
 * paths resolve against for our own checks, and publishes its findings (source `nats-server`)
 * on the files they are in: the document itself or the includes it pulls in.
 */
async function runNatsServer(uri: string): Promise<NatsServerCommandResult> {
  const settings = await settingsFor(uri);
  const file = pathOf(uri);
  if (natsServer.isTrusted && !file) {
    return { status: 'not-on-disk', findings: [], output: '', detail: 'nats-server checks files on disk: save this document as a file first.' };
  }
  const runId = (natsServerRuns.get(uri) ?? 0) + 1;
  natsServerRuns.set(uri, runId);
  const versionAtStart = documents.get(uri)?.version;
  const cwd = pathBaseFor(uri, settings.pathsBase) ?? nodePath.dirname(file ?? '.');
  const verdict = await natsServer.validate({ executable: settings.natsServerPath, file: file ?? '', cwd });
  if (verdict.status === 'untrusted') return verdict;
  const result = await withoutSecrets(uri, file, verdict);
  const stale = natsServerRuns.get(uri) !== runId || documents.get(uri)?.version !== versionAtStart;
  if (!stale) {
    const uriOfOpenFile = new Map(documents.all().map((document) => [pathOf(document.uri), document.uri]));
    const byTarget = new Map<string, LspDiagnostic[]>();
    for (const finding of result.findings) {
      // natsConf.diagnostics.severity applies to nats-server's codes too.
      const level = settings.severityOverrides[finding.code] ?? finding.severity;
      if (level === 'off') continue;
      const target = finding.file === file ? uri : (uriOfOpenFile.get(finding.file) ?? pathToFileURL(finding.file).href);
      const diagnostic: LspDiagnostic = {
        range: finding.range,
        severity: LSP_SEVERITY[level],
        code: finding.code,
        source: 'nats-server',
        message: finding.message,
      };
      byTarget.set(target, [...(byTarget.get(target) ?? []), diagnostic]);
    }
    const affected = natsServerFindings.replace(uri, byTarget);
    if (documents.get(uri)) affected.add(uri);
    await republishNatsServerFindings(affected);
  }
  showVersionNotice(settings);
  return result;
}

connection.onRequest(
  'natsConf/natsServerInfo',
  guarded('natsServerInfo', { path: 'nats-server', status: 'failed' } as NatsServerInfo, async (params: { uri?: string } | undefined) => {
    const settings = await configurationFor(typeof params?.uri === 'string' ? params.uri : undefined);
    const info = await natsServer.info(settings.natsServerPath);
    if (info.status === 'found') showVersionNotice(settings);
    return info;
  }),
);

/** The client reports that the user trusted the workspace (trust is never revoked without a reload). */
connection.onNotification(
  'natsConf/workspaceTrusted',
  guarded('workspaceTrusted', undefined, () => natsServer.grantTrust()),
);

documents.onDidSave(
  guarded('didSave', undefined, async (event) => {
    const uri = event.document.uri;
    if (!natsServer.isTrusted) return; // checked first, before any await: nothing runs untrusted
    if (!(await settingsFor(uri)).validateOnSave) return;
    await runNatsServer(uri);
  }),
);

connection.onExecuteCommand(
  guarded('executeCommand', null as unknown, async (params) => {
    if (params.command === VALIDATE_WITH_NATS_SERVER_COMMAND) {
      const argument = params.arguments?.[0] as { uri?: unknown } | undefined;
      if (typeof argument?.uri !== 'string') return null;
      return runNatsServer(argument.uri);
    }
    if (params.command !== SERVER_GENERATE_CERTIFICATES_COMMAND) return null;
    // Loaded on first use: the certificate library and its polyfill are not needed for editing.
    const { runGenerateCertificatesCommand } = await import('./certificates/generate');
    const argument: unknown = params.arguments?.[0];
    const result = await runGenerateCertificatesCommand(argument);
    if (result.ok) {
      // Files a config names may exist now: check the open documents again.
      analyses.clear();
      for (const document of documents.all()) void validateSafely(document.uri);
    }
    // A quick fix runs this without client code: tell the user what happened.
    if (typeof argument === 'object' && argument !== null && (argument as { notify?: unknown }).notify === true) {
      const outcome = describeOutcome(result);
      void connection.sendNotification(ShowMessageNotification.type, {
        type: outcome.severity === 'info' ? MessageType.Info : MessageType.Error,
        message: outcome.message,
      });
    }
    return result;
  }),
);

/**
 * A certificate, key or included config changed on disk: every open config may depend on it, so
 * all are analysed again (unchanged files are not re-read: the certificate cache keys on mtime
 * and size).
 */
connection.onDidChangeWatchedFiles(
  guarded('didChangeWatchedFiles', undefined, () => {
    analyses.clear();
    for (const document of documents.all()) {
      cancelPendingValidation(document.uri);
      void validateSafely(document.uri);
    }
  }),
);

process.on('unhandledRejection', (reason) => logError('Unhandled rejection', reason));
process.on('uncaughtException', (error) => logError('Uncaught exception', error));

documents.listen(connection);
connection.listen();
