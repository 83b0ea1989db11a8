import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as client from '../../../client/src/certificateHelpers';
import * as server from '../../../server/src/certificates/command';

/** Test bundles live in out/test/unit/certificates/; the repository root is four folders up. */
const repoRoot = path.resolve(__dirname, '..', '..', '..', '..');

describe('the certificate command contract', () => {
  test('client and server agree on the command ids', () => {
    assert.equal(client.GENERATE_CERTIFICATES_COMMAND, server.GENERATE_CERTIFICATES_COMMAND);
    assert.equal(client.SHOW_CERTIFICATE_DETAILS_COMMAND, server.SHOW_CERTIFICATE_DETAILS_COMMAND);
    assert.equal(client.SERVER_GENERATE_CERTIFICATES_COMMAND, server.SERVER_GENERATE_CERTIFICATES_COMMAND);
    // The server command must differ from the VS Code one: vscode-languageclient registers it too.
    assert.notEqual(server.SERVER_GENERATE_CERTIFICATES_COMMAND, server.GENERATE_CERTIFICATES_COMMAND);
  });

  test('package.json contributes both VS Code commands (and not the server one)', () => {
    const manifest = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { contributes: { commands: Array<{ command: string; title: string }> } };
    const titles = Object.fromEntries(manifest.contributes.commands.map((c) => [c.command, c.title]));
    assert.equal(titles[server.GENERATE_CERTIFICATES_COMMAND], 'NATS: Generate Development Certificates');
    assert.equal(titles[server.SHOW_CERTIFICATE_DETAILS_COMMAND], 'NATS: Show Certificate Details');
    assert.equal(titles[server.SERVER_GENERATE_CERTIFICATES_COMMAND], undefined);
  });

  test('createCertificatesCommand: the quick fix runs the server command with the files the tls block names', () => {
    const command = server.createCertificatesCommand({
      certFile: '/srv/nats/tls/server.pem',
      keyFile: '/srv/nats/tls/server-key.pem',
      caFile: '/srv/nats/ca.pem',
    });
    assert.deepEqual(command, {
      title: 'Create development certificates here',
      command: 'natsConf.server.generateCertificates',
      arguments: [{
        folder: '/srv/nats/tls',
        files: { ca: '/srv/nats/ca.pem', serverCert: '/srv/nats/tls/server.pem', serverKey: '/srv/nats/tls/server-key.pem' },
        notify: true,
      }],
    });
  });

  test('createCertificatesCommand: only a CA file, or nothing usable', () => {
    assert.deepEqual(server.createCertificatesCommand({ caFile: '/x/ca.pem' })?.arguments, [{ folder: '/x', files: { ca: '/x/ca.pem' }, notify: true }]);
    assert.equal(server.createCertificatesCommand({}), undefined);
    assert.equal(server.createCertificatesCommand({ certFile: 'relative.pem' }), undefined);
  });

  test('describeOutcome: what the server shows after a quick fix', () => {
    assert.deepEqual(
      server.describeOutcome({
        ok: true, folder: '/srv/certs', files: { ca: '/srv/certs/ca.pem', serverCert: '/srv/certs/s.pem', serverKey: '/srv/certs/k.pem' },
        written: ['/srv/certs/ca.pem', '/srv/certs/s.pem', '/srv/certs/k.pem'], replaced: [], dnsNames: [], ipAddresses: [],
        notAfter: '2028-01-02T03:04:05.000Z', tlsBlock: '',
      }),
      { severity: 'info', message: 'Created development certificates in /srv/certs (valid until 2028-01-02): ca.pem, s.pem, k.pem.' },
    );
    assert.deepEqual(server.describeOutcome({ ok: false, reason: 'exists', message: 'This file exists and would be replaced: /srv/ca.pem', paths: ['/srv/ca.pem'] }), {
      severity: 'error',
      message: 'Could not create development certificates: This file exists and would be replaced: /srv/ca.pem. Nothing was written. To replace them, run "NATS: Generate Development Certificates" or `nats-conf-lint gen-certs --force`.',
    });
  });

  test('the VS Code command argument is read leniently by the client', () => {
    const args = { configUri: 'file:///srv/nats.conf', folder: '/srv/certs', files: { serverCert: '/srv/certs/s.pem' }, names: ['a.b'], insertTlsBlock: false };
    assert.deepEqual(client.toGenerateArguments(args), args);
  });
});

describe('tlsBlockPathsFromDiagnostics', () => {
  test('collects cert_file, key_file and ca_file from cert-file-not-found data; ignores the rest', () => {
    const notFound = (key: string, resolved: unknown) => ({ code: 'cert-file-not-found', data: { key, written: 'x', resolved, tried: [] } });
    assert.deepEqual(
      server.tlsBlockPathsFromDiagnostics([
        notFound('cert_file', '/srv/certs/server.pem'),
        notFound('key_file', '/srv/certs/server.key'),
        notFound('ca_file', '/srv/ca.pem'),
        notFound('cert_file', '/elsewhere/second.pem'),
        notFound('pinned_certs', '/srv/p.pem'),
        notFound('ca_file', 'relative.pem'),
        { code: 'tls-missing-key-file', data: { key: 'key_file', resolved: '/srv/k.pem' } },
        { code: 'cert-file-not-found' },
      ]),
      { certFile: '/srv/certs/server.pem', keyFile: '/srv/certs/server.key', caFile: '/srv/ca.pem' },
    );
    assert.deepEqual(server.tlsBlockPathsFromDiagnostics([]), {});
  });

  test('end to end: diagnostics of one block → the quick fix command', () => {
    const command = server.createCertificatesCommand(
      server.tlsBlockPathsFromDiagnostics([{ code: 'cert-file-not-found', data: { key: 'key_file', resolved: '/srv/certs/k.pem' } }]),
    );
    assert.deepEqual(command?.arguments, [{ folder: '/srv/certs', files: { serverKey: '/srv/certs/k.pem' }, notify: true }]);
  });
});
