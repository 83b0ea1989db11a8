/**
 * The real server under faults, over stdio: malformed requests make a handler throw, which must
 * be answered with the empty result and logged (window/logMessage), and the server must go on
 * answering; a cancelled hover or completion is answered with its empty result; files a config
 * depends on disappear, change or stop being files while the config is open, and the published
 * diagnostics follow without going stale.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  CancellationTokenSource, CodeActionRequest, CompletionRequest, DiagnosticSeverity, DidChangeWatchedFilesNotification, DocumentSymbolRequest,
  FileChangeType, FoldingRangeRequest, HoverRequest, SelectionRangeRequest, type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';
import { certificates } from '../unit/analysis/certificateFixtures';
import { LspSession, repoRoot } from './lspSession';

const TEST_TIMEOUT_MS = 120_000;
const scratch = path.join(repoRoot, 'out', 'lsp-scratch', 'faults');

let counter = 0;
function nextUri(name: string): string {
  counter += 1;
  return pathToFileURL(path.join(scratch, `${name}-${counter}.conf`)).href;
}

/** `code@line:char-line:char` of each published diagnostic. */
function summary(params: PublishDiagnosticsParams): string[] {
  return params.diagnostics.map((d) => `${d.code}@${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character}`);
}

/** The server's log lines that report a failed handler, by handler name. */
function failuresOf(session: LspSession, name: string): string[] {
  return session.serverErrors.filter((line) => line.startsWith(`${name} failed: `));
}

describe('handlers that throw', { timeout: TEST_TIMEOUT_MS }, () => {
  let session: LspSession;
  const uri = nextUri('throwing');
  const text = 'port: 4222\nhttp_port: 8222\n';

  before(async () => {
    mkdirSync(scratch, { recursive: true });
    ({ session } = await LspSession.start());
    const published = session.nextDiagnostics(uri);
    await session.open(uri, text);
    await published;
  });

  after(() => session?.kill());

  /** A well-formed hover on `port`: proves the server still answers after a failure. */
  async function hoverStillWorks(): Promise<void> {
    const hover = await session.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 0, character: 1 } });
    assert.match(JSON.stringify(hover?.contents), /port/);
  }

  test('a hover without a position: null, the TypeError logged, the next hover answered', async () => {
    const answer = await session.connection.sendRequest(HoverRequest.method, { textDocument: { uri } });
    assert.equal(answer, null);
    // The log line is written before the answer, so it has arrived by now.
    const [logged] = failuresOf(session, 'hover');
    assert.match(logged, /^hover failed: TypeError: /);
    await hoverStillWorks();
  });

  test('completion with a position of the wrong type: an empty list, logged (not edits at character null)', async () => {
    for (const position of ['line 1', null, { line: 0 }, { line: 'x', character: 1 }]) {
      const before = failuresOf(session, 'completion').length;
      const answer = await session.connection.sendRequest(CompletionRequest.method, { textDocument: { uri }, position });
      assert.deepEqual(answer, { isIncomplete: false, items: [] }, JSON.stringify(position));
      assert.equal(failuresOf(session, 'completion').length, before + 1);
    }
    assert.match(failuresOf(session, 'completion')[0], /^completion failed: TypeError: invalid position "line 1"/);
    await hoverStillWorks();
  });

  test('a code action without its context: an empty list, logged', async () => {
    const answer = await session.connection.sendRequest(CodeActionRequest.method, {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 4 } },
    });
    assert.deepEqual(answer, []);
    assert.match(failuresOf(session, 'codeAction')[0], /^codeAction failed: TypeError: /);
    await hoverStillWorks();
  });

  test('selection ranges whose positions are not a list: an empty list, logged', async () => {
    const answer = await session.connection.sendRequest(SelectionRangeRequest.method, { textDocument: { uri }, positions: 42 });
    assert.deepEqual(answer, []);
    assert.match(failuresOf(session, 'selectionRanges')[0], /^selectionRanges failed: TypeError: /);
    await hoverStillWorks();
  });

  test('a request without textDocument: the empty result, logged', async () => {
    const answer = await session.connection.sendRequest(DocumentSymbolRequest.method, {});
    assert.deepEqual(answer, []);
    assert.match(failuresOf(session, 'documentSymbol')[0], /^documentSymbol failed: TypeError: /);
    await hoverStillWorks();
  });

  test('a document that was never opened: empty results, nothing to log', async () => {
    const errorsBefore = session.serverErrors.length;
    const never = { uri: nextUri('never-opened') };
    assert.equal(await session.connection.sendRequest(HoverRequest.type, { textDocument: never, position: { line: 0, character: 0 } }), null);
    assert.deepEqual(await session.connection.sendRequest(FoldingRangeRequest.type, { textDocument: never }), []);
    assert.deepEqual(await session.connection.sendRequest(CompletionRequest.type, { textDocument: never, position: { line: 0, character: 0 } }), {
      isIncomplete: false,
      items: [],
    });
    assert.equal(session.serverErrors.length, errorsBefore);
  });

  test('positions far beyond the end of the document are clamped: answers, no failure', async () => {
    const errorsBefore = session.serverErrors.length;
    const far = { line: 1_000_000, character: 1_000_000 };
    assert.equal(await session.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: far }), null);
    const completion = await session.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: far });
    assert.ok(completion && 'items' in completion && completion.items.length > 0, 'top-level keys are offered at the end');
    const selection = await session.connection.sendRequest(SelectionRangeRequest.type, { textDocument: { uri }, positions: [far, { line: -5, character: -5 }] });
    assert.equal(selection?.length, 2);
    assert.equal(session.serverErrors.length, errorsBefore, session.serverErrors.join('\n'));
  });

  test('the server is still alive and validating after all of that', async () => {
    const next = session.nextDiagnostics(uri, (params) => params.version === 2);
    await session.change(uri, 2, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 4 } }, text: 'prot' }]);
    assert.deepEqual(summary(await next), ['unknown-field@0:0-0:4']);
    assert.equal(session.serverProcess.exitCode, null);
  });
});

