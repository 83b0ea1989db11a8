/**
 * "NATS: Validate with nats-server" in a real VS Code: the command saves the file, runs the
 * installed nats-server and its findings appear with source nats-server; validate-on-save does
 * the same on save. The runner disables workspace trust prompts (the workspace is trusted);
 * the untrusted path is proven over the language server protocol in
 * test/lsp/natsServerValidation.test.ts.
 */
import * as assert from 'assert';
import * as vscode from 'vscode';
import { describeDiagnostics, lineOf, openAnalysed, setText, waitForDiagnostics, workspaceUri } from './helpers';

const FILE = 'nats-second-opinion.conf';

interface Result {
  status: string;
  version?: string;
  detail?: string;
  findings: unknown[];
}

const fromNatsServer = (diagnostics: readonly vscode.Diagnostic[]) => diagnostics.filter((d) => d.source === 'nats-server');

suite('nats-server second opinion', () => {
  suiteSetup(async () => {
    await vscode.workspace.fs.writeFile(workspaceUri(FILE), Buffer.from('port: 4222\nprot: 4223\n'));
  });
  suiteTeardown(async () => {
    await vscode.workspace.getConfiguration('natsConf').update('server.validateOnSave', undefined, vscode.ConfigurationTarget.Workspace);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.fs.delete(workspaceUri(FILE));
  });

  test('the command saves the file, runs nats-server and shows its findings with source nats-server', async () => {
    assert.ok(vscode.workspace.isTrusted, 'the runner starts code-server with --disable-workspace-trust');
    const document = await openAnalysed(FILE);
    // An unsaved edit: the command must save it first, or nats-server would judge the old text.
    await setText(document, 'port: 4222\nprot: 4223\n  listn: "x"\n');
    assert.ok(document.isDirty);

    const result = await vscode.commands.executeCommand<Result>('natsConf.validateWithNatsServer');
    assert.strictEqual(result?.status, 'invalid', JSON.stringify(result));
    assert.match(result.version ?? '', /^\d+\.\d+\.\d+/);
    assert.strictEqual(document.isDirty, false, 'saved before running');

    const diagnostics = await waitForDiagnostics(document.uri, (d) => fromNatsServer(d).length === 2, 'two nats-server findings');
    const found = fromNatsServer(diagnostics)
      .map((d) => ({ line: d.range.start.line, start: d.range.start.character, end: d.range.end.character, message: d.message, severity: d.severity }))
      .sort((a, b) => a.line - b.line);
    assert.deepStrictEqual(found, [
      { line: lineOf(document, 'prot:'), start: 0, end: 4, message: 'unknown field "prot"', severity: vscode.DiagnosticSeverity.Error },
      { line: lineOf(document, 'listn:'), start: 2, end: 7, message: 'unknown field "listn"', severity: vscode.DiagnosticSeverity.Error },
    ], describeDiagnostics(diagnostics));
    assert.ok(diagnostics.some((d) => d.source === 'nats-conf'), 'our own diagnostics stay next to them');
  });

  test('an edit clears them; with validateOnSave a save brings nats-server back', async () => {
    // Set before editing: in code-server a save right after a settings.json write can be refused.
    await vscode.workspace.getConfiguration('natsConf').update('server.validateOnSave', true, vscode.ConfigurationTarget.Workspace);
    const document = await openAnalysed(FILE);
    await setText(document, 'port: 4222\n');
    await waitForDiagnostics(document.uri, (d) => d.length === 0, 'no diagnostics after fixing the file');

    await setText(document, 'port: 4222\nhttp_port: 8222 x\n');
    assert.ok(await document.save(), 'saved');
    const diagnostics = await waitForDiagnostics(document.uri, (d) => fromNatsServer(d).length > 0, 'a nats-server finding after saving');
    assert.deepStrictEqual(fromNatsServer(diagnostics).map((d) => [d.range.start.line, String(d.code), d.message]), [
      [1, 'nats-server-parse-error', "Parse error on line 2: 'Expected a top-level value to end with a new line, comment or EOF, but got 'x' instead.'"],
    ]);
  });
});
