/**
 * A language server session for the security tests: like lspSession.ts, but it keeps every byte
 * the server writes (stdout frames and stderr) so a test can scan all of it, records every
 * notification and request the server sends (telemetry/event, showMessage, logMessage, ...) and
 * lets the test choose the node flags (permission model, preloads) and the environment.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import {
  createMessageConnection,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  type ClientCapabilities,
  type InitializeResult,
  type MessageConnection,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';
import { repoRoot, serverScript } from './lspSession';

const WAIT_LIMIT_MS = 20_000;

export interface CapturedSessionOptions {
  /** Node flags placed before the server script (e.g. --experimental-permission, --require). */
  nodeArgs?: string[];
  /** The server process's whole environment (default: this process's). */
  env?: NodeJS.ProcessEnv;
  capabilities?: ClientCapabilities;
  initializationOptions?: unknown;
  rootUri?: string | null;
}

export interface ReceivedMessage {
  method: string;
  params: unknown;
}

export class CapturedSession {
  readonly connection: MessageConnection;
  readonly serverProcess: ChildProcess;
  /** Every notification the server sent, publishDiagnostics included, in arrival order. */
  readonly notifications: ReceivedMessage[] = [];
  /** Every request the server sent to the client. */
  readonly serverRequests: ReceivedMessage[] = [];
  private readonly stdoutChunks: Buffer[] = [];
  private readonly stderrChunks: Buffer[] = [];
  private readonly waiters: { uri: string; accept: (p: PublishDiagnosticsParams) => boolean; resolve: (p: PublishDiagnosticsParams) => void }[] = [];
  private readonly exited: Promise<number | null>;

  private constructor(options: CapturedSessionOptions) {
    this.serverProcess = spawn(process.execPath, [...(options.nodeArgs ?? []), serverScript, '--stdio'], {
      cwd: repoRoot,
      env: options.env ?? process.env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.exited = new Promise((resolve) => this.serverProcess.on('exit', (code) => resolve(code)));
    // Attached before the message reader: every byte is kept, whatever the reader makes of it.
    this.serverProcess.stdout!.on('data', (chunk: Buffer) => this.stdoutChunks.push(chunk));
    this.serverProcess.stderr!.on('data', (chunk: Buffer) => this.stderrChunks.push(chunk));
    // A plain message connection: its catch-all handlers see every method the server uses.
    this.connection = createMessageConnection(new StreamMessageReader(this.serverProcess.stdout!), new StreamMessageWriter(this.serverProcess.stdin!));
    this.connection.onNotification((method: string, params: unknown) => {
      this.notifications.push({ method, params });
      if (method !== 'textDocument/publishDiagnostics') return;
      const published = params as PublishDiagnosticsParams;
      for (const waiter of [...this.waiters]) {
        if (waiter.uri === published.uri && waiter.accept(published)) {
          this.waiters.splice(this.waiters.indexOf(waiter), 1);
          waiter.resolve(published);
        }
      }
    });
    this.connection.onRequest((method: string, params: unknown) => {
      this.serverRequests.push({ method, params });
      if (method === 'workspace/configuration') return ((params as { items: unknown[] }).items ?? []).map(() => null);
      return null;
    });
    this.connection.listen();
  }

  static async start(options: CapturedSessionOptions = {}): Promise<{ session: CapturedSession; initializeResult: InitializeResult }> {
    const session = new CapturedSession(options);
    const initializeResult = await session.connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: options.rootUri ?? null,
      capabilities: options.capabilities ?? {},
      workspaceFolders: null,
      initializationOptions: options.initializationOptions,
    });
    await session.connection.sendNotification(InitializedNotification.type, {});
    return { session, initializeResult };
  }

  /** Opens a document and waits for its first diagnostics. */
  async openAndWait(uri: string, text: string, languageId = 'nats-conf'): Promise<PublishDiagnosticsParams> {
    const published = this.nextDiagnostics(uri);
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId, version: 1, text } });
    return published;
  }

  nextDiagnostics(uri: string, accept: (params: PublishDiagnosticsParams) => boolean = () => true): Promise<PublishDiagnosticsParams> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        reject(new Error(`no matching publishDiagnostics for ${uri} within ${WAIT_LIMIT_MS} ms; server stderr: ${this.stderr()}`));
      }, WAIT_LIMIT_MS);
      const waiter = {
        uri,
        accept,
        resolve: (params: PublishDiagnosticsParams) => {
          clearTimeout(timer);
          resolve(params);
        },
      };
      this.waiters.push(waiter);
    });
  }

  /** Everything the server wrote to stderr so far. */
  stderr(): string {
    return Buffer.concat(this.stderrChunks).toString('utf8');
  }

  /** Everything the server wrote to stdout so far, as bytes decoded to text. */
  stdout(): string {
    return Buffer.concat(this.stdoutChunks).toString('utf8');
  }

  /** The JSON-RPC messages in stdout, split by their Content-Length headers. */
  frames(): unknown[] {
    const bytes = Buffer.concat(this.stdoutChunks);
    const messages: unknown[] = [];
    let offset = 0;
    while (offset < bytes.length) {
      const headerEnd = bytes.indexOf('\r\n\r\n', offset);
      if (headerEnd < 0) throw new Error(`stdout holds bytes that are not an LSP frame: ${bytes.subarray(offset, offset + 200).toString()}`);
      const header = bytes.subarray(offset, headerEnd).toString('ascii');
      const length = /Content-Length: (\d+)/i.exec(header);
      if (!length) throw new Error(`an LSP frame without Content-Length: ${header}`);
      const start = headerEnd + 4;
      messages.push(JSON.parse(bytes.subarray(start, start + Number(length[1])).toString('utf8')));
      offset = start + Number(length[1]);
    }
    return messages;
  }

  async shutdown(): Promise<number | null> {
    await this.connection.sendRequest(ShutdownRequest.type);
    await this.connection.sendNotification(ExitNotification.type);
    const code = await this.exited;
    this.connection.dispose();
    return code;
  }

  kill(): void {
    if (this.serverProcess.exitCode === null && this.serverProcess.signalCode === null) this.serverProcess.kill();
    this.connection.dispose();
  }
}
