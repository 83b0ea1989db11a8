/** Diagnostics published by the language server, read back through vscode.languages.getDiagnostics. */
import * as assert from 'assert';
import * as vscode from 'vscode';
import { codesOf, describeDiagnostics, lineOf, openAnalysed, waitForDiagnostics } from './helpers';

const { Error: ERROR, Warning: WARNING } = vscode.DiagnosticSeverity;

const CASES: ReadonlyArray<{ file: string; code: string; severity: vscode.DiagnosticSeverity; line: string; message: RegExp }> = [
  { file: 'nats-missing-key.conf', code: 'tls-missing-key-file', severity: ERROR, line: 'tls {', message: /key_file/ },
  { file: 'nats-timeout.conf', code: 'tls-timeout-too-low', severity: WARNING, line: 'timeout: 0.0001', message: /0\.0001/ },
  { file: 'nats-cipher.conf', code: 'tls-unknown-cipher', severity: ERROR, line: 'cipher_suites', message: /TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA265/ },
  { file: 'nats-syntax.conf', code: 'syntax-expected-value-end', severity: ERROR, line: 'port: 4222 http_port', message: /end of the line/ },
  { file: 'nats-unknown-key.conf', code: 'unknown-field', severity: ERROR, line: 'prot:', message: /prot/ },
  { file: 'nats-duration.conf', code: 'tls-unquoted-duration', severity: WARNING, line: 'timeout: 1m', message: /1,000,000/ },
  { file: 'nats-boolean.conf', code: 'tls-wrong-type', severity: ERROR, line: 'verify: "true"', message: /verify/ },
];

suite('diagnostics', () => {
  test('a valid config whose certificate files exist has no diagnostics', async () => {
    const document = await openAnalysed('nats-valid.conf');
    const diagnostics = vscode.languages.getDiagnostics(document.uri);
    assert.deepStrictEqual(diagnostics, [], `expected none, got:\n  ${describeDiagnostics(diagnostics)}`);
  });

  for (const c of CASES) {
    test(`${c.file}: ${c.code}`, async () => {
      const document = await openAnalysed(c.file);
      const diagnostics = await waitForDiagnostics(document.uri, (d) => d.length > 0, c.code);
      assert.deepStrictEqual(codesOf(diagnostics), [c.code], describeDiagnostics(diagnostics));
      const [diagnostic] = diagnostics;
      assert.strictEqual(diagnostic.source, 'nats-conf');
      assert.strictEqual(diagnostic.severity, c.severity, `severity of ${c.code}`);
      assert.strictEqual(diagnostic.range.start.line, lineOf(document, c.line), `line of ${c.code}`);
      assert.match(diagnostic.message, c.message);
    });
  }
});
