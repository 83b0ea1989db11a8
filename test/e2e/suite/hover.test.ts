/** Hovers through vscode.executeHoverProvider, on the clean config (its certificates exist). */
import * as assert from 'assert';
import * as vscode from 'vscode';
import { hoverMarkdown, openDocument, positionOf, workspaceUri } from './helpers';

suite('hover', () => {
  let document: vscode.TextDocument;
  suiteSetup(async () => {
    document = await openDocument('nats-valid.conf');
  });

  test('a TLS option: timeout, with its default of 2 seconds', async () => {
    const markdown = await hoverMarkdown(document, positionOf(document, 'timeout: 2', 2));
    assert.match(markdown, /timeout/);
    assert.match(markdown, /default[^\n]*2 seconds/i, markdown);
  });

  test('a cipher suite name: its TLS version and key exchange', async () => {
    const markdown = await hoverMarkdown(document, positionOf(document, 'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256', 10));
    assert.match(markdown, /TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256/);
    assert.match(markdown, /TLS 1\.2/, markdown);
    assert.match(markdown, /ECDHE/, markdown);
  });

  test('a certificate path: where it resolves, that it exists, and the working-directory rule', async () => {
    const markdown = await hoverMarkdown(document, positionOf(document, './certs/server-cert.pem', 4));
    const resolved = workspaceUri('certs', 'server-cert.pem').fsPath;
    assert.ok(markdown.includes(resolved), `mentions ${resolved}:\n${markdown}`);
    assert.match(markdown, /exists/, markdown);
    assert.match(markdown, /working directory/, markdown);
  });

  test('no hover on a comment', async () => {
    const markdown = await hoverMarkdown(document, positionOf(document, 'A clean config', 3));
    assert.strictEqual(markdown, '');
  });
});
