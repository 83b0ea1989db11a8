/**
 * The two certificate commands. The client only asks and shows: the language server makes and
 * writes the certificates (`workspace/executeCommand natsConf.server.generateCertificates`), so
 * the certificate library stays out of the extension host; details are read with Node's own
 * `crypto.X509Certificate` (certificateDetails.ts).
 *
 * - natsConf.generateCertificates [GenerateCertificatesArguments]: from the palette it asks for
 *   the folder (default: `certs` next to the active config) and extra names, then inserts the
 *   mutual-TLS block at the cursor. Callers may pass the folder, names and the files a tls block
 *   names (then no block is inserted). Existing files are only replaced after a modal question.
 *   (The "Create development certificates here" quick fix calls the server command directly.)
 * - natsConf.showCertificateDetails [Uri?]: the file given, or the certificate path under the
 *   cursor (found through the server's document links, so `natsConf.paths.base` applies), shown
 *   as a Markdown preview of a read-only virtual document.
 */
import { promises as fs } from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { ExecuteCommandRequest, type LanguageClient } from 'vscode-languageclient/node';
import { describeCertificateFile } from './certificateDetails';
import {
  defaultCertificateFolder, GENERATE_CERTIFICATES_COMMAND, indentUnit, placeTlsBlock, reindent, resolveFolderInput,
  SERVER_GENERATE_CERTIFICATES_COMMAND, SHOW_CERTIFICATE_DETAILS_COMMAND, splitNames, toGenerateArguments, type GenerateResult,
} from './certificateHelpers';

const LANGUAGE_ID = 'nats-conf';
const DETAILS_SCHEME = 'nats-conf-certificate';

export function registerCertificateCommands(
  context: vscode.ExtensionContext,
  getClient: () => LanguageClient | undefined,
  output: vscode.LogOutputChannel,
): void {
  const details = new CertificateDetailsProvider(output);
  context.subscriptions.push(
    vscode.workspace.registerTextDocumentContentProvider(DETAILS_SCHEME, details),
    vscode.commands.registerCommand(GENERATE_CERTIFICATES_COMMAND, (argument?: unknown) =>
      guard(output, 'Generating development certificates failed', () => generateCertificates(getClient(), output, argument)),
    ),
    vscode.commands.registerCommand(SHOW_CERTIFICATE_DETAILS_COMMAND, (argument?: unknown) =>
      guard(output, 'Showing the certificate details failed', () => showCertificateDetails(details, argument)),
    ),
  );
}

