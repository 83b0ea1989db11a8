/**
 * The language server process is killed from outside: the language client notices, starts a new
 * one (client/src/restartPolicy.ts keeps the client's restart budget and tells the user once),
 * and the open config gets its diagnostics again from the new process.
 *
 * The server's pid is found the way an administrator would: the process list. The language
 * client forks server/out/server.js with `--clientProcessId=<extension host pid>`, and this suite
 * runs inside that extension host (Linux /proc; code-server runs on Linux here).
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as vscode from 'vscode';
import { codesOf, describeDiagnostics, openAnalysed, positionOf, waitForDiagnostics } from './helpers';

/** Pids of the language servers this extension host started. */
function serverPids(): number[] {
  const pids: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let commandLine: string;
    try {
      commandLine = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8');
    } catch {
      continue; // ended meanwhile
    }
    const args = commandLine.split('\0');
    if (args.some((arg) => arg.endsWith('/server/out/server.js')) && args.includes(`--clientProcessId=${process.pid}`)) pids.push(Number(entry));
  }
  return pids;
}

/** Polls the process list (cheap) until `accept` holds, against a deadline. */
async function waitForServers(accept: (pids: number[]) => boolean, what: string, ms = 20_000): Promise<number[]> {
  const end = Date.now() + ms;
  for (;;) {
    const pids = serverPids();
    if (accept(pids)) return pids;
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}; language server pids now: ${JSON.stringify(pids)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

suite('restart after a crash', () => {
  test('killing the language server: a new one starts and the diagnostics come back from it', async () => {
    assert.strictEqual(process.platform, 'linux', 'this test finds the server pid in /proc: run the e2e suite on Linux (scripts/e2e-run.mjs does)');
    const document = await openAnalysed('nats-unknown-key.conf');
    await waitForDiagnostics(document.uri, (d) => codesOf(d).includes('unknown-field'), 'unknown-field before the crash');
    const [victim] = await waitForServers((pids) => pids.length === 1, 'exactly one running language server');

    process.kill(victim, 'SIGKILL');
    const [restarted] = await waitForServers((pids) => pids.length === 1 && pids[0] !== victim, 'a new language server process');
    assert.notStrictEqual(restarted, victim);

    // The new process validates the reopened document, and keeps up with edits.
    const start = positionOf(document, 'prot:');
    const edit = new vscode.WorkspaceEdit();
    edit.insert(document.uri, start.translate(0, 4), 'ocol');
    assert.ok(await vscode.workspace.applyEdit(edit), 'the edit applied');
    try {
      const diagnostics = await waitForDiagnostics(
        document.uri,
        (d) => d.some((item) => /protocol/.test(item.message)),
        'unknown-field for the edited key from the new server',
      );
      assert.deepStrictEqual(codesOf(diagnostics), ['unknown-field'], describeDiagnostics(diagnostics));
      assert.deepStrictEqual(serverPids(), [restarted], 'still the restarted server');
    } finally {
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
  });
});
