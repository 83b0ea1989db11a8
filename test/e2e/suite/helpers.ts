/**
 * Shared by the extension-host tests. Every wait listens for a VS Code event (or polls a cheap
 * property) against a deadline and fails with what it saw; nothing sleeps for a fixed time.
 */
import * as assert from 'assert';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'vscode-nats-conf.vscode-nats-conf';
export const LANGUAGE_ID = 'nats-conf';
/** Deadline of one wait (a cold language server on a busy 2-core machine answers within ~3 s). */
export const WAIT_MS = 20_000;
/**
 * Once a wait has timed out the server is most likely dead or stuck; later waits then give up
 * sooner, so a broken build fails the whole suite in about two minutes instead of ten.
 */
const WAIT_MS_AFTER_A_TIMEOUT = 5_000;

function deadline(ms: number | undefined): number {
  return ms ?? (shared.timedOut ? WAIT_MS_AFTER_A_TIMEOUT : WAIT_MS);
}

/** Marks the first timeout and returns a note on whether the server still answers requests. */
async function timeoutNote(uri: vscode.Uri): Promise<string> {
  shared.timedOut = true;
  const probe = vscode.commands.executeCommand<unknown[]>('vscode.executeDocumentSymbolProvider', uri).then(
    (symbols) => (symbols === undefined ? 'no symbol provider answered (is the language server running?)' : 'the server still answers requests'),
    (error: unknown) => `the symbol request failed: ${String(error)}`,
  );
  const late = new Promise<string>((resolve) => setTimeout(() => resolve('the server does not answer requests either'), 2000));
  return `; ${await Promise.race([probe, late])}`;
}

/**
 * State shared by every test file. Each file is bundled on its own, so module-level variables would
 * exist once per file; the extension host runs them all in one process, so keep it on globalThis.
 */
interface SharedState {
  activation?: Promise<vscode.Extension<unknown>>;
  /** A wait has timed out before (see WAIT_MS_AFTER_A_TIMEOUT). */
  timedOut?: boolean;
  /** URIs diagnostics were published for since the suite started, and an event per publication. */
  published: Set<string>;
  onPublished: vscode.EventEmitter<string>;
}
const shared: SharedState = ((globalThis as { __natsConfE2e?: SharedState }).__natsConfE2e ??= startRecording());

function startRecording(): SharedState {
  const state: SharedState = { published: new Set(), onPublished: new vscode.EventEmitter<string>() };
  // Installed before the suite opens any document (the first helper call of the first test file).
  vscode.languages.onDidChangeDiagnostics((event) => {
    for (const uri of event.uris) {
      state.published.add(uri.toString());
      state.onPublished.fire(uri.toString());
    }
  });
  return state;
}

