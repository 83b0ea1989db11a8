/**
 * Language detection: nats.conf and nats-server.conf by name; another .conf holding a NATS config
 * (server.conf) switches to nats-conf by its content; an nginx .conf does not.
 */
import * as assert from 'assert';
import * as vscode from 'vscode';
import { activateExtension, LANGUAGE_ID, waitForDiagnostics, waitForLanguage, waitForPublication, workspaceUri } from './helpers';

suite('.conf detection', () => {
  suiteSetup(activateExtension);

  for (const name of ['nats.conf', 'nats-server.conf']) {
    test(`${name} is NATS by its file name (content holds nothing NATS-like)`, async () => {
      const document = await vscode.workspace.openTextDocument(workspaceUri(name));
      assert.strictEqual(document.languageId, LANGUAGE_ID);
    });
  }

  test('server.conf with NATS options becomes nats-conf and is checked; nginx.conf stays what it was', async () => {
    const nginxUri = workspaceUri('nginx.conf');
    const serverUri = workspaceUri('server.conf');
    // nginx.conf first: the extension handles open events in order, so once server.conf has been
    // switched, the decision about nginx.conf has been taken too.
    const nginx = await vscode.workspace.openTextDocument(nginxUri);
    await vscode.window.showTextDocument(nginx, { preview: false });
    const server = await vscode.workspace.openTextDocument(serverUri);
    await vscode.window.showTextDocument(server, { preview: false });
    const switched = await waitForLanguage(serverUri, (id) => id === LANGUAGE_ID, 'server.conf to become nats-conf');
    await waitForPublication(serverUri, 'the first diagnostics of server.conf after the switch');
    // The extension switches the document while VS Code opens it, so its first language is not
    // observable here; nginx.conf shows what VS Code itself makes of a .conf file.
    console.log(`[e2e] server.conf: ${switched.languageId}; nginx.conf: ${nginx.languageId}`);
    assert.deepStrictEqual(vscode.languages.getDiagnostics(serverUri), [], 'server.conf is a clean config');

    const nginxNow = vscode.workspace.textDocuments.find((d) => d.uri.toString() === nginxUri.toString());
    assert.ok(nginxNow, 'nginx.conf is still open');
    assert.notStrictEqual(nginxNow.languageId, LANGUAGE_ID, 'nginx.conf must not be switched');
    assert.deepStrictEqual(
      vscode.languages.getDiagnostics(nginxUri).filter((d) => d.source === 'nats-conf'),
      [],
      'the NATS checker leaves nginx.conf alone',
    );
  });

  test('switching nginx.conf to nats-conf by hand is honoured (and then it is checked)', async () => {
    const uri = workspaceUri('nginx.conf');
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString()) ?? (await vscode.workspace.openTextDocument(uri));
    const previous = document.languageId;
    const switched = await vscode.languages.setTextDocumentLanguage(document, LANGUAGE_ID);
    try {
      const diagnostics = await waitForDiagnostics(uri, (d) => d.some((x) => x.source === 'nats-conf'), 'NATS diagnostics on nginx.conf');
      assert.ok(diagnostics.length > 0);
    } finally {
      await vscode.languages.setTextDocumentLanguage(switched, previous);
    }
  });
});
