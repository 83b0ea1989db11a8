/**
 * The LSP client side the benchmarks share (bench/run.ts, bench/editMemory.ts): starts the built
 * language server over stdio, answers its configuration and capability requests, runs the
 * initialize handshake, waits for the diagnostics of a document version, and shuts the server
 * down. What to send and what to measure stays with each benchmark.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import {
  createProtocolConnection,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  type ClientCapabilities,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';

/** The section the server asks for with workspace/configuration. */
const CONFIGURATION_SECTION = 'natsConf';
/** LSP MessageType.Error. */
const LOG_ERROR = 1;

export interface LspClientOptions {
  /** The bundled server, e.g. server/out/server.js. */
  serverScript: string;
  /** Node flags put before the script (bench:memory passes the server's heap cap). */
  execArgv?: readonly string[];
  cwd?: string;
  /**
   * The server's stderr: 'inherit' shows it as it comes, 'collect' keeps it (with every
   * window/logMessage) for the error raised when diagnostics do not arrive.
   */
  stderr: 'inherit' | 'collect';
  /** The answer to workspace/configuration for the natsConf section (other sections get null). */
  settings: object;
  /** Also print window/logMessage errors to this process's stderr. */
  echoLoggedErrors?: boolean;
}

export interface Published {
  params: PublishDiagnosticsParams;
  /** performance.now() when the notification arrived. */
  at: number;
}

export interface LspClient {
  readonly connection: ProtocolConnection;
  readonly process: ChildProcess;
  readonly pid: number;
  /** Resolves with the exit code once the server process ends. */
  readonly exited: Promise<number | null>;
  /** The last publishDiagnostics of any document, if one came. */
  readonly lastPublished: PublishDiagnosticsParams | undefined;
  /** Collected stderr and log messages ('collect' only). */
  log(): string;
  /** initialize (processId, no workspace folders, the given root and capabilities), then initialized. */
  initialize(init: { rootUri: string | null; capabilities: ClientCapabilities }): Promise<void>;
  /**
   * The diagnostics published for `uri` at `version`. Call before sending the change, so a fast
   * answer is not missed; rejects after `deadlineMs`.
   */
  diagnosticsFor(uri: string, version: number, deadlineMs: number): Promise<Published>;
  /** shutdown, then exit. */
  shutdown(): Promise<void>;
  /** Disposes the connection and kills the server if it still runs. */
  close(): void;
}

export function startLspClient(options: LspClientOptions): LspClient {
  const child = spawn(process.execPath, [...(options.execArgv ?? []), options.serverScript, '--stdio'], {
    cwd: options.cwd,
    stdio: ['pipe', 'pipe', options.stderr === 'collect' ? 'pipe' : 'inherit'],
  });
  let collected = '';
  if (options.stderr === 'collect') child.stderr?.on('data', (chunk: Buffer) => (collected += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));

  const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  connection.onRequest('workspace/configuration', (params: { items: { section?: string }[] }) =>
    params.items.map((item) => (item.section === CONFIGURATION_SECTION ? options.settings : null)),
  );
  connection.onRequest('client/registerCapability', () => null);
  connection.onNotification('window/logMessage', (params: { type: number; message: string }) => {
    if (options.stderr === 'collect') collected += params.message + '\n';
    if (options.echoLoggedErrors && params.type === LOG_ERROR) console.error(`server error: ${params.message}`);
  });

  const waiters: Array<{ uri: string; version: number; resolve: (published: Published) => void }> = [];
  let lastPublished: PublishDiagnosticsParams | undefined;
  connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
    const at = performance.now();
    lastPublished = params;
    for (const waiter of [...waiters]) {
      if (waiter.uri === params.uri && waiter.version === params.version) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve({ params, at });
      }
    }
  });
  connection.listen();

  return {
    connection,
    process: child,
    pid: child.pid as number,
    exited,
    get lastPublished() {
      return lastPublished;
    },
    log: () => collected,
    async initialize(init) {
      await connection.sendRequest(InitializeRequest.type, { processId: process.pid, rootUri: init.rootUri, capabilities: init.capabilities, workspaceFolders: null });
      await connection.sendNotification(InitializedNotification.type, {});
    },
    diagnosticsFor(uri, version, deadlineMs) {
      return new Promise<Published>((resolve, reject) => {
        const timer = setTimeout(() => {
          const log = options.stderr === 'collect' ? `; server log:\n${collected}` : '';
          reject(new Error(`no publishDiagnostics for version ${version} within ${deadlineMs} ms${log}`));
        }, deadlineMs);
        waiters.push({ uri, version, resolve: (published) => (clearTimeout(timer), resolve(published)) });
      });
    },
    async shutdown() {
      await connection.sendRequest(ShutdownRequest.type);
      await connection.sendNotification(ExitNotification.type);
    },
    close() {
      connection.dispose();
      if (child.exitCode === null && child.signalCode === null) child.kill();
    },
  };
}
