/**
 * No secret leaves the server. A workspace full of canary secrets (test/lsp/secretWorkspace.ts)
 * goes through every feature of the real server over stdio — diagnostics, hover at every
 * character, completion, symbols, links, definition, code actions for every diagnostic, folding,
 * selection ranges, certificate generation, file-watch events, an edit — and every byte the
 * server writes (stdout frames, stderr, log and show messages) is scanned for the canaries. The
 * CLI gets the same files in each output format.
 *
 * One exception, by design: a code action edit may carry a secret the user wrote when it only
 * rewrites the text that already holds that secret (the secret stays where it was). Anywhere
 * else — titles, messages, hovers, completion labels and documentation, new text elsewhere —
 * a canary is a leak.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  CodeActionRequest, CompletionRequest, DefinitionRequest, DidChangeTextDocumentNotification, DidChangeWatchedFilesNotification,
  DocumentLinkRequest, DocumentSymbolRequest, ExecuteCommandRequest, FileChangeType, FoldingRangeRequest, HoverRequest,
  SelectionRangeRequest, type CodeAction, type Command, type Diagnostic, type DocumentSymbol, type MarkupContent, type TextEdit,
} from 'vscode-languageserver-protocol/node';
import { CapturedSession } from './capturedSession';
import { repoRoot } from './lspSession';
import { createSecretWorkspace, findCanaries, type SecretWorkspace } from './secretWorkspace';

const TEST_TIMEOUT_MS = 300_000;
const cliScript = path.join(repoRoot, 'server', 'out', 'cli.js');
const MASK = '••••••';

interface Opened {
  uri: string;
  text: string;
  diagnostics: Diagnostic[];
  /** False for the key and credentials files opened as if they were configs. */
  isConfig: boolean;
}

/** Every string inside a JSON value, with the key it sits under. */
function* strings(value: unknown, key = ''): Generator<{ key: string; text: string }> {
  if (typeof value === 'string') yield { key, text: value };
  else if (Array.isArray(value)) for (const item of value) yield* strings(item, key);
  else if (typeof value === 'object' && value !== null) for (const [name, item] of Object.entries(value)) yield* strings(item, name);
}

function offsetAt(text: string, position: { line: number; character: number }): number {
  let offset = 0;
  for (let line = 0; line < position.line; line++) {
    const next = text.indexOf('\n', offset);
    if (next < 0) return text.length;
    offset = next + 1;
  }
  return Math.min(offset + position.character, text.length);
}

