#!/usr/bin/env node
// `npm run demo`: the extension in a real VS Code (code-server 4.100.3 = VS Code 1.100.3) on the
// examples/ folder, for a person to try. Packages the extension (`npm run package`, the production
// bundles), installs the .vsix into a demo extensions folder, and serves code-server on 127.0.0.1
// only, without a password (anyone who can reach the loopback port can use it). Ctrl+C stops it.
//
// Usage: npm run demo                  (after: bash scripts/e2e-setup.sh)
//        npm run demo -- --smoke       start, check the page and the installed extension, stop (exit 0/1)
// Env:   PORT (default: a free port), E2E_ROOT (default <repo>/.e2e; state in $E2E_ROOT/demo),
//        E2E_DEMO_FOLDER (default <repo>/examples)
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { checkPrerequisites, freePort, isolatedEnv, startCodeServer } from '../test/e2e/lib/codeServer.mjs';
import { CODE_SERVER, E2E_ROOT, REPO } from '../test/e2e/lib/paths.mjs';

const EXTENSION_ID = 'vscode-nats-conf.vscode-nats-conf';
const smoke = process.argv.includes('--smoke');
const folder = path.resolve(process.env.E2E_DEMO_FOLDER || path.join(REPO, 'examples'));
const stateDir = path.join(E2E_ROOT, 'demo');
const log = (...args) => console.log('[demo]', ...args);

function fetchText(url) {
  return new Promise((resolve, reject) => {
    http
      .get(url, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode, body }));
      })
      .on('error', reject);
  });
}

async function main() {
  checkPrerequisites({ browser: false });
  mkdirSync(stateDir, { recursive: true });

  const vsix = path.join(stateDir, 'vscode-nats-conf.vsix');
  log('packaging the extension (npm run package: production build + vsce)');
  execFileSync('npm', ['run', '-s', 'package', '--', '--out', vsix], { cwd: REPO, stdio: ['ignore', 'ignore', 'inherit'] });

  // The same config, user-data and extensions folders as the server started below.
  const installArgs = [
    '--config', path.join(stateDir, 'config.yaml'),
    '--user-data-dir', path.join(stateDir, 'user-data'),
    '--extensions-dir', path.join(stateDir, 'extensions'),
  ];
  execFileSync(CODE_SERVER, [...installArgs, '--install-extension', vsix, '--force'], {
    env: isolatedEnv(stateDir),
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const installed = execFileSync(CODE_SERVER, [...installArgs, '--list-extensions', '--show-versions'], { env: isolatedEnv(stateDir), encoding: 'utf8' });
  if (!installed.split('\n').some((line) => line.startsWith(`${EXTENSION_ID}@`))) throw new Error(`the extension did not install; code-server lists:\n${installed}`);
  log(`installed ${installed.split('\n').find((line) => line.startsWith(EXTENSION_ID))} into ${path.join(stateDir, 'extensions')}`);

  const port = Number(process.env.PORT) || (await freePort());
  const server = await startCodeServer({ stateDir, port, extraArgs: [folder] });
  const url = `${server.base}/?folder=${encodeURIComponent(folder)}`;
  let stopping = false;
  const stop = async () => {
    stopping = true;
    await server.stop();
  };
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(sig, () => {
      log('stopping code-server');
      stop().finally(() => process.exit(0));
    });
  }

  if (smoke) {
    try {
      const page = await fetchText(url);
      if (page.status !== 200 || !/<html/i.test(page.body) || !/workbench/i.test(page.body)) {
        throw new Error(`GET ${url} answered ${page.status}, not the workbench page`);
      }
      log(`smoke: GET ${url} -> ${page.status}, workbench page of ${page.body.length} bytes`);
    } finally {
      await stop();
    }
    return 0;
  }

  log(`code-server (VS Code 1.100.3) with the extension, on ${folder}:`);
  log(`  ${url}`);
  log(`bound to 127.0.0.1 only, no password. From another machine: ssh -L ${port}:127.0.0.1:${port} <this host>, then open the URL.`);
  log(`log: ${server.log}. Ctrl+C stops it.`);
  await new Promise((resolve) => server.proc.on('exit', resolve));
  if (stopping) await new Promise(() => {}); // the signal handler exits
  log(`code-server exited on its own; see ${server.log}`);
  return 1;
}

try {
  process.exitCode = await main();
} catch (error) {
  console.error('[demo] error:', error?.message ?? error);
  process.exitCode = 1;
}
