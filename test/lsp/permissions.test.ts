/**
 * The language server reads files and nothing else: no writes, no network, no child processes,
 * no threads — except certificate generation, which writes only into the folder it is given.
 *
 * Two proofs, each over a full editing session (open, edit, hover, completion, links,
 * definition, symbols, code actions, file-watch events) on the secrets workspace:
 * 1. Node's permission model: the server runs with read access only (no --allow-fs-write,
 *    --allow-child-process or --allow-worker) and still answers everything; certificate
 *    generation is refused by the runtime, which shows the sandbox was really on.
 * 2. A preload (sideEffectRecorder.cjs) reports every call to a writing, networking,
 *    name-resolving or process-starting API; the session reports none, and one certificate
 *    generation reports writes inside its folder only.
 * Node 20's permission model has no network switch, hence the second proof.
 * Running nats-server (executeCommand natsConf.server.validateWithNatsServer) is the one
 * legitimate child process; it needs a trusted workspace, and these sessions are untrusted (the
 * default), so it is not part of them.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  CodeActionRequest, CompletionRequest, DefinitionRequest, DidChangeTextDocumentNotification, DidChangeWatchedFilesNotification,
  DocumentLinkRequest, DocumentSymbolRequest, ExecuteCommandRequest, FileChangeType, FoldingRangeRequest, HoverRequest,
  SelectionRangeRequest, type MarkupContent,
} from 'vscode-languageserver-protocol/node';
import { CapturedSession, type CapturedSessionOptions } from './capturedSession';
import { repoRoot } from './lspSession';
import { createSecretWorkspace, type SecretWorkspace } from './secretWorkspace';

const TEST_TIMEOUT_MS = 180_000;
const recorder = path.join(repoRoot, 'test', 'lsp', 'sideEffectRecorder.cjs');
const GENERATE = 'natsConf.server.generateCertificates';

/** What an editor does while someone edits configs; returns what a test can check it did. */
async function editingSession(session: CapturedSession, workspace: SecretWorkspace) {
  const seen = { diagnostics: 0, hovers: 0, completions: 0, links: 0, symbols: 0, definitions: 0, codeActions: 0 };
  const uris: string[] = [];
  for (const file of workspace.configs) {
    const uri = pathToFileURL(path.join(workspace.dir, file.name)).href;
    uris.push(uri);
    const { diagnostics } = await session.openAndWait(uri, file.text);
    seen.diagnostics += diagnostics.length;
    const lines = file.text.split('\n');
    const positions = lines.flatMap((line, lineNumber) => Array.from({ length: line.length + 1 }, (_, character) => ({ line: lineNumber, character })).filter((p) => p.character % 3 === 0));
    const hovers = await Promise.all(positions.map((position) => session.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position })));
    seen.hovers += hovers.filter((hover) => hover && (hover.contents as MarkupContent).value.length > 0).length;
    const sparse = positions.filter((p) => p.character % 6 === 0);
    const lists = await Promise.all(sparse.map((position) => session.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position })));
    for (const list of lists) seen.completions += Array.isArray(list) ? list.length : (list?.items.length ?? 0);
    const found = await Promise.all(sparse.map((position) => session.connection.sendRequest(DefinitionRequest.type, { textDocument: { uri }, position })));
    seen.definitions += found.filter((locations) => (Array.isArray(locations) ? locations.length > 0 : locations !== null)).length;
    seen.links += (await session.connection.sendRequest(DocumentLinkRequest.type, { textDocument: { uri } }))?.length ?? 0;
    seen.symbols += (await session.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } }))?.length ?? 0;
    await session.connection.sendRequest(FoldingRangeRequest.type, { textDocument: { uri } });
    await session.connection.sendRequest(SelectionRangeRequest.type, { textDocument: { uri }, positions: positions.slice(0, 20) });
    for (const diagnostic of diagnostics) {
      const actions = await session.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: diagnostic.range, context: { diagnostics: [diagnostic] } });
      seen.codeActions += actions?.length ?? 0;
    }
  }
  // Completion of certificate paths lists folders: the reads that need.
  const pathUri = pathToFileURL(path.join(workspace.dir, 'typing.conf')).href;
  await session.openAndWait(pathUri, 'tls {\n  cert_file: "tls/"\n}\n');
  const paths = await session.connection.sendRequest(CompletionRequest.type, { textDocument: { uri: pathUri }, position: { line: 1, character: 18 } });
  const pathLabels = (Array.isArray(paths) ? paths : (paths?.items ?? [])).map((item) => item.label);
  // An edit, then a certificate changing on disk.
  const edited = session.nextDiagnostics(pathUri, (p) => p.version === 2);
  await session.connection.sendNotification(DidChangeTextDocumentNotification.type, {
    textDocument: { uri: pathUri, version: 2 },
    contentChanges: [{ range: { start: { line: 1, character: 16 }, end: { line: 1, character: 16 } }, text: 'server-cert.pem' }],
  });
  const afterEdit = await edited;
  const rechecked = session.nextDiagnostics(uris[2]);
  await session.connection.sendNotification(DidChangeWatchedFilesNotification.type, {
    changes: [{ uri: pathToFileURL(path.join(workspace.dir, 'tls/server-cert.pem')).href, type: FileChangeType.Changed }],
  });
  await rechecked;
  return { seen, pathLabels, afterEdit };
}

