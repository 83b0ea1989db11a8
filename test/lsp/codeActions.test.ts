/**
 * Quick fixes through the real server: open a config, take the published diagnostics (with
 * their data), ask textDocument/codeAction with them, apply the edit, and see the diagnostic go.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CodeActionRequest } from 'vscode-languageserver-protocol/node';
import { applyEdits, isAction, LspSession, repoRoot } from './lspSession';

const TEST_TIMEOUT_MS = 30_000;
const scratch = path.join(repoRoot, 'out', 'lsp-scratch', 'code-actions');

let counter = 0;
function nextUri(name: string): string {
  counter += 1;
  return pathToFileURL(path.join(scratch, `${name}-${counter}.conf`)).href;
}

const TEXT = 'tls {\n  cert_file: "./server-cert.pem"\n  timeout: 0.0001\n  verify: "true"\n}\n';

describe('code actions over stdio', { timeout: TEST_TIMEOUT_MS }, () => {
  let session: LspSession;

  before(async () => {
    mkdirSync(scratch, { recursive: true });
    writeFileSync(path.join(scratch, 'server-cert.pem'), 'not really a certificate\n');
    writeFileSync(path.join(scratch, 'server-key.pem'), 'not really a key\n');
    ({ session } = await LspSession.start());
  });

  after(() => session?.kill());

  test('initialize announces quick fixes and fix all', async () => {
    const { session: probe, initializeResult } = await LspSession.start();
    try {
      const provider = initializeResult.capabilities.codeActionProvider;
      assert.deepEqual(typeof provider === 'object' ? provider.codeActionKinds : undefined, ['quickfix', 'source.fixAll']);
    } finally {
      probe.kill();
    }
  });

  test('published diagnostics → quick fixes with their data; the preferred fix removes the diagnostic', async () => {
    const uri = nextUri('quick');
    const published = session.nextDiagnostics(uri);
    await session.open(uri, TEXT);
    const { diagnostics } = await published;
    const missing = diagnostics.find((d) => d.code === 'tls-missing-key-file');
    assert.ok(missing, JSON.stringify(diagnostics));

    const result = await session.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri },
      range: missing.range,
      context: { diagnostics: [missing], only: ['quickfix'] },
    });
    const actions = (result ?? []).filter(isAction);
    assert.deepEqual(
      actions.map((a) => [a.title, a.kind, a.isPreferred === true]),
      [
        ['Add key_file: "./server-key.pem"', 'quickfix', true],
        ['Remove cert_file', 'quickfix', false],
        ['Fix all auto-fixable problems', 'quickfix', false],
      ],
    );
    const edits = actions[0].edit?.changes?.[uri] ?? [];
    assert.deepEqual(edits, [{ range: { start: { line: 1, character: 32 }, end: { line: 1, character: 32 } }, newText: '\n  key_file: "./server-key.pem"' }]);

    const fixed = applyEdits(TEXT, edits);
    const republished = session.nextDiagnostics(uri, (p) => p.version === 2);
    await session.change(uri, 2, [{ text: fixed }]);
    const after = await republished;
    const codes = after.diagnostics.map((d) => d.code);
    assert.ok(!codes.includes('tls-missing-key-file'), codes.join(', '));
    assert.ok(codes.includes('tls-timeout-too-low') && codes.includes('tls-wrong-type'), codes.join(', '));
  });

  test('source.fixAll: the safe fixes together, and a clean config after', async () => {
    const uri = nextUri('fix-all');
    const published = session.nextDiagnostics(uri);
    await session.open(uri, TEXT);
    const { diagnostics } = await published;
    // (cert-*: the scratch files are not real certificates.)
    assert.deepEqual(diagnostics.map((d) => String(d.code)).filter((c) => !c.startsWith('cert-')).sort(), ['tls-missing-key-file', 'tls-timeout-too-low', 'tls-wrong-type']);

    const lines = TEXT.split('\n');
    const result = await session.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: lines.length - 1, character: 0 } },
      context: { diagnostics: [], only: ['source.fixAll'] },
    });
    const actions = (result ?? []).filter(isAction);
    assert.deepEqual(actions.map((a) => [a.title, a.kind]), [['Fix all auto-fixable problems', 'source.fixAll']]);
    const fixed = applyEdits(TEXT, actions[0].edit?.changes?.[uri] ?? []);
    assert.equal(fixed, 'tls {\n  cert_file: "./server-cert.pem"\n  key_file: "./server-key.pem"\n  timeout: 2\n  verify: true\n}\n');

    const republished = session.nextDiagnostics(uri, (p) => p.version === 2);
    await session.change(uri, 2, [{ text: fixed }]);
    // (The scratch files are not real certificates: only the fixed codes are asserted.)
    const codes = (await republished).diagnostics.map((d) => d.code);
    for (const code of ['tls-missing-key-file', 'tls-timeout-too-low', 'tls-wrong-type']) assert.ok(!codes.includes(code), codes.join(', '));
  });

  test('a syntax error has no quick fix; the request never fails', async () => {
    const uri = nextUri('syntax');
    const published = session.nextDiagnostics(uri);
    await session.open(uri, 'port: 4222 http_port: 8222\n');
    const { diagnostics } = await published;
    assert.equal(diagnostics.length, 1);
    const result = await session.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri },
      range: diagnostics[0].range,
      context: { diagnostics },
    });
    assert.deepEqual(result, []);
  });
});
