import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate, createPrivateKey, createPublicKey, createSign, createVerify } from 'node:crypto';
import { chmodSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  CertificateGenerationError, createCertificateSet, DEFAULT_FILE_NAMES, DEFAULT_VALIDITY_DAYS, formatTlsBlock, generateCertificates,
  isDnsName, parseNames, plannedFiles, quoteConfString, runGenerateCertificatesCommand, type CertificateSet,
} from '../../../server/src/certificates/generate';

const SERVER_AUTH = '1.3.6.1.5.5.7.3.1';
const CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';
const POSIX = process.platform !== 'win32';

let root: string;
let counter = 0;
function freshFolder(): string {
  return path.join(root, `set-${++counter}`);
}

before(() => {
  root = mkdtempSync(path.join(tmpdir(), 'nats-conf-gen-'));
});
after(() => rmSync(root, { recursive: true, force: true }));

/** Signs and verifies a message: the private key belongs to the certificate's public key. */
function keyMatches(keyPem: string, certificate: X509Certificate): boolean {
  const data = Buffer.from('nats-conf key check');
  const signature = createSign('sha256').update(data).sign(createPrivateKey(keyPem));
  return createVerify('sha256').update(data).verify(certificate.publicKey, signature);
}

describe('createCertificateSet (in memory)', () => {
  let set: CertificateSet;
  let ca: X509Certificate;
  let server: X509Certificate;
  let client: X509Certificate;
  const now = new Date('2025-03-01T12:00:00Z');

  before(async () => {
    set = await createCertificateSet({ names: ['nats.example.internal', '10.0.0.5', 'fd00::7'], now });
    ca = new X509Certificate(set.caCertificate);
    server = new X509Certificate(set.serverCertificate);
    client = new X509Certificate(set.clientCertificate);
  });

  test('PEM texts: certificates and PKCS#8 keys, nothing else', () => {
    for (const pem of [set.caCertificate, set.serverCertificate, set.clientCertificate]) {
      assert.match(pem, /^-----BEGIN CERTIFICATE-----\n[A-Za-z0-9+/=\n]+-----END CERTIFICATE-----\n$/);
    }
    for (const pem of [set.serverKey, set.clientKey]) {
      assert.match(pem, /^-----BEGIN PRIVATE KEY-----\n[A-Za-z0-9+/=\n]+-----END PRIVATE KEY-----\n$/);
    }
  });

  test('the CA is self-signed, CA:true, and signs the other two', () => {
    assert.equal(ca.ca, true);
    assert.equal(ca.subject, ca.issuer);
    assert.ok(ca.checkIssued(ca) && ca.verify(ca.publicKey), 'self-signed');
    for (const leaf of [server, client]) {
      assert.equal(leaf.ca, false);
      assert.ok(leaf.checkIssued(ca), 'issuer name is the CA');
      assert.ok(leaf.verify(ca.publicKey), 'signed by the CA key');
      assert.ok(!leaf.verify(leaf.publicKey), 'not self-signed');
    }
  });

  test('the CA may sign certificates (keyCertSign) and nothing below it may (pathlen 0)', async () => {
    // Node has no accessor for keyUsage; @peculiar/x509 reads it back from the DER.
    const x509 = await import('@peculiar/x509');
    const parsed = new x509.X509Certificate(set.caCertificate);
    const usage = parsed.getExtension(x509.KeyUsagesExtension);
    assert.ok(usage && usage.critical);
    assert.ok((usage.usages & x509.KeyUsageFlags.keyCertSign) !== 0, 'keyCertSign');
    const constraints = parsed.getExtension(x509.BasicConstraintsExtension);
    assert.ok(constraints?.ca && constraints.critical);
    assert.equal(constraints.pathLength, 0);
  });

  test('server certificate: localhost, 127.0.0.1, ::1 and the extra names as SANs', () => {
    assert.equal(
      server.subjectAltName,
      'DNS:localhost, DNS:nats.example.internal, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1, IP Address:10.0.0.5, IP Address:FD00:0:0:0:0:0:0:7',
    );
    assert.ok(server.checkHost('localhost'));
    assert.ok(server.checkHost('nats.example.internal'));
    assert.ok(server.checkIP('127.0.0.1'));
    assert.ok(server.checkIP('::1'));
    assert.ok(server.checkIP('10.0.0.5'));
    assert.equal(server.checkHost('example.com'), undefined);
  });

  test('EKUs: server has serverAuth and clientAuth (for cluster/gateway/leafnode mTLS), client only clientAuth', () => {
    assert.deepEqual([...server.keyUsage].sort(), [SERVER_AUTH, CLIENT_AUTH]);
    assert.deepEqual(client.keyUsage, [CLIENT_AUTH]);
    assert.match(client.subject, /CN=nats-dev-client/);
    assert.equal(client.subjectAltName, undefined);
  });

  test('ECDSA P-256 keys that match their certificates (and not the other one)', () => {
    for (const certificate of [ca, server, client]) {
      assert.equal(certificate.publicKey.asymmetricKeyType, 'ec');
      assert.equal(certificate.publicKey.asymmetricKeyDetails?.namedCurve, 'prime256v1');
    }
    assert.ok(keyMatches(set.serverKey, server));
    assert.ok(keyMatches(set.clientKey, client));
    assert.ok(!keyMatches(set.serverKey, client));
    assert.ok(createPublicKey(createPrivateKey(set.serverKey)).equals(server.publicKey));
  });

  test(`valid from a few minutes before now for ${DEFAULT_VALIDITY_DAYS} days`, () => {
    for (const certificate of [ca, server, client]) {
      const from = new Date(certificate.validFrom).getTime();
      const to = new Date(certificate.validTo).getTime();
      assert.ok(from <= now.getTime() && from >= now.getTime() - 10 * 60_000, certificate.validFrom);
      assert.equal(Math.round((to - now.getTime()) / 86_400_000), DEFAULT_VALIDITY_DAYS);
    }
    assert.equal(set.notAfter.toISOString(), '2027-06-04T12:00:00.000Z');
  });

  test('distinct random serial numbers and a distinct CA each time', async () => {
    const other = await createCertificateSet({ now });
    const serials = [ca, server, client, new X509Certificate(other.caCertificate)].map((c) => c.serialNumber);
    assert.equal(new Set(serials).size, 4);
    for (const serial of serials) assert.match(serial, /^[0-9A-F]{32}$/);
    assert.notEqual(new X509Certificate(other.caCertificate).subject, ca.subject);
    assert.ok(!new X509Certificate(other.serverCertificate).verify(ca.publicKey));
  });

  test('invalid names and validity are refused before any key is made', async () => {
    await assert.rejects(createCertificateSet({ names: ['ok.example', 'bad name!'] }), (error: unknown) => {
      assert.ok(error instanceof CertificateGenerationError);
      assert.equal(error.reason, 'invalid-name');
      assert.match(error.message, /'name!'/);
      return true;
    });
    await assert.rejects(createCertificateSet({ days: 0 }), CertificateGenerationError);
  });
});

