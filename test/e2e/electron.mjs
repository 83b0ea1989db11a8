#!/usr/bin/env node
// The same extension-host suite under desktop VS Code (Electron) through @vscode/test-electron.
// It downloads VS Code from update.code.visualstudio.com, which this project's CI machines cannot
// reach: there it stops within seconds with a message saying so (exit 2), never hangs. Where the
// download works, or with VSCODE_EXECUTABLE pointing at an installed VS Code, it runs the suite.
//
// Usage: node scripts/build.mjs && node test/e2e/electron.mjs        (npm run test:electron)
// Env:   E2E_VSCODE_VERSION   VS Code to download (default 1.100.3, as code-server 4.100.3 in test:e2e)
//        VSCODE_EXECUTABLE    use this VS Code binary instead of downloading one
//        E2E_DOWNLOAD_TIMEOUT_MS  give up on the download after this long (default 60000)
//        E2E_GREP, E2E_KEEP=1 as for scripts/e2e-run.mjs
// Exit:  mocha's result (0 = all passed), 2 = VS Code could not be obtained, 3 = other failure.
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { bundleSuite } from './lib/bundle.mjs';
import { isolatedEnv } from './lib/codeServer.mjs';
import { E2E_DIR, E2E_ROOT, REPO, SETUP_HINT } from './lib/paths.mjs';
import { makeRunDir, prepareWorkspace } from './lib/workspace.mjs';

const require = createRequire(path.join(E2E_DIR, 'package.json'));
const version = process.env.E2E_VSCODE_VERSION || '1.100.3';
const downloadTimeoutMs = Number(process.env.E2E_DOWNLOAD_TIMEOUT_MS || 60000);
const log = (...args) => console.log('[test-electron]', ...args);

class CannotGetVSCode extends Error {}

function withDeadline(promise, ms, what) {
  let timer;
  const deadline = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new CannotGetVSCode(`${what}: no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

async function obtainVSCode(testElectron) {
  if (process.env.VSCODE_EXECUTABLE) {
    if (!existsSync(process.env.VSCODE_EXECUTABLE)) throw new CannotGetVSCode(`VSCODE_EXECUTABLE=${process.env.VSCODE_EXECUTABLE} does not exist`);
    return process.env.VSCODE_EXECUTABLE;
  }
  log(`downloading VS Code ${version} (cache ${path.join(E2E_ROOT, 'vscode-test')})`);
  try {
    return await withDeadline(
      testElectron.downloadAndUnzipVSCode({ version, cachePath: path.join(E2E_ROOT, 'vscode-test'), timeout: 15000 }),
      downloadTimeoutMs,
      `downloading VS Code ${version}`,
    );
  } catch (error) {
    throw new CannotGetVSCode(`could not download VS Code ${version}: ${error?.message ?? error}`);
  }
}

async function main() {
  let testElectron;
  try {
    testElectron = require('@vscode/test-electron');
  } catch {
    throw new CannotGetVSCode(`@vscode/test-electron is not installed (test/e2e/node_modules). Run: ${SETUP_HINT}`);
  }
  for (const built of ['client/out/extension.js', 'server/out/server.js']) {
    if (!existsSync(path.join(REPO, built))) throw new Error(`${built} is missing. Run: node scripts/build.mjs`);
  }
  const executable = await obtainVSCode(testElectron);
  log(`VS Code: ${executable}`);
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    log('note: no DISPLAY; desktop VS Code needs one on Linux (run under xvfb-run -a)');
  }
  const testsEntry = await bundleSuite();
  const runDir = makeRunDir(path.join(E2E_ROOT, 'runs'), 'electron-');
  const workspace = prepareWorkspace(path.join(runDir, 'workspace'));
  const env = isolatedEnv(path.join(runDir, 'state'));
  let code;
  try {
    code = await testElectron.runTests({
      vscodeExecutablePath: executable,
      extensionDevelopmentPath: REPO,
      extensionTestsPath: testsEntry,
      extensionTestsEnv: { E2E_GREP: process.env.E2E_GREP ?? '', HOME: env.HOME },
      launchArgs: [
        workspace,
        '--disable-extensions', // every other extension; the one under development still loads
        '--disable-workspace-trust',
        '--skip-welcome',
        '--skip-release-notes',
        '--disable-gpu',
        '--no-sandbox',
        `--user-data-dir=${path.join(runDir, 'state', 'user-data')}`,
        `--extensions-dir=${path.join(runDir, 'state', 'extensions')}`,
      ],
    });
  } catch (error) {
    // runTests rejects when VS Code exits non-zero (failed tests) or cannot start.
    console.error('[test-electron]', error?.message ?? error);
    code = 1;
  }
  if (code === 0 && process.env.E2E_KEEP !== '1') rmSync(runDir, { recursive: true, force: true });
  else log(`kept ${runDir}`);
  return code;
}

let code;
try {
  code = await main();
} catch (error) {
  if (error instanceof CannotGetVSCode) {
    console.error(`[test-electron] ${error.message}
[test-electron] Desktop VS Code is not available here: @vscode/test-electron downloads it from
  update.code.visualstudio.com, which this machine cannot reach (only the npm registry and Debian apt).
  - Run the same suite in a real VS Code here with:   npm run test:e2e   (code-server 4.100.3 = VS Code 1.100.3)
  - Or point VSCODE_EXECUTABLE at an installed VS Code binary (e.g. /usr/share/code/code) and rerun.`);
    code = 2;
  } else {
    console.error('[test-electron] error:', error?.stack ?? error);
    code = 3;
  }
}
process.exit(code);
