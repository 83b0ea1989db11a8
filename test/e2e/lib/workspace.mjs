// The fixture workspace of the extension-host suite: a fresh copy of test/e2e/fixtures/workspace
// plus real certificates made with the openssl CLI (a CA, a server certificate and its key).
// Private keys are generated per run, never committed; the CA's key is thrown away at once.
import { execFileSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { E2E_DIR } from './paths.mjs';

export const FIXTURE_WORKSPACE = path.join(E2E_DIR, 'fixtures', 'workspace');
const OPENSSL = process.env.OPENSSL || 'openssl';

/** Copies the fixture workspace to `dir` (emptied first) and generates `dir/certs/`. Returns `dir`. */
export function prepareWorkspace(dir) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  cpSync(FIXTURE_WORKSPACE, dir, { recursive: true });
  generateCertificates(path.join(dir, 'certs'));
  return dir;
}

/**
 * `certs/ca.pem`, `certs/server-cert.pem`, `certs/server-key.pem`: ECDSA P-256, valid for 825 days,
 * the server certificate signed by the CA, SANs localhost/127.0.0.1/::1, serverAuth + clientAuth.
 */
export function generateCertificates(certsDir) {
  mkdirSync(certsDir, { recursive: true });
  const scratch = mkdtempSync(path.join(tmpdir(), 'nats-conf-e2e-ca-'));
  const openssl = (...args) => {
    try {
      execFileSync(OPENSSL, args, { cwd: scratch, stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (error) {
      if (error.code === 'ENOENT') throw new Error(`'${OPENSSL}' not found: install it (apt-get install -y openssl) or set OPENSSL`);
      throw new Error(`openssl ${args.join(' ')} failed:\n${error.stderr?.toString() ?? error.message}`);
    }
  };
  try {
    const ecKey = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];
    openssl('req', '-x509', '-new', ...ecKey, '-keyout', 'ca-key.pem', '-out', 'ca.pem', '-days', '825',
      '-subj', '/O=vscode-nats-conf e2e/CN=vscode-nats-conf e2e CA',
      '-addext', 'basicConstraints=critical,CA:TRUE,pathlen:0',
      '-addext', 'keyUsage=critical,keyCertSign,cRLSign');
    openssl('req', '-new', ...ecKey, '-keyout', 'server-key.pem', '-out', 'server.csr', '-subj', '/O=vscode-nats-conf e2e/CN=localhost');
    writeFileSync(path.join(scratch, 'server.ext'), [
      'basicConstraints = critical, CA:FALSE',
      'keyUsage = critical, digitalSignature',
      'extendedKeyUsage = serverAuth, clientAuth',
      'subjectAltName = DNS:localhost, IP:127.0.0.1, IP:::1',
      '',
    ].join('\n'));
    openssl('x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca-key.pem', '-CAcreateserial',
      '-out', 'server-cert.pem', '-days', '825', '-sha256', '-extfile', 'server.ext');
    openssl('verify', '-CAfile', 'ca.pem', 'server-cert.pem');
    cpSync(path.join(scratch, 'ca.pem'), path.join(certsDir, 'ca.pem'));
    cpSync(path.join(scratch, 'server-cert.pem'), path.join(certsDir, 'server-cert.pem'));
    cpSync(path.join(scratch, 'server-key.pem'), path.join(certsDir, 'server-key.pem'));
    chmodSync(path.join(certsDir, 'server-key.pem'), 0o600);
  } finally {
    rmSync(scratch, { recursive: true, force: true }); // the CA key goes with it
  }
  const made = readdirSync(certsDir).sort();
  if (made.join(',') !== 'ca.pem,server-cert.pem,server-key.pem') throw new Error(`unexpected files in ${certsDir}: ${made}`);
  return certsDir;
}

/**
 * A fresh folder for one run's state under `root`; remove it with `rmSync` when done. Folders of
 * earlier runs (kept because they failed) are removed after a day.
 */
export function makeRunDir(root, prefix) {
  mkdirSync(root, { recursive: true });
  const dayAgo = Date.now() - 24 * 3600 * 1000;
  for (const name of readdirSync(root)) {
    const full = path.join(root, name);
    try {
      if (statSync(full).mtimeMs < dayAgo) rmSync(full, { recursive: true, force: true });
    } catch {
      /* another run removed it */
    }
  }
  return mkdtempSync(path.join(root, prefix));
}

export function assertFixturesPresent() {
  if (!existsSync(path.join(FIXTURE_WORKSPACE, 'nats-valid.conf'))) throw new Error(`fixture workspace missing: ${FIXTURE_WORKSPACE}`);
}