describe('names', () => {
  test('parseNames splits on commas and spaces, lower-cases, drops duplicates and sorts into DNS and IP', () => {
    assert.deepEqual(parseNames('NATS.example.com, 10.0.0.1 ,,nats.example.com; [::1] fe80::2'), {
      dnsNames: ['nats.example.com'],
      ipAddresses: ['10.0.0.1', '::1', 'fe80::2'],
      invalid: [],
    });
    assert.deepEqual(parseNames(['a.b', 'x_y.local.', '*.wild.example']).dnsNames, ['a.b', 'x_y.local', '*.wild.example']);
    assert.deepEqual(parseNames('http://x, a..b, -a.b, fe80::1%eth0, ' + 'a'.repeat(64)).invalid, [
      'http://x', 'a..b', '-a.b', 'fe80::1%eth0', 'a'.repeat(64),
    ]);
  });

  test('isDnsName: wildcards only as the first label of a name with two more', () => {
    assert.ok(isDnsName('*.example.com'));
    assert.ok(!isDnsName('*.com'));
    assert.ok(!isDnsName('a.*.com'));
    assert.ok(!isDnsName(''));
  });
});

describe('tls block', () => {
  test('quoteConfString escapes backslashes and quotes the way nats-server reads them', () => {
    assert.equal(quoteConfString('/etc/nats/certs/server-cert.pem'), '"/etc/nats/certs/server-cert.pem"');
    assert.equal(quoteConfString('C:\\nats\\certs\\ca.pem'), '"C:\\\\nats\\\\certs\\\\ca.pem"');
    assert.equal(quoteConfString('a"b'), '"a\\"b"');
  });

  test('formatTlsBlock: cert_file, key_file, ca_file and verify: true', () => {
    assert.equal(
      formatTlsBlock({ certFile: '/c/server-cert.pem', keyFile: '/c/server-key.pem', caFile: '/c/ca.pem' }),
      'tls {\n  cert_file: "/c/server-cert.pem"\n  key_file: "/c/server-key.pem"\n  ca_file: "/c/ca.pem"\n  verify: true\n}',
    );
    assert.equal(
      formatTlsBlock({ certFile: 'c', keyFile: 'k', caFile: 'a' }, { indent: '\t', eol: '\r\n', validUntil: new Date('2030-01-02T00:00:00Z') }),
      'tls {\r\n\t# Development certificates (valid until 2030-01-02); clients need one signed by ca_file\r\n\tcert_file: "c"\r\n\tkey_file: "k"\r\n\tca_file: "a"\r\n\tverify: true\r\n}',
    );
  });
});

