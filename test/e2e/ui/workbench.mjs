// Plumbing for the UI test: an isolated code-server, Debian's Chromium through playwright-core,
// the demo certificates, and stopping every process that was started (by process group).
//
// Nothing is written under ~: code-server and Chromium get HOME and XDG_* inside the state folder.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const HERE = path.dirname(fileURLToPath(import.meta.url));
export const REPO = path.resolve(HERE, '../../..');
export const E2E_ROOT = process.env.E2E_ROOT || path.join(REPO, '.e2e');
export const CODE_SERVER = process.env.CODE_SERVER || path.join(E2E_ROOT, 'cs/node_modules/.bin/code-server');
export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
export const OPENSSL = process.env.OPENSSL || '/usr/bin/openssl';

/** HOME and XDG_* inside `stateDir`, so code-server and Chromium leave ~ alone. */
export function isolatedEnv(stateDir) {
  const home = path.join(stateDir, 'home');
  for (const dir of ['home', 'xdg-config', 'xdg-data', 'xdg-cache', 'xdg-state', 'tmp']) {
    fs.mkdirSync(path.join(stateDir, dir), { recursive: true });
  }
  return {
    ...process.env,
    HOME: home,
    XDG_CONFIG_HOME: path.join(stateDir, 'xdg-config'),
    XDG_DATA_HOME: path.join(stateDir, 'xdg-data'),
    XDG_CACHE_HOME: path.join(stateDir, 'xdg-cache'),
    XDG_STATE_HOME: path.join(stateDir, 'xdg-state'),
    TMPDIR: path.join(stateDir, 'tmp'),
  };
}

function codeServerDirs(stateDir) {
  return [
    '--config', path.join(stateDir, 'config.yaml'),
    '--user-data-dir', path.join(stateDir, 'user-data'),
    '--extensions-dir', path.join(stateDir, 'extensions'),
  ];
}

export function requireTools() {
  const missing = [];
  if (!fs.existsSync(CODE_SERVER)) missing.push(`code-server (${CODE_SERVER})`);
  if (!fs.existsSync(CHROMIUM)) missing.push(`Chromium (${CHROMIUM})`);
  if (!fs.existsSync(OPENSSL)) missing.push(`openssl (${OPENSSL})`);
  if (missing.length > 0) {
    throw new Error(`missing: ${missing.join(', ')}. Run: bash scripts/e2e-setup.sh`);
  }
}

