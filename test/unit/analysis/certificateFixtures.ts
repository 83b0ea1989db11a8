/**
 * Certificates made for the tests with the `openssl` CLI, in a fresh temporary folder: a CA, an
 * intermediate, server certificates of every kind the certificate checks look at, and keys in
 * every form nats-server refuses. Generated once per test process (a few seconds).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

export const OPENSSL = '/usr/bin/openssl';

export interface CertificateSet {
  dir: string;
  /** Absolute path of a generated file. */
  file(name: string): string;
  bytes(name: string): Uint8Array;
  text(name: string): string;
  /** Removes the folder. */
  dispose(): void;
}

let cached: CertificateSet | undefined;

function ssl(dir: string, args: string[]): void {
  execFileSync(OPENSSL, args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
}

function ext(dir: string, name: string, lines: string[]): string {
  writeFileSync(path.join(dir, name), `${lines.join('\n')}\n`);
  return name;
}

/** A key + CSR, then a certificate signed by `ca` with the given extensions. */
function issue(dir: string, name: string, options: { ca: string; extensions: string[]; key?: string[]; days?: number; md?: string }): void {
  const key = options.key ?? ['-newkey', 'rsa:2048'];
  ssl(dir, ['req', '-new', ...key, '-nodes', '-keyout', `${name}-key.pem`, '-out', `${name}.csr`, '-subj', `/CN=${name}`]);
  const extfile = ext(dir, `${name}.ext`, options.extensions);
  ssl(dir, [
    'x509', '-req', '-in', `${name}.csr`, '-CA', options.ca === 'intermediate' ? 'intermediate-cert.pem' : `${options.ca}.pem`, '-CAkey', `${options.ca}-key.pem`, '-CAcreateserial',
    '-days', String(options.days ?? 365), `-${options.md ?? 'sha256'}`, '-extfile', extfile, '-out', `${name}-cert.pem`,
  ]);
}

/** A certificate with fixed dates (openssl ca: `x509 -req` of OpenSSL 3.0 cannot set them). */
function issueWithDates(dir: string, name: string, ca: string, start: string, end: string): void {
  const caDir = path.join(dir, `ca-db-${name}`);
  mkdirSync(path.join(caDir, 'new'), { recursive: true });
  writeFileSync(path.join(caDir, 'index.txt'), '');
  writeFileSync(path.join(caDir, 'serial'), '1000\n');
  writeFileSync(path.join(caDir, 'ca.cnf'), [
    '[ ca ]', 'default_ca = d', '[ d ]', `database = ${caDir}/index.txt`, `new_certs_dir = ${caDir}/new`, `serial = ${caDir}/serial`,
    'default_md = sha256', 'policy = p', 'unique_subject = no', '[ p ]', 'commonName = supplied', '',
  ].join('\n'));
  ssl(dir, ['req', '-new', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}-key.pem`, '-out', `${name}.csr`, '-subj', `/CN=${name}`]);
  const extfile = ext(dir, `${name}.ext`, ['basicConstraints = CA:FALSE', 'subjectAltName = DNS:localhost', 'extendedKeyUsage = serverAuth, clientAuth']);
  ssl(dir, [
    'ca', '-batch', '-notext', '-config', path.join(caDir, 'ca.cnf'), '-cert', `${ca}.pem`, '-keyfile', `${ca}-key.pem`,
    '-in', `${name}.csr`, '-out', `${name}-cert.pem`, '-startdate', start, '-enddate', end, '-extfile', extfile,
  ]);
}

/** Generates (once) and returns the set. */
export function certificates(): CertificateSet {
  if (cached) return cached;
  const dir = mkdtempSync(path.join(tmpdir(), 'nats-conf-certs-'));
  const caExt = ['basicConstraints = critical, CA:TRUE', 'keyUsage = critical, keyCertSign, cRLSign'];
  // Root CA and a second, unrelated CA.
  for (const ca of ['ca', 'other-ca']) {
    ssl(dir, ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${ca}-key.pem`, '-out', `${ca}.pem`, '-days', '3650', '-subj', `/CN=Test ${ca}`,
      '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
  }
  // An intermediate CA under the root.
  issue(dir, 'intermediate', { ca: 'ca', extensions: caExt, days: 1825 });
  const serverExt = ['basicConstraints = CA:FALSE', 'subjectAltName = DNS:localhost, IP:127.0.0.1', 'extendedKeyUsage = serverAuth, clientAuth'];
  issue(dir, 'server', { ca: 'ca', extensions: serverExt });
  issue(dir, 'other', { ca: 'ca', extensions: serverExt });
  issue(dir, 'server-only', { ca: 'ca', extensions: ['basicConstraints = CA:FALSE', 'subjectAltName = DNS:localhost', 'extendedKeyUsage = serverAuth'] });
  issue(dir, 'client-only', { ca: 'ca', extensions: ['basicConstraints = CA:FALSE', 'subjectAltName = DNS:localhost', 'extendedKeyUsage = clientAuth'] });
  issue(dir, 'weak', { ca: 'ca', extensions: serverExt, key: ['-newkey', 'rsa:1024'] });
  issue(dir, 'sha1', { ca: 'ca', extensions: serverExt, md: 'sha1' });
  issue(dir, 'ec', { ca: 'ca', extensions: serverExt, key: ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256'] });
  issue(dir, 'leaf', { ca: 'intermediate', extensions: serverExt });
  issue(dir, 'short', { ca: 'ca', extensions: serverExt, days: 10 });
  issueWithDates(dir, 'expired', 'ca', '20200101000000Z', '20200201000000Z');
  issueWithDates(dir, 'future', 'ca', '20990101000000Z', '20991231000000Z');
  // A self-signed certificate (openssl marks it CA:TRUE).
  ssl(dir, ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'self-key.pem', '-out', 'self-cert.pem', '-days', '365', '-subj', '/CN=localhost',
    '-addext', 'subjectAltName=DNS:localhost']);
  // Chains.
  const read = (name: string) => readFileSync(path.join(dir, name), 'utf8');
  writeFileSync(path.join(dir, 'chain.pem'), read('leaf-cert.pem') + read('intermediate-cert.pem'));
  writeFileSync(path.join(dir, 'chain-ca-first.pem'), read('intermediate-cert.pem') + read('leaf-cert.pem'));
  writeFileSync(path.join(dir, 'chain-out-of-order.pem'), read('leaf-cert.pem') + read('ca.pem') + read('intermediate-cert.pem'));
  writeFileSync(path.join(dir, 'ca-bundle.pem'), read('ca.pem') + read('server-cert.pem'));
  // Keys in the forms nats-server refuses.
  ssl(dir, ['pkey', '-in', 'server-key.pem', '-aes256', '-passout', 'pass:secret', '-out', 'encrypted-key.pem']);
  ssl(dir, ['rsa', '-in', 'server-key.pem', '-aes256', '-passout', 'pass:secret', '-traditional', '-out', 'encrypted-legacy-key.pem']);
  ssl(dir, ['genpkey', '-algorithm', 'ed25519', '-out', 'ed25519-key.pem']);
  ssl(dir, ['x509', '-in', 'server-cert.pem', '-outform', 'DER', '-out', 'server-cert.der']);
  writeFileSync(path.join(dir, 'empty.pem'), '');
  writeFileSync(path.join(dir, 'combined.pem'), read('server-key.pem') + read('server-cert.pem'));
  cached = {
    dir,
    file: (name) => path.join(dir, name),
    bytes: (name) => new Uint8Array(readFileSync(path.join(dir, name))),
    text: (name) => readFileSync(path.join(dir, name), 'utf8'),
    dispose: () => {
      rmSync(dir, { recursive: true, force: true });
      cached = undefined;
    },
  };
  return cached;
}