describe('generateCertificates (files)', () => {
  test('writes the five PEM files, keys with mode 0600, and returns their paths and the tls block', async () => {
    const folder = path.join(freshFolder(), 'nested', 'certs');
    const result = await generateCertificates({ folder, names: ['nats.local'] });
    const expected = Object.fromEntries(Object.entries(DEFAULT_FILE_NAMES).map(([role, name]) => [role, path.join(folder, name)]));
    assert.deepEqual(result.files, expected);
    assert.deepEqual(result.written, Object.values(expected));
    assert.deepEqual(result.replaced, []);
    assert.deepEqual(readdirSync(folder).sort(), Object.values(DEFAULT_FILE_NAMES).sort());
    if (POSIX) {
      assert.equal(statSync(result.files.serverKey).mode & 0o777, 0o600);
      assert.equal(statSync(result.files.clientKey!).mode & 0o777, 0o600);
      assert.equal(statSync(result.files.ca).mode & 0o077 & ~0o044, 0, 'certificates are not writable by others');
    }
    const server = new X509Certificate(readFileSync(result.files.serverCert));
    const ca = new X509Certificate(readFileSync(result.files.ca));
    assert.ok(server.verify(ca.publicKey));
    assert.ok(server.checkHost('nats.local'));
    assert.ok(keyMatches(readFileSync(result.files.serverKey, 'utf8'), server));
    assert.ok(keyMatches(readFileSync(result.files.clientKey!, 'utf8'), new X509Certificate(readFileSync(result.files.clientCert!))));
    assert.equal(
      result.tlsBlock,
      formatTlsBlock({ certFile: expected.serverCert, keyFile: expected.serverKey, caFile: expected.ca }, { validUntil: result.notAfter }),
    );
  });

  test('never overwrites: an existing file stops the run before anything is written', async () => {
    const folder = freshFolder();
    mkdirSync(folder);
    const existing = path.join(folder, 'server-key.pem');
    writeFileSync(existing, 'precious');
    await assert.rejects(generateCertificates({ folder }), (error: unknown) => {
      assert.ok(error instanceof CertificateGenerationError);
      assert.equal(error.reason, 'exists');
      assert.deepEqual(error.paths, [existing]);
      return true;
    });
    assert.equal(readFileSync(existing, 'utf8'), 'precious');
    assert.deepEqual(readdirSync(folder), ['server-key.pem'], 'no other file was written');
  });

  test('a dangling symlink is in the way too', { skip: !POSIX && 'symlinks need privileges on Windows' }, async () => {
    const folder = freshFolder();
    mkdirSync(folder);
    symlinkSync(path.join(folder, 'nowhere'), path.join(folder, 'ca.pem'));
    await assert.rejects(generateCertificates({ folder }), { reason: 'exists' });
    assert.ok(lstatSync(path.join(folder, 'ca.pem')).isSymbolicLink());
  });

  test('overwrite: true replaces the files, and a replaced key ends up 0600 even if it was 0644', async () => {
    const folder = freshFolder();
    const first = await generateCertificates({ folder });
    const firstCa = readFileSync(first.files.ca, 'utf8');
    writeFileSync(first.files.serverKey, 'old');
    chmodSync(first.files.serverKey, 0o644);
    if (POSIX) assert.equal(statSync(first.files.serverKey).mode & 0o777, 0o644);
    const second = await generateCertificates({ folder, overwrite: true });
    assert.deepEqual(second.replaced, first.written);
    assert.notEqual(readFileSync(second.files.ca, 'utf8'), firstCa, 'a new CA');
    assert.ok(keyMatches(readFileSync(second.files.serverKey, 'utf8'), new X509Certificate(readFileSync(second.files.serverCert))));
    if (POSIX) assert.equal(statSync(second.files.serverKey).mode & 0o777, 0o600);
    assert.deepEqual(readdirSync(folder).sort(), Object.values(DEFAULT_FILE_NAMES).sort(), 'no temporary files left');
  });

  test('explicit paths per role (as a quick fix passes them), client pair skipped with null', async () => {
    const folder = freshFolder();
    const result = await generateCertificates({
      folder,
      files: { serverCert: path.join(folder, 'tls', 'nats.crt'), serverKey: 'tls/nats.key', ca: path.join(folder, 'ca', 'root.pem'), clientCert: null, clientKey: null },
    });
    assert.deepEqual(result.files, { ca: path.join(folder, 'ca', 'root.pem'), serverCert: path.join(folder, 'tls', 'nats.crt'), serverKey: path.join(folder, 'tls', 'nats.key') });
    assert.deepEqual(result.written, [result.files.ca, result.files.serverCert, result.files.serverKey]);
    assert.match(result.tlsBlock, /cert_file: ".*nats\.crt"/);
  });

  test('bad plans are refused: skipped server files, half a client pair, two roles on one path, no folder', () => {
    assert.throws(() => plannedFiles({ folder: '' }), { reason: 'invalid-path' });
    assert.throws(() => plannedFiles({ folder: root, files: { ca: null } }), { reason: 'invalid-path' });
    assert.throws(() => plannedFiles({ folder: root, files: { clientKey: null } }), { reason: 'invalid-path' });
    assert.throws(() => plannedFiles({ folder: root, files: { serverCert: 'x.pem', serverKey: 'x.pem' } }), /both be written/);
  });

  test('a folder that cannot be created is an io error naming it', { skip: !POSIX && 'POSIX paths' }, async () => {
    const file = path.join(freshFolder() + '-file');
    writeFileSync(file, '');
    await assert.rejects(generateCertificates({ folder: path.join(file, 'certs') }), (error: unknown) => {
      assert.ok(error instanceof CertificateGenerationError);
      assert.equal(error.reason, 'io');
      assert.match(error.message, /Cannot write/);
      return true;
    });
  });
});