describe('no secret leaves the language server or the CLI', { timeout: TEST_TIMEOUT_MS }, () => {
  let workspace: SecretWorkspace;
  let session: CapturedSession;
  const opened: Opened[] = [];
  /** Edit texts that only keep a secret where the user wrote it (see the header). */
  const keptInPlace = new Set<string>();
  const counts = { hovers: 0, maskedHovers: 0, completionItems: 0, symbols: 0, links: 0, definitions: 0, codeActions: 0, diagnostics: 0 };

  before(async () => {
    workspace = createSecretWorkspace();
    ({ session } = await CapturedSession.start({
      env: { ...process.env, ...workspace.env },
      capabilities: { textDocument: { completion: { completionItem: { snippetSupport: true, documentationFormat: ['markdown'] } } } },
      rootUri: pathToFileURL(workspace.dir).href,
    }));
    for (const file of [...workspace.configs, ...workspace.openedAsConfig]) {
      const uri = pathToFileURL(path.join(workspace.dir, file.name)).href;
      const { diagnostics } = await session.openAndWait(uri, file.text);
      opened.push({ uri, text: file.text, diagnostics, isConfig: workspace.configs.includes(file) });
      counts.diagnostics += diagnostics.length;
    }
  });

  after(() => {
    session?.kill();
    workspace?.dispose();
  });

  test('the canaries really are in the inputs', () => {
    const inputs = [...workspace.configs, ...workspace.openedAsConfig].map((file) => file.text).join('\n') + readFileSync(path.join(workspace.dir, 'keys/pkcs8.key'), 'utf8');
    const envValues = Object.values(workspace.env).join('\n');
    const missing = [...workspace.canaries.keys()].filter((fragment) => !inputs.includes(fragment) && !envValues.includes(fragment));
    assert.deepEqual(missing, []);
    assert.ok(workspace.canaries.size > 100, `only ${workspace.canaries.size} canaries`);
  });

  test('the mask stands where a secret would have been quoted', async () => {
    const messagesOf = (name: string) => opened.find((o) => o.uri.endsWith(`/${name}`))!.diagnostics.map((d) => `${d.code}: ${d.message}`);
    const misuse = messagesOf('broken-misuse.conf');
    // $PASS_SECRET as a cipher, $NATS_CANARY_PASSWORD as min_version, a seed variable as a key path.
    assert.ok(misuse.some((m) => m.startsWith('tls-unknown-cipher: ') && m.includes('does not know the cipher suite "••••••"')), misuse.join('\n'));
    assert.ok(misuse.some((m) => m.startsWith('tls-invalid-min-version: "••••••" is not a TLS version')), misuse.join('\n'));
    assert.ok(misuse.some((m) => m.startsWith('cert-file-not-found: ') && m.includes('"••••••" does not exist')), misuse.join('\n'));
    // A key file included as a config: its base64 lines would be "unknown keys".
    const included = messagesOf('broken-include.conf');
    assert.ok(included.some((m) => m.startsWith("unknown-field: Unknown key '••••••' in the top level (in the included file pkcs8.key)")), included.join('\n'));
    // The diagnostic for a secret-derived path carries no path a quick fix could write to.
    const notFound = opened.find((o) => o.uri.endsWith('/broken-misuse.conf'))!.diagnostics.filter((d) => d.code === 'cert-file-not-found');
    assert.ok(notFound.length > 0 && notFound.every((d) => !JSON.stringify(d.data ?? {}).includes(workspace.dir + '/pwmis-')), JSON.stringify(notFound));

    // The outline: a URL keeps its user and host, not its password.
    const uri = opened.find((o) => o.uri.endsWith('/secrets.conf'))!.uri;
    const symbols = (await session.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } })) as DocumentSymbol[];
    const cluster = symbols.find((symbol) => symbol.name === 'cluster');
    const routes = cluster?.children?.find((symbol) => symbol.name === 'routes');
    assert.equal(routes?.detail, '[nats-route://route:••••••@127.0.0.1:6223]');
    const password = symbols.find((symbol) => symbol.name === 'PASS_VAR');
    assert.equal(password?.detail, '••••••');
  });

  test('every feature, at every position, over stdio', async (t) => {
    for (const document of opened) {
      const { uri, text } = document;
      const lines = text.split('\n');
      // Every character of the configs; every fourth of the key files (their lines are all alike).
      const stride = document.isConfig ? 1 : 4;
      const positions = lines.flatMap((line, lineNumber) =>
        Array.from({ length: line.length + 1 }, (_, character) => ({ line: lineNumber, character })).filter((p) => p.character % stride === 0 || p.character === line.length),
      );

      const hovers = await Promise.all(positions.map((position) => session.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position })));
      for (const hover of hovers) {
        if (!hover) continue;
        counts.hovers += 1;
        if ((hover.contents as MarkupContent).value.includes(MASK)) counts.maskedHovers += 1;
      }

      // Completion at every other sampled character and at every line end (documentation included).
      const completionPositions = positions.filter((p) => p.character % (2 * stride) === 0 || p.character === lines[p.line].length);
      const completions = await Promise.all(
        completionPositions.map((position) => session.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position })),
      );
      for (const result of completions) counts.completionItems += Array.isArray(result) ? result.length : (result?.items.length ?? 0);

      const definitions = await Promise.all(
        positions.filter((p) => p.character % 2 === 0).map((position) => session.connection.sendRequest(DefinitionRequest.type, { textDocument: { uri }, position })),
      );
      counts.definitions += definitions.filter((d) => d !== null && (!Array.isArray(d) || d.length > 0)).length;

      counts.symbols += (await session.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } }))?.length ?? 0;
      counts.links += (await session.connection.sendRequest(DocumentLinkRequest.type, { textDocument: { uri } }))?.length ?? 0;
      await session.connection.sendRequest(FoldingRangeRequest.type, { textDocument: { uri } });
      await session.connection.sendRequest(SelectionRangeRequest.type, { textDocument: { uri }, positions: positions.filter((p) => p.character % 3 === 0) });

      // Code actions: for each diagnostic alone, for all of them at once, and Fix all.
      const whole = { start: { line: 0, character: 0 }, end: { line: lines.length, character: 0 } };
      const requests = [
        ...document.diagnostics.map((diagnostic) => ({ range: diagnostic.range, diagnostics: [diagnostic], only: undefined as string[] | undefined })),
        { range: whole, diagnostics: document.diagnostics, only: undefined },
        { range: whole, diagnostics: document.diagnostics, only: ['source.fixAll'] },
      ];
      for (const request of requests) {
        const actions = (await session.connection.sendRequest(CodeActionRequest.type, {
          textDocument: { uri },
          range: request.range,
          context: { diagnostics: request.diagnostics, only: request.only },
        })) ?? [];
        counts.codeActions += actions.length;
        for (const action of actions as (CodeAction | Command)[]) approveEditsThatKeepSecretsInPlace(action, uri, text);
      }
    }

    // An edit that adds a secret, then file-watch events: both re-validate.
    const first = opened[0];
    const addedSecret = 'pw-added-' + Math.random().toString(36).slice(2, 12) + 'x';
    workspace.canaries.set(addedSecret, 'password typed during the session');
    const republished = session.nextDiagnostics(first.uri, (p) => p.version === 2);
    await session.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri: first.uri, version: 2 },
      contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: `password: "${addedSecret}" }}\n` }],
    });
    await republished;
    const afterWatch = session.nextDiagnostics(first.uri, (p) => p.version === 2);
    await session.connection.sendNotification(DidChangeWatchedFilesNotification.type, {
      changes: [{ uri: pathToFileURL(path.join(workspace.dir, 'keys/pkcs8.key')).href, type: FileChangeType.Changed }],
    });
    await afterWatch;

    // Certificate generation, the one writer: its own new keys must not come back either.
    const folder = path.join(workspace.dir, 'generated');
    const generated = await session.connection.sendRequest(ExecuteCommandRequest.type, {
      command: 'natsConf.server.generateCertificates',
      arguments: [{ folder, notify: true }],
    });
    assert.equal(generated.ok, true, JSON.stringify(generated));
    for (const name of ['server-key.pem', 'client-key.pem']) workspace.addKeyCanaries(`generated ${name}`, readFileSync(path.join(folder, name), 'utf8'));
    const refused = await session.connection.sendRequest(ExecuteCommandRequest.type, { command: 'natsConf.server.generateCertificates', arguments: [{ folder, notify: true }] });
    assert.equal(refused.ok, false);
    assert.equal(await session.connection.sendRequest(ExecuteCommandRequest.type, { command: 'natsConf.unknown', arguments: [workspace.env.NATS_CANARY_PASSWORD] }), null);

    assert.equal(await session.shutdown(), 0);

    t.diagnostic(`answers scanned: ${JSON.stringify(counts)}`);
    // The features did run: a test that scanned empty answers would prove nothing.
    assert.ok(counts.hovers > 1000, JSON.stringify(counts));
    assert.ok(counts.maskedHovers > 20, JSON.stringify(counts));
    assert.ok(counts.completionItems > 1000, JSON.stringify(counts));
    assert.ok(counts.symbols > 20 && counts.links > 10 && counts.definitions > 5 && counts.codeActions > 10 && counts.diagnostics > 40, JSON.stringify(counts));
  });

  /** Marks a code action's edit texts as allowed when each canary in them was already in the replaced text. */
  function approveEditsThatKeepSecretsInPlace(action: CodeAction | Command, uri: string, text: string): void {
    const edit = (action as CodeAction).edit;
    const edits: TextEdit[] = [...(edit?.changes?.[uri] ?? [])];
    for (const change of edit?.documentChanges ?? []) if ('edits' in change && change.textDocument.uri === uri) edits.push(...change.edits.filter((e): e is TextEdit => 'range' in e));
    for (const item of edits) {
      const replaced = text.slice(offsetAt(text, item.range.start), offsetAt(text, item.range.end));
      const inNewText = findCanaries(workspace.canaries, item.newText);
      if (inNewText.length > 0 && inNewText.every((label) => findCanaries(workspace.canaries, replaced).includes(label))) keptInPlace.add(item.newText);
    }
  }

  test('no canary in any message the server sent', () => {
    const leaks: string[] = [];
    const frames = session.frames();
    assert.ok(frames.length > 5000, `only ${frames.length} frames captured`);
    for (const frame of frames) {
      for (const { key, text } of strings(frame)) {
        const found = findCanaries(workspace.canaries, text);
        if (found.length === 0 || (key === 'newText' && keptInPlace.has(text))) continue;
        const method = (frame as { method?: string }).method ?? `response ${(frame as { id?: unknown }).id}`;
        leaks.push(`${method} ${key}: ${found.join(', ')} in ${JSON.stringify(text.slice(0, 300))}`);
      }
    }
    assert.deepEqual(leaks.slice(0, 40), []);
  });

  test('no canary on stderr, in log messages or shown messages; no telemetry', () => {
    assert.deepEqual(findCanaries(workspace.canaries, session.stderr()), []);
    const methods = new Set(session.notifications.map((n) => n.method));
    assert.equal(session.notifications.filter((n) => n.method === 'telemetry/event').length, 0);
    // Only what a file-only language server needs to say.
    assert.deepEqual([...methods].filter((m) => !['textDocument/publishDiagnostics', 'window/showMessage', 'window/logMessage'].includes(m)), []);
    // The generation with notify: true was announced; the failed repeat too.
    assert.equal(session.notifications.filter((n) => n.method === 'window/showMessage').length, 2);
    assert.deepEqual(session.serverRequests.map((r) => r.method).filter((m) => m !== 'workspace/configuration' && m !== 'client/registerCapability'), []);
  });

  test('nats-server\'s own verdict (trusted workspace): its echo of a secret is masked too', async () => {
    assert.ok(spawnSync('nats-server', ['--version']).status === 0, 'nats-server is missing: install it with apt-get install -y nats-server');
    const { session: trusted } = await CapturedSession.start({ env: { ...process.env, ...workspace.env }, initializationOptions: { workspaceTrusted: true } });
    try {
      const uri = pathToFileURL(path.join(workspace.dir, 'nats-server-echo.conf')).href;
      await trusted.openAndWait(uri, workspace.configs.find((file) => file.name === 'nats-server-echo.conf')!.text);
      const withVerdict = trusted.nextDiagnostics(uri, (p) => p.diagnostics.some((d) => d.source === 'nats-server'));
      const result = await trusted.connection.sendRequest(ExecuteCommandRequest.type, { command: 'natsConf.server.validateWithNatsServer', arguments: [{ uri }] });
      const published = await withVerdict;
      const verdict = published.diagnostics.filter((d) => d.source === 'nats-server').map((d) => d.message);
      assert.deepEqual(verdict, ['unrecognized cipher ••••••']);
      assert.match(JSON.stringify(result), /unrecognized cipher ••••••/);
      assert.equal(await trusted.shutdown(), 0);
      const leaks = trusted.frames().flatMap((frame) => [...strings(frame)]).flatMap(({ text }) => findCanaries(workspace.canaries, text));
      assert.deepEqual([...leaks, ...findCanaries(workspace.canaries, trusted.stderr())], []);
    } finally {
      trusted.kill();
    }
  });

  test('CLI: no canary in text, json, sarif or gitlab output, nor in nats-server\'s verdict', () => {
    const files = [...workspace.configs, ...workspace.openedAsConfig].map((file) => file.name);
    const validated = spawnSync(process.execPath, [cliScript, '--validate-with-server', 'nats-server-echo.conf', 'broken-misuse.conf', 'secrets.conf'], {
      cwd: workspace.dir,
      env: { ...process.env, ...workspace.env },
      encoding: 'utf8',
    });
    assert.match(validated.stdout, /nats-server-echo\.conf:2:\d+: error: unrecognized cipher •••••• \[nats-server-error\]/, validated.stdout + validated.stderr);
    assert.deepEqual(findCanaries(workspace.canaries, validated.stdout + validated.stderr), []);
    for (const format of ['text', 'json', 'sarif', 'gitlab']) {
      const run = spawnSync(process.execPath, [cliScript, '--format', format, ...files], {
        cwd: workspace.dir,
        env: { ...process.env, ...workspace.env },
        encoding: 'utf8',
      });
      assert.equal(run.status, 1, `${format}: ${run.stderr}`);
      assert.ok(run.stdout.length > 2000, `${format}: little output: ${run.stdout}`);
      assert.deepEqual(findCanaries(workspace.canaries, run.stdout), [], format);
      assert.deepEqual(findCanaries(workspace.canaries, run.stderr), [], format);
    }
    const genCerts = spawnSync(process.execPath, [cliScript, 'gen-certs', 'cli-generated'], { cwd: workspace.dir, encoding: 'utf8' });
    assert.equal(genCerts.status, 0, genCerts.stderr);
    for (const name of ['server-key.pem', 'client-key.pem']) workspace.addKeyCanaries(`cli ${name}`, readFileSync(path.join(workspace.dir, 'cli-generated', name), 'utf8'));
    assert.deepEqual(findCanaries(workspace.canaries, genCerts.stdout + genCerts.stderr), []);
  });
});
