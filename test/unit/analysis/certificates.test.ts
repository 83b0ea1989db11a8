/**
 * The certificate checks: each `cert-*` code on a config naming certificates generated with the
 * `openssl` CLI (certificateFixtures.ts) or taken from the nats-server corpus, its severity and
 * place (nats-server's errors at the `tls` key, everything else at the path), and its absence
 * on the fixed config. Error verdicts follow reference §5.2 (nats-server 2.9.10 `-t`); the
 * conformance suite checks the corpus against the real binary.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Diagnostic } from '../../../server/src/analysis/diagnostic';
import { CERT_CODE_DOCS, CertCode } from '../../../server/src/analysis/certificates';
import { loadPemFile, parsePemFile } from '../../../server/src/analysis/certificateFiles';
import type { TlsData } from '../../../server/src/analysis/tlsRules';
import type { Environment } from '../../../server/src/environment';
import { createNodeEnvironment } from '../../../server/src/nodeEnvironment';
import { createLanguageService, type AnalysisSettings } from '../../../server/src/languageService';
import { certificates } from './certificateFixtures';
import { fakeEnvironment, rangeOf } from './helpers';

const set = certificates();
after(() => set.dispose());

const CORPUS = path.join(__dirname, '..', '..', '..', '..', '..', 'shared', 'corpus', 'nats-server', 'test', 'configs', 'certs');
const corpus = (name: string) => path.join(CORPUS, name);

interface Options {
  settings?: Partial<AnalysisSettings>;
  environment?: Environment;
  path?: string;
  now?: Date;
}

/** The cert-* diagnostics of `text`, analysed as a file in the generated folder (real files, real clock unless `now`). */
async function check(text: string, options: Options = {}): Promise<Diagnostic[]> {
  const base = createNodeEnvironment({});
  const environment = options.environment ?? (options.now ? { ...base, now: () => options.now as Date } : base);
  const file = options.path ?? path.join(set.dir, 'main.conf');
  const all = await createLanguageService(environment).validate({ uri: `file://${file}`, path: file, text }, { serverVersion: 'latest', ...options.settings });
  return all.filter((d) => d.code.startsWith('cert-'));
}

async function one(text: string, code: string, options: Options = {}): Promise<Diagnostic & { data: TlsData }> {
  const found = (await check(text, options)).filter((d) => d.code === code);
  assert.equal(found.length, 1, `expected one ${code}, got:\n${(await check(text, options)).map((d) => `${d.code} ${d.message}`).join('\n')}`);
  return found[0] as Diagnostic & { data: TlsData };
}

async function codes(text: string, options: Options = {}): Promise<string[]> {
  return (await check(text, options)).map((d) => d.code);
}

const tested = new Set<string>();
const covers = (code: string) => tested.add(code);

const pair = (cert: string, key: string, extra = '') => `tls {\n  cert_file: "${cert}"\n  key_file: "${key}"\n${extra}}\n`;

// ---------------------------------------------------------------------------------------------
// Clean

test('a good pair, CA and names give nothing; corpus certificates too', async () => {
  assert.deepEqual(await codes(pair('server-cert.pem', 'server-key.pem', '  ca_file: "ca.pem"\n  verify: true\n')), []);
  assert.deepEqual(await codes('cluster {\n  host: "localhost"\n  tls {\n    cert_file: "server-cert.pem"\n    key_file: "server-key.pem"\n    ca_file: "ca.pem"\n  }\n}\n'), []);
  assert.deepEqual(await codes(pair(corpus('server-cert.pem'), corpus('server-key.pem'), `  ca_file: "${corpus('ca.pem')}"\n`)), []);
  assert.deepEqual(await codes(pair('chain.pem', 'leaf-key.pem')), []);
  assert.deepEqual(await codes(pair('ec-cert.pem', 'ec-key.pem')), []);
  // one file holding both key and certificate (§3: accepted)
  assert.deepEqual(await codes(pair('combined.pem', 'combined.pem')), []);
});

// ---------------------------------------------------------------------------------------------
// Errors: what makes nats-server -t fail (§5.2), at the tls key

