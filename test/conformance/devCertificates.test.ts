/**
 * The real proof for "Generate Development Certificates": the generated files and tls block are
 * accepted by the real nats-server (2.9.10) — `-t` and a running server on 127.0.0.1 — a Node
 * client with the generated client certificate completes a mutual-TLS handshake and a PING/PONG,
 * clients without a certificate (or with one from another CA) are refused, and two servers form
 * a TLS route with the server certificate on both ends (clientAuth + serverAuth).
 *
 * Fails (never skips) when nats-server is missing, with the install command.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tls from 'node:tls';
import { pathToFileURL } from 'node:url';
import { createLanguageService } from '../../server/src/languageService';
import { createNodeEnvironment } from '../../server/src/nodeEnvironment';
import { generateCertificates, type GeneratedCertificates } from '../../server/src/certificates/generate';
import { CONFORMANCE_ENV, requireNatsServer } from './natsHarness';

const HOST = '127.0.0.1';
const READY_TIMEOUT_MS = 20_000;
const IO_TIMEOUT_MS = 10_000;

let workDir: string;
let certs: GeneratedCertificates;
/** A second, unrelated set: its client certificate is signed by a CA the server does not trust. */
let strangers: GeneratedCertificates;

before(async () => {
  workDir = mkdtempSync(path.join(os.tmpdir(), 'nats-conf-devcerts-'));
  certs = await generateCertificates({ folder: path.join(workDir, 'certs') });
  strangers = await generateCertificates({ folder: path.join(workDir, 'other-ca') });
});
after(() => rmSync(workDir, { recursive: true, force: true }));

/** A port nobody listens on right now (bound to 127.0.0.1 only). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, HOST, () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

interface RunningServer {
  process: ChildProcess;
  /** Everything the server logged so far. */
  log: () => string;
}

/** Starts `nats-server -c FILE` and resolves once the log says `waitFor`; rejects with the log on exit or timeout. */
function startServer(bin: string, config: string, waitFor: RegExp): Promise<RunningServer> {
  const child = spawn(bin, ['-c', config], { cwd: workDir, env: { ...CONFORMANCE_ENV }, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  const running: RunningServer = { process: child, log: () => log };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`nats-server did not get ready in ${READY_TIMEOUT_MS} ms:\n${log}`)), READY_TIMEOUT_MS);
    const onData = (chunk: Buffer) => {
      log += chunk.toString('utf8');
      if (waitFor.test(log)) {
        clearTimeout(timer);
        resolve(running);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`nats-server exited (${code ?? signal}) before it was ready:\n${log}`));
    });
  });
}

