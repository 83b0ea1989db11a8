/**
 * "Validate with nats-server" through the real language server process: the command and
 * validate-on-save publish nats-server's findings (source `nats-server`) at exact ranges, clear
 * them after an edit, and never run anything while the workspace is untrusted.
 * Needs nats-server on PATH (apt-get install -y nats-server).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createProtocolConnection,
  DidChangeConfigurationNotification,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  DidSaveTextDocumentNotification,
  ExecuteCommandRequest,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  type Diagnostic,
  type InitializeResult,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type ShowMessageParams,
} from 'vscode-languageserver-protocol/node';
import { serverScript } from './lspSession';

const COMMAND = 'natsConf.server.validateWithNatsServer';
const WAIT_LIMIT_MS = 15_000;

try {
  execFileSync('nats-server', ['--version']);
} catch {
  throw new Error('these tests need nats-server on PATH: install it with: apt-get install -y nats-server');
}

interface ServerSettingsForTest {
  server?: { path?: string; validateOnSave?: boolean };
  serverVersion?: string;
  diagnostics?: { severity?: Record<string, string> };
}

/** The server over stdio with initializationOptions and a settings answer (lspSession.ts has neither). */
class Client {
  readonly connection: ProtocolConnection;
  readonly process: ChildProcess;
  readonly published: PublishDiagnosticsParams[] = [];
  readonly messages: ShowMessageParams[] = [];
  /** `natsConf/versionNotice` notifications (sent only to clients that say they handle them). */
  readonly versionNotices: unknown[] = [];
  readonly log: string[] = [];
  private waiters: { uri: string; accept: (p: PublishDiagnosticsParams) => boolean; resolve: (p: PublishDiagnosticsParams) => void }[] = [];
  settings: ServerSettingsForTest = {};

  private constructor() {
    this.process = spawn(process.execPath, [serverScript, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.process.stderr!.on('data', (chunk: Buffer) => this.log.push(chunk.toString()));
    this.connection = createProtocolConnection(new StreamMessageReader(this.process.stdout!), new StreamMessageWriter(this.process.stdin!));
    this.connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
      this.published.push(params);
      for (const waiter of [...this.waiters]) {
        if (waiter.uri === params.uri && waiter.accept(params)) {
          this.waiters.splice(this.waiters.indexOf(waiter), 1);
          waiter.resolve(params);
        }
      }
    });
    this.connection.onNotification('window/showMessage', (params: ShowMessageParams) => {
      this.messages.push(params);
    });
    this.connection.onNotification('natsConf/versionNotice', (params: unknown) => {
      this.versionNotices.push(params);
    });
    this.connection.onNotification('window/logMessage', (params: { message: string }) => {
      this.log.push(params.message);
    });
    this.connection.onRequest('workspace/configuration', (params: { items: unknown[] }) => params.items.map(() => this.settings));
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.listen();
  }

