import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DiagnosticSeverity, TextDocumentSyncKind, type Range } from 'vscode-languageserver-protocol/node';
import { LspSession, repoRoot, serverScript } from './lspSession';

const TEST_TIMEOUT_MS = 30_000;

/** A distinct file: URI per test, so one test's notifications never satisfy another's waits. */
let uriCounter = 0;
function nextUri(name = 'config'): string {
  uriCounter += 1;
  return pathToFileURL(path.join(repoRoot, 'out', 'lsp-scratch', `${name}-${uriCounter}.conf`)).href;
}

function wholeDocument(text: string): Range {
  const lines = text.split('\n');
  return { start: { line: 0, character: 0 }, end: { line: lines.length - 1, character: lines[lines.length - 1].length } };
}

test('the server bundle exists (the test command builds it first)', () => {
  assert.ok(existsSync(serverScript), `${serverScript} is missing: run node scripts/build.mjs`);
});

describe('language server over stdio', { timeout: TEST_TIMEOUT_MS }, () => {
  let session: LspSession;
  let initializeResult: Awaited<ReturnType<typeof LspSession.start>>['initializeResult'];

  before(async () => {
    ({ session, initializeResult } = await LspSession.start());
  });

  after(() => session?.kill());

  test('initialize announces incremental document sync and the server name', () => {
    const sync = initializeResult.capabilities.textDocumentSync;
    assert.equal(typeof sync, 'object');
    assert.equal((sync as { change?: number }).change, TextDocumentSyncKind.Incremental);
    assert.equal((sync as { openClose?: boolean }).openClose, true);
    assert.equal(initializeResult.serverInfo?.name, 'nats-conf-language-server');
    assert.match(initializeResult.serverInfo?.version ?? '', /^\d+\.\d+\.\d+/);
  });

  test('a clean config publishes no diagnostics on open', async () => {
    const uri = nextUri('clean');
    const published = session.nextDiagnostics(uri);
    await session.open(uri, 'port: 4222\nhttp_port: 8222\n');
    const result = await published;
    assert.deepEqual(result.diagnostics, []);
    assert.equal(result.version, 1);
  });

  test('didOpen with two statements on one line publishes syntax-expected-value-end', async () => {
    const uri = nextUri('two-statements');
    const published = session.nextDiagnostics(uri);
    await session.open(uri, 'port: 4222 http_port: 8222\n');
    const { diagnostics, version } = await published;
    assert.equal(version, 1);
    assert.equal(diagnostics.length, 1, JSON.stringify(diagnostics));
    const [problem] = diagnostics;
    assert.equal(problem.code, 'syntax-expected-value-end');
    assert.equal(problem.severity, DiagnosticSeverity.Error);
    assert.equal(problem.source, 'nats-conf');
    assert.equal(problem.range.start.line, 0);
    assert.equal(problem.range.end.line, 0);
    // nats-server complains about the `h` of `http_port` (column 11).
    assert.ok(problem.range.start.character <= 11 && problem.range.end.character >= 11, JSON.stringify(problem.range));
    assert.equal(typeof problem.message, 'string');
    assert.notEqual(problem.message, '');
  });

  test('an unterminated map publishes syntax-unterminated-map', async () => {
    const uri = nextUri('unterminated');
    const published = session.nextDiagnostics(uri);
    await session.open(uri, 'tls {\n cert_file: "a"\n');
    const { diagnostics } = await published;
    assert.deepEqual(
      diagnostics.map((diagnostic) => [diagnostic.code, diagnostic.severity]),
      [['syntax-unterminated-map', DiagnosticSeverity.Error]],
    );
  });

  test('fixing the text with didChange publishes an empty list for the new version', async () => {
    const uri = nextUri('fix');
    const broken = 'port: 4222 http_port: 8222\n';
    const opened = session.nextDiagnostics(uri);
    await session.open(uri, broken);
    assert.equal((await opened).diagnostics.length, 1);

    const fixed = session.nextDiagnostics(uri, (params) => params.version === 2);
    // An incremental edit: put a newline between the two statements.
    await session.change(uri, 2, [{ range: { start: { line: 0, character: 10 }, end: { line: 0, character: 11 } }, text: '\n' }]);
    assert.deepEqual((await fixed).diagnostics, []);
  });

  test('two quick edits publish the latest version only, never a stale one', async () => {
    const uri = nextUri('quick-edits');
    const opened = session.nextDiagnostics(uri);
    await session.open(uri, 'port: 4222\n');
    await opened;

    const latest = session.nextDiagnostics(uri, (params) => params.version === 3);
    const broken = 'port: 4222 http_port: 8222\n';
    await session.change(uri, 2, [{ range: wholeDocument('port: 4222\n'), text: broken }]);
    await session.change(uri, 3, [{ range: wholeDocument(broken), text: 'port: 4223\n' }]);
    assert.deepEqual((await latest).diagnostics, []);

    // Closing publishes a final clear; anything stale would have to arrive before it.
    const cleared = session.nextDiagnostics(uri, (params) => params.version === undefined);
    await session.close(uri);
    await cleared;
    const afterOpen = session.publishedFor(uri).slice(1);
    assert.deepEqual(
      afterOpen.map((params) => [params.version, params.diagnostics.length]),
      [
        [3, 0],
        [undefined, 0],
      ],
    );
  });

  test('didClose clears the diagnostics of the document', async () => {
    const uri = nextUri('close');
    const opened = session.nextDiagnostics(uri);
    await session.open(uri, 'tls {\n');
    await opened;
    const cleared = session.nextDiagnostics(uri);
    await session.close(uri);
    const result = await cleared;
    assert.deepEqual(result.diagnostics, []);
  });

  test('untitled documents and unusual URIs are validated too', async () => {
    for (const uri of ['untitled:Untitled-1', 'file://fileserver/share/nats.conf', 'vscode-remote://ssh-remote+box/etc/nats.conf']) {
      const published = session.nextDiagnostics(uri);
      await session.open(uri, 'port: 4222\n');
      assert.deepEqual((await published).diagnostics, [], uri);
      const cleared = session.nextDiagnostics(uri);
      await session.close(uri);
      await cleared;
    }
  });

  test('unknown requests and notifications about unknown documents do not harm the server', async () => {
    await assert.rejects(session.connection.sendRequest('natsConf/noSuchRequest', {}), /Unhandled method|not found|MethodNotFound/i);
    await session.change('file:///never/opened.conf', 7, [{ text: 'port: 1\n' }]);
    await session.close('file:///never/opened.conf');
    const uri = nextUri('still-alive');
    const published = session.nextDiagnostics(uri);
    await session.open(uri, 'port: 4222\n');
    assert.deepEqual((await published).diagnostics, []);
  });

  test('shutdown and exit end the process with code 0', async () => {
    assert.equal(await session.shutdown(), 0);
  });
});