describe('cancellation', { timeout: TEST_TIMEOUT_MS }, () => {
  let session: LspSession;
  /** Holds the server's settings request until the test lets it through. */
  let releaseSettings: () => void = () => {};
  const settingsReleased = new Promise<void>((resolve) => (releaseSettings = resolve));

  before(async () => {
    mkdirSync(scratch, { recursive: true });
    ({ session } = await LspSession.start({
      capabilities: { workspace: { configuration: true } },
      configuration: async (items) => {
        await settingsReleased;
        return items.map(() => null);
      },
    }));
  });

  after(() => {
    releaseSettings();
    session?.kill();
  });

  test('a hover and a completion cancelled while they wait for the analysis get the empty answer; asked again, the real one', async () => {
    const uri = nextUri('cancel');
    const published = session.nextDiagnostics(uri);
    await session.open(uri, 'port: 4222\ntls {\n  timeout: 2\n}\n');
    // Every request on this document waits for its settings, which the client holds back, so
    // the server is still waiting when the cancellations arrive: no race with the analysis.
    const hoverSource = new CancellationTokenSource();
    const completionSource = new CancellationTokenSource();
    const position = { line: 0, character: 1 };
    const hover = session.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position }, hoverSource.token);
    const completion = session.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: { line: 2, character: 2 } }, completionSource.token);
    hoverSource.cancel();
    completionSource.cancel();
    // The $/cancelRequest notifications are written before the settings answer, and the server
    // reads its input in order.
    releaseSettings();
    // Either the RequestCancelled error or the handler's empty answer is a correct reply.
    type Settled = { value?: unknown; error?: { code?: number } };
    const settle = (promise: Promise<unknown>): Promise<Settled> => promise.then((value) => ({ value }), (error: { code?: number }) => ({ error }));
    const [hoverAnswer, completionAnswer] = await Promise.all([settle(hover), settle(completion)]);
    const isCancelledError = (answer: Settled) => answer.error?.code === -32800;
    assert.ok(isCancelledError(hoverAnswer) || hoverAnswer.value === null, JSON.stringify(hoverAnswer));
    assert.ok(
      isCancelledError(completionAnswer) || JSON.stringify(completionAnswer.value) === '{"isIncomplete":false,"items":[]}',
      JSON.stringify(completionAnswer).slice(0, 200),
    );
    await published;

    // The same requests, not cancelled: real answers, so the empty ones above were the cancellation.
    const realHover = await session.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position });
    assert.match(JSON.stringify(realHover?.contents), /port/);
    const realCompletion = await session.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: { line: 2, character: 2 } });
    assert.ok(realCompletion && 'items' in realCompletion && realCompletion.items.some((item) => item.label === 'cert_file'), JSON.stringify(realCompletion).slice(0, 300));
  });
});

