import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { describeCertificateFile, escapeMarkdown } from '../../../client/src/certificateDetails';
import { createCertificateSet, type CertificateSet } from '../../../server/src/certificates/generate';

const bytes = (text: string) => Buffer.from(text, 'utf8');
/** The base64 body lines of every PEM block in `pem`: none of them may appear in the details. */
function bodyLines(pem: string): string[] {
  return pem.split('\n').filter((line) => line !== '' && !line.startsWith('-----'));
}

describe('describeCertificateFile', () => {
  let set: CertificateSet;
  const now = new Date('2025-06-01T00:00:00Z');
  before(async () => {
    set = await createCertificateSet({ names: ['nats.local'], now: new Date('2025-05-01T00:00:00Z') });
  });

  test('a server certificate: subject, issuer, validity, SANs, EKUs, CA flag, key, fingerprint', () => {
    const text = describeCertificateFile(bytes(set.serverCertificate), { path: '/certs/server-cert.pem', now });
    assert.match(text, /^# server-cert\.pem\n\n`\/certs\/server-cert\.pem`\n/);
    assert.match(text, /\| Subject \| CN=localhost, O=NATS development certificates \|/);
    assert.match(text, /\| Issuer \| CN=NATS Development CA [0-9a-f]{8}, O=NATS development certificates \|/);
    assert.match(text, /\| Valid \| 2025-04-30 to 2027-08-04 \(794 days left\) \|/);
    assert.match(text, /\| Names \(SAN\) \| DNS:localhost, DNS:nats\.local, IP Address:127\.0\.0\.1, IP Address:0:0:0:0:0:0:0:1 \|/);
    assert.match(text, /\| Extended key usage \| TLS server \(serverAuth\), TLS client \(clientAuth\) \|/);
    assert.match(text, /\| CA \| no \|/);
    assert.match(text, /\| Public key \| ECDSA P-256 \|/);
    assert.match(text, /\| SHA-256 fingerprint \| ([0-9A-F]{2}:){31}[0-9A-F]{2} \|/);
  });

  test('the CA is marked self-signed and CA; a chain in order says so, one out of order says not', () => {
    const ca = describeCertificateFile(bytes(set.caCertificate), { path: 'ca.pem', now });
    assert.match(ca, /\(self-signed\)/);
    assert.match(ca, /\| CA \| yes/);
    const chain = describeCertificateFile(bytes(set.serverCertificate + set.caCertificate), { path: 'chain.pem', now });
    assert.match(chain, /## Certificate 1 of 2/);
    assert.match(chain, /## Certificate 2 of 2/);
    assert.match(chain, /Signed certificate 1: the chain is in order\./);
    const reversed = describeCertificateFile(bytes(set.caCertificate + set.serverCertificate), { path: 'chain.pem', now });
    assert.match(reversed, /\*\*Did not sign certificate 1\*\*/);
  });

  test('expired and not yet valid certificates are called out', () => {
    assert.match(describeCertificateFile(bytes(set.caCertificate), { path: 'ca.pem', now: new Date('2030-01-01T00:00:00Z') }), /\*\*expired \d+ days ago\*\*/);
    assert.match(describeCertificateFile(bytes(set.caCertificate), { path: 'ca.pem', now: new Date('2020-01-01T00:00:00Z') }), /\*\*not valid yet\*\*/);
    assert.match(describeCertificateFile(bytes(set.caCertificate), { path: 'ca.pem', now: new Date('2027-07-20T00:00:00Z') }), /\*\*expires in \d+ days\*\*/);
  });

  test('private keys: kind and size only, never the key bytes', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
    for (const [pem, kind] of [[set.serverKey, 'ECDSA P-256 private key \\(PRIVATE KEY\\)'], [rsa, 'RSA 2048 bits private key \\(RSA PRIVATE KEY\\)']] as const) {
      const text = describeCertificateFile(bytes(pem), { path: 'server-key.pem', now });
      assert.match(text, new RegExp(`## Private key\\n\\n${kind}\\. The key itself is not shown\\.`));
      for (const line of bodyLines(pem)) assert.ok(!text.includes(line), 'no key material');
      assert.ok(!text.includes('BEGIN'), 'no PEM armour either');
    }
    const encrypted = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'secret' }).toString();
    const text = describeCertificateFile(bytes(encrypted), { path: 'k.pem', now });
    assert.match(text, /An encrypted private key \(ENCRYPTED PRIVATE KEY\)/);
    for (const line of bodyLines(encrypted)) assert.ok(!text.includes(line));
  });

  test('a key readable by others gets a chmod note (POSIX); a 0600 key none', { skip: process.platform === 'win32' }, () => {
    assert.match(describeCertificateFile(bytes(set.serverKey), { path: 'k.pem', mode: 0o100644, now }), /File mode 0644: other users can read this private key\. `chmod 600`/);
    assert.doesNotMatch(describeCertificateFile(bytes(set.serverKey), { path: 'k.pem', mode: 0o100600, now }), /File mode/);
    assert.doesNotMatch(describeCertificateFile(bytes(set.caCertificate), { path: 'ca.pem', mode: 0o100644, now }), /File mode/);
  });

  test('a DER certificate is read and the PEM conversion suggested; other content is described plainly', async () => {
    const { X509Certificate } = await import('node:crypto');
    const der = new X509Certificate(set.caCertificate).raw;
    const text = describeCertificateFile(der, { path: 'ca.der', now });
    assert.match(text, /## Certificate \(DER\)/);
    assert.match(text, /openssl x509 -inform der/);
    assert.match(describeCertificateFile(new Uint8Array(), { path: 'e.pem', now }), /The file is empty\./);
    assert.match(describeCertificateFile(bytes('port: 4222\n'), { path: 'nats.conf', now }), /No PEM certificate or key found/);
    assert.match(describeCertificateFile(bytes('-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n'), { path: 'x.pem', now }), /cannot be parsed/);
  });

  test('escapeMarkdown keeps table cells intact', () => {
    assert.equal(escapeMarkdown('CN=a|b\nO=<x>'), 'CN=a\\|b, O=\\<x\\>');
  });
});
