// Starting and stopping code-server (VS Code 1.100.3 server + web workbench) on 127.0.0.1, and
// Debian's Chromium through playwright-core. Every process we start is stopped by its own id
// (code-server runs in its own process group, so its extension host and the language server it
// spawned go with it).
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, openSync, closeSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { createRequire } from 'node:module';
import { CHROMIUM, CODE_SERVER, E2E_DIR, SETUP_HINT } from './paths.mjs';

const require = createRequire(path.join(E2E_DIR, 'package.json'));

/** Throws with the command to run when code-server, Chromium or playwright-core is missing. */
export function checkPrerequisites({ browser = true } = {}) {
  const missing = [];
  if (!existsSync(CODE_SERVER)) missing.push(`code-server (${CODE_SERVER})`);
  if (browser && !existsSync(CHROMIUM)) missing.push(`Chromium (${CHROMIUM})`);
  if (browser) {
    try {
      require.resolve('playwright-core');
    } catch {
      missing.push('playwright-core (test/e2e/node_modules)');
    }
  }
  if (missing.length) throw new Error(`missing: ${missing.join(', ')}.\n  Run: ${SETUP_HINT}`);
}

/** A TCP port that was free on 127.0.0.1 a moment ago. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function httpStatus(url) {
  return new Promise((resolve, reject) => {
    const req = http.get(url, (res) => {
      res.resume();
      resolve(res.statusCode);
    });
    req.on('error', reject);
    req.setTimeout(2000, () => req.destroy(new Error('timeout')));
  });
}

/** Environment that keeps code-server, VS Code and Chromium from writing under the real ~. */
export function isolatedEnv(stateDir, extra = {}) {
  const home = path.join(stateDir, 'home');
  mkdirSync(home, { recursive: true });
  return {
    ...process.env,
    HOME: home,
    XDG_CONFIG_HOME: path.join(home, '.config'),
    XDG_DATA_HOME: path.join(home, '.local', 'share'),
    XDG_CACHE_HOME: path.join(home, '.cache'),
    XDG_STATE_HOME: path.join(home, '.local', 'state'),
    ...extra,
  };
}

/** The flags every run uses: loopback only, no auth, no telemetry/update/trust prompts, private dirs. */
export function codeServerArgs(stateDir, port) {
  return [
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--disable-proxy',
    '--ignore-last-opened',
    '--config', path.join(stateDir, 'config.yaml'),
    '--user-data-dir', path.join(stateDir, 'user-data'),
    '--extensions-dir', path.join(stateDir, 'extensions'),
  ];
}

/**
 * Starts code-server and resolves once GET /healthz answers 200.
 * Returns { proc, base, port, log, stop() }.
 */
export async function startCodeServer({ stateDir, port, extraArgs = [], env = {}, readyTimeoutMs = 60000 }) {
  mkdirSync(stateDir, { recursive: true });
  const log = path.join(stateDir, 'code-server.log');
  const fd = openSync(log, 'a');
  const proc = spawn(CODE_SERVER, [...codeServerArgs(stateDir, port), ...extraArgs], {
    stdio: ['ignore', fd, fd],
    env: isolatedEnv(stateDir, env),
    detached: true, // its own process group: stop() ends code-server and everything it started
  });
  closeSync(fd);
  let exited = null;
  proc.on('exit', (code, signal) => {
    exited = { code, signal };
  });
  const handle = { proc, port, log, base: `http://127.0.0.1:${port}`, stop: () => stopGroup(proc) };
  const t0 = Date.now();
  try {
    for (;;) {
      if (exited) throw new Error(`code-server exited early (${JSON.stringify(exited)}); see ${log}`);
      try {
        if ((await httpStatus(`${handle.base}/healthz`)) === 200) break;
      } catch {
        /* not listening yet */
      }
      if (Date.now() - t0 > readyTimeoutMs) throw new Error(`code-server did not answer /healthz within ${readyTimeoutMs} ms; see ${log}`);
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
  } catch (error) {
    await handle.stop();
    throw error;
  }
  handle.startMs = Date.now() - t0;
  return handle;
}

function groupAlive(pgid) {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

/** SIGTERM to the process group we created, SIGKILL after 5 s; resolves when the group is gone. */
export async function stopGroup(proc) {
  if (!proc?.pid) return;
  const pgid = proc.pid;
  const signal = (sig) => {
    try {
      process.kill(-pgid, sig);
    } catch {
      /* already gone */
    }
  };
  if (!groupAlive(pgid)) return;
  signal('SIGTERM');
  const deadline = Date.now() + 5000;
  while (groupAlive(pgid) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
  if (groupAlive(pgid)) {
    signal('SIGKILL');
    const hard = Date.now() + 5000;
    while (groupAlive(pgid) && Date.now() < hard) await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Debian's Chromium, headless, with a private HOME (playwright adds a fresh --user-data-dir). */
export async function launchChromium(stateDir) {
  const { chromium } = require('playwright-core');
  const env = isolatedEnv(path.join(stateDir, 'browser'));
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    env,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