function assertSessionWorked(result: Awaited<ReturnType<typeof editingSession>>): void {
  const { seen, pathLabels, afterEdit } = result;
  assert.ok(seen.diagnostics > 40 && seen.hovers > 300 && seen.completions > 1000, JSON.stringify(seen));
  assert.ok(seen.links > 10 && seen.symbols > 20 && seen.definitions > 0 && seen.codeActions > 5, JSON.stringify(seen));
  assert.ok(pathLabels.includes('server-cert.pem') && pathLabels.includes('combined.pem'), pathLabels.join(', '));
  // The certificate was read (it matches no key, so the block wants its key_file).
  assert.ok(afterEdit.diagnostics.some((d) => d.code === 'tls-missing-key-file'), JSON.stringify(afterEdit.diagnostics));
}

describe('the language server needs no write, network or process rights', { timeout: TEST_TIMEOUT_MS }, () => {
  let workspace: SecretWorkspace;
  const sessions: CapturedSession[] = [];

  before(() => {
    workspace = createSecretWorkspace();
  });
  after(() => {
    for (const session of sessions) session.kill();
    workspace?.dispose();
  });

  async function start(options: CapturedSessionOptions): Promise<CapturedSession> {
    const { session } = await CapturedSession.start({ env: { ...process.env, ...workspace.env }, ...options });
    sessions.push(session);
    return session;
  }

  test('under Node\'s permission model with read access only, every feature works', async () => {
    const session = await start({ nodeArgs: ['--experimental-permission', '--allow-fs-read=*'] });
    assertSessionWorked(await editingSession(session, workspace));

    // The sandbox is real: the one writer is refused by the runtime, and says so.
    const folder = path.join(workspace.dir, 'sandboxed');
    const result = await session.connection.sendRequest(ExecuteCommandRequest.type, { command: GENERATE, arguments: [{ folder }] });
    assert.equal(result.ok, false, JSON.stringify(result));
    assert.equal(result.reason, 'io', JSON.stringify(result));
    assert.equal(existsSync(folder), false);

    assert.equal(await session.shutdown(), 0);
    assert.doesNotMatch(session.stderr(), /ERR_ACCESS_DENIED|Access to this API has been restricted/);
    const logged = session.notifications.filter((n) => n.method === 'window/logMessage').map((n) => (n.params as { message: string }).message);
    assert.deepEqual(logged.filter((message) => /ERR_ACCESS_DENIED|restricted/.test(message)), []);
  });

  test('with every writing, networking and process API recorded, editing calls none of them', async () => {
    const session = await start({ nodeArgs: ['--require', recorder] });
    assertSessionWorked(await editingSession(session, workspace));
    assert.equal(await session.shutdown(), 0);
    const stderr = session.stderr();
    assert.match(stderr, /^SIDE-EFFECT-RECORDER ready$/m, 'the recorder did not load');
    assert.deepEqual(stderr.split('\n').filter((line) => line.startsWith('SIDE-EFFECT ')), []);
    assert.equal(session.notifications.filter((n) => n.method === 'telemetry/event').length, 0);
  });

  test('certificate generation writes into its folder and nowhere else', async (t) => {
    const session = await start({ nodeArgs: ['--require', recorder] });
    const folder = path.join(workspace.dir, 'generated', 'certs');
    const result = await session.connection.sendRequest(ExecuteCommandRequest.type, { command: GENERATE, arguments: [{ folder, names: ['nats.test'] }] });
    assert.equal(result.ok, true, JSON.stringify(result));
    assert.equal(await session.shutdown(), 0);
    assert.deepEqual(readdirSync(folder).sort(), ['ca.pem', 'client-cert.pem', 'client-key.pem', 'server-cert.pem', 'server-key.pem']);
    const effects = session.stderr().split('\n').filter((line) => line.startsWith('SIDE-EFFECT '));
    t.diagnostic(effects.map((line) => line.replace(workspace.dir, '<workspace>')).join('; '));
    // The folder (with its parents, recursively) and one open for writing per file: nothing else.
    const files = ['ca.pem', 'server-cert.pem', 'server-key.pem', 'client-cert.pem', 'client-key.pem'];
    assert.deepEqual(effects.sort(), [
      `SIDE-EFFECT fs.promises.mkdir ${folder}`,
      ...files.map((name) => `SIDE-EFFECT fs.promises.open(write) ${path.join(folder, name)}`),
    ].sort());
  });
});