/** `code-server --install-extension FILE` into the state folder's own extensions dir (about 1 s). */
export function installExtension(stateDir, vsix) {
  fs.rmSync(path.join(stateDir, 'extensions'), { recursive: true, force: true });
  const result = spawnSync(CODE_SERVER, [...codeServerDirs(stateDir), '--install-extension', vsix, '--force'], {
    env: isolatedEnv(stateDir),
    encoding: 'utf8',
    timeout: 120_000,
  });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`;
  if (result.status !== 0 || !/was successfully installed/.test(output)) {
    throw new Error(`code-server --install-extension ${vsix} failed (status ${result.status}):\n${output}`);
  }
  return output.trim();
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function httpStatus(url) {
  return new Promise((resolve, reject) => {
    const request = http.get(url, (response) => {
      response.resume();
      resolve(response.statusCode);
    });
    request.on('error', reject);
    request.setTimeout(2000, () => request.destroy(new Error('timeout')));
  });
}

/**
 * Starts code-server on 127.0.0.1:<free port> in its own process group (so the extension host,
 * the language server and the pty host can all be stopped by that group's id).
 */
export async function startCodeServer(stateDir, { port } = {}) {
  port ??= await freePort();
  const log = path.join(stateDir, 'code-server.log');
  const out = fs.openSync(log, 'w');
  const args = [
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--disable-proxy',
    '--ignore-last-opened',
    ...codeServerDirs(stateDir),
  ];
  const started = Date.now();
  const proc = spawn(CODE_SERVER, args, { stdio: ['ignore', out, out], env: isolatedEnv(stateDir), detached: true });
  fs.closeSync(out);
  let exited;
  proc.on('exit', (code, signal) => {
    exited = { code, signal };
  });
  const base = `http://127.0.0.1:${port}`;
  const handle = { proc, pgid: proc.pid, base, port, log, startMs: 0 };
  for (;;) {
    if (exited) throw Object.assign(new Error(`code-server exited at start (${JSON.stringify(exited)}); see ${log}`), { handle });
    try {
      if ((await httpStatus(`${base}/healthz`)) === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() - started > 60_000) {
      await stopProcessGroup(handle);
      throw new Error(`code-server did not answer ${base}/healthz within 60 s; see ${log}`);
    }
    await sleep(150);
  }
  handle.startMs = Date.now() - started;
  return handle;
}

/** The ids of the live processes in process group `pgid` (from /proc). */
export function processesInGroup(pgid) {
  const found = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      // pid (comm) state ppid pgrp ...: comm may contain spaces, so split after the last ')'.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) === pgid && fields[0] !== 'Z') found.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

/** SIGTERM to the group, SIGKILL after 5 s; resolves when no process of the group is left. */
export async function stopProcessGroup(handle) {
  if (!handle?.pgid) return;
  const signal = (name) => {
    try {
      process.kill(-handle.pgid, name);
    } catch {
      // group already gone
    }
  };
  signal('SIGTERM');
  const deadline = Date.now() + 5000;
  while (processesInGroup(handle.pgid).length > 0 && Date.now() < deadline) await sleep(100);
  if (processesInGroup(handle.pgid).length > 0) {
    signal('SIGKILL');
    while (processesInGroup(handle.pgid).length > 0 && Date.now() < deadline + 5000) await sleep(100);
  }
  const left = processesInGroup(handle.pgid);
  if (left.length > 0) throw new Error(`processes of code-server's group ${handle.pgid} still running: ${left.join(' ')}`);
}

export async function launchBrowser(stateDir) {
  const { chromium } = await import('playwright-core');
  const env = isolatedEnv(stateDir);
  // playwright makes the browser profile under os.tmpdir() of this process: keep it in the state folder too.
  const savedTmp = process.env.TMPDIR;
  process.env.TMPDIR = env.TMPDIR;
  try {
    return await launchChromium(chromium, env);
  } finally {
    if (savedTmp === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = savedTmp;
  }
}

function launchChromium(chromium, env) {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true, // playwright adds a fresh temporary --user-data-dir (under TMPDIR) and removes it on close
    env,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}

/**
 * The demo workspace's certificates, made fresh for every run with openssl: a CA, and a server
 * certificate (ECDSA P-256, for localhost) signed by it with its key. The CA's key is thrown away.
 *   certs/ca.pem  certs/server-cert.pem  certs/server-key.pem
 */
export function generateCertificates(workspace) {
  const certs = path.join(workspace, 'certs');
  const scratch = fs.mkdtempSync(path.join(path.dirname(workspace), 'openssl-'));
  fs.mkdirSync(certs, { recursive: true });
  const openssl = (...args) => {
    const result = spawnSync(OPENSSL, args, { encoding: 'utf8', env: { ...process.env, RANDFILE: path.join(scratch, '.rnd') } });
    if (result.status !== 0) throw new Error(`openssl ${args.join(' ')} failed:\n${result.stderr}`);
  };
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  try {
    openssl('req', '-x509', ...ec, '-keyout', path.join(scratch, 'ca-key.pem'), '-out', path.join(certs, 'ca.pem'),
      '-days', '365', '-subj', '/O=vscode-nats-conf demo/CN=Demo CA');
    openssl('req', '-new', ...ec, '-keyout', path.join(certs, 'server-key.pem'), '-out', path.join(scratch, 'server.csr'),
      '-subj', '/O=vscode-nats-conf demo/CN=localhost');
    fs.writeFileSync(path.join(scratch, 'server.ext'), [
      'basicConstraints = critical, CA:FALSE',
      'keyUsage = critical, digitalSignature',
      'extendedKeyUsage = serverAuth, clientAuth',
      'subjectAltName = DNS:localhost, IP:127.0.0.1',
      '',
    ].join('\n'));
    openssl('x509', '-req', '-in', path.join(scratch, 'server.csr'), '-CA', path.join(certs, 'ca.pem'),
      '-CAkey', path.join(scratch, 'ca-key.pem'), '-set_serial', `0x${Date.now().toString(16)}`, '-days', '365',
      '-extfile', path.join(scratch, 'server.ext'), '-out', path.join(certs, 'server-cert.pem'));
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
  return fs.readdirSync(certs).sort();
}

export function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
