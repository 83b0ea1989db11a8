/** The outline through vscode.executeDocumentSymbolProvider. */
import * as assert from 'assert';
import * as vscode from 'vscode';
import { openDocument } from './helpers';

suite('document symbols', () => {
  test('top-level keys, and the tls block with its options as children', async () => {
    const document = await openDocument('nats-valid.conf');
    const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', document.uri);
    assert.ok(symbols && symbols.length > 0, 'symbols returned');
    assert.deepStrictEqual(symbols.map((s) => s.name), ['server_name', 'port', 'tls']);
    const tls = symbols[2];
    assert.deepStrictEqual(
      tls.children.map((s) => s.name),
      ['cert_file', 'key_file', 'ca_file', 'verify', 'timeout', 'cipher_suites'],
    );
    assert.strictEqual(tls.range.start.line, document.getText().split('\n').findIndex((l) => l.startsWith('tls {')));
  });
});
