/**
 * The language server process: the only module that talks to the LSP connection. It keeps the
 * open documents, decides when to validate, and translates the language service's findings
 * into LSP messages. Start with `--stdio`, `--node-ipc` or `--socket=N`.
 */
import {
  createConnection,
  DiagnosticSeverity,
  DidChangeConfigurationNotification,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  type Diagnostic as LspDiagnostic,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { fileURLToPath } from 'url';
import type { Diagnostic } from './analysis/diagnostic';
import type { Severity } from './parser/ast';
import {
  createLanguageService, DEFAULT_SETTINGS, SERVER_VERSIONS, toSeverityOverrides, type ServerVersion, type SeverityOverride,
} from './languageService';
import { createNodeEnvironment } from './nodeEnvironment';

/** Replaced by the build with the manifest's version. */
declare const NATS_CONF_VERSION: string | undefined;
const SERVER_NAME = 'nats-conf-language-server';
const CONFIGURATION_SECTION = 'natsConf';
const DEFAULT_VALIDATION_DELAY_MS = 200;
/** Longer waits than this are surely a typo in the settings; the user still wants diagnostics. */
const MAX_VALIDATION_DELAY_MS = 10_000;

interface ServerSettings {
  serverVersion: ServerVersion;
  validationDelayMs: number;
  severityOverrides: Record<string, SeverityOverride>;
}

const DEFAULT_SERVER_SETTINGS: ServerSettings = {
  serverVersion: DEFAULT_SETTINGS.serverVersion,
  validationDelayMs: DEFAULT_VALIDATION_DELAY_MS,
  severityOverrides: {},
};

const LSP_SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const languageService = createLanguageService(createNodeEnvironment());

let clientHasConfigurationRequest = false;
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
  return {
    serverVersion: SERVER_VERSIONS.includes(version as ServerVersion) ? (version as ServerVersion) : DEFAULT_SERVER_SETTINGS.serverVersion,
    validationDelayMs:
      typeof delay === 'number' && Number.isFinite(delay)
        ? Math.min(Math.max(0, delay), MAX_VALIDATION_DELAY_MS)
        : DEFAULT_SERVER_SETTINGS.validationDelayMs,
    severityOverrides: toSeverityOverrides(severity),
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

/** Validates the document as it is now and publishes the result unless it went stale meanwhile. */
async function validateNow(uri: string): Promise<void> {
  const document = documents.get(uri);
  if (!document) return;
  const version = document.version;
  const text = document.getText();
  const settings = await settingsFor(uri);
  const findings = await languageService.validate(
    { uri, path: pathOf(uri), text, version },
    { serverVersion: settings.serverVersion, severityOverrides: settings.severityOverrides },
  );
  // Edited, closed or reopened while we worked: a newer validation owns the result.
  const current = documents.get(uri);
  if (current !== document || current.version !== version) return;
  await connection.sendDiagnostics({ uri, version, diagnostics: findings.map((finding) => toLspDiagnostic(finding, uri)) });
}

const validateSafely = guarded('Validation', undefined, validateNow);

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
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
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
  }),
);

connection.onDidChangeConfiguration(
  guarded('didChangeConfiguration', undefined, (params) => {
    const settings = (params?.settings ?? {}) as Record<string, unknown>;
    pushedSettings = toServerSettings(settings[CONFIGURATION_SECTION]);
    settingsCache.clear();
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
    const uri = event.document.uri;
    if (justOpened.delete(uri)) return; // validated at once by didOpen
    scheduleValidation(uri);
  }),
);

documents.onDidClose(
  guarded('didClose', undefined, async (event) => {
    const uri = event.document.uri;
    justOpened.delete(uri);
    cancelPendingValidation(uri);
    settingsCache.delete(uri);
    await connection.sendDiagnostics({ uri, diagnostics: [] });
  }),
);

connection.onShutdown(
  guarded('shutdown', undefined, () => {
    for (const uri of [...pendingValidations.keys()]) cancelPendingValidation(uri);
  }),
);

process.on('unhandledRejection', (reason) => logError('Unhandled rejection', reason));
process.on('uncaughtException', (error) => logError('Uncaught exception', error));

documents.listen(connection);
connection.listen();
