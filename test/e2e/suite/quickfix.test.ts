/**
 * Quick fixes through vscode.executeCodeActionProvider + vscode.workspace.applyEdit: for each family,
 * the preferred fix makes the diagnostic (and every other one) go away; then the file is restored.
 */
import * as assert from 'assert';
import * as vscode from 'vscode';
import { codesOf, describeDiagnostics, lineOf, openAnalysed, setText, waitForDiagnostics } from './helpers';

const FAMILIES: ReadonlyArray<{ file: string; code: string; title: RegExp; fixedLine: string }> = [
  { file: 'nats-missing-key.conf', code: 'tls-missing-key-file', title: /"\.\/certs\/server-key\.pem"/, fixedLine: 'key_file: "./certs/server-key.pem"' },
  { file: 'nats-timeout.conf', code: 'tls-timeout-too-low', title: /2/, fixedLine: 'timeout: 2' },
  { file: 'nats-cipher.conf', code: 'tls-unknown-cipher', title: /TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256/, fixedLine: '[ "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256" ]' },
  { file: 'nats-duration.conf', code: 'tls-unquoted-duration', title: /"1m"/, fixedLine: 'timeout: "1m"' },
  { file: 'nats-boolean.conf', code: 'tls-wrong-type', title: /true/, fixedLine: 'verify: true' },
  { file: 'nats-unknown-key.conf', code: 'unknown-field', title: /^Change to port$/, fixedLine: 'port: 4222' },
];

suite('quick fixes', () => {
  for (const f of FAMILIES) {
    test(`${f.code}: the preferred fix clears ${f.file}, and undoing it brings the diagnostic back`, async () => {
      const document = await openAnalysed(f.file);
      const original = document.getText();
      const found = await waitForDiagnostics(document.uri, (d) => codesOf(d).includes(f.code), f.code);
      const diagnostic = found[codesOf(found).indexOf(f.code)];

      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
        'vscode.executeCodeActionProvider',
        document.uri,
        diagnostic.range,
        vscode.CodeActionKind.QuickFix.value,
      );
      const titles = (actions ?? []).map((a) => `${a.isPreferred ? '* ' : ''}${a.title}`);
      const preferred = (actions ?? []).filter((a) => a.isPreferred);
      assert.strictEqual(preferred.length, 1, `one preferred fix among: ${titles.join(' | ')}`);
      const [fix] = preferred;
      assert.match(fix.title, f.title, titles.join(' | '));
      assert.ok(fix.edit, `${fix.title} carries an edit`);
      // (vscode.executeCodeActionProvider does not hand back the fix's `diagnostics`; when it does, check them)
      if (fix.diagnostics?.length) assert.ok(codesOf(fix.diagnostics).includes(f.code), `${fix.title} names the ${f.code} diagnostic`);

      try {
        assert.ok(await vscode.workspace.applyEdit(fix.edit), `applying ${fix.title}`);
        assert.ok(document.getText().includes(f.fixedLine), `after "${fix.title}":\n${document.getText()}`);
        const after = await waitForDiagnostics(document.uri, (d) => !codesOf(d).includes(f.code), `${f.code} to go away`);
        assert.deepStrictEqual(after, [], `no diagnostics left after "${fix.title}":\n  ${describeDiagnostics(after)}`);
        assert.ok(lineOf(document, f.fixedLine) >= 0);
      } finally {
        await setText(document, original);
        await waitForDiagnostics(document.uri, (d) => codesOf(d).includes(f.code), `${f.code} to come back after the revert`);
        await document.save();
      }
    });
  }
});