describe('runGenerateCertificatesCommand (the server command)', () => {
  test('answers ok with the paths, names and ISO date', async () => {
    const folder = freshFolder();
    const result = await runGenerateCertificatesCommand({ folder, names: ['10.1.1.1'] });
    assert.equal(result.ok, true);
    if (!result.ok) return;
    assert.equal(result.files.ca, path.join(folder, 'ca.pem'));
    assert.deepEqual(result.ipAddresses, ['127.0.0.1', '::1', '10.1.1.1']);
    assert.match(result.notAfter, /^\d{4}-\d\d-\d\dT/);
    assert.match(result.tlsBlock, /verify: true/);
  });

  test('answers ok: false for existing files, bad names and untrusted arguments', async () => {
    const folder = freshFolder();
    await runGenerateCertificatesCommand({ folder });
    const exists = await runGenerateCertificatesCommand({ folder });
    assert.equal(exists.ok, false);
    if (!exists.ok) {
      assert.equal(exists.reason, 'exists');
      assert.equal(exists.paths.length, 5);
    }
    assert.deepEqual(await runGenerateCertificatesCommand({ folder: freshFolder(), names: ['not valid!'] }), {
      ok: false, reason: 'invalid-name', message: "Not a host name or IP address: 'valid!'", paths: [],
    });
    for (const bad of [undefined, null, 'x', { folder: 'relative/certs' }, { folder, files: { ca: 'relative.pem' } }, { folder, names: 'a' }]) {
      const result = await runGenerateCertificatesCommand(bad);
      assert.equal(result.ok, false, JSON.stringify(bad));
    }
  });
});
