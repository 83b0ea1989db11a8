import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CompletionRequest, type CompletionItem, type CompletionList, type TextEdit } from 'vscode-languageserver-protocol/node';
import { LspSession } from './lspSession';

const TEST_TIMEOUT_MS = 30_000;

// Placeholders with real PEM headers: enough for the server to tell certificates from keys.
const CERT = '-----BEGIN CERTIFICATE-----\nplaceholder\n-----END CERTIFICATE-----\n';
const KEY = '-----BEGIN PRIVATE KEY-----\nplaceholder\n-----END PRIVATE KEY-----\n';

function ordered(result: CompletionList | CompletionItem[] | null): CompletionItem[] {
  const items = result === null ? [] : Array.isArray(result) ? result : result.items;
  return [...items].sort((a, b) => (a.sortText ?? a.label).localeCompare(b.sortText ?? b.label) || a.label.localeCompare(b.label));
}

describe('completion over the real server', { timeout: TEST_TIMEOUT_MS }, () => {
  let session: LspSession;
  let folder: string;
  let counter = 0;

  before(async () => {
    folder = mkdtempSync(path.join(tmpdir(), 'nats-conf-completion-'));
    mkdirSync(path.join(folder, 'certs'));
    mkdirSync(path.join(folder, '.hidden'));
    writeFileSync(path.join(folder, 'certs', 'server.pem'), CERT);
    writeFileSync(path.join(folder, 'certs', 'server-key.pem'), KEY);
    writeFileSync(path.join(folder, 'certs', 'ca.pem'), CERT);
    writeFileSync(path.join(folder, '.hidden', 'x.pem'), KEY);
    writeFileSync(path.join(folder, 'shared.conf'), 'max_payload: 1MB\n');
    ({ session } = await LspSession.start());
  });

  after(() => {
    session?.kill();
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  async function completeAt(marked: string): Promise<CompletionItem[]> {
    counter += 1;
    const uri = pathToFileURL(path.join(folder, `main-${counter}.conf`)).href;
    const offset = marked.indexOf('|');
    const text = marked.slice(0, offset) + marked.slice(offset + 1);
    const before = marked.slice(0, offset);
    const position = { line: before.split('\n').length - 1, character: offset - (before.lastIndexOf('\n') + 1) };
    await session.open(uri, text);
    const result = await session.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position });
    await session.close(uri);
    return ordered(result);
  }

  test('keys of a tls block, minus the one present', async () => {
    const items = await completeAt('tls {\n  cert_file: "a.pem"\n  |\n}\n');
    assert.deepEqual(items.slice(0, 3).map((item) => item.label), ['key_file', 'ca_file', 'verify']);
    assert.equal((items[0].textEdit as TextEdit).newText, 'key_file: "$1"');
  });

  test('certificate paths from the real folder: key files first for key_file, folder by folder', async () => {
    const top = await completeAt('tls {\n  key_file: "./|"\n}\n');
    assert.deepEqual(top.map((item) => item.label), ['certs/', 'shared.conf']);
    const items = await completeAt('tls {\n  key_file: "./certs/|"\n}\n');
    assert.deepEqual(items.map((item) => [item.label, item.detail]), [
      ['server-key.pem', 'PEM private key'],
      ['ca.pem', 'PEM certificate'],
      ['server.pem', 'PEM certificate'],
    ]);
    // Nothing of a file's content travels to the client.
    assert.ok(!JSON.stringify(items).includes('placeholder'));
  });

  test('cipher names inside the array', async () => {
    const items = await completeAt('tls {\n  cipher_suites: [ "|" ]\n}\n');
    assert.ok(items.length > 10);
    assert.equal(items[0].tags, undefined);
    assert.ok(items[items.length - 1].tags?.length);
  });

  test('include lists .conf files first', async () => {
    const items = await completeAt('include "|"\n');
    assert.equal(items[0].label, 'shared.conf');
  });
});
