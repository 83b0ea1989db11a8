/**
 * The language server's Node flags (server/src/serverProcess.ts): one heap cap, the same list the
 * VS Code client starts the server with, and a cap Node really applies to a process forked the
 * way vscode-languageclient forks a server module (child_process.fork with options.execArgv).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import * as os from 'node:os';
import path from 'node:path';
import { SERVER_MAX_OLD_SPACE_MB, SERVER_MAX_SEMI_SPACE_MB, serverExecArgv } from '../../server/src/serverProcess';

const HEAP_FLAG = /^--max-old-space-size=(\d+)$/;

function heapCaps(execArgv: readonly string[]): number[] {
  return execArgv.filter((flag) => flag.startsWith('--max-old-space-size')).map((flag) => Number(HEAP_FLAG.exec(flag)?.[1] ?? NaN));
}

test('the server flags hold exactly one heap cap, and a sane one', () => {
  const caps = heapCaps(serverExecArgv);
  assert.equal(caps.length, 1, `one --max-old-space-size in ${JSON.stringify(serverExecArgv)}`);
  assert.equal(caps[0], SERVER_MAX_OLD_SPACE_MB);
  // Several analyses of a 100,000-line config (about 190 MB each) must fit, and the cap must stay
  // well under what a developer machine has, or V8 collects late again.
  assert.ok(Number.isInteger(caps[0]) && caps[0] >= 768 && caps[0] <= 2048, `cap ${caps[0]} MB`);
  assert.ok(Object.isFrozen(serverExecArgv), 'the shared list cannot be changed by a caller');
  const semiSpaces = serverExecArgv.filter((flag) => flag.startsWith('--max-semi-space-size'));
  assert.deepEqual(semiSpaces, [`--max-semi-space-size=${SERVER_MAX_SEMI_SPACE_MB}`], 'one young-generation size');
  assert.ok(SERVER_MAX_SEMI_SPACE_MB >= 16 && SERVER_MAX_SEMI_SPACE_MB <= 128, `semi-space ${SERVER_MAX_SEMI_SPACE_MB} MB`);
});

/**
 * Loads client/src/extension.ts with a stand-in for the `vscode` module, which only exists inside
 * VS Code. Loading it needs no more than classes to extend (vscode-languageclient subclasses a
 * few); nothing else of vscode is touched until activate().
 */
async function loadExtensionWithoutVscode(): Promise<typeof import('../../client/src/extension')> {
  const loader = Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown };
  const original = loader._load;
  const vscodeStub = new Proxy(
    {},
    { get: (_target, name) => (name === '__esModule' ? true : typeof name === 'string' && /^[A-Z]/.test(name) ? class {} : undefined) },
  );
  loader._load = function (request: string, ...rest: unknown[]) {
    return request === 'vscode' ? vscodeStub : original.call(this, request, ...rest);
  };
  try {
    return await import('../../client/src/extension');
  } finally {
    loader._load = original;
  }
}

test('the VS Code client forks the server with the shared flags, in run and debug mode', async () => {
  const { serverOptionsFor } = await loadExtensionWithoutVscode();
  const { TransportKind } = await import('vscode-languageclient/node');
  const module = '/extension/server/out/server.js';
  const options = serverOptionsFor(module) as {
    run: { module: string; transport: unknown; options?: { execArgv?: string[] } };
    debug: { module: string; transport: unknown; options?: { execArgv?: string[] } };
  };
  assert.deepEqual(options.run, { module, transport: TransportKind.ipc, options: { execArgv: [...serverExecArgv] } });
  assert.deepEqual(options.debug, { module, transport: TransportKind.ipc, options: { execArgv: [...serverExecArgv, '--nolazy', '--inspect=6009'] } });
  // A copy each time: the language client may add to the list it is given.
  assert.notEqual(options.run.options?.execArgv, serverExecArgv);
  assert.deepEqual(heapCaps(options.debug.options?.execArgv ?? []), [SERVER_MAX_OLD_SPACE_MB]);
});

test('a process forked with the flags runs under the heap cap, with gc exposed', async (t) => {
  const folder = mkdtempSync(path.join(os.tmpdir(), 'nats-conf-server-process-'));
  t.after(() => rmSync(folder, { recursive: true, force: true }));
  const script = path.join(folder, 'heapLimit.js');
  writeFileSync(script, "process.send({ limit: require('v8').getHeapStatistics().heap_size_limit, gc: typeof gc }, () => process.exit(0));\n");
  const { limit, gc } = await new Promise<{ limit: number; gc: string }>((resolve, reject) => {
    // What vscode-languageclient does for a module with TransportKind.ipc (lib/node/main.js):
    // child_process.fork(module, args, { ...options, execArgv: options.execArgv || [] }).
    const child = fork(script, ['--node-ipc'], { execArgv: [...serverExecArgv], silent: true });
    child.once('message', (message) => resolve(message as { limit: number; gc: string }));
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`exited with ${code} before reporting its heap limit`)));
  });
  const limitMb = limit / 2 ** 20;
  // heap_size_limit is the old generation's cap plus the young generation's (three semi-spaces).
  assert.ok(limitMb >= SERVER_MAX_OLD_SPACE_MB + SERVER_MAX_SEMI_SPACE_MB && limitMb <= SERVER_MAX_OLD_SPACE_MB + 4 * SERVER_MAX_SEMI_SPACE_MB, `heap limit ${limitMb} MB`);
  // The collection between keystrokes (idleCollection.ts) needs V8's gc function.
  assert.equal(gc, 'function');
});
