/** The extension under development loads into the remote (Node) extension host and activates. */
import * as assert from 'assert';
import * as vscode from 'vscode';
import { activateExtension, EXTENSION_ID } from './helpers';

suite('activation', () => {
  test('the extension activates in the Node extension host and registers its command', async () => {
    const extension = await activateExtension();
    assert.strictEqual(extension.id, EXTENSION_ID);
    assert.strictEqual(extension.extensionKind, vscode.ExtensionKind.Workspace, 'runs in the workspace (Node) extension host');
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('natsConf.restartServer'), 'NATS: Restart Language Server is registered');
    console.log(`[e2e] ${extension.id} from ${extension.extensionUri.toString()} on VS Code ${vscode.version} (${vscode.env.appHost}, ${vscode.env.uiKind === vscode.UIKind.Web ? 'web UI' : 'desktop UI'})`);
  });
});