test('cert-file-not-found: at the tls key, with the path as related information and nats-server\'s words', async () => {
  covers(CertCode.fileNotFound);
  const text = pair('./nope.pem', 'server-key.pem');
  const d = await one(text, CertCode.fileNotFound);
  assert.equal(d.severity, 'error');
  assert.deepEqual(d.range, rangeOf(text, 'tls'));
  assert.deepEqual(d.related?.[0].range, rangeOf(text, '"./nope.pem"'));
  assert.match(d.message, /error parsing X509 certificate\/key pair: open \.\/nope\.pem: no such file or directory/);
  assert.match(d.message, /natsConf\.paths\.base/);
  // ca_file: the raw OS error
  const ca = await one(pair('server-cert.pem', 'server-key.pem', '  ca_file: "no-ca.pem"\n'), CertCode.fileNotFound);
  assert.match(ca.message, /"open no-ca\.pem: no such file or directory"/);
  // missing key file too
  assert.deepEqual(await codes(pair('server-cert.pem', 'missing-key.pem')), [CertCode.fileNotFound]);
});

test('cert-file-not-found in the corpus: the path base decides (nats-server resolves against its working directory)', async () => {
  const text = pair('./configs/certs/server-cert.pem', './configs/certs/server-key.pem');
  const test = path.join(CORPUS, '..', '..');
  const file = path.join(test, 'configs', 'x.conf');
  // Run from test/ (the path base): found, nothing to say.
  assert.deepEqual(await codes(text, { path: file, settings: { pathBase: test } }), []);
  // Without a path base the config's folder (test/configs) is used: not there.
  assert.deepEqual(await codes(text, { path: file }), [CertCode.fileNotFound, CertCode.fileNotFound]);
});