/** The extension under development, activated (its activate() resolves once the client runs). */
export function activateExtension(): Promise<vscode.Extension<unknown>> {
  shared.activation ??= (async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not loaded (extensionDevelopmentPath wrong?)`);
    await extension.activate();
    assert.ok(extension.isActive, 'the extension did not activate');
    return extension;
  })();
  return shared.activation;
}

export function workspaceUri(...segments: string[]): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the runner opened no workspace folder');
  return vscode.Uri.joinPath(folder.uri, ...segments);
}

export function describeDiagnostics(diagnostics: readonly vscode.Diagnostic[]): string {
  if (diagnostics.length === 0) return '(none)';
  return diagnostics
    .map((d) => `${String(typeof d.code === 'object' ? d.code.value : d.code)} at ${d.range.start.line + 1}:${d.range.start.character + 1} [${vscode.DiagnosticSeverity[d.severity]}] ${d.message}`)
    .join('\n  ');
}

export function codesOf(diagnostics: readonly vscode.Diagnostic[]): string[] {
  return diagnostics.map((d) => String(typeof d.code === 'object' ? d.code.value : d.code));
}

/**
 * Resolves with the diagnostics of `uri` once `accept` holds for them: checked now, then on every
 * onDidChangeDiagnostics event that names `uri`. Rejects after `ms` with the diagnostics seen.
 */
export function waitForDiagnostics(
  uri: vscode.Uri,
  accept: (diagnostics: vscode.Diagnostic[]) => boolean,
  what: string,
  ms?: number,
): Promise<vscode.Diagnostic[]> {
  const limit = deadline(ms);
  return new Promise((resolve, reject) => {
    const key = uri.toString();
    const check = (): boolean => {
      const diagnostics = vscode.languages.getDiagnostics(uri);
      if (!accept(diagnostics)) return false;
      done();
      resolve(diagnostics);
      return true;
    };
    const subscription = vscode.languages.onDidChangeDiagnostics((event) => {
      if (event.uris.some((u) => u.toString() === key)) check();
    });
    const timer = setTimeout(() => {
      done();
      void timeoutNote(uri).then((note) =>
        reject(new Error(`timed out after ${limit} ms waiting for ${what} in ${uri.path}${note}; diagnostics now:\n  ${describeDiagnostics(vscode.languages.getDiagnostics(uri))}`)),
      );
    }, limit);
    function done(): void {
      subscription.dispose();
      clearTimeout(timer);
    }
    check();
  });
}

/**
 * Resolves once diagnostics have been published for `uri` since the suite started (an empty
 * publication counts: that is how a clean file shows). The language server publishes on open.
 */
export function waitForPublication(uri: vscode.Uri, what: string, ms?: number): Promise<void> {
  const key = uri.toString();
  if (shared.published.has(key)) return Promise.resolve();
  const limit = deadline(ms);
  return new Promise((resolve, reject) => {
    const subscription = shared.onPublished.event((published) => {
      if (published !== key) return;
      done();
      resolve();
    });
    const timer = setTimeout(() => {
      done();
      void timeoutNote(uri).then((note) => reject(new Error(`timed out after ${limit} ms waiting for ${what} (no diagnostics published for ${uri.path})${note}`)));
    }, limit);
    function done(): void {
      subscription.dispose();
      clearTimeout(timer);
    }
  });
}

/** Opens a workspace file in an editor, as nats-conf (by its name). Requests may follow at once. */
export async function openDocument(name: string): Promise<vscode.TextDocument> {
  await activateExtension();
  const document = await vscode.workspace.openTextDocument(workspaceUri(name));
  await vscode.window.showTextDocument(document, { preview: false });
  assert.strictEqual(document.languageId, LANGUAGE_ID, `${name} opened as ${document.languageId}`);
  return document;
}

/** Opens a workspace file and waits until the language server has published its diagnostics. */
export async function openAnalysed(name: string): Promise<vscode.TextDocument> {
  const document = await openDocument(name);
  await waitForPublication(document.uri, `the first diagnostics of ${name}`);
  return document;
}

/** The position `delta` characters after the start of the first `needle` in the document. */
export function positionOf(document: vscode.TextDocument, needle: string, delta = 0): vscode.Position {
  const offset = document.getText().indexOf(needle);
  assert.ok(offset >= 0, `'${needle}' not found in ${document.uri.path}`);
  return document.positionAt(offset + delta);
}

export function lineOf(document: vscode.TextDocument, needle: string): number {
  return positionOf(document, needle).line;
}

export async function hoverMarkdown(document: vscode.TextDocument, position: vscode.Position): Promise<string> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, position);
  return (hovers ?? [])
    .flatMap((hover) => hover.contents.map((c) => (typeof c === 'string' ? c : c.value)))
    .join('\n---\n');
}

export interface Completion {
  label: string;
  sortText: string;
  kind: vscode.CompletionItemKind | undefined;
}

export async function completions(document: vscode.TextDocument, position: vscode.Position, trigger?: string): Promise<Completion[]> {
  const list = await vscode.commands.executeCommand<vscode.CompletionList>(
    'vscode.executeCompletionItemProvider',
    document.uri,
    position,
    trigger,
  );
  return (list?.items ?? []).map((item) => {
    const label = typeof item.label === 'string' ? item.label : item.label.label;
    return { label, sortText: item.sortText ?? label, kind: item.kind };
  });
}

/** Polls the document's language id (changes arrive as a close + reopen) until `accept` or the deadline. */
export async function waitForLanguage(
  uri: vscode.Uri,
  accept: (languageId: string) => boolean,
  what: string,
  ms?: number,
): Promise<vscode.TextDocument> {
  const limit = deadline(ms);
  const end = Date.now() + limit;
  for (;;) {
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (document && accept(document.languageId)) return document;
    if (Date.now() > end) {
      shared.timedOut = true;
      throw new Error(`timed out after ${limit} ms waiting for ${what}; language now: ${document?.languageId ?? '(not open)'}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Replaces the whole text of the document. */
export async function setText(document: vscode.TextDocument, text: string): Promise<void> {
  const edit = new vscode.WorkspaceEdit();
  const end = document.lineAt(document.lineCount - 1).range.end;
  edit.replace(document.uri, new vscode.Range(new vscode.Position(0, 0), end), text);
  assert.ok(await vscode.workspace.applyEdit(edit), `could not edit ${document.uri.path}`);
}