describe('settings through workspace/configuration', { timeout: TEST_TIMEOUT_MS }, () => {
  let session: LspSession;
  let delayAnswered = 50;

  before(async () => {
    ({ session } = await LspSession.start({
      capabilities: { workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true } } },
      configuration: (items) => items.map(() => ({ serverVersion: '2.9', validation: { delay: delayAnswered } })),
    }));
  });

  after(() => session?.kill());

  test('settings are requested for the natsConf section, scoped to the document', async () => {
    const uri = nextUri('settings');
    const published = session.nextDiagnostics(uri);
    await session.open(uri, 'port: 4222\n');
    await published;
    const items = session.configurationRequests.flat();
    assert.ok(
      items.some((item) => item.section === 'natsConf' && item.scopeUri === uri),
      JSON.stringify(session.configurationRequests),
    );
  });

  test('a configuration change revalidates open documents with freshly read settings', async () => {
    const uri = nextUri('reconfigure');
    const opened = session.nextDiagnostics(uri);
    await session.open(uri, 'port: 4222\n');
    await opened;
    const requestsBefore = session.configurationRequests.length;

    delayAnswered = 0;
    const revalidated = session.nextDiagnostics(uri);
    await session.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    const result = await revalidated;
    assert.equal(result.version, 1);
    assert.ok(session.configurationRequests.length > requestsBefore, 'settings were not read again');
  });

  test('shutdown', async () => {
    assert.equal(await session.shutdown(), 0);
  });
});

