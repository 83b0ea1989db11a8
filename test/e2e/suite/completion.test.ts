/** Completion through vscode.executeCompletionItemProvider at the marked places of nats-complete.conf. */
import * as assert from 'assert';
import * as vscode from 'vscode';
import { completions, openDocument, positionOf } from './helpers';

suite('completion', () => {
  let document: vscode.TextDocument;
  suiteSetup(async () => {
    document = await openDocument('nats-complete.conf');
  });

  test('TLS keys inside tls {}, without those already set or top-level ones', async () => {
    // the empty line between cert_file and cipher_suites
    const line = positionOf(document, 'cert_file').line + 1;
    assert.strictEqual(document.lineAt(line).text.trim(), '');
    const labels = (await completions(document, new vscode.Position(line, 2))).map((c) => c.label);
    for (const key of ['key_file', 'ca_file', 'verify', 'timeout', 'min_version']) assert.ok(labels.includes(key), `offers ${key}: ${labels.join(', ')}`);
    for (const key of ['cert_file', 'cipher_suites', 'port', 'server_name']) assert.ok(!labels.includes(key), `does not offer ${key}: ${labels.join(', ')}`);
  });

  test('cipher suite names inside cipher_suites: [ "" ]', async () => {
    const items = await completions(document, positionOf(document, '[ ""', 3), '"');
    const labels = items.map((c) => c.label);
    for (const name of ['TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256', 'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384']) {
      assert.ok(labels.includes(name), `offers ${name}: ${labels.slice(0, 20).join(', ')}`);
    }
    assert.ok(labels.every((l) => l.startsWith('TLS_')), `only cipher suites: ${labels.join(', ')}`);
  });

  test('certificate paths in ./certs/, certificates before keys for cert_file', async () => {
    const items = await completions(document, positionOf(document, './certs/"', './certs/'.length), '/');
    const files = items.filter((c) => /\.pem$/.test(c.label));
    const labels = files.map((c) => c.label).sort();
    assert.deepStrictEqual(labels, ['ca.pem', 'server-cert.pem', 'server-key.pem'], items.map((c) => c.label).join(', '));
    const sorted = [...files].sort((a, b) => a.sortText.localeCompare(b.sortText)).map((c) => c.label);
    assert.ok(sorted.indexOf('server-cert.pem') < sorted.indexOf('server-key.pem'), `certificates first: ${sorted.join(', ')}`);
  });
});
