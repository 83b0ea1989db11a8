#!/usr/bin/env node
// Runs the extension-host suite (test/e2e/suite) inside a real VS Code: code-server 4.100.3
// (VS Code 1.100.3) on 127.0.0.1, its web workbench opened by headless Chromium. The workbench URL
// carries payload=[["extensionDevelopmentPath", <repo>], ["extensionTestsPath", <suite>]], which makes
// the remote (Node) extension host load this repository as the extension under development and run
// the mocha suite, as VS Code's own server-web integration tests do. Mocha's output arrives through
// window.codeAutomationLog, its result through window.codeAutomationExit; this process exits with it.
//
// Usage: node scripts/e2e-run.mjs            (after `node scripts/build.mjs`; `npm run test:e2e` does both)
// Env:   E2E_ROOT        where code-server is installed and run state goes (default <repo>/.e2e)
//        E2E_GREP        only run tests whose title matches (mocha --grep)
//        E2E_TIMEOUT_MS  give up after this long (default 300000)
//        E2E_KEEP=1      keep the run folder (workspace, logs) even when the run passes
//        E2E_EXTENSION_DIR  load the extension from this folder instead of the repository
//        E2E_VERBOSE=1   also print the workbench's own console chatter
// Exit:  mocha's code (0 = all passed), 2 = no result in time, 3 = the runner itself failed.
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { bundleSuite } from '../test/e2e/lib/bundle.mjs';
import { checkPrerequisites, freePort, launchChromium, startCodeServer } from '../test/e2e/lib/codeServer.mjs';
import { E2E_ROOT, REPO } from '../test/e2e/lib/paths.mjs';
import { makeRunDir, prepareWorkspace } from '../test/e2e/lib/workspace.mjs';

const timeoutMs = Number(process.env.E2E_TIMEOUT_MS || 300000);
const extensionDir = path.resolve(process.env.E2E_EXTENSION_DIR || REPO);
const verbose = process.env.E2E_VERBOSE === '1';
const log = (...args) => console.log('[e2e-run]', ...args);

/** Workbench console chatter that says nothing about the tests (shown with E2E_VERBOSE=1). */
const NOISE = [
  /^Resolv(ing|ed) connection token/,
  /^Creating a socket/,
  /^Creation of workbench contribution/,
  /^Updating additional builtin extensions cache/,
  /^\[Service Worker\]/,
  /^ChatSessionStore:/,
  /ENOTFOUND open-vsx\.org/, // the extension gallery; there is no network
  /^\s+at .*\/static\/out\/vs\//, // stack lines of the workbench's own code
];
const isWorkbenchNoise = (text) => NOISE.some((re) => re.test(text)) || text.split('\n').every((line) => NOISE.some((re) => re.test(line)));

let codeServer;
let browser;
let runDir;
let cleaning;
async function cleanup() {
  cleaning ??= (async () => {
    if (browser) await browser.close().catch(() => {});
    if (codeServer) await codeServer.stop();
  })();
  return cleaning;
}
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => {
    log(`${sig}: stopping code-server and Chromium`);
    cleanup().finally(() => process.exit(130));
  });
}

async function main() {
  const t0 = Date.now();
  checkPrerequisites();
  for (const built of ['client/out/extension.js', 'server/out/server.js']) {
    if (!existsSync(path.join(extensionDir, built))) throw new Error(`${built} is missing in ${extensionDir}. Run: node scripts/build.mjs`);
  }
  const testsEntry = await bundleSuite();
  runDir = makeRunDir(path.join(E2E_ROOT, 'runs'), 'ext-tests-');
  const workspace = prepareWorkspace(path.join(runDir, 'workspace'));
  log(`workspace ${workspace} (certificates generated with openssl)`);

  const port = await freePort();
  codeServer = await startCodeServer({
    stateDir: path.join(runDir, 'state'),
    port,
    // Reaches the extension host (a child of code-server): the suite reads E2E_GREP.
    env: { E2E_GREP: process.env.E2E_GREP ?? '' },
  });
  log(`code-server ${codeServer.base} ready in ${codeServer.startMs} ms (pid ${codeServer.proc.pid})`);

  browser = await launchChromium(runDir);
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const remote = (p) => `vscode-remote://127.0.0.1:${port}${p}`; // must be the page's own host:port
  const payload = [
    ['extensionDevelopmentPath', remote(extensionDir)],
    ['extensionTestsPath', remote(testsEntry)],
    ['skipWelcome', 'true'],
    ['skipReleaseNotes', 'true'],
  ];
  let tPage = Date.now();
  let finish;
  const finished = new Promise((resolve) => {
    finish = resolve;
  });
  await page.exposeFunction('codeAutomationLog', (_type, args) => {
    const parts = Array.isArray(args) ? args : [args];
    const text = parts.map(String).join(' ');
    if (text.startsWith('[e2e] suite starting')) log(`extension host ready, suite starting ${Date.now() - tPage} ms after page load`);
    if (!verbose && isWorkbenchNoise(text)) return;
    console.log(...parts);
  });
  await page.exposeFunction('codeAutomationExit', (code) => finish({ code }));
  page.on('pageerror', (error) => console.error('[e2e-run] page error:', error.message));
  page.on('crash', () => finish({ code: 3, why: 'the page crashed' }));

  const url = `${codeServer.base}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  tPage = Date.now();
  await page.goto(url);
  const timer = setTimeout(() => finish({ code: 2, why: `no result after ${timeoutMs} ms` }), timeoutMs);
  const result = await finished;
  clearTimeout(timer);
  if (result.why) {
    console.error(`[e2e-run] ${result.why}; code-server log: ${codeServer.log}`);
    await page.screenshot({ path: path.join(runDir, 'failure.png') }).catch(() => {});
  }
  log(`mocha exit code ${result.code}: ${Date.now() - tPage} ms from page load, ${Date.now() - t0} ms in all`);
  return result.code;
}

let code = 3;
try {
  code = await main();
} catch (error) {
  // Setup problems carry the command to run; a stack trace would only hide it.
  console.error('[e2e-run] error:', /\n  Run: /.test(error?.message ?? '') ? error.message : error?.stack || error);
  code = 3;
} finally {
  await cleanup();
}
if (runDir) {
  if (code === 0 && process.env.E2E_KEEP !== '1') rmSync(runDir, { recursive: true, force: true });
  else log(`kept ${runDir} (workspace, code-server.log, user-data/logs)`);
}
process.exit(code);