  static async start(initializationOptions: unknown, settings: ServerSettingsForTest): Promise<{ client: Client; result: InitializeResult }> {
    const client = new Client();
    client.settings = settings;
    const result = await client.connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: null,
      workspaceFolders: null,
      capabilities: { workspace: { configuration: true } },
      initializationOptions,
    });
    await client.connection.sendNotification(InitializedNotification.type, {});
    return { client, result };
  }

  open(uri: string, text: string): Promise<void> {
    return this.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'nats-conf', version: 1, text } });
  }

  replaceText(uri: string, version: number, text: string): Promise<void> {
    return this.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [{ text }] });
  }

  save(uri: string): Promise<void> {
    return this.connection.sendNotification(DidSaveTextDocumentNotification.type, { textDocument: { uri } });
  }

  validate(uri: string): Promise<{ status: string; detail?: string; version?: string; findings: unknown[] }> {
    return this.connection.sendRequest(ExecuteCommandRequest.type, { command: COMMAND, arguments: [{ uri }] });
  }

  info(uri?: string): Promise<{ status: string; path: string; version?: string; detail?: string }> {
    return this.connection.sendRequest('natsConf/natsServerInfo', { uri });
  }

  nextDiagnostics(uri: string, accept: (params: PublishDiagnosticsParams) => boolean): Promise<PublishDiagnosticsParams> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no matching diagnostics for ${uri}; got ${JSON.stringify(this.published)}; log: ${this.log.join('\n')}`)), WAIT_LIMIT_MS);
      this.waiters.push({ uri, accept, resolve: (params) => { clearTimeout(timer); resolve(params); } });
    });
  }

  async stop(): Promise<void> {
    await this.connection.sendRequest(ShutdownRequest.type);
    await this.connection.sendNotification(ExitNotification.type);
    this.connection.dispose();
  }

  kill(): void {
    if (this.process.exitCode === null) this.process.kill();
    this.connection.dispose();
  }
}

const fromNatsServer = (params: PublishDiagnosticsParams) => params.diagnostics.filter((d) => d.source === 'nats-server');
const hasNatsServer = (params: PublishDiagnosticsParams) => fromNatsServer(params).length > 0;
const shape = (d: Diagnostic) => ({ range: d.range, severity: d.severity, code: d.code, message: d.message });

let workDir: string;
before(() => {
  workDir = mkdtempSync(path.join(tmpdir(), 'nats-conf-lsp-natsserver-'));
});
after(() => rmSync(workDir, { recursive: true, force: true }));

function write(relative: string, text: string): string {
  const file = path.join(workDir, relative);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
  return file;
}

describe('trusted workspace', { timeout: 60_000 }, () => {
  let client: Client;
  let result: InitializeResult;
  before(async () => {
    ({ client, result } = await Client.start({ workspaceTrusted: true }, { serverVersion: '2.9' }));
  });
  after(() => client?.kill());

  test('initialize announces the command and save notifications', () => {
    assert.ok(result.capabilities.executeCommandProvider?.commands.includes(COMMAND));
    assert.deepEqual((result.capabilities.textDocumentSync as { save?: unknown }).save, { includeText: false });
  });

  test('the command publishes nats-server findings next to ours, and an edit clears them', async () => {
    const text = 'port: 4222\n  \u00e9\u00e9_key: 1\n';
    const file = write('broken/nats.conf', text);
    const uri = pathToFileURL(file).href;
    const ours = client.nextDiagnostics(uri, () => true);
    await client.open(uri, text);
    const initial = await ours;
    assert.equal(fromNatsServer(initial).length, 0);

    const merged = client.nextDiagnostics(uri, hasNatsServer);
    const verdict = await client.validate(uri);
    assert.equal(verdict.status, 'invalid');
    assert.equal(verdict.version, '2.9.10');
    const published = await merged;
    assert.deepEqual(fromNatsServer(published).map(shape), [
      { range: { start: { line: 1, character: 2 }, end: { line: 1, character: 8 } }, severity: 1, code: 'nats-server-error', message: 'unknown field "\u00e9\u00e9_key"' },
    ]);
    assert.deepEqual(
      published.diagnostics.filter((d) => d.source === 'nats-conf').map((d) => d.code),
      initial.diagnostics.map((d) => d.code),
      'our own diagnostics stay',
    );

    const fixed = 'port: 4222\n';
    writeFileSync(file, fixed);
    const cleared = client.nextDiagnostics(uri, (params) => !hasNatsServer(params));
    await client.replaceText(uri, 2, fixed);
    assert.deepEqual((await cleared).diagnostics, []);

    assert.equal((await client.validate(uri)).status, 'valid');
    assert.equal(client.published.filter((p) => p.uri === uri).some((p, index, all) => index === all.length - 1 && hasNatsServer(p)), false);
  });

  test('findings in an include are published on the include, and a new run clears them', async () => {
    const main = write('inc/main.conf', 'port: 4222\ninclude "parts/extra.conf"\n');
    const included = write('inc/parts/extra.conf', 'zzz: 1\n');
    const mainUri = pathToFileURL(main).href;
    const includedUri = pathToFileURL(included).href;
    await client.open(mainUri, 'port: 4222\ninclude "parts/extra.conf"\n');
    const onInclude = client.nextDiagnostics(includedUri, hasNatsServer);
    assert.equal((await client.validate(mainUri)).status, 'invalid');
    assert.deepEqual(fromNatsServer(await onInclude).map(shape), [
      { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 3 } }, severity: 1, code: 'nats-server-error', message: 'unknown field "zzz"' },
    ]);

    writeFileSync(included, 'port: 4223\n');
    const cleared = client.nextDiagnostics(includedUri, (params) => params.diagnostics.length === 0);
    assert.equal((await client.validate(mainUri)).status, 'valid');
    await cleared;
  });

  test('a syntax error names only its line: the whole line is marked', async () => {
    const text = 'port: 4222\nhttp_port: 8222 x\n';
    const file = write('syntax/nats.conf', text);
    const uri = pathToFileURL(file).href;
    await client.open(uri, text);
    const merged = client.nextDiagnostics(uri, hasNatsServer);
    await client.validate(uri);
    assert.deepEqual(fromNatsServer(await merged).map(shape), [{
      range: { start: { line: 1, character: 0 }, end: { line: 1, character: 17 } }, severity: 1, code: 'nats-server-parse-error',
      message: "Parse error on line 2: 'Expected a top-level value to end with a new line, comment or EOF, but got 'x' instead.'",
    }]);
  });

  test('natsConf.diagnostics.severity re-levels nats-server codes too', async () => {
    client.settings = { serverVersion: '2.9', diagnostics: { severity: { 'nats-server-parse-error': 'information' } } };
    await client.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: { natsConf: client.settings } });
    const file = write('relevel/nats.conf', 'port: 4222 x\n');
    const uri = pathToFileURL(file).href;
    await client.open(uri, 'port: 4222 x\n');
    const merged = client.nextDiagnostics(uri, hasNatsServer);
    await client.validate(uri);
    assert.deepEqual(fromNatsServer(await merged).map((d) => [d.code, d.severity]), [['nats-server-parse-error', 3]]);
    client.settings = { serverVersion: '2.9' };
    await client.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: { natsConf: client.settings } });
  });

  test('an untitled document is not on disk: the command says so', async () => {
    await client.open('untitled:Untitled-1', 'port: 4222\n');
    const verdict = await client.validate('untitled:Untitled-1');
    assert.deepEqual([verdict.status, verdict.detail], ['not-on-disk', 'nats-server checks files on disk: save this document as a file first.']);
  });

  test('a virtual workspace file (vscode-vfs) is checked from its text, and nats-server is not run on it', async () => {
    const uri = 'vscode-vfs://github/nats-io/example/nats.conf';
    const published = client.nextDiagnostics(uri, () => true);
    await client.open(uri, 'port: 4222\nbogus_key: 1\n');
    assert.deepEqual((await published).diagnostics.map((d) => [d.source, d.range.start.line]), [['nats-conf', 1]]);
    assert.equal((await client.validate(uri)).status, 'not-on-disk');
  });

  test('natsServerInfo reports the installed version; with serverVersion 2.9 no notice is shown', async () => {
    assert.deepEqual(await client.info(), { path: 'nats-server', status: 'found', version: '2.9.10' });
    assert.deepEqual(client.messages, []);
  });
});

describe('validate on save and the version notice', { timeout: 60_000 }, () => {
  let client: Client;
  before(async () => {
    ({ client } = await Client.start({ workspaceTrusted: true }, { server: { validateOnSave: true } }));
  });
  after(() => client?.kill());

  test('saving runs nats-server; the mismatch with serverVersion latest is told once', async () => {
    const text = 'tls {\n  cert_file: "a.pem"\n}\n';
    const file = write('save/nats.conf', text);
    const uri = pathToFileURL(file).href;
    await client.open(uri, text);
    const merged = client.nextDiagnostics(uri, hasNatsServer);
    await client.save(uri);
    assert.deepEqual(fromNatsServer(await merged).map(shape), [
      { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 3 } }, severity: 1, code: 'nats-server-error', message: "missing 'key_file' in TLS configuration" },
    ]);
    await client.validate(uri);
    await client.info(uri);
    assert.deepEqual(client.messages.map((m) => [m.type, m.message]), [[
      2,
      "nats-server 2.9.10 is installed, older than natsConf.serverVersion latest (main (v2.15.0-dev)): the editor's checks follow main (v2.15.0-dev), so nats-server may judge some keys differently. Set natsConf.serverVersion to 2.9 to match it.",
    ]]);
  });
});

describe('the version notice for a client that shows it itself (VS Code)', { timeout: 60_000 }, () => {
  let client: Client;
  before(async () => {
    ({ client } = await Client.start({ workspaceTrusted: true, versionNotices: true }, {}));
  });
  after(() => client?.kill());

  test('it gets natsConf/versionNotice with a stable key and the matching target, once, and no plain warning', async () => {
    const file = write('notice/nats.conf', 'port: 4222\n');
    const uri = pathToFileURL(file).href;
    await client.open(uri, 'port: 4222\n');
    await client.info(uri);
    await client.info(uri);
    assert.deepEqual(client.versionNotices, [{
      message: "nats-server 2.9.10 is installed, older than natsConf.serverVersion latest (main (v2.15.0-dev)): the editor's checks follow main (v2.15.0-dev), so nats-server may judge some keys differently. Set natsConf.serverVersion to 2.9 to match it.",
      key: '2.9.10|latest',
      suggestion: '2.9',
    }]);
    assert.deepEqual(client.messages, []);
  });
});

describe('untrusted workspace', { timeout: 60_000 }, () => {
  let marker: string;
  let fake: string;
  before(() => {
    marker = path.join(workDir, 'untrusted-ran.txt');
    fake = write('bin/fake-nats-server', `#!/bin/sh\necho ran >> '${marker}'\necho 'nats-server: v2.9.10'\necho 'nats-server: configuration file x is valid' >&2\n`);
    chmodSync(fake, 0o755);
  });

  for (const [name, initializationOptions] of [['workspaceTrusted: false', { workspaceTrusted: false }], ['no trust state at all (fails closed)', undefined]] as const) {
    test(`${name}: neither the command, a save nor the version probe runs the executable`, async () => {
      const { client } = await Client.start(initializationOptions, { server: { path: fake, validateOnSave: true } });
      try {
        const file = write('untrusted/nats.conf', 'port: 4222\n');
        const uri = pathToFileURL(file).href;
        await client.open(uri, 'port: 4222\n');
        await client.save(uri);
        const verdict = await client.validate(uri);
        assert.deepEqual([verdict.status, verdict.detail], ['untrusted', 'nats-server is not run in Restricted Mode: trust this workspace to validate with nats-server.']);
        assert.deepEqual(await client.info(uri), { path: fake, status: 'untrusted', detail: 'nats-server is not run in Restricted Mode: trust this workspace to validate with nats-server.' });
        // The requests above were answered after the save was handled: nothing ran.
        assert.equal(existsSync(marker), false);
        await client.stop();
      } finally {
        client.kill();
      }
    });
  }

  test('after the trust notification the executable runs', async () => {
    const { client } = await Client.start({ workspaceTrusted: false }, { server: { path: fake } });
    try {
      const file = write('untrusted/nats.conf', 'port: 4222\n');
      const uri = pathToFileURL(file).href;
      await client.open(uri, 'port: 4222\n');
      assert.equal((await client.validate(uri)).status, 'untrusted');
      assert.equal(existsSync(marker), false);
      await client.connection.sendNotification('natsConf/workspaceTrusted', {});
      const verdict = await client.validate(uri);
      assert.equal(verdict.status, 'valid');
      assert.ok(existsSync(marker), 'the fake nats-server ran');
    } finally {
      client.kill();
    }
  });
});
