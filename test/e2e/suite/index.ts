/**
 * The entry VS Code's extension host loads (extensionTestsPath): runs every `*.test.js` next to it
 * with mocha. VS Code awaits run(); a rejection means failure (exit code 1 for the runner).
 */
import * as fs from 'fs';
import * as path from 'path';
import Mocha from 'mocha';
import * as vscode from 'vscode';

export function run(): Promise<void> {
  const mocha = new Mocha({
    ui: 'tdd',
    reporter: 'spec',
    color: false,
    // Per test; every wait inside a test has its own, shorter deadline with a precise message.
    timeout: 60_000,
    grep: process.env.E2E_GREP || undefined,
  });
  for (const name of fs.readdirSync(__dirname).sort()) {
    if (name.endsWith('.test.js')) mocha.addFile(path.join(__dirname, name));
  }
  console.log(`[e2e] suite starting: VS Code ${vscode.version}, Node ${process.version}, workspace ${vscode.workspace.workspaceFolders?.[0]?.uri.fsPath}`);
  return new Promise((resolve, reject) => {
    try {
      const runner = mocha.run((failures) => {
        console.log(`[e2e] ${runner.stats?.passes ?? '?'} passed, ${failures} failed`);
        if (failures > 0) reject(new Error(`${failures} test(s) failed`));
        else resolve();
      });
    } catch (error) {
      reject(error);
    }
  });
}