/** Every .ts file under a folder of the repository. */
function sources(folder: string): string[] {
  const found: string[] = [];
  for (const name of readdirSync(path.join(repoRoot, folder))) {
    const relative = path.join(folder, name);
    if (statSync(path.join(repoRoot, relative)).isDirectory()) found.push(...sources(relative));
    else if (name.endsWith('.ts')) found.push(relative);
  }
  return found;
}

/**
 * What the sessions above cannot reach (code paths they do not run), the sources must not even
 * import: no network module, no telemetry. Processes only in server/src/natsServer/, the
 * nats-server runner, which runs in trusted workspaces only.
 */
describe('the sources import no network, telemetry or process APIs', () => {
  const files = [...sources('server/src'), ...sources('client/src')];
  const imports = files.flatMap((file) => {
    const text = readFileSync(path.join(repoRoot, file), 'utf8');
    return [...text.matchAll(/(?:from\s+|require\(\s*|import\(\s*)['"](?:node:)?([^'"]+)['"]/g)].map((match) => ({ file, module: match[1], text }));
  });

  test('the sources were found', () => {
    assert.ok(files.includes(path.join('server', 'src', 'server.ts')) && files.length > 30, files.join(', '));
    assert.ok(imports.some((item) => item.module === 'vscode-languageserver/node'));
  });

  test('no network module; net only for its address helpers', () => {
    const network = imports.filter((item) => ['http', 'https', 'http2', 'dgram', 'dns', 'dns/promises', 'tls', 'undici', 'ws'].includes(item.module));
    assert.deepEqual(network.map((item) => `${item.file}: ${item.module}`), []);
    for (const item of imports.filter((entry) => entry.module === 'net')) {
      assert.match(item.text, /import \{ (isIP|isIPv4|isIPv6)(, (isIP|isIPv4|isIPv6))* \} from '(node:)?net';/, item.file);
    }
    const fetching = files.filter((file) => /\bfetch\(|XMLHttpRequest|WebSocket\(/.test(readFileSync(path.join(repoRoot, file), 'utf8')));
    assert.deepEqual(fetching, []);
  });

  test('child processes only in the nats-server runner; no telemetry anywhere', () => {
    const processes = imports.filter((item) => ['child_process', 'worker_threads', 'cluster'].includes(item.module));
    assert.deepEqual(processes.map((item) => item.file).filter((file) => !file.startsWith(path.join('server', 'src', 'natsServer') + path.sep)), []);
    const telemetry = files.filter((file) => /telemetry/i.test(readFileSync(path.join(repoRoot, file), 'utf8')));
    assert.deepEqual(telemetry, []);
    const manifest = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
    assert.deepEqual(Object.keys(manifest.dependencies ?? {}).filter((name) => /telemetry|insights|analytics|sentry/i.test(name)), []);
  });
});
