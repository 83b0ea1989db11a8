/**
 * Drives the real language server process over stdio, as an editor would. Tests wait for the
 * notifications they expect (never for a fixed time); each wait has a deadline so a missing
 * notification fails the test instead of hanging it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import {
  createProtocolConnection,
  DidChangeTextDocumentNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  type ClientCapabilities,
  type CodeAction,
  type Command,
  type TextEdit,
  type InitializeResult,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type TextDocumentContentChangeEvent,
} from 'vscode-languageserver-protocol/node';

/** Test bundles live in out/test/lsp/; the repository root is three folders up. */
export const repoRoot = path.resolve(__dirname, '..', '..', '..');
export const serverScript = path.join(repoRoot, 'server', 'out', 'server.js');

const WAIT_LIMIT_MS = 15_000;

interface Waiter {
  uri: string;
  accept: (params: PublishDiagnosticsParams) => boolean;
  resolve: (params: PublishDiagnosticsParams) => void;
}

export interface SessionOptions {
  capabilities?: ClientCapabilities;
  /** Answers workspace/configuration requests (possibly later); the default answers nothing (null). */
  configuration?: (items: { scopeUri?: string; section?: string }[]) => unknown[] | Promise<unknown[]>;
}

export class LspSession {
  readonly connection: ProtocolConnection;
  readonly serverProcess: ChildProcess;
  /** Every publishDiagnostics received, in arrival order. */
  readonly published: PublishDiagnosticsParams[] = [];
  readonly configurationRequests: { scopeUri?: string; section?: string }[][] = [];
  readonly serverErrors: string[] = [];
  private readonly waiters: Waiter[] = [];
  private readonly exited: Promise<number | null>;

  private constructor(options: SessionOptions) {
    this.serverProcess = spawn(process.execPath, [serverScript, '--stdio'], { cwd: repoRoot, stdio: ['pipe', 'pipe', 'pipe'] });
    this.exited = new Promise((resolve) => this.serverProcess.on('exit', (code) => resolve(code)));
    this.serverProcess.stderr!.on('data', (chunk: Buffer) => this.serverErrors.push(chunk.toString()));
    this.connection = createProtocolConnection(
      new StreamMessageReader(this.serverProcess.stdout!),
      new StreamMessageWriter(this.serverProcess.stdin!),
    );
    this.connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
      this.published.push(params);
      for (const waiter of [...this.waiters]) {
        if (waiter.uri === params.uri && waiter.accept(params)) {
          this.waiters.splice(this.waiters.indexOf(waiter), 1);
          waiter.resolve(params);
        }
      }
    });
    this.connection.onNotification('window/logMessage', (params: { message: string }) => {
      this.serverErrors.push(params.message);
    });
    this.connection.onRequest('workspace/configuration', (params: { items: { scopeUri?: string; section?: string }[] }) => {
      this.configurationRequests.push(params.items);
      return options.configuration ? options.configuration(params.items) : params.items.map(() => null);
    });
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.listen();
  }

  static async start(options: SessionOptions = {}): Promise<{ session: LspSession; initializeResult: InitializeResult }> {
    const session = new LspSession(options);
    const initializeResult = await session.connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: null,
      capabilities: options.capabilities ?? {},
      workspaceFolders: null,
    });
    await session.connection.sendNotification(InitializedNotification.type, {});
    return { session, initializeResult };
  }

  open(uri: string, text: string, version = 1, languageId = 'nats-conf'): Promise<void> {
    return this.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId, version, text } });
  }

  change(uri: string, version: number, changes: TextDocumentContentChangeEvent[]): Promise<void> {
    return this.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: changes });
  }

  close(uri: string): Promise<void> {
    return this.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  }

  /** The next publishDiagnostics for `uri` that satisfies `accept` (already received ones are skipped). */
  nextDiagnostics(uri: string, accept: (params: PublishDiagnosticsParams) => boolean = () => true): Promise<PublishDiagnosticsParams> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        reject(new Error(`no matching publishDiagnostics for ${uri} within ${WAIT_LIMIT_MS} ms; received: ${JSON.stringify(this.published)}; server log: ${this.serverErrors.join('\n')}`));
      }, WAIT_LIMIT_MS);
      const waiter: Waiter = {
        uri,
        accept,
        resolve: (params) => {
          clearTimeout(timer);
          resolve(params);
        },
      };
      this.waiters.push(waiter);
    });
  }

  publishedFor(uri: string): PublishDiagnosticsParams[] {
    return this.published.filter((params) => params.uri === uri);
  }

  /** shutdown + exit; resolves with the server's exit code. */
  async shutdown(): Promise<number | null> {
    await this.connection.sendRequest(ShutdownRequest.type);
    await this.connection.sendNotification(ExitNotification.type);
    const code = await this.exited;
    this.connection.dispose();
    return code;
  }

  /** For cleanup after a failed test: make sure no server process outlives the test. */
  kill(): void {
    if (this.serverProcess.exitCode === null && this.serverProcess.signalCode === null) this.serverProcess.kill();
    this.connection.dispose();
  }
}

/** Applies LSP text edits to a text, as a client applying a code action would. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  const offset = (p: { line: number; character: number }) => (p.line < starts.length ? starts[p.line] + p.character : text.length);
  const sorted = [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start));
  let out = text;
  for (const e of sorted) out = out.slice(0, offset(e.range.start)) + e.newText + out.slice(offset(e.range.end));
  return out;
}

/** A code action (not a bare command) in a textDocument/codeAction answer. */
export function isAction(item: CodeAction | Command): item is CodeAction {
  return typeof (item as CodeAction).kind === 'string' || (item as CodeAction).edit !== undefined;
}
