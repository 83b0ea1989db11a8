/**
 * The VS Code side: starts the language server, offers the restart and certificate commands and
 * switches `.conf` files that hold NATS configs to the nats-conf language. All checking happens
 * in the server (certificates are generated there too).
 */
import * as path from 'path';
import * as vscode from 'vscode';
import { CloseAction, ErrorAction, LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { registerCertificateCommands } from './certificateCommands';
import { DETECTION_SCAN_LIMIT, looksLikeNatsConfig } from './confDetection';
import { serverExecArgv } from '../../server/src/serverProcess';
import { RestartPolicy } from './restartPolicy';
import { registerNatsServerCommands } from './natsServerCommands';
import { createTraceChannel } from './traceChannel';
import { showVersionNotice, type VersionNoticeHost } from './versionNotice';

/** Files a NATS config can point at: certificates, keys, CA bundles and included configs. */
const WATCHED_FILES = '**/*.{pem,crt,cer,cert,key,der,p12,pfx,conf}';
const LANGUAGE_ID = 'nats-conf';
/** Also the prefix `vscode-languageclient` reads `<id>.trace.server` from. */
const CLIENT_ID = 'natsConf';
const CLIENT_NAME = 'NATS Server Config';

let client: LanguageClient | undefined;

/**
 * Documents we switched to nats-conf. Picking another language closes and reopens the document
 * while its tab stays open; remembering it keeps us from switching it back. Once no tab shows
 * it any more the file was really closed, and a later open may be switched again.
 */
const switchedDocuments = new Set<string>();

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel(CLIENT_NAME, { log: true });
  const traceOutput = createTraceChannel(output);
  context.subscriptions.push(output, traceOutput);

  context.subscriptions.push(
    vscode.workspace.onDidOpenTextDocument((document) => detectNatsConfig(document, output)),
    vscode.workspace.onDidCloseTextDocument((document) => {
      const key = document.uri.toString();
      if (switchedDocuments.has(key) && !isShownInTab(key)) switchedDocuments.delete(key);
    }),
  );
  for (const document of vscode.workspace.textDocuments) detectNatsConfig(document, output);

  context.subscriptions.push(
    vscode.commands.registerCommand('natsConf.restartServer', async () => {
      try {
        if (client) await client.restart();
        else client = await startClient(context, output, traceOutput);
        output.info('Language server restarted.');
      } catch (error) {
        reportFailure(output, 'Restarting the NATS config language server failed', error);
      }
    }),
  );

  registerCertificateCommands(context, () => client, output);
  const natsServerStatus = registerNatsServerCommands(context, () => client, output);

  try {
    client = await startClient(context, output, traceOutput);
    void natsServerStatus.refresh();
  } catch (error) {
    reportFailure(output, 'Starting the NATS config language server failed', error);
  }
}

export async function deactivate(): Promise<void> {
  const running = client;
  client = undefined;
  await running?.stop();
}

/**
 * How the client starts the server: forked as a Node module with an IPC channel. The language
 * client hands `options.execArgv` to `child_process.fork`, so the server runs with the shared heap
 * sizes (server/src/serverProcess.ts), and under the debugger with them too.
 */
export function serverOptionsFor(serverModule: string): ServerOptions {
  return {
    run: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: [...serverExecArgv] } },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: [...serverExecArgv, '--nolazy', '--inspect=6009'] } },
  };
}