async function guard(output: vscode.LogOutputChannel, message: string, run: () => Promise<void>): Promise<void> {
  try {
    await run();
  } catch (error) {
    output.error(`${message}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    void vscode.window.showErrorMessage(`${message}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function fileUriOf(value: string | undefined): vscode.Uri | undefined {
  if (!value) return undefined;
  try {
    const uri = vscode.Uri.parse(value, true);
    return uri.scheme === 'file' ? uri : undefined;
  } catch {
    return undefined;
  }
}

async function generateCertificates(client: LanguageClient | undefined, output: vscode.LogOutputChannel, argument: unknown): Promise<void> {
  if (!client?.isRunning()) {
    void vscode.window.showErrorMessage('The NATS config language server is not running: run "NATS: Restart Language Server" and try again.');
    return;
  }
  const args = toGenerateArguments(argument);
  const active = vscode.window.activeTextEditor;
  const editor = active?.document.languageId === LANGUAGE_ID ? active : undefined;
  const configUri = fileUriOf(args.configUri) ?? (editor?.document.uri.scheme === 'file' ? editor.document.uri : undefined);
  const workspaceFolder = (configUri && vscode.workspace.getWorkspaceFolder(configUri)) ?? vscode.workspace.workspaceFolders?.[0];
  const base = configUri ? path.dirname(configUri.fsPath) : workspaceFolder?.uri.fsPath;

  const title = 'NATS: Generate Development Certificates';
  let folder = args.folder !== undefined ? resolveFolderInput(args.folder, base) : undefined;
  const askFolder = folder === undefined;
  if (askFolder) {
    const input = await vscode.window.showInputBox({
      title: `${title} (1/2)`,
      prompt: 'Folder for the CA, server and client certificates (created when missing)',
      value: defaultCertificateFolder(configUri?.fsPath, workspaceFolder?.uri.fsPath) ?? '',
      ignoreFocusOut: true,
      validateInput: (value) => (resolveFolderInput(value, base) ? undefined : base ? 'Enter a folder' : 'Enter an absolute folder path'),
    });
    if (input === undefined) return;
    folder = resolveFolderInput(input, base);
    if (folder === undefined) return;
  }

  let namesText = args.names?.join(', ');
  let rejected: { text: string; message: string } | undefined;
  let overwrite = false;
  for (;;) {
    if (args.names === undefined || rejected) {
      const input = await vscode.window.showInputBox({
        title: askFolder ? `${title} (2/2)` : title,
        prompt: 'More host names or IP addresses for the server certificate, comma-separated (localhost, 127.0.0.1 and ::1 are always in)',
        placeHolder: 'e.g. nats.example.internal, 10.0.0.5',
        value: namesText ?? '',
        ignoreFocusOut: true,
        validateInput: (value) => (rejected && value === rejected.text ? rejected.message : undefined),
      });
      if (input === undefined) return;
      namesText = input;
      rejected = undefined;
    }
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'Generating development certificates…' },
      () =>
        client.sendRequest(ExecuteCommandRequest.type, {
          command: SERVER_GENERATE_CERTIFICATES_COMMAND,
          arguments: [{ folder, files: args.files, names: splitNames(namesText ?? ''), overwrite }],
        }) as Promise<GenerateResult | null>,
    );
    if (!result) throw new Error('the language server could not generate them (see the NATS Server Config output)');
    if (result.ok) {
      const insertBlock = args.insertTlsBlock ?? args.files === undefined;
      const target = editor && (!configUri || editor.document.uri.toString() === configUri.toString()) ? editor : undefined;
      await reportGenerated(result, insertBlock, target, output);
      return;
    }
    if (result.reason === 'exists' && !overwrite) {
      const list = result.paths.map((file) => path.basename(file)).join(', ');
      const answer = await vscode.window.showWarningMessage(
        `${result.paths.length === 1 ? 'A file' : `${result.paths.length} files`} already exist in ${folder}: ${list}. Replace them with a new set?`,
        { modal: true, detail: 'A new CA invalidates every certificate the old one signed.' },
        'Replace',
      );
      if (answer !== 'Replace') return;
      overwrite = true;
      continue;
    }
    if (result.reason === 'invalid-name') {
      rejected = { text: namesText ?? '', message: result.message };
      continue;
    }
    void vscode.window.showErrorMessage(result.message);
    return;
  }
}

async function reportGenerated(
  result: Extract<GenerateResult, { ok: true }>,
  insertBlock: boolean,
  editor: vscode.TextEditor | undefined,
  output: vscode.LogOutputChannel,
): Promise<void> {
  output.info(`Wrote development certificates (valid until ${result.notAfter.slice(0, 10)}): ${result.written.join(', ')}`);
  let where = '';
  if (insertBlock) {
    if (editor && !editor.document.isClosed) {
      const { line } = editor.selection.active;
      const lineText = editor.document.lineAt(line).text;
      const eol = editor.document.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n';
      const unit = indentUnit(editor.options.insertSpaces !== false, typeof editor.options.tabSize === 'number' ? editor.options.tabSize : 2);
      const placement = placeTlsBlock(lineText, reindent(result.tlsBlock, unit), eol, unit);
      const inserted = await editor.edit((builder) =>
        builder.replace(new vscode.Range(line, placement.start, line, placement.end), placement.text),
      );
      where = inserted ? ' The tls block was inserted at the cursor.' : '';
    }
    if (!where) {
      const document = await vscode.workspace.openTextDocument({ language: LANGUAGE_ID, content: `${result.tlsBlock}\n` });
      await vscode.window.showTextDocument(document, { preview: false });
      where = ' Paste the tls block into your config.';
    }
  }
  const action = await vscode.window.showInformationMessage(
    `Wrote ${result.written.length} certificate files to ${result.folder} (valid until ${result.notAfter.slice(0, 10)}).${where}`,
    'Show Server Certificate',
  );
  if (action) await vscode.commands.executeCommand(SHOW_CERTIFICATE_DETAILS_COMMAND, vscode.Uri.file(result.files.serverCert));
}

// ---------------------------------------------------------------------------------------------
// Details

/** Read-only `nats-conf-certificate:` documents: the query holds the file's URI; read afresh on each open. */
class CertificateDetailsProvider implements vscode.TextDocumentContentProvider {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly output: vscode.LogOutputChannel) {}

  uriFor(file: vscode.Uri): vscode.Uri {
    return vscode.Uri.from({ scheme: DETAILS_SCHEME, path: `/${path.basename(file.path)}.md`, query: file.toString() });
  }

  refresh(uri: vscode.Uri): void {
    this.changed.fire(uri);
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const file = vscode.Uri.parse(uri.query, true);
    const shown = file.scheme === 'file' ? file.fsPath : file.toString();
    try {
      const bytes = await vscode.workspace.fs.readFile(file);
      let mode: number | undefined;
      if (file.scheme === 'file') mode = (await fs.stat(file.fsPath).catch(() => undefined))?.mode;
      return describeCertificateFile(bytes, { path: shown, mode });
    } catch (error) {
      this.output.warn(`Reading ${shown} failed: ${String(error)}`);
      const reason = error instanceof vscode.FileSystemError && error.code === 'FileNotFound' ? 'The file does not exist.' : `The file cannot be read (${error instanceof Error ? error.message : String(error)}).`;
      return `# ${path.basename(shown)}\n\n\`${shown}\`\n\n${reason}\n`;
    }
  }
}

/** The file a link covers at the cursor: certificate, key and include paths (resolved by the server). */
async function linkTargetAtCursor(editor: vscode.TextEditor): Promise<vscode.Uri | undefined> {
  const links = await vscode.commands.executeCommand<vscode.DocumentLink[] | undefined>('vscode.executeLinkProvider', editor.document.uri);
  const position = editor.selection.active;
  return links?.find((link) => link.range.contains(position) && link.target?.scheme === 'file')?.target;
}

async function showCertificateDetails(details: CertificateDetailsProvider, argument: unknown): Promise<void> {
  let file = argument instanceof vscode.Uri ? argument : undefined;
  const editor = vscode.window.activeTextEditor;
  if (!file && editor?.document.languageId === LANGUAGE_ID) file = await linkTargetAtCursor(editor);
  if (!file) {
    const choice = await vscode.window.showInformationMessage('Put the cursor on a cert_file, key_file or ca_file path of a NATS config, or choose a file.', 'Choose File…');
    if (choice === undefined) return;
    const picked = await vscode.window.showOpenDialog({
      canSelectMany: false,
      openLabel: 'Show Details',
      filters: { 'Certificates and keys': ['pem', 'crt', 'cer', 'key', 'der'], 'All files': ['*'] },
    });
    file = picked?.[0];
    if (!file) return;
  }
  const uri = details.uriFor(file);
  details.refresh(uri); // an already open preview shows the file as it is now
  try {
    await vscode.commands.executeCommand('markdown.showPreview', uri);
  } catch {
    // The built-in Markdown extension is disabled: show the Markdown text instead.
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: true });
  }
}
