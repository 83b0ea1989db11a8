/**
 * "NATS: Validate with nats-server" and the nats-server language status item. The server runs
 * nats-server (only in a trusted workspace); this side saves the file, asks, and reports.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { outcomeMessage, statusView, type FollowUp, type NatsServerInfo, type NatsServerResult } from './natsServerOutcome';

const LANGUAGE_ID = 'nats-conf';
const CLIENT_COMMAND = 'natsConf.validateWithNatsServer';
const SERVER_COMMAND = 'natsConf.server.validateWithNatsServer';
const INFO_REQUEST = 'natsConf/natsServerInfo';
const TRUST_NOTIFICATION = 'natsConf/workspaceTrusted';

export interface NatsServerStatus {
  /** Asks the server for the nats-server version once a NATS config is shown (call when the client started). */
  refresh(): Promise<void>;
}

export function registerNatsServerCommands(
  context: vscode.ExtensionContext,
  getClient: () => LanguageClient | undefined,
  output: vscode.LogOutputChannel,
): NatsServerStatus {
  const item = vscode.languages.createLanguageStatusItem('natsConf.natsServer', { language: LANGUAGE_ID });
  item.name = 'nats-server';
  item.command = { title: 'Validate', command: CLIENT_COMMAND, tooltip: 'Run nats-server -t on this file' };
  context.subscriptions.push(item);

  const show = (info: NatsServerInfo | undefined): void => {
    const view = statusView(info);
    item.text = view.text;
    item.detail = view.detail;
    item.severity = view.level === 'warning' ? vscode.LanguageStatusSeverity.Warning : vscode.LanguageStatusSeverity.Information;
  };
  show(vscode.workspace.isTrusted ? undefined : { path: '', status: 'untrusted' });

  let asked = false;
  const refresh = async (): Promise<void> => {
    const client = getClient();
    if (!client?.isRunning()) return;
    asked = true;
    try {
      const uri = vscode.window.activeTextEditor?.document.uri.toString();
      show(await client.sendRequest<NatsServerInfo>(INFO_REQUEST, { uri }));
    } catch (error) {
      output.warn(`Asking the language server about nats-server failed: ${String(error)}`);
    }
  };

  // The version is probed when a NATS config is first shown, not for every workspace with a .conf file.
  const askWhenShown = (document: vscode.TextDocument | undefined): void => {
    if (!asked && document?.languageId === LANGUAGE_ID) void refresh();
  };
  context.subscriptions.push(
    vscode.window.onDidChangeActiveTextEditor((editor) => askWhenShown(editor?.document)),
    vscode.workspace.onDidOpenTextDocument((document) => {
      if (document === vscode.window.activeTextEditor?.document) askWhenShown(document);
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(async () => {
      await getClient()?.sendNotification(TRUST_NOTIFICATION, {});
      await refresh();
    }),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('natsConf.server.path') || event.affectsConfiguration('natsConf.serverVersion')) void refresh();
    }),
    vscode.commands.registerCommand(CLIENT_COMMAND, () => validateActiveFile(getClient(), output, refresh)),
  );
  return { refresh: async () => askWhenShown(vscode.window.activeTextEditor?.document) };
}

async function validateActiveFile(client: LanguageClient | undefined, output: vscode.LogOutputChannel, refresh: () => Promise<void>): Promise<NatsServerResult | undefined> {
  const document = vscode.window.activeTextEditor?.document;
  if (!document || document.languageId !== LANGUAGE_ID) {
    void vscode.window.showWarningMessage('Open a NATS server config (language "NATS Server Config") to validate it with nats-server.');
    return undefined;
  }
  if (!client?.isRunning()) {
    void vscode.window.showErrorMessage('The NATS config language server is not running: run "NATS: Restart Language Server".');
    return undefined;
  }
  const fileName = vscode.workspace.asRelativePath(document.uri, false);
  // nats-server reads the file on disk: check what the editor shows, not an older save.
  if (vscode.workspace.isTrusted && document.uri.scheme === 'file' && document.isDirty && !(await document.save())) {
    void vscode.window.showWarningMessage(`${fileName} could not be saved, so nats-server was not run.`);
    return undefined;
  }
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Window, title: 'nats-server -t' },
    () => client.sendRequest<NatsServerResult>('workspace/executeCommand', { command: SERVER_COMMAND, arguments: [{ uri: document.uri.toString() }] }),
  );
  if (!result) return undefined;
  output.info(`nats-server on ${fileName}: ${result.status}${result.detail ? ` (${result.detail})` : ''}`);
  void refresh();
  const outcome = outcomeMessage(result, fileName);
  const button = buttonFor(outcome.followUp);
  const show = outcome.level === 'info' ? vscode.window.showInformationMessage : outcome.level === 'warning' ? vscode.window.showWarningMessage : vscode.window.showErrorMessage;
  void show(outcome.message, ...(button ? [button] : [])).then((picked) => {
    if (picked === undefined) return;
    if (outcome.followUp === 'open-setting') void vscode.commands.executeCommand('workbench.action.openSettings', 'natsConf.server.path');
    if (outcome.followUp === 'manage-trust') void vscode.commands.executeCommand('workbench.trust.manage');
  });
  return result;
}

function buttonFor(followUp: FollowUp | undefined): string | undefined {
  if (followUp === 'open-setting') return 'Open Setting';
  if (followUp === 'manage-trust') return 'Manage Workspace Trust';
  return undefined;
}