async function startClient(
  context: vscode.ExtensionContext,
  output: vscode.LogOutputChannel,
  traceOutput: vscode.LogOutputChannel,
): Promise<LanguageClient> {
  const serverOptions = serverOptionsFor(context.asAbsolutePath(path.join('server', 'out', 'server.js')));
  // The language client's restart budget, but the user hears once that the server died.
  const restartPolicy = new RestartPolicy();
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: LANGUAGE_ID },
      { scheme: 'untitled', language: LANGUAGE_ID },
      // Remote Repositories (virtual workspaces): checked from the editor's text only.
      { scheme: 'vscode-vfs', language: LANGUAGE_ID },
    ],
    // Read on every (re)start; the server runs nothing until it is told the workspace is trusted.
    // versionNotices: this client shows natsConf/versionNotice itself (see versionNotice.ts).
    initializationOptions: () => ({ workspaceTrusted: vscode.workspace.isTrusted, versionNotices: true }),
    synchronize: {
      configurationSection: CLIENT_ID,
      // Certificates, keys and included configs live outside the open document: when one
      // changes on disk, the server re-checks the configs (its cache keys on mtime and size).
      fileEvents: vscode.workspace.createFileSystemWatcher(WATCHED_FILES),
    },
    outputChannel: output,
    traceOutputChannel: traceOutput,
    errorHandler: {
      error: (_error, _message, count) => ({ action: restartPolicy.error(count) === 'continue' ? ErrorAction.Continue : ErrorAction.Shutdown }),
      closed: () => {
        const decision = restartPolicy.closed();
        if (decision.notify?.level === 'error') void vscode.window.showErrorMessage(decision.notify.message);
        else if (decision.notify) void vscode.window.showWarningMessage(decision.notify.message);
        // handled: the client logs the message without a notification of its own.
        return { action: decision.restart ? CloseAction.Restart : CloseAction.DoNotRestart, message: decision.log, handled: true };
      },
    },
  };
  const languageClient = new LanguageClient(CLIENT_ID, CLIENT_NAME, serverOptions, clientOptions);
  const noticeHost = versionNoticeHost(context);
  languageClient.onNotification('natsConf/versionNotice', (params: unknown) => {
    showVersionNotice(params, noticeHost).catch((error: unknown) => output.warn(`Showing the nats-server version notice failed: ${String(error)}`));
  });
  await languageClient.start();
  return languageClient;
}

const DISMISSED_VERSION_NOTICES = 'natsConf.dismissedVersionNotices';

/** "Don't Show Again" lives in the global state; "Use 2.9" sets the workspace's setting (the user's without a folder). */
function versionNoticeHost(context: vscode.ExtensionContext): VersionNoticeHost {
  return {
    dismissedKeys: () => context.globalState.get<string[]>(DISMISSED_VERSION_NOTICES, []),
    saveDismissedKeys: (keys) => context.globalState.update(DISMISSED_VERSION_NOTICES, keys),
    showWarning: (message, ...actions) => vscode.window.showWarningMessage(message, ...actions),
    setServerVersion: (version) =>
      vscode.workspace
        .getConfiguration(CLIENT_ID)
        .update('serverVersion', version, vscode.workspace.workspaceFolders?.length ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global),
  };
}

/** Switches a `.conf` document VS Code opened as something else when it reads as a NATS config. */
function detectNatsConfig(document: vscode.TextDocument, output: vscode.LogOutputChannel): void {
  try {
    if (document.languageId === LANGUAGE_ID) return;
    if (!document.uri.path.toLowerCase().endsWith('.conf')) return;
    const key = document.uri.toString();
    if (switchedDocuments.has(key)) return;
    if (!vscode.workspace.getConfiguration('natsConf', document.uri).get<boolean>('detectConfFiles', true)) return;
    const head = document.getText(new vscode.Range(new vscode.Position(0, 0), document.positionAt(DETECTION_SCAN_LIMIT)));
    if (!looksLikeNatsConfig(head)) return;
    switchedDocuments.add(key);
    output.info(`${document.uri.fsPath || key} looks like a NATS server config; opening it as ${CLIENT_NAME}.`);
    vscode.languages.setTextDocumentLanguage(document, LANGUAGE_ID).then(undefined, (error: unknown) => {
      output.warn(`Could not switch ${key} to ${LANGUAGE_ID}: ${String(error)}`);
    });
  } catch (error) {
    output.error(`Detecting the language of ${document.uri.toString()} failed: ${String(error)}`);
  }
}

function isShownInTab(uri: string): boolean {
  return vscode.window.tabGroups.all.some((group) =>
    group.tabs.some((tab) => {
      const input = tab.input;
      if (input instanceof vscode.TabInputText) return input.uri.toString() === uri;
      if (input instanceof vscode.TabInputTextDiff) return input.original.toString() === uri || input.modified.toString() === uri;
      return false;
    }),
  );
}

function reportFailure(output: vscode.LogOutputChannel, message: string, error: unknown): void {
  output.error(`${message}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  void vscode.window.showErrorMessage(`${message}. See the "${CLIENT_NAME}" output for details.`);
}