describe('settings pushed by a client without workspace/configuration', { timeout: TEST_TIMEOUT_MS }, () => {
  let session: LspSession;

  before(async () => {
    ({ session } = await LspSession.start());
  });

  after(() => session?.kill());

  test('didChangeConfiguration with odd settings is accepted and documents are revalidated', async () => {
    const uri = nextUri('pushed');
    const opened = session.nextDiagnostics(uri);
    await session.open(uri, 'port: 4222\n');
    await opened;

    for (const settings of [{ natsConf: { serverVersion: '2.10', validation: { delay: 5 } } }, { natsConf: 'nonsense' }, null, { natsConf: { validation: { delay: -1 } } }]) {
      const revalidated = session.nextDiagnostics(uri);
      await session.connection.sendNotification('workspace/didChangeConfiguration', { settings });
      assert.deepEqual((await revalidated).diagnostics, []);
    }

    // Edits still go through the (now tiny) debounce.
    const edited = session.nextDiagnostics(uri, (params) => params.version === 2);
    await session.change(uri, 2, [{ text: 'port: 4222 http_port: 8222\n' }]);
    const result = await edited;
    assert.equal(result.diagnostics[0]?.code, 'syntax-expected-value-end');
  });

  test('natsConf.diagnostics.severity changes or hides a code', async () => {
    const uri = nextUri('severity');
    const opened = session.nextDiagnostics(uri);
    await session.open(uri, 'port: 4222 http_port: 8222\nhttp\n');
    const before = (await opened).diagnostics.map((d) => [d.code, d.severity]);
    assert.deepEqual(before, [['syntax-expected-value-end', 1], ['syntax-dangling-key', 1]]);

    const overridden = session.nextDiagnostics(uri);
    await session.connection.sendNotification('workspace/didChangeConfiguration', {
      settings: { natsConf: { diagnostics: { severity: { 'syntax-expected-value-end': 'hint', 'syntax-dangling-key': 'off', bogus: 'loud' } } } },
    });
    assert.deepEqual((await overridden).diagnostics.map((d) => [d.code, d.severity]), [['syntax-expected-value-end', 4]]);
  });

  test('shutdown', async () => {
    assert.equal(await session.shutdown(), 0);
  });
});

