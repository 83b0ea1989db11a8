/**
 * Certificate checks through the real language server over stdio: a key that does not match
 * its certificate is published as an error at the `tls` key, the quick fix uses the key next to
 * the certificate, and hovers show the certificate (and of a key, its type only).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  CodeActionRequest, DiagnosticSeverity, HoverRequest, type MarkupContent,
} from 'vscode-languageserver-protocol/node';
import { certificates } from '../unit/analysis/certificateFixtures';
import { applyEdits, isAction, LspSession, repoRoot } from './lspSession';

const TEST_TIMEOUT_MS = 120_000;
const scratch = path.join(repoRoot, 'out', 'lsp-scratch', 'certificates');

let counter = 0;
function nextUri(name: string): string {
  counter += 1;
  return pathToFileURL(path.join(scratch, `${name}-${counter}.conf`)).href;
}

const TEXT = 'tls {\n  cert_file: "server-cert.pem"\n  key_file: "other-key.pem"\n}\n';

describe('certificates over stdio', { timeout: TEST_TIMEOUT_MS }, () => {
  let session: LspSession;
  const set = certificates();

  before(async () => {
    mkdirSync(scratch, { recursive: true });
    for (const name of ['server-cert.pem', 'server-key.pem', 'other-key.pem', 'ca.pem']) copyFileSync(set.file(name), path.join(scratch, name));
    ({ session } = await LspSession.start());
  });

  after(() => {
    session?.kill();
    set.dispose();
  });

  test('a mismatched key: an error at the tls key; "Use the key next to this certificate" fixes it', async () => {
    const uri = nextUri('mismatch');
    const published = session.nextDiagnostics(uri);
    await session.open(uri, TEXT);
    const { diagnostics } = await published;
    const mismatch = diagnostics.find((d) => d.code === 'cert-key-mismatch');
    assert.ok(mismatch, JSON.stringify(diagnostics));
    assert.equal(mismatch.severity, DiagnosticSeverity.Error);
    assert.deepEqual(mismatch.range, { start: { line: 0, character: 0 }, end: { line: 0, character: 3 } });
    assert.match(String(mismatch.message), /private key does not match public key/);

    const result = await session.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri },
      range: mismatch.range,
      context: { diagnostics: [mismatch], only: ['quickfix'] },
    });
    const actions = (result ?? []).filter(isAction);
    const use = actions.find((a) => a.title === 'Use the key next to this certificate: "server-key.pem"');
    assert.ok(use, JSON.stringify(actions.map((a) => a.title)));
    assert.equal(use.isPreferred, true);
    const fixed = applyEdits(TEXT, use.edit?.changes?.[uri] ?? []);
    assert.equal(fixed, 'tls {\n  cert_file: "server-cert.pem"\n  key_file: "server-key.pem"\n}\n');

    const republished = session.nextDiagnostics(uri, (p) => p.version === 2);
    await session.change(uri, 2, [{ text: fixed }]);
    assert.deepEqual((await republished).diagnostics.map((d) => d.code), []);
  });

  test('hover: the certificate in full, the key by type only', async () => {
    const uri = nextUri('hover');
    const text = 'tls {\n  cert_file: "server-cert.pem"\n  key_file: "server-key.pem"\n  ca_file: "ca.pem"\n}\n';
    const published = session.nextDiagnostics(uri);
    await session.open(uri, text);
    await published;
    const at = async (line: number, character: number) => {
      const hover = await session.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line, character } });
      assert.ok(hover);
      return (hover.contents as MarkupContent).value;
    };
    const cert = await at(1, 16);
    for (const fragment of ['CN=server', 'DNS:localhost', 'days left', 'RSA 2048 bits', 'sha256WithRSAEncryption', 'SPKI SHA-256', 'serverAuth']) {
      assert.ok(cert.includes(fragment), `${fragment} in\n${cert}`);
    }
    const key = await at(2, 16);
    assert.ok(key.includes('RSA 2048 bits'), key);
    assert.doesNotMatch(key, /PRIVATE KEY|Subject/);
    const ca = await at(3, 14);
    assert.ok(ca.includes('CA: yes'), ca);
  });
});

describe('a certificate changed on disk', { timeout: TEST_TIMEOUT_MS }, () => {
  let session: LspSession;
  let set: ReturnType<typeof certificates>;
  const folder = path.join(scratch, 'watched');

  before(async () => {
    set = certificates(); // made afresh: the suite above disposes its set
    rmSync(folder, { recursive: true, force: true }); // a previous run's files
    mkdirSync(folder, { recursive: true });
    ({ session } = await LspSession.start());
  });

  after(() => {
    session?.kill();
    set?.dispose();
  });

  test('workspace/didChangeWatchedFiles re-checks open configs against the new file', async () => {
    const uri = pathToFileURL(path.join(folder, 'watched.conf')).href;
    const opened = session.nextDiagnostics(uri);
    await session.open(uri, 'tls {\n  cert_file: "new-cert.pem"\n  key_file: "new-key.pem"\n}\n');
    const before = (await opened).diagnostics.map((d) => d.code);
    assert.ok(before.includes('cert-file-not-found'), before.join(', '));

    copyFileSync(set.file('server-cert.pem'), path.join(folder, 'new-cert.pem'));
    copyFileSync(set.file('server-key.pem'), path.join(folder, 'new-key.pem'));
    const revalidated = session.nextDiagnostics(uri);
    await session.connection.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [
        { uri: pathToFileURL(path.join(folder, 'new-cert.pem')).href, type: 1 },
        { uri: pathToFileURL(path.join(folder, 'new-key.pem')).href, type: 1 },
      ],
    });
    const after = (await revalidated).diagnostics;
    assert.deepEqual(after.filter((d) => d.severity === DiagnosticSeverity.Error).map((d) => d.code), []);
  });

  test('shutdown', async () => {
    assert.equal(await session.shutdown(), 0);
  });
});