describe('files that change under an open config', { timeout: TEST_TIMEOUT_MS }, () => {
  let session: LspSession;
  const set = certificates();
  const folder = path.join(scratch, 'watched');
  const included = path.join(folder, 'limits.conf');
  const certificate = path.join(folder, 'server-cert.pem');
  const mainUri = pathToFileURL(path.join(folder, 'main.conf')).href;
  const text = 'include limits.conf\ntls {\n  cert_file: "server-cert.pem"\n  key_file: "server-key.pem"\n}\n';
  /** The include and certificate errors: the generated certificate may earn warnings (no SAN for a host, ...). */
  const relevant = (params: PublishDiagnosticsParams) =>
    summary({ ...params, diagnostics: params.diagnostics.filter((d) => d.severity === DiagnosticSeverity.Error) }).filter((s) => /^(include|cert)-/.test(s));

  async function fileChanged(file: string, type: FileChangeType): Promise<PublishDiagnosticsParams> {
    const next = session.nextDiagnostics(mainUri);
    await session.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: pathToFileURL(file).href, type }] });
    return next;
  }

  before(async () => {
    rmSync(folder, { recursive: true, force: true });
    mkdirSync(folder, { recursive: true });
    copyFileSync(set.file('server-cert.pem'), certificate);
    copyFileSync(set.file('server-key.pem'), path.join(folder, 'server-key.pem'));
    writeFileSync(included, 'max_payload: 1MB\n');
    ({ session } = await LspSession.start());
    const published = session.nextDiagnostics(mainUri);
    await session.open(mainUri, text);
    assert.deepEqual(relevant(await published), []);
  });

  after(() => {
    session?.kill();
    set.dispose();
    rmSync(folder, { recursive: true, force: true });
  });

  test('the included file is deleted: include-not-found; restored: cleared', async () => {
    renameSync(included, `${included}.away`);
    assert.deepEqual(relevant(await fileChanged(included, FileChangeType.Deleted)), ['include-not-found@0:8-0:19']);
    renameSync(`${included}.away`, included);
    assert.deepEqual(relevant(await fileChanged(included, FileChangeType.Created)), []);
  });

  test('the included file changes: its new error appears, and goes when it is fixed', async () => {
    writeFileSync(included, 'max_payload: 1MB x\n');
    assert.deepEqual(relevant(await fileChanged(included, FileChangeType.Changed)), ['include-parse-error@0:8-0:19']);
    writeFileSync(included, 'max_payload: 1MB\n');
    assert.deepEqual(relevant(await fileChanged(included, FileChangeType.Changed)), []);
  });

  test('the included file becomes a folder (unreadable): include-unreadable; a file again: cleared', async () => {
    rmSync(included);
    mkdirSync(included);
    assert.deepEqual(relevant(await fileChanged(included, FileChangeType.Changed)), ['include-unreadable@0:8-0:19']);
    rmSync(included, { recursive: true });
    writeFileSync(included, 'max_payload: 1MB\n');
    assert.deepEqual(relevant(await fileChanged(included, FileChangeType.Changed)), []);
  });

  test('the certificate changes content (a key now): the certificate error appears; restored: cleared', async () => {
    copyFileSync(set.file('other-key.pem'), certificate);
    // 2.9.10: tls: failed to find certificate PEM data in certificate input, but did find a private key.
    assert.deepEqual(relevant(await fileChanged(certificate, FileChangeType.Changed)), ['cert-pem-switched@1:0-1:3']);
    copyFileSync(set.file('server-cert.pem'), certificate);
    assert.deepEqual(relevant(await fileChanged(certificate, FileChangeType.Changed)), []);
  });

  test('the certificate is deleted: cert-file-not-found; restored: cleared', async () => {
    rmSync(certificate);
    assert.deepEqual(relevant(await fileChanged(certificate, FileChangeType.Deleted)), ['cert-file-not-found@1:0-1:3']);
    copyFileSync(set.file('server-cert.pem'), certificate);
    assert.deepEqual(relevant(await fileChanged(certificate, FileChangeType.Created)), []);
  });

  test('after close: cleared once, and file changes publish nothing more for it', async () => {
    const cleared = session.nextDiagnostics(mainUri);
    await session.close(mainUri);
    assert.deepEqual((await cleared).diagnostics, []);
    const countAfterClose = session.publishedFor(mainUri).length;
    rmSync(included);
    await session.connection.sendNotification(DidChangeWatchedFilesNotification.type, {
      changes: [{ uri: pathToFileURL(included).href, type: FileChangeType.Deleted }],
    });
    // A document opened after the notification is validated after it (messages are handled in
    // order), so once its diagnostics arrive, anything the notification caused has arrived too.
    const witness = nextUri('witness');
    const witnessPublished = session.nextDiagnostics(witness);
    await session.open(witness, 'port: 4222\n');
    await witnessPublished;
    assert.equal(session.publishedFor(mainUri).length, countAfterClose);
    writeFileSync(included, 'max_payload: 1MB\n');
  });
});