describe('semantic diagnostics through the server', { timeout: TEST_TIMEOUT_MS }, () => {
  let session: LspSession;

  before(async () => {
    ({ session } = await LspSession.start());
  });

  after(() => session?.kill());

  test("the seed's mistakes: cert_file without key_file and timeout: 0.0001, with quick-fix data", async () => {
    const uri = nextUri('seed-mistakes');
    const published = session.nextDiagnostics(uri);
    await session.open(uri, 'tls: {\n  cert_file: "./server-cert.pem"\n  # clients will fail to connect (value is too low)\n  timeout: 0.0001\n}\n');
    const { diagnostics } = await published;
    const byCode = new Map(diagnostics.map((d) => [d.code, d]));
    const missing = byCode.get('tls-missing-key-file');
    assert.ok(missing, JSON.stringify(diagnostics));
    assert.equal(missing.severity, DiagnosticSeverity.Error);
    assert.deepEqual(missing.range, { start: { line: 0, character: 0 }, end: { line: 0, character: 3 } });
    assert.ok(missing.data, 'the quick fix needs data');
    const timeout = byCode.get('tls-timeout-too-low');
    assert.ok(timeout, JSON.stringify(diagnostics));
    assert.equal(timeout.severity, DiagnosticSeverity.Warning);
    assert.equal(timeout.range.start.line, 3);
  });

  test('an unknown cipher and an unknown key, and the fixed config is clean', async () => {
    const uri = nextUri('cipher');
    const published = session.nextDiagnostics(uri);
    await session.open(uri, 'tls {\n  cert_file: "a.pem"\n  key_file: "a-key.pem"\n  cipher_suites: [ "TLS_NOPE" ]\n  verfy: true\n}\n');
    // (cert-*: a.pem does not exist; the certificate checks have their own tests.)
    const codes = (await published).diagnostics.map((d) => String(d.code)).filter((c) => !c.startsWith('cert-')).sort();
    assert.deepEqual(codes, ['tls-unknown-cipher', 'unknown-field']);

    const fixed = session.nextDiagnostics(uri, (params) => params.version === 2);
    await session.change(uri, 2, [{ text: 'tls {\n  cert_file: "a.pem"\n  key_file: "a-key.pem"\n  cipher_suites: [ "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256" ]\n  verify: true\n}\n' }]);
    assert.deepEqual((await fixed).diagnostics.filter((d) => (d.severity === DiagnosticSeverity.Error || d.severity === DiagnosticSeverity.Warning) && !String(d.code).startsWith('cert-')), []);
  });

  test('typing inside a quoted value (the tree is patched, not parsed again): each version gets its diagnostics at the right place', async () => {
    const uri = nextUri('typing');
    const text = 'tls {\n  cipher_suites: [ "TLS_AES_128_GCM_SHA256", "TLS_CHACHA20_POLY1305_SHA256" ]\n  timeout: "2s"\n  verfy: true\n}\n';
    const opened = session.nextDiagnostics(uri);
    await session.open(uri, text);
    const unknownField = (await opened).diagnostics.filter((d) => d.code === 'unknown-field');
    assert.deepEqual(unknownField.map((d) => d.range), [{ start: { line: 3, character: 2 }, end: { line: 3, character: 7 } }]);

    // Three characters typed one by one into the first cipher: an unknown cipher from the first.
    let version = 1;
    const line = 1;
    const typedAt = 28; // after "TLS_AES_
    for (const typed of ['X', 'Y', 'Z']) {
      version++;
      const published = session.nextDiagnostics(uri, (params) => params.version === version);
      const character = typedAt + version - 2;
      await session.change(uri, version, [{ range: { start: { line, character }, end: { line, character } }, text: typed }]);
      const diagnostics = (await published).diagnostics;
      const cipher = diagnostics.filter((d) => d.code === 'tls-unknown-cipher');
      assert.equal(cipher.length, 1, JSON.stringify(diagnostics));
      // The whole string "TLS_AES_XYZ…", quotes included, grows by one character per edit.
      assert.deepEqual(cipher[0].range, { start: { line, character: 19 }, end: { line, character: 43 + version - 1 } });
      assert.deepEqual(diagnostics.filter((d) => d.code === 'unknown-field').map((d) => d.range), unknownField.map((d) => d.range));
    }

    // Deleting them again: the cipher is known once more.
    version++;
    const fixed = session.nextDiagnostics(uri, (params) => params.version === version);
    await session.change(uri, version, [{ range: { start: { line, character: typedAt }, end: { line, character: typedAt + 3 } }, text: '' }]);
    const after = (await fixed).diagnostics;
    assert.deepEqual(after.filter((d) => d.code === 'tls-unknown-cipher'), []);
    assert.deepEqual(after.filter((d) => d.code === 'unknown-field').map((d) => d.range), unknownField.map((d) => d.range));
  });

  test('shutdown', async () => {
    assert.equal(await session.shutdown(), 0);
  });
});