test('cert-file-elsewhere: not at the path base but next to the config: a warning that says where', async () => {
  covers(CertCode.fileElsewhere);
  const elsewhere = mkdtempSync(path.join(tmpdir(), 'nats-conf-base-'));
  try {
    const text = pair('server-cert.pem', 'server-key.pem');
    const ds = await check(text, { settings: { pathBase: elsewhere } });
    assert.deepEqual(ds.map((d) => d.code), [CertCode.fileElsewhere, CertCode.fileElsewhere]);
    assert.equal(ds[0].severity, 'warning');
    assert.deepEqual(ds[0].range, rangeOf(text, '"server-cert.pem"'));
    assert.match(ds[0].message, /config file's folder/);
    assert.match(ds[0].message, /working directory/);
    assert.equal(ds[0].data && (ds[0].data as TlsData).found, set.file('server-cert.pem'));
  } finally {
    rmSync(elsewhere, { recursive: true, force: true });
  }
});

test('cert-file-unresolved: an environment-provided or templated path, or an unsaved document, is information', async () => {
  covers(CertCode.fileUnresolved);
  const environment = { ...createNodeEnvironment({ CERT: '/somewhere/else/cert.pem' }) };
  const fromEnv = await check('tls {\n  cert_file: $CERT\n  key_file: "server-key.pem"\n}\n', { environment });
  assert.deepEqual(fromEnv.map((d) => `${d.code}:${d.severity}`), [`${CertCode.fileUnresolved}:information`]);
  assert.match(fromEnv[0].message, /environment variable/);
  const templated = await check(pair('${CERT_DIR}/cert.pem', 'server-key.pem'));
  assert.deepEqual(templated.map((d) => `${d.code}:${d.severity}`), [`${CertCode.fileUnresolved}:information`]);
  const service = createLanguageService(fakeEnvironment());
  const untitled = await service.validate({ uri: 'untitled:1', text: pair('cert.pem', 'key.pem') });
  assert.deepEqual(untitled.filter((d) => d.code.startsWith('cert-')).map((d) => d.code), [CertCode.fileUnresolved, CertCode.fileUnresolved]);
  // A variable defined in the config is followed like a written path.
  assert.deepEqual(await codes(`CERT: "server-cert.pem"\ntls {\n  cert_file: $CERT\n  key_file: "server-key.pem"\n}\n`), []);
});

test('cert-file-is-folder and cert-file-unreadable', async () => {
  covers(CertCode.fileIsFolder);
  covers(CertCode.fileUnreadable);
  const folder = await one(pair(set.dir, 'server-key.pem'), CertCode.fileIsFolder);
  assert.equal(folder.severity, 'error');
  assert.match(folder.message, /is a directory/);
  const environment = fakeEnvironment({
    '/conf/cert.pem': { failure: { ok: false, reason: 'unreadable', message: '/conf/cert.pem cannot be read (EACCES)' } },
    '/conf/key.pem': set.bytes('server-key.pem'),
  });
  const unreadable = await one(pair('cert.pem', 'key.pem'), CertCode.fileUnreadable, { environment, path: '/conf/main.conf' });
  assert.equal(unreadable.severity, 'error');
  assert.match(unreadable.message, /EACCES/);
});

test('a FIFO is refused without blocking (not-a-file)', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'nats-conf-fifo-'));
  try {
    const fifo = path.join(dir, 'cert.pem');
    const { execFileSync } = await import('node:child_process');
    execFileSync('mkfifo', [fifo]);
    const d = await one(pair(fifo, set.file('server-key.pem')), CertCode.fileUnreadable);
    assert.match(d.message, /not a regular file/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('cert-file-too-large: more than 1 MB is not read (a warning)', async () => {
  covers(CertCode.fileTooLarge);
  const environment = fakeEnvironment({ '/conf/big.pem': new Uint8Array(1024 * 1024 + 1), '/conf/key.pem': set.bytes('server-key.pem') });
  const d = await one(pair('big.pem', 'key.pem'), CertCode.fileTooLarge, { environment, path: '/conf/main.conf' });
  assert.equal(d.severity, 'warning');
  assert.equal(environment.reads.get('/conf/big.pem') ?? 0, 0, 'not read at all');
});

test('cert-no-certificate: empty, DER, or only other PEM blocks', async () => {
  covers(CertCode.noCertificate);
  for (const [file, words] of [['empty.pem', /failed to find any PEM data in certificate input/], ['server-cert.der', /failed to find any PEM data in certificate input/]] as const) {
    const d = await one(pair(file, 'server-key.pem'), CertCode.noCertificate);
    assert.equal(d.severity, 'error');
    assert.match(d.message, words);
  }
});

test('cert-invalid-certificate: a CERTIFICATE block that does not parse', async () => {
  covers(CertCode.invalidCertificate);
  const environment = fakeEnvironment({
    '/conf/bad.pem': '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n',
    '/conf/key.pem': set.bytes('server-key.pem'),
  });
  const d = await one(pair('bad.pem', 'key.pem'), CertCode.invalidCertificate, { environment, path: '/conf/main.conf' });
  assert.equal(d.severity, 'error');
});

test('cert-pem-switched: cert and key swapped, with the swap fix', async () => {
  covers(CertCode.pemSwitched);
  const text = pair('server-key.pem', 'server-cert.pem');
  const ds = (await check(text)).filter((d) => d.code === CertCode.pemSwitched);
  assert.equal(ds.length, 2);
  assert.match(ds[0].message, /PEM inputs may have been switched/);
  assert.match(ds[1].message, /found a certificate rather than a key/);
  const fix = (ds[0].data as TlsData).fixes?.[0];
  assert.equal(fix?.title, 'Swap cert_file and key_file');
  assert.deepEqual(fix?.edits.map((e) => e.newText), ['"server-cert.pem"', '"server-key.pem"']);
});

test('cert-no-private-key: an empty key file, or one holding other blocks', async () => {
  covers(CertCode.noPrivateKey);
  const d = await one(pair('server-cert.pem', 'empty.pem'), CertCode.noPrivateKey);
  assert.match(d.message, /failed to find any PEM data in key input/);
  const bundle = await one(pair('server-cert.pem', 'ca-bundle.pem'), CertCode.noPrivateKey);
  assert.match(bundle.message, /CERTIFICATE CERTIFICATE/);
});

test('cert-key-encrypted: PKCS#8 and legacy encrypted keys', async () => {
  covers(CertCode.keyEncrypted);
  for (const key of ['encrypted-key.pem', 'encrypted-legacy-key.pem']) {
    const d = await one(pair('server-cert.pem', key), CertCode.keyEncrypted);
    assert.equal(d.severity, 'error');
    assert.match(d.message, /tls: failed to parse private key/);
    assert.match(d.message, /passphrase/);
  }
});

test('cert-key-unsupported: a key Go cannot parse', async () => {
  covers(CertCode.keyUnsupported);
  const environment = fakeEnvironment({
    '/conf/cert.pem': set.bytes('server-cert.pem'),
    '/conf/key.pem': '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n',
  });
  const d = await one(pair('cert.pem', 'key.pem'), CertCode.keyUnsupported, { environment, path: '/conf/main.conf' });
  assert.match(d.message, /failed to parse private key/);
});

test('cert-key-mismatch: another key, a key of another type, a CA before the leaf; the matching key next to the cert is offered', async () => {
  covers(CertCode.keyMismatch);
  const text = pair('server-cert.pem', 'other-key.pem');
  const d = await one(text, CertCode.keyMismatch);
  assert.equal(d.severity, 'error');
  assert.deepEqual(d.range, rangeOf(text, 'tls'));
  assert.match(d.message, /private key does not match public key/);
  assert.deepEqual(d.data.candidates, ['server-key.pem', 'combined.pem']);
  const fix = d.data.fixes?.find((f) => f.title.includes('server-key.pem'));
  assert.ok(fix, JSON.stringify(d.data.fixes));
  assert.deepEqual(fix.edits[0].range, rangeOf(text, '"other-key.pem"'));
  assert.equal(fix.edits[0].newText, '"server-key.pem"');
  const typed = await one(pair('server-cert.pem', 'ec-key.pem'), CertCode.keyMismatch);
  assert.match(typed.message, /private key type does not match public key type/);
  const caFirst = await one(pair('chain-ca-first.pem', 'leaf-key.pem'), CertCode.keyMismatch);
  assert.equal(caFirst.data.leafNotFirst, true);
  assert.match(caFirst.message, /must come first/);
  // corpus: the server certificate with the client key
  assert.deepEqual(await codes(pair(corpus('server-cert.pem'), corpus('client-key.pem'))), [CertCode.keyMismatch]);
});

test('cert-ca-no-certificates: a CA file with a key only, or empty', async () => {
  covers(CertCode.caNoCertificates);
  for (const file of ['server-key.pem', 'empty.pem']) {
    const text = pair('server-cert.pem', 'server-key.pem', `  ca_file: "${file}"\n`);
    const d = await one(text, CertCode.caNoCertificates);
    assert.equal(d.severity, 'error');
    assert.deepEqual(d.range, rangeOf(text, 'tls'));
    assert.match(d.message, /failed to parse root ca certificate/);
  }
});

// ---------------------------------------------------------------------------------------------
// Warnings: what nats-server accepts (§5.3)

test('cert-expired, cert-not-yet-valid (real dates) and cert-expiring-soon (the setting)', async () => {
  covers(CertCode.expired);
  covers(CertCode.notYetValid);
  covers(CertCode.expiringSoon);
  const text = (name: string) => pair(`${name}-cert.pem`, `${name}-key.pem`);
  const expired = await one(text('expired'), CertCode.expired);
  assert.equal(expired.severity, 'warning');
  assert.match(expired.message, /expired on 2020-02-01/);
  assert.deepEqual(expired.range, rangeOf(text('expired'), '"expired-cert.pem"'));
  const future = await one(text('future'), CertCode.notYetValid);
  assert.match(future.message, /2099-01-01/);
  const soon = await one(text('short'), CertCode.expiringSoon);
  assert.match(soon.message, /in (9|10) days/);
  assert.deepEqual(await codes(text('short'), { settings: { expiryWarningDays: 5 } }), []);
  assert.deepEqual(await codes(text('server'), { settings: { expiryWarningDays: 400 } }), [CertCode.expiringSoon]);
  // the injected clock decides
  assert.deepEqual(await codes(text('server'), { now: new Date('2000-01-01T00:00:00Z') }), [CertCode.notYetValid]);
  // an expired CA in ca_file
  assert.deepEqual(await codes(pair('server-cert.pem', 'server-key.pem', '  ca_file: "ca.pem"\n'), { now: new Date('2200-01-01T00:00:00Z') }), [CertCode.expired, CertCode.expired]);
});

test('cert-weak-key: RSA 1024', async () => {
  covers(CertCode.weakKey);
  const d = await one(pair('weak-cert.pem', 'weak-key.pem'), CertCode.weakKey);
  assert.equal(d.severity, 'warning');
  assert.match(d.message, /RSA 1024 bits/);
});

test('cert-sha1-signature', async () => {
  covers(CertCode.sha1Signature);
  const d = await one(pair('sha1-cert.pem', 'sha1-key.pem'), CertCode.sha1Signature);
  assert.match(d.message, /sha1WithRSAEncryption/);
});

test('cert-ca-as-server: a CA certificate with its key (warning); a self-signed one is information', async () => {
  covers(CertCode.caAsServer);
  const ca = await one(pair('intermediate-cert.pem', 'intermediate-key.pem'), CertCode.caAsServer);
  assert.equal(ca.severity, 'warning');
  const self = await one(pair('self-cert.pem', 'self-key.pem'), CertCode.caAsServer);
  assert.equal(self.severity, 'information');
});

test('cert-chain-order: issuers out of order', async () => {
  covers(CertCode.chainOrder);
  const d = await one(pair('chain-out-of-order.pem', 'leaf-key.pem'), CertCode.chainOrder);
  assert.equal(d.severity, 'warning');
  assert.match(d.message, /out of order/);
});

test('cert-missing-eku: serverAuth for listeners, clientAuth for routes and outgoing connections', async () => {
  covers(CertCode.missingEku);
  const root = await one(pair('client-only-cert.pem', 'client-only-key.pem'), CertCode.missingEku);
  assert.deepEqual(root.data.missing, ['serverAuth']);
  const cluster = await one(`cluster {\n  ${pair('server-only-cert.pem', 'server-only-key.pem')}}\n`, CertCode.missingEku);
  assert.deepEqual(cluster.data.missing, ['clientAuth']);
  const remote = await one('leafnodes {\n  remotes: [ { url: "tls://127.0.0.1:7422", tls { cert_file: "server-only-cert.pem", key_file: "server-only-key.pem" } } ]\n}\n', CertCode.missingEku);
  assert.deepEqual(remote.data.missing, ['clientAuth']);
  assert.deepEqual(await codes(pair('server-only-cert.pem', 'server-only-key.pem')), []);
});

test('cert-san-mismatch: the configured host is not among the SANs', async () => {
  covers(CertCode.sanMismatch);
  const text = `host: "nats.example.com"\n${pair('server-cert.pem', 'server-key.pem')}`;
  const d = await one(text, CertCode.sanMismatch);
  assert.equal(d.data.host, 'nats.example.com');
  assert.match(d.message, /DNS:localhost/);
  assert.deepEqual(await codes(`host: "127.0.0.1"\n${pair('server-cert.pem', 'server-key.pem')}`), []);
  assert.deepEqual(await codes(`host: "0.0.0.0"\n${pair('server-cert.pem', 'server-key.pem')}`), []);
  assert.deepEqual(await codes(`cluster {\n  listen: "10.1.2.3:6222"\n  ${pair('server-cert.pem', 'server-key.pem')}}\n`), [CertCode.sanMismatch]);
});

test('cert-ca-file-not-ca: a server certificate in ca_file', async () => {
  covers(CertCode.caFileNotCa);
  const d = await one(pair('server-cert.pem', 'server-key.pem', '  ca_file: "ca-bundle.pem"\n'), CertCode.caFileNotCa);
  assert.match(d.message, /1 of 2/);
});

test('cert-not-trusted-by-ca: cluster certificate from another CA, or a missing intermediate', async () => {
  covers(CertCode.notTrustedByCa);
  const cluster = (cert: string, key: string, ca: string) => `cluster {\n  tls {\n    cert_file: "${cert}"\n    key_file: "${key}"\n    ca_file: "${ca}"\n  }\n}\n`;
  const other = await one(cluster('server-cert.pem', 'server-key.pem', 'other-ca.pem'), CertCode.notTrustedByCa);
  assert.match(other.message, /CN=Test ca/);
  const noIntermediate = await one(cluster('leaf-cert.pem', 'leaf-key.pem', 'ca.pem'), CertCode.notTrustedByCa);
  assert.match(noIntermediate.message, /intermediate CA, add it to cert_file/);
  assert.deepEqual(await codes(cluster('chain.pem', 'leaf-key.pem', 'ca.pem')), []);
  // not judged on listeners for clients
  assert.deepEqual(await codes(pair('server-cert.pem', 'server-key.pem', '  ca_file: "other-ca.pem"\n')), []);
});

test('cert-pin-mismatch: a hint with "Pin this certificate"; the pin is the SPKI SHA-256 (as nats-server computes it)', async () => {
  covers(CertCode.pinMismatch);
  const text = `cluster {\n  tls {\n    cert_file: "server-cert.pem"\n    key_file: "server-key.pem"\n    pinned_certs: [ "${'a'.repeat(64)}" ]\n  }\n}\n`;
  const d = await one(text, CertCode.pinMismatch);
  assert.equal(d.severity, 'hint');
  const { execFileSync } = await import('node:child_process');
  const spki = execFileSync('sh', ['-c', `openssl x509 -pubkey -noout -in '${set.file('server-cert.pem')}' | openssl pkey -pubin -outform DER | sha256sum`]).toString().split(' ')[0];
  assert.equal(d.data.spkiSha256, spki);
  const fix = d.data.fixes?.[0];
  assert.equal(fix?.title, 'Pin this certificate');
  const fixed = text.replace(`"${'a'.repeat(64)}"`, `"${'a'.repeat(64)}", "${spki}"`);
  assert.equal(fix?.edits[0].newText, `, "${spki}"`);
  assert.deepEqual(await codes(fixed), []);
  assert.deepEqual(await codes(text.replace('a'.repeat(64), spki.toUpperCase())), []);
});

// ---------------------------------------------------------------------------------------------
// Places, includes, blocks, cache

test('a tls block in an included file: reported at the include, related to the file', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'nats-conf-inc-'));
  try {
    mkdirSync(path.join(dir, 'sub'));
    writeFileSync(path.join(dir, 'sub', 'tls.conf'), pair('missing.pem', set.file('server-key.pem')));
    const text = 'port: 4222\ninclude "sub/tls.conf"\n';
    const ds = await check(text, { path: path.join(dir, 'main.conf') });
    assert.deepEqual(ds.map((d) => d.code), [CertCode.fileNotFound]);
    assert.deepEqual(ds[0].range, rangeOf(text, 'include "sub/tls.conf"'));
    assert.ok(ds[0].related?.some((r) => r.uri?.endsWith('sub/tls.conf')));
    // a path that is only next to the included file: found, with a warning
    writeFileSync(path.join(dir, 'sub', 'tls.conf'), pair('here-cert.pem', set.file('server-key.pem')));
    writeFileSync(path.join(dir, 'sub', 'here-cert.pem'), set.text('server-cert.pem'));
    const found = await check(text, { path: path.join(dir, 'main.conf') });
    assert.deepEqual(found.map((d) => d.code), [CertCode.fileElsewhere]);
    assert.match(found[0].message, /included file tls\.conf/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a tls block cut short by a syntax error is not read; certs entries are (newer targets)', async () => {
  assert.deepEqual(await codes('tls {\n  cert_file: "nope.pem"\n  key_file: "nope.pem"\n'), []);
  const certs = 'tls {\n  certs: [ { cert_file: "server-cert.pem", key_file: "other-key.pem" } ]\n}\n';
  assert.deepEqual(await codes(certs), [CertCode.keyMismatch]);
  assert.deepEqual(await codes(certs, { settings: { serverVersion: '2.9' } }), []);
});

test('the cache: unchanged files are not read again; a changed file is', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'nats-conf-cache-'));
  try {
    const cert = path.join(dir, 'cert.pem');
    writeFileSync(cert, set.text('server-cert.pem'));
    writeFileSync(path.join(dir, 'key.pem'), set.text('server-key.pem'));
    const node = createNodeEnvironment({});
    let reads = 0;
    const environment: Environment = { ...node, readBytes: (p, max) => { reads++; return node.readBytes(p, max); } };
    const text = pair('cert.pem', 'key.pem');
    const file = path.join(dir, 'main.conf');
    for (let i = 0; i < 5; i++) assert.deepEqual(await codes(text, { environment, path: file }), []);
    assert.equal(reads, 2, 'each file read once');
    writeFileSync(cert, set.text('other-cert.pem'));
    utimesSync(cert, new Date(), new Date(Date.now() + 5000));
    assert.deepEqual(await codes(text, { environment, path: file }), [CertCode.keyMismatch]);
    assert.equal(reads, 3, 'the changed file read again');
    // loadPemFile itself: one read per unchanged file
    const loaded = await loadPemFile(environment, cert);
    assert.ok(loaded.ok);
    assert.equal(reads, 3);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('parsePemFile: chains, keys and fingerprints match openssl', async () => {
  const file = parsePemFile(set.bytes('chain.pem'));
  assert.equal(file.certificates.length, 2);
  assert.equal(file.certificates[0]?.commonName, 'leaf');
  assert.equal(file.certificates[1]?.isCa, true);
  const { execFileSync } = await import('node:child_process');
  const fp = execFileSync('openssl', ['x509', '-noout', '-fingerprint', '-sha256', '-in', set.file('leaf-cert.pem')]).toString().trim().split('=')[1];
  assert.equal(file.certificates[0]?.fingerprint256, fp);
  const key = parsePemFile(set.bytes('ed25519-key.pem')).privateKey;
  assert.ok(key?.ok);
  assert.equal(key.key.type, 'ed25519');
  assert.equal(parsePemFile(set.bytes('encrypted-key.pem')).privateKey?.ok, false);
});

test('every code is documented once with an example, and tested here', () => {
  const documented = CERT_CODE_DOCS.map((d) => d.code);
  assert.deepEqual([...documented].sort(), Object.values(CertCode).sort());
  assert.equal(new Set(documented).size, documented.length);
  for (const doc of CERT_CODE_DOCS) assert.ok(doc.description.length > 10 && doc.example.length > 3, doc.code);
  assert.deepEqual(Object.values(CertCode).filter((c) => !tested.has(c)), []);
});

// ---------------------------------------------------------------------------------------------
// The severity rule against the real nats-server 2.9.10 (`-t`, run in the certificates' folder)

test('errors are exactly what nats-server -t refuses (with the message we quote); warnings pass -t', async (t) => {
  const { spawnSync } = await import('node:child_process');
  const probe = spawnSync('nats-server', ['--version']);
  if (probe.error) {
    t.skip('nats-server is not installed');
    return;
  }
  const cases: Array<[string, string]> = [
    ['refused', pair('./nope.pem', 'server-key.pem')],
    ['refused', pair('server-key.pem', 'server-cert.pem')],
    ['refused', pair('server-cert.pem', 'server-cert.pem')],
    ['refused', pair('server-cert.pem', 'other-key.pem')],
    ['refused', pair('server-cert.pem', 'ec-key.pem')],
    ['refused', pair('chain-ca-first.pem', 'leaf-key.pem')],
    ['refused', pair('server-cert.pem', 'encrypted-key.pem')],
    ['refused', pair('server-cert.pem', 'encrypted-legacy-key.pem')],
    ['refused', pair('server-cert.der', 'server-key.pem')],
    ['refused', pair('empty.pem', 'server-key.pem')],
    ['refused', pair('server-cert.pem', 'empty.pem')],
    ['refused', pair(set.dir, 'server-key.pem')],
    ['refused', pair('server-cert.pem', 'server-key.pem', '  ca_file: "server-key.pem"\n')],
    ['refused', pair('server-cert.pem', 'server-key.pem', '  ca_file: "nope-ca.pem"\n')],
    ['accepted', pair('expired-cert.pem', 'expired-key.pem')],
    ['accepted', pair('future-cert.pem', 'future-key.pem')],
    ['accepted', pair('weak-cert.pem', 'weak-key.pem')],
    ['accepted', pair('sha1-cert.pem', 'sha1-key.pem')],
    ['accepted', pair('self-cert.pem', 'self-key.pem')],
    ['accepted', pair('chain-out-of-order.pem', 'leaf-key.pem')],
    ['accepted', pair('client-only-cert.pem', 'client-only-key.pem', '  ca_file: "ca-bundle.pem"\n')],
    ['accepted', `host: "nats.example.com"\ncluster {\n  tls {\n    cert_file: "leaf-cert.pem"\n    key_file: "leaf-key.pem"\n    ca_file: "other-ca.pem"\n    pinned_certs: [ "${'a'.repeat(64)}" ]\n  }\n}\n`],
    ['accepted', pair('combined.pem', 'combined.pem')],
  ];
  for (const [index, [verdict, text]] of cases.entries()) {
    const conf = set.file(`nats-${index}.conf`);
    writeFileSync(conf, text);
    const run = spawnSync('nats-server', ['-t', '-c', path.basename(conf)], { cwd: set.dir, encoding: 'utf8', timeout: 20_000 });
    const ours = await check(text, { path: conf });
    const errors = ours.filter((d) => d.severity === 'error');
    if (verdict === 'refused') {
      assert.notEqual(run.status, 0, `nats-server accepted:\n${text}`);
      assert.ok(errors.length > 0, `no error of ours for:\n${text}\nnats-server: ${run.stderr}`);
      const said = /^nats-server: [^:]+:\d+:\d+: (.*)$/m.exec(run.stderr)?.[1] ?? run.stderr;
      assert.ok(errors.some((d) => d.message.includes(said.trim())), `our errors do not quote "${said.trim()}":\n${errors.map((d) => d.message).join('\n')}`);
      assert.ok(errors.every((d) => d.range.start.line === text.split('\n').findIndex((l) => /\btls\b/.test(l))), 'at the tls key');
    } else {
      assert.equal(run.status, 0, `nats-server refused:\n${text}\n${run.stderr}`);
      assert.deepEqual(errors.map((d) => d.code), [], text);
      assert.ok(ours.length > 0 || text.includes('combined'), `expected a warning for:\n${text}`);
    }
  }
});

test('quick fixes: "Use the key next to this certificate" for a missing key_file; "Pin this certificate"', async () => {
  const file = path.join(set.dir, 'main.conf');
  const service = createLanguageService(createNodeEnvironment({}));
  const actionsFor = async (text: string, code: string) => {
    const analysis = await service.analyze({ uri: `file://${file}`, path: file, text });
    const diagnostics = analysis.diagnostics.filter((d) => d.code === code);
    assert.ok(diagnostics.length > 0, code);
    const lsp = diagnostics.map((d) => ({ range: d.range, message: d.message, code: d.code, source: d.source, data: d.data }));
    return service.codeActions(analysis, { range: diagnostics[0].range, diagnostics: lsp, only: ['quickfix'] });
  };
  const missing = await actionsFor('tls {\n  cert_file: "server-cert.pem"\n}\n', 'tls-missing-key-file');
  assert.deepEqual(missing.slice(0, 2).map((a) => `${a.isPreferred ? '* ' : ''}${a.title}`), [
    '* Use the key next to this certificate: "server-key.pem"',
    'Use the key next to this certificate: "combined.pem"',
  ]);
  const pin = await actionsFor(`cluster {\n  tls {\n    cert_file: "server-cert.pem"\n    key_file: "server-key.pem"\n    pinned_certs: [ "${'b'.repeat(64)}" ]\n  }\n}\n`, CertCode.pinMismatch);
  assert.deepEqual(pin.map((a) => `${a.isPreferred ? '* ' : ''}${a.title}`), ['* Pin this certificate']);
  const mismatch = await actionsFor(pair('server-cert.pem', 'other-key.pem'), CertCode.keyMismatch);
  assert.ok(mismatch.some((a) => a.title === 'Use the key next to this certificate: "server-key.pem"'));
});