/** Stops the server and waits for it to go (SIGKILL after 5 s). */
async function stopServer(server: RunningServer | undefined): Promise<void> {
  const child = server?.process;
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  await new Promise<void>((resolve) => {
    const killer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(killer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** Waits until `text()` matches, polling; rejects with the text after the timeout. */
async function waitForText(text: () => string, pattern: RegExp, what: string): Promise<void> {
  const deadline = Date.now() + IO_TIMEOUT_MS;
  while (!pattern.test(text())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}:\n${text()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

interface NatsInfo {
  tls_required?: boolean;
  tls_verify?: boolean;
  server_id?: string;
}

/** Opens TCP, reads the plaintext INFO line nats-server 2.9 sends before TLS. */
function readInfo(port: number): Promise<{ socket: net.Socket; info: NatsInfo }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, HOST);
    let buffer = '';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no INFO line within ${IO_TIMEOUT_MS} ms (got ${JSON.stringify(buffer)})`));
    }, IO_TIMEOUT_MS);
    const onData = (chunk: Buffer) => {
      buffer += chunk.toString('latin1');
      const end = buffer.indexOf('\r\n');
      if (end < 0) return;
      clearTimeout(timer);
      socket.off('data', onData);
      socket.pause();
      const line = buffer.slice(0, end);
      if (!line.startsWith('INFO ')) return reject(new Error(`expected INFO, got ${JSON.stringify(line)}`));
      resolve({ socket, info: JSON.parse(line.slice(5)) as NatsInfo });
    };
    socket.on('data', onData);
    socket.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

interface Attempt {
  /** The TLS handshake completed on the client side. */
  secure: boolean;
  /** The server's certificate verified against our CA for `localhost`. */
  authorized: boolean;
  peerSubject?: string;
  /** Everything the server sent after the handshake. */
  received: string;
  error?: string;
}

/**
 * INFO, TLS upgrade with `credentials`, then `CONNECT` + `PING`: resolves once PONG arrives, the
 * connection is closed by the server, or it errors.
 */
async function attempt(port: number, credentials: { cert?: string; key?: string }): Promise<Attempt & { info: NatsInfo }> {
  const { socket, info } = await readInfo(port);
  return new Promise((resolve) => {
    const result: Attempt = { secure: false, authorized: false, received: '' };
    let settled = false;
    const finish = (error?: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (error) result.error = `${(error as NodeJS.ErrnoException).code ?? ''} ${error.message}`.trim();
      secure.destroy();
      resolve({ ...result, info });
    };
    const timer = setTimeout(() => finish(new Error('timed out')), IO_TIMEOUT_MS);
    const secure = tls.connect({
      socket,
      servername: 'localhost',
      ca: readFileSync(certs.files.ca),
      cert: credentials.cert ? readFileSync(credentials.cert) : undefined,
      key: credentials.key ? readFileSync(credentials.key) : undefined,
      rejectUnauthorized: true,
    });
    secure.once('secureConnect', () => {
      result.secure = true;
      result.authorized = secure.authorized;
      result.peerSubject = secure.getPeerCertificate().subject?.CN as string | undefined;
      secure.write('CONNECT {"verbose":false,"pedantic":false,"tls_required":true,"name":"devcerts-test"}\r\nPING\r\n');
    });
    secure.on('data', (chunk: Buffer) => {
      result.received += chunk.toString('latin1');
      if (result.received.includes('PONG\r\n')) finish();
    });
    secure.once('error', (error) => finish(error));
    secure.once('close', () => finish());
  });
}

describe('generated development certificates against the real nats-server', () => {
  test('nats-server -t accepts the generated tls block, and we report no error for it', async () => {
    const { bin } = requireNatsServer();
    const config = path.join(workDir, 'check.conf');
    const text = `listen: ${HOST}:${await freePort()}\n${certs.tlsBlock}\n`;
    writeFileSync(config, text);
    const run = spawnSync(bin, ['-t', '-c', config], { cwd: workDir, env: { ...CONFORMANCE_ENV }, encoding: 'utf8', timeout: 30_000 });
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stderr + run.stdout, /configuration file .* is valid/);

    const diagnostics = await createLanguageService(createNodeEnvironment()).validate(
      { uri: pathToFileURL(config).href, path: config, text, version: 0 },
      { serverVersion: '2.9' },
    );
    assert.deepEqual(diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.code}: ${d.message}`), []);
  });

  test('a running server on 127.0.0.1 completes mutual TLS with the client certificate and refuses clients without one', async () => {
    const { bin } = requireNatsServer();
    const port = await freePort();
    const config = path.join(workDir, 'mtls.conf');
    writeFileSync(config, `listen: ${HOST}:${port}\n${certs.tlsBlock}\n`);
    let server: RunningServer | undefined;
    try {
      server = await startServer(bin, config, /Server is ready/);
      assert.match(server.log(), new RegExp(`Listening for client connections on ${HOST.replace(/\./g, '\\.')}:${port}`));

      // With the generated client certificate: handshake, INFO says TLS + verify, PING → PONG.
      const good = await attempt(port, { cert: certs.files.clientCert, key: certs.files.clientKey });
      assert.equal(good.info.tls_required, true);
      assert.equal(good.info.tls_verify, true);
      assert.equal(good.error, undefined, `mutual TLS failed:\n${server.log()}`);
      assert.ok(good.secure && good.authorized, 'the server certificate verifies against the generated CA for localhost');
      assert.equal(good.peerSubject, 'localhost');
      assert.match(good.received, /PONG\r\n/);

      // The server certificate works on the client side too (clientAuth), as cluster, gateway and leafnode links use it.
      const asClient = await attempt(port, { cert: certs.files.serverCert, key: certs.files.serverKey });
      assert.equal(asClient.error, undefined, server.log());
      assert.match(asClient.received, /PONG\r\n/);

      // Without a certificate: refused, never a PONG.
      const anonymous = await attempt(port, {});
      assert.doesNotMatch(anonymous.received, /PONG/);
      assert.match(anonymous.error ?? '', /ALERT|ECONNRESET|EPIPE/, `expected a TLS alert: ${JSON.stringify(anonymous)}`);
      await waitForText(server.log, /TLS handshake error: .*(didn't provide a certificate|certificate required)/i, 'the refusal in the server log');

      // With a certificate from another CA: refused as well.
      const stranger = await attempt(port, { cert: strangers.files.clientCert, key: strangers.files.clientKey });
      assert.doesNotMatch(stranger.received, /PONG/);
      assert.match(stranger.error ?? '', /ALERT|ECONNRESET|EPIPE/, `expected a TLS alert: ${JSON.stringify(stranger)}`);
      await waitForText(server.log, /TLS handshake error: .*(unknown authority|certificate signed by unknown)/i, 'the unknown-CA refusal in the server log');
    } finally {
      await stopServer(server);
    }
  });

  test('two servers form a cluster route with TLS verify, both ends using the generated server certificate', async () => {
    const { bin } = requireNatsServer();
    const [clientA, clientB, routeA, routeB] = [await freePort(), await freePort(), await freePort(), await freePort()];
    const indented = certs.tlsBlock.split('\n').map((line) => `  ${line}`).join('\n');
    const configFor = (name: string, client: number, route: number, other: number) =>
      `server_name: ${name}\nlisten: ${HOST}:${client}\ncluster {\n  name: devcerts\n  listen: ${HOST}:${route}\n  routes: [ "nats-route://localhost:${other}" ]\n${indented}\n}\n`;
    writeFileSync(path.join(workDir, 'a.conf'), configFor('a', clientA, routeA, routeB));
    writeFileSync(path.join(workDir, 'b.conf'), configFor('b', clientB, routeB, routeA));
    let a: RunningServer | undefined;
    let b: RunningServer | undefined;
    try {
      a = await startServer(bin, path.join(workDir, 'a.conf'), /Server is ready/);
      b = await startServer(bin, path.join(workDir, 'b.conf'), /Server is ready/);
      await waitForText(a.log, /Route connection created/, 'server a to create the route');
      await waitForText(b.log, /Route connection created/, 'server b to create the route');
      for (const server of [a, b]) assert.doesNotMatch(server.log(), /TLS (route )?handshake error/i, server.log());
    } finally {
      await stopServer(a);
      await stopServer(b);
    }
  });
});
