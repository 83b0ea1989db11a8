/**
 * The TLS rules: every code on a minimal config (code, exact range, severity, the key parts of
 * the message, the quick-fix data) and its absence on the fixed config.
 *
 * Every `error` verdict that nats-server 2.9.10 can check was confirmed by hand with
 * `nats-server -t -c FILE` (exit 1, on the line asserted here), and every warning/information
 * case of a 2.9-checkable config was confirmed to pass `-t` (exit 0). Cases only newer releases
 * can check (2.12 cipher names and the insecure-suite rule, min_version, handshake_first, certs,
 * cert_store, ocsp_peer) follow shared/reference/nats-config-reference.md §3-§5.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Diagnostic } from '../../../server/src/analysis/diagnostic';
import { parseGoDuration } from '../../../server/src/analysis/goDuration';
import { TLS_CODE_DOCS, TlsCode, type TlsData, type TlsFix } from '../../../server/src/analysis/tlsRules';
import { createLanguageService, type ServerVersion } from '../../../server/src/languageService';
import { fakeEnvironment, rangeOf, type FakeFile } from './helpers';

interface Options {
  serverVersion?: ServerVersion;
  files?: Record<string, FakeFile>;
  env?: Record<string, string>;
}

/** Every diagnostic of `text` analysed as /conf/main.conf. */
async function check(text: string, options: Options = {}): Promise<Diagnostic[]> {
  const service = createLanguageService(fakeEnvironment(options.files ?? {}, options.env ?? {}));
  // The certificate files these configs name do not exist: the certificate checks (cert-*) have their own tests.
  const all = await service.validate({ uri: 'file:///conf/main.conf', path: '/conf/main.conf', text }, { serverVersion: options.serverVersion ?? 'latest' });
  return all.filter((d) => !d.code.startsWith('cert-'));
}

/** The one diagnostic with `code` (fails when there are none or several). */
async function one(text: string, code: string, options: Options = {}): Promise<Diagnostic & { data: TlsData }> {
  const all = await check(text, options);
  const found = all.filter((d) => d.code === code);
  assert.equal(found.length, 1, `expected one ${code}, got:\n${all.map((d) => `${d.code} ${d.message}`).join('\n')}`);
  return found[0] as Diagnostic & { data: TlsData };
}

async function none(text: string, code: string, options: Options = {}): Promise<void> {
  const all = await check(text, options);
  assert.deepEqual(all.filter((d) => d.code === code).map((d) => d.message), [], `${code} should not be reported`);
}

/** The text after applying a fix's edits (all in the checked document here). */
function apply(text: string, fix: TlsFix): string {
  const offset = (p: { line: number; character: number }) => {
    const lines = text.split('\n');
    let o = 0;
    for (let i = 0; i < p.line; i++) o += lines[i].length + 1;
    return o + p.character;
  };
  const edits = [...fix.edits].sort((a, b) => offset(b.range.start) - offset(a.range.start));
  let out = text;
  for (const e of edits) out = out.slice(0, offset(e.range.start)) + e.newText + out.slice(offset(e.range.end));
  return out;
}

const tested = new Set<string>();
function covers(code: string): void {
  tested.add(code);
}

// ---------------------------------------------------------------------------------------------
// The seed

const SEED_SIMPLEST = 'tls: {\n  cert_file: "./server-cert.pem"\n  key_file: "./server-key.pem"\n}\n';
const SEED_TIMEOUT = 'tls: {\n  cert_file: "./server-cert.pem"\n  key_file: "./server-key.pem"\n  # clients will fail to connect (value is too low)\n  timeout: 0.0001\n}\n';

test('the seed\'s simplest config gives no error and no warning, for every target', async () => {
  for (const serverVersion of ['2.9', '2.10', '2.11', '2.12', '2.14', 'latest'] as const) {
    const all = await check(SEED_SIMPLEST, { serverVersion });
    assert.deepEqual(all.filter((d) => d.severity === 'error' || d.severity === 'warning').map((d) => d.code), [], serverVersion);
  }
});

test('the seed\'s timeout: 0.0001 gives the too-low warning (2.9.10 accepts it)', async () => {
  covers(TlsCode.timeoutTooLow);
  const d = await one(SEED_TIMEOUT, TlsCode.timeoutTooLow, { serverVersion: '2.9' });
  assert.deepEqual(d.range, rangeOf(SEED_TIMEOUT, '0.0001'));
  assert.equal(d.severity, 'warning');
  assert.match(d.message, /0\.0001 s is too short/);
  assert.match(d.message, /fail their handshake/);
  assert.match(d.message, /default is 2/);
  assert.equal(d.data.key, 'timeout');
  assert.equal(d.data.seconds, 0.0001);
  assert.equal(apply(SEED_TIMEOUT, d.data.fixes?.[0] as TlsFix), SEED_TIMEOUT.replace('0.0001', '2'));
  const all = await check(SEED_TIMEOUT, { serverVersion: '2.9' });
  assert.deepEqual(all.filter((x) => x.severity === 'error'), []);
  await none(SEED_TIMEOUT.replace('0.0001', '2'), TlsCode.timeoutTooLow);
  await none(SEED_TIMEOUT.replace('0.0001', '0.5'), TlsCode.timeoutTooLow);
});

// ---------------------------------------------------------------------------------------------
// Errors: what nats-server refuses

test('tls-not-a-map: tls: true at the key, instead of the schema\'s wrong-type', async () => {
  covers(TlsCode.notAMap);
  const text = 'port: 4222\ntls: true\n';
  const d = await one(text, TlsCode.notAMap, { serverVersion: '2.9' }); // 2.9.10: t.conf:2:1 interface conversion ... bool
  assert.deepEqual(d.range, rangeOf(text, 'tls'));
  assert.equal(d.severity, 'error');
  assert.match(d.message, /'tls' must be a block of TLS options, not the boolean true/);
  assert.deepEqual({ key: d.data.key, found: d.data.found }, { key: 'tls', found: 'boolean' });
  await none(text, 'wrong-type');
  const cluster = 'cluster { tls: "yes" }\n';
  const c = await one(cluster, TlsCode.notAMap, { serverVersion: '2.9' }); // 2.9.10: exit 1, line 1
  assert.deepEqual(c.range, rangeOf(cluster, 'tls'));
  assert.match(c.message, /'cluster\.tls' must be a block/);
  await none('port: 4222\ntls { cert_file: "a.pem", key_file: "a-key.pem" }\n', TlsCode.notAMap);
});

test('tls-missing-key-file: at the tls key, naming cert_file and its line, with an insert fix', async () => {
  covers(TlsCode.missingKeyFile);
  const text = 'tls {\n  cert_file: "./server-cert.pem"\n}\n';
  const d = await one(text, TlsCode.missingKeyFile, { serverVersion: '2.9' }); // 2.9.10: t.conf:1:0 missing 'key_file'
  assert.deepEqual(d.range, rangeOf(text, 'tls'));
  assert.equal(d.severity, 'error');
  assert.match(d.message, /'cert_file' is set \(line 2\) but 'key_file' is missing/);
  assert.equal(d.data.missing, 'key_file');
  assert.equal(d.data.present, 'cert_file');
  assert.deepEqual(d.data.insertAt, { line: 1, character: 32 });
  assert.equal(d.data.fixes?.[0].title, 'Add key_file');
  assert.equal(apply(text, d.data.fixes?.[0] as TlsFix), 'tls {\n  cert_file: "./server-cert.pem"\n  key_file: ""\n}\n');
  assert.equal(apply(text, d.data.fixes?.[1] as TlsFix), 'tls {\n}\n');
  // An empty key_file counts as missing (2.9.10 agrees).
  const empty = 'tls {\n  cert_file: "./server-cert.pem"\n  key_file: ""\n}\n';
  const e = await one(empty, TlsCode.missingKeyFile, { serverVersion: '2.9' });
  assert.match(e.message, /'key_file' is empty/);
  // In a nested block the range is that block's tls key.
  const nested = 'leafnodes {\n  remotes [\n    { url: "nats://h:7422", tls { cert_file: "c.pem" } }\n  ]\n}\n';
  const n = await one(nested, TlsCode.missingKeyFile);
  assert.deepEqual(n.range, rangeOf(nested, 'tls'));
  await none('tls {\n  cert_file: "./server-cert.pem"\n  key_file: "./server-key.pem"\n}\n', TlsCode.missingKeyFile);
  // Both empty: no certificate at all, which nats-server accepts.
  await none('tls {\n  cert_file: ""\n  key_file: ""\n}\n', TlsCode.missingKeyFile);
});

test('tls-missing-cert-file: key_file without cert_file', async () => {
  covers(TlsCode.missingCertFile);
  const text = 'cluster {\n  tls {\n    key_file: "./server-key.pem"\n  }\n}\n';
  const d = await one(text, TlsCode.missingCertFile, { serverVersion: '2.9' }); // 2.9.10: line 2
  assert.deepEqual(d.range, rangeOf(text, 'tls'));
  assert.equal(d.severity, 'error');
  assert.match(d.message, /'key_file' is set \(line 3\) but 'cert_file' is missing/);
  assert.equal(d.data.missing, 'cert_file');
  assert.equal(apply(text, d.data.fixes?.[0] as TlsFix), 'cluster {\n  tls {\n    key_file: "./server-key.pem"\n    cert_file: ""\n  }\n}\n');
  await none('cluster {\n  tls {\n    cert_file: "c.pem"\n    key_file: "./server-key.pem"\n  }\n}\n', TlsCode.missingCertFile);
});

test('tls-missing-key-file through $VAR is shown at the referencing tls key', async () => {
  const text = 'T {\n  cert_file: "c.pem"\n}\nport: 4222\ntls: $T\n';
  const d = await one(text, TlsCode.missingKeyFile, { serverVersion: '2.9' }); // 2.9.10: t.conf:5:1
  assert.deepEqual(d.range, rangeOf(text, 'tls'));
  assert.match(d.message, /line 2/);
});

test('tls-wrong-type: booleans, lists, numbers, with nats-server\'s verdict and a fix', async () => {
  covers(TlsCode.wrongType);
  const cases: { text: string; needle: string; message: RegExp; fixed?: string }[] = [
    { text: 'tls { verify: "true" }\n', needle: '"true"', message: /'verify' takes true or false \(unquoted\), not the string "true"/, fixed: 'tls { verify: true }\n' },
    { text: 'tls { verify: 1 }\n', needle: '1', message: /not the number 1/, fixed: 'tls { verify: true }\n' },
    { text: 'cluster { tls { insecure: "false" } }\n', needle: '"false"', message: /'insecure' takes true or false/, fixed: 'cluster { tls { insecure: false } }\n' },
    {
      text: 'tls { cipher_suites: "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256" }\n',
      needle: '"TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"',
      message: /'cipher_suites' takes a list .* not the string/,
      fixed: 'tls { cipher_suites: [ "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256" ] }\n',
    },
    { text: 'tls { timeout: true }\n', needle: 'true', message: /'timeout' takes a number of seconds .* not the boolean true/, fixed: 'tls { timeout: 2 }\n' },
    { text: 'tls { connection_rate_limit: 1.5 }\n', needle: '1.5', message: /'connection_rate_limit' takes a whole number/, fixed: 'tls { connection_rate_limit: 2 }\n' },
    { text: 'tls { connection_rate_limit: "1k" }\n', needle: '"1k"', message: /not the string "1k"/, fixed: 'tls { connection_rate_limit: 1k }\n' },
    { text: 'tls { pinned_certs: "x" }\n', needle: '"x"', message: /'pinned_certs' takes a list/, fixed: 'tls { pinned_certs: [ "x" ] }\n' },
    { text: 'tls { cert_file: 1 }\n', needle: '1', message: /'cert_file' takes a file name in quotes, not the number 1/ },
    { text: 'tls { ca_file: [ "ca.pem" ] }\n', needle: '[ "ca.pem" ]', message: /'ca_file' takes a file name in quotes, not a list/ },
  ];
  for (const c of cases) {
    const d = await one(c.text, TlsCode.wrongType, { serverVersion: '2.9' }); // each: 2.9.10 exit 1, line 1
    assert.deepEqual(d.range, rangeOf(c.text, c.needle), c.text);
    assert.equal(d.severity, 'error');
    assert.match(d.message, c.message);
    assert.match(d.message, /nats-server refuses the tls block/);
    if (c.fixed) assert.equal(apply(c.text, d.data.fixes?.[0] as TlsFix), c.fixed, c.text);
    else assert.equal(d.data.fixes, undefined);
  }
  // Elements of the wrong kind are shown at the element.
  const element = 'tls { cipher_suites: [ 1, "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256" ] }\n';
  const e = await one(element, TlsCode.wrongType, { serverVersion: '2.9' }); // 2.9.10: interface conversion ... int64, not string
  assert.deepEqual(e.range, rangeOf(element, '1'));
  assert.match(e.message, /Each element of 'cipher_suites' must be a cipher suite name in quotes, not the number 1/);
  assert.equal(apply(element, e.data.fixes?.[0] as TlsFix), element.replace('[ 1,', '[ "1",'));
  await none('tls { verify: true, timeout: 2, connection_rate_limit: 1k, pinned_certs: [] }\n', TlsCode.wrongType);
});

test('tls-wrong-type after $VAR and in an included file', async () => {
  // 2.9.10 reports the line of `verify` inside T.
  const text = 'T {\n  verify: "yes"\n}\nport: 4222\ntls: $T\n';
  const d = await one(text, TlsCode.wrongType, { serverVersion: '2.9' });
  assert.deepEqual(d.range, rangeOf(text, '"yes"'));
  // A value defined at the top level and used in the block points at the reference.
  const byVar = 'V: "yes"\ntls { verify: $V }\n';
  const v = await one(byVar, TlsCode.wrongType);
  assert.deepEqual(v.range, rangeOf(byVar, '$V'));
  // An included file: shown at the include directive, with the real place as related information.
  const files = { '/conf/inc.conf': 'tls {\n  timeout: 3\n  verify: "yes"\n}\n' };
  const main = 'port: 4222\ninclude "inc.conf"\n';
  const i = await one(main, TlsCode.wrongType, { files });
  assert.deepEqual(i.range, rangeOf(main, 'include "inc.conf"'));
  assert.match(i.message, /in the included file inc\.conf/);
  assert.equal(i.related?.[0].uri, 'file:///conf/inc.conf');
  assert.equal(i.related?.[0].range.start.line, 2);
});

test('tls-wrong-type for the newer options: ocsp_peer, certs, ca_certs_match', async () => {
  const ocsp = 'tls { ocsp_peer: "yes" }\n';
  const o = await one(ocsp, TlsCode.wrongType);
  assert.deepEqual(o.range, rangeOf(ocsp, '"yes"'));
  assert.match(o.message, /'ocsp_peer' takes true, false or a block/);
  const inner = 'tls {\n  ocsp_peer {\n    verify: true\n    warn_only: "true"\n  }\n}\n';
  const i = await one(inner, TlsCode.wrongType);
  assert.deepEqual(i.range, rangeOf(inner, '"true"'));
  assert.match(i.message, /'warn_only' in ocsp_peer takes true or false/);
  assert.equal(apply(inner, i.data.fixes?.[0] as TlsFix), inner.replace('"true"', 'true'));
  const certs = 'tls { certs: [ "a.pem" ] }\n';
  const c = await one(certs, TlsCode.wrongType);
  assert.deepEqual(c.range, rangeOf(certs, '"a.pem"'));
  assert.match(c.message, /Each element of 'certs' must be a block/);
  const pair = 'tls { certs: [ { cert_file: 1, key_file: "k.pem" } ] }\n';
  assert.deepEqual((await one(pair, TlsCode.wrongType)).range, rangeOf(pair, '1'));
  // ca_certs_match silently ignores other scalars: a warning, not an error.
  const match = 'tls { ca_certs_match: 5 }\n';
  const m = await one(match, TlsCode.wrongType);
  assert.equal(m.severity, 'warning');
  assert.match(m.message, /nats-server ignores it/);
  await none('tls { cert_file: "a", key_file: "b", verify: true, ocsp_peer { verify: true, warn_only: true, ca_timeout: "2s", allowed_clockskew: 30 } }\n', TlsCode.wrongType);
});

test('tls-empty-list: cipher_suites and curve_preferences', async () => {
  covers(TlsCode.emptyList);
  const text = 'tls {\n  cipher_suites: []\n}\n';
  const d = await one(text, TlsCode.emptyList, { serverVersion: '2.9' }); // 2.9.10: 'cipher_suites' cannot be empty
  assert.deepEqual(d.range, rangeOf(text, 'cipher_suites'));
  assert.equal(d.severity, 'error');
  assert.match(d.message, /'cipher_suites' is an empty list/);
  assert.equal(apply(text, d.data.fixes?.[0] as TlsFix), 'tls {\n}\n');
  const curves = 'leafnodes {\n  tls {\n    curve_preferences: []\n  }\n}\n';
  const c = await one(curves, TlsCode.emptyList, { serverVersion: '2.9' });
  assert.deepEqual(c.range, rangeOf(curves, 'curve_preferences'));
  await none('tls {\n  cipher_suites: [ "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256" ]\n}\n', TlsCode.emptyList);
});

test('tls-unknown-cipher: per target, with the CHACHA20 spelling of the other release line', async () => {
  covers(TlsCode.unknownCipher);
  const newSpelling = 'tls {\n  cipher_suites: [ "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256" ]\n}\n';
  const d = await one(newSpelling, TlsCode.unknownCipher, { serverVersion: '2.9' }); // 2.9.10: unrecognized cipher, line 2
  assert.deepEqual(d.range, rangeOf(newSpelling, '"TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256"'));
  assert.equal(d.severity, 'error');
  assert.match(d.message, /nats-server v2\.9\.10 does not know the cipher suite "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256"/);
  assert.match(d.message, /spelling of nats-server 2\.12 and later/);
  assert.equal((d.data.suggestions as string[])[0], 'TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305');
  assert.deepEqual(d.data.elementRange, d.range);
  assert.equal(apply(newSpelling, d.data.fixes?.[0] as TlsFix), newSpelling.replace('POLY1305_SHA256', 'POLY1305'));
  await none(newSpelling, TlsCode.unknownCipher, { serverVersion: '2.12' });

  const oldSpelling = newSpelling.replace('POLY1305_SHA256', 'POLY1305');
  const l = await one(oldSpelling, TlsCode.unknownCipher, { serverVersion: 'latest' });
  assert.match(l.message, /2\.12 renamed it/);
  assert.equal((l.data.suggestions as string[])[0], 'TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256');
  await none(oldSpelling, TlsCode.unknownCipher, { serverVersion: '2.11' });

  const lower = 'tls { cipher_suites: [ "tls_aes_128_gcm_sha256" ] }\n';
  const c = await one(lower, TlsCode.unknownCipher, { serverVersion: '2.9' });
  assert.match(c.message, /case-sensitive: "TLS_AES_128_GCM_SHA256"/);
});

test('tls-unknown-curve: did-you-mean from the target\'s curves', async () => {
  covers(TlsCode.unknownCurve);
  const text = 'tls { curve_preferences: [ "P256" ] }\n';
  const d = await one(text, TlsCode.unknownCurve, { serverVersion: '2.9' }); // 2.9.10: unrecognized curve preference P256
  assert.deepEqual(d.range, rangeOf(text, '"P256"'));
  assert.equal(d.severity, 'error');
  assert.match(d.message, /does not know the curve "P256"/);
  assert.deepEqual(d.data.suggestions, ['CurveP256']);
  assert.equal(apply(text, d.data.fixes?.[0] as TlsFix), 'tls { curve_preferences: [ "CurveP256" ] }\n');
  const mlkem = 'tls { curve_preferences: [ "X25519MLKEM768" ] }\n';
  await one(mlkem, TlsCode.unknownCurve, { serverVersion: '2.11' });
  await none(mlkem, TlsCode.unknownCurve, { serverVersion: '2.12' });
  await none('tls { curve_preferences: [ "CurveP256", "X25519" ] }\n', TlsCode.unknownCurve, { serverVersion: '2.9' });
});

test('tls-known-urls-not-supported: true only in cluster and gateway', async () => {
  covers(TlsCode.knownUrlsNotSupported);
  const text = 'port: 4222\ntls {\n  verify_cert_and_check_known_urls: true\n}\n';
  const d = await one(text, TlsCode.knownUrlsNotSupported, { serverVersion: '2.9' }); // 2.9.10: line 3, not supported in this context
  assert.deepEqual(d.range, rangeOf(text, 'verify_cert_and_check_known_urls'));
  assert.equal(d.severity, 'error');
  assert.match(d.message, /only works in the tls blocks of cluster and gateway/);
  assert.equal(d.data.context, 'root');
  assert.equal(apply(text, d.data.fixes?.[0] as TlsFix), 'port: 4222\ntls {\n}\n');
  assert.equal(apply(text, d.data.fixes?.[1] as TlsFix), text.replace(': true', ': false'));
  for (const ok of [
    'cluster { tls { verify_cert_and_check_known_urls: true } }\n',
    'gateway { name: A, tls { verify_cert_and_check_known_urls: true } }\n',
    'tls { verify_cert_and_check_known_urls: false }\n',
  ]) await none(ok, TlsCode.knownUrlsNotSupported, { serverVersion: '2.9' });
  const ws = 'websocket { port: 8080, tls { verify_cert_and_check_known_urls: true } }\n';
  const w = await one(ws, TlsCode.knownUrlsNotSupported, { serverVersion: '2.9' });
  assert.match(w.message, /websocket\.tls block \(WebSocket clients\)/);
});

test('tls-conflicting-certificates: cert_file with certs or cert_store', async () => {
  covers(TlsCode.conflictingCertificates);
  const text = 'tls {\n  cert_file: "a.pem"\n  key_file: "a-key.pem"\n  certs: [ { cert_file: "b.pem", key_file: "b-key.pem" } ]\n}\n';
  const d = await one(text, TlsCode.conflictingCertificates);
  assert.deepEqual(d.range, rangeOf(text, 'tls'));
  assert.equal(d.severity, 'error');
  assert.match(d.message, /cannot combine 'cert_file' option with 'certs' option/);
  assert.deepEqual(d.data.options, ['cert_file', 'certs']);
  assert.equal(d.related?.length, 2);
  const store = 'tls {\n  cert_file: "a.pem"\n  key_file: "a-key.pem"\n  cert_store: "WindowsCurrentUser"\n}\n';
  const s = await one(store, TlsCode.conflictingCertificates);
  assert.match(s.message, /'cert_file' and 'cert_store' may not both be configured/);
  // An empty certs list is fine with cert_file (upstream test).
  await none('tls {\n  cert_file: "a.pem"\n  key_file: "a-key.pem"\n  certs: []\n}\n', TlsCode.conflictingCertificates);
  // 2.9.10 does not know certs: only the schema's field-too-new, no conflict.
  await none(text, TlsCode.conflictingCertificates, { serverVersion: '2.9' });
});

test('tls-incomplete-cert-pair: each certs entry needs both files', async () => {
  covers(TlsCode.incompleteCertPair);
  const text = 'tls {\n  certs: [\n    { cert_file: "a.pem" }\n  ]\n}\n';
  const d = await one(text, TlsCode.incompleteCertPair);
  assert.deepEqual(d.range, rangeOf(text, 'cert_file'));
  assert.equal(d.severity, 'error');
  assert.match(d.message, /lacks key_file/);
  assert.deepEqual(d.data.missing, ['key_file']);
  assert.equal(apply(text, d.data.fixes?.[0] as TlsFix), text.replace('"a.pem"', '"a.pem", key_file: ""'));
  // An upper-case key is the schema's unknown field (with its did-you-mean), not a second report.
  const upper = 'tls {\n  certs: [ { CERT_FILE: "a.pem", key_file: "a-key.pem" } ]\n}\n';
  await none(upper, TlsCode.incompleteCertPair);
  assert.equal((await check(upper)).filter((x) => x.code === 'unknown-field').length, 1);
  await none('tls {\n  certs: [ { cert_file: "a.pem", key_file: "a-key.pem" } ]\n}\n', TlsCode.incompleteCertPair);
});

test('tls-insecure-ciphers-not-allowed: 2.12+ refuses insecure suites without the allowance', async () => {
  covers(TlsCode.insecureCiphersNotAllowed);
  const text = 'tls {\n  cipher_suites: [\n    "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"\n    "TLS_RSA_WITH_AES_128_CBC_SHA"\n    "TLS_RSA_WITH_3DES_EDE_CBC_SHA"\n  ]\n}\n';
  const d = await one(text, TlsCode.insecureCiphersNotAllowed, { serverVersion: '2.12' });
  assert.deepEqual(d.range, rangeOf(text, 'tls'));
  assert.equal(d.severity, 'error');
  assert.match(d.message, /TLS_RSA_WITH_AES_128_CBC_SHA, TLS_RSA_WITH_3DES_EDE_CBC_SHA/);
  assert.match(d.message, /allow_insecure_cipher_suites: true/);
  assert.deepEqual(d.data.ciphers, ['TLS_RSA_WITH_AES_128_CBC_SHA', 'TLS_RSA_WITH_3DES_EDE_CBC_SHA']);
  assert.deepEqual(d.related?.map((r) => r.range), [rangeOf(text, '"TLS_RSA_WITH_AES_128_CBC_SHA"'), rangeOf(text, '"TLS_RSA_WITH_3DES_EDE_CBC_SHA"')]);
  assert.equal(d.data.fixes?.[0].title, 'Remove the insecure suites');
  assert.equal(apply(text, d.data.fixes?.[0] as TlsFix), 'tls {\n  cipher_suites: [\n    "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"\n  ]\n}\n');
  // Not double-reported per suite.
  await none(text, TlsCode.insecureCipher, { serverVersion: '2.12' });
  const allowed = text.replace('tls {\n', 'tls {\n  allow_insecure_cipher_suites: true\n');
  await none(allowed, TlsCode.insecureCiphersNotAllowed, { serverVersion: 'latest' });
  assert.equal(apply(text, d.data.fixes?.[1] as TlsFix).includes(']\n  allow_insecure_cipher_suites: true\n}'), true);
  // 2.11 and older accept them (only warnings).
  await none(text, TlsCode.insecureCiphersNotAllowed, { serverVersion: '2.11' });
});

test('tls-invalid-pinned-cert: 64 hexadecimal digits, at the element', async () => {
  covers(TlsCode.invalidPinnedCert);
  const text = 'tls { pinned_certs: [ "AB:CD:EF:01" ] }\n';
  const d = await one(text, TlsCode.invalidPinnedCert, { serverVersion: '2.9' }); // 2.9.10: does not look like hex-encoded sha256
  assert.deepEqual(d.range, rangeOf(text, '"AB:CD:EF:01"'));
  assert.equal(d.severity, 'error');
  assert.match(d.message, /not a pinned certificate fingerprint/);
  assert.match(d.message, /openssl x509 -pubkey/);
  const hex = 'ab'.repeat(32);
  const colons = `tls { pinned_certs: [ "${hex.match(/../g)?.join(':')}" ] }\n`;
  const c = await one(colons, TlsCode.invalidPinnedCert);
  assert.equal(apply(colons, c.data.fixes?.[0] as TlsFix), `tls { pinned_certs: [ "${hex}" ] }\n`);
  const sha1 = `tls { pinned_certs: [ "${'c'.repeat(40)}" ] }\n`;
  assert.match((await one(sha1, TlsCode.invalidPinnedCert)).message, /SHA-1/);
  await none(`tls { pinned_certs: [ "${hex.toUpperCase()}" ] }\n`, TlsCode.invalidPinnedCert, { serverVersion: '2.9' });
});

test('tls-invalid-duration: Go duration rules for timeout strings and ocsp_peer', async () => {
  covers(TlsCode.invalidDuration);
  const text = 'gateway {\n  tls {\n    timeout: "2"\n  }\n}\n';
  const d = await one(text, TlsCode.invalidDuration, { serverVersion: '2.9' }); // 2.9.10: time: missing unit in duration "2"
  assert.deepEqual(d.range, rangeOf(text, '"2"'));
  assert.equal(d.severity, 'error');
  assert.match(d.message, /"2" has no unit/);
  assert.equal(d.data.problem, 'missing-unit');
  assert.equal(apply(text, d.data.fixes?.[0] as TlsFix), text.replace('"2"', '"2s"'));
  const days = 'tls { timeout: "5d" }\n';
  assert.match((await one(days, TlsCode.invalidDuration, { serverVersion: '2.9' })).message, /unknown unit "d".*no days/); // 2.9.10: unknown unit "d"
  const secs = 'tls { timeout: "10sec" }\n';
  assert.equal(apply(secs, (await one(secs, TlsCode.invalidDuration)).data.fixes?.[0] as TlsFix), 'tls { timeout: "10s" }\n');
  const ocsp = 'tls {\n  cert_file: "a.pem", key_file: "b.pem", verify: true\n  ocsp_peer { verify: true, ca_timeout: "abc" }\n}\n';
  const o = await one(ocsp, TlsCode.invalidDuration);
  assert.deepEqual(o.range, rangeOf(ocsp, '"abc"'));
  // Accepted by 2.9.10: "0", "+1s", "1.5h30m", ".5s", "1µs".
  for (const ok of ['"0"', '"+1s"', '"1.5h30m"', '".5s"', '"1µs"', '"500ms"']) {
    await none(`tls { timeout: ${ok} }\n`, TlsCode.invalidDuration, { serverVersion: '2.9' });
  }
});

test('tls-min-version-unquoted and tls-invalid-min-version', async () => {
  covers(TlsCode.minVersionUnquoted);
  covers(TlsCode.invalidMinVersion);
  const text = 'tls { min_version: 1.2 }\n';
  const d = await one(text, TlsCode.minVersionUnquoted);
  assert.deepEqual(d.range, rangeOf(text, '1.2'));
  assert.equal(d.severity, 'error');
  assert.match(d.message, /Unquoted 1\.2 is a number/);
  assert.match(d.message, /min_version: "1\.2"/);
  assert.equal(apply(text, d.data.fixes?.[0] as TlsFix), 'tls { min_version: "1.2" }\n');
  const old = 'tls { min_version: "1.1" }\n';
  const o = await one(old, TlsCode.invalidMinVersion);
  assert.deepEqual(o.range, rangeOf(old, '"1.1"'));
  assert.match(o.message, /does not support TLS 1\.1/);
  const typo = 'tls { min_version: "TLS1.3" }\n';
  const t = await one(typo, TlsCode.invalidMinVersion);
  assert.deepEqual(t.data.suggestions, ['1.3']);
  assert.equal(apply(typo, t.data.fixes?.[0] as TlsFix), 'tls { min_version: "1.3" }\n');
  await none('tls { min_version: "1.3" }\n', TlsCode.invalidMinVersion);
  await none('tls { min_version: "1.2" }\n', TlsCode.minVersionUnquoted);
  // 2.9.10 does not know min_version: the schema's field-too-new only (2.9.10: unknown field), no value check.
  const on29 = await check(text, { serverVersion: '2.9' });
  assert.deepEqual(on29.filter((x) => x.severity === 'error').map((x) => x.code), ['field-too-new']);
});

test('tls-invalid-handshake-first: booleans, words and durations only', async () => {
  covers(TlsCode.invalidHandshakeFirst);
  const text = 'tls { handshake_first: 5m }\n';
  const d = await one(text, TlsCode.invalidHandshakeFirst);
  assert.deepEqual(d.range, rangeOf(text, '5m'));
  assert.equal(d.severity, 'error');
  assert.match(d.message, /Unquoted 5m is the number 5,000,000/);
  assert.equal(apply(text, d.data.fixes?.[0] as TlsFix), 'tls { handshake_first: "5m" }\n');
  const word = 'tls { handshake_first: "automatic" }\n';
  const w = await one(word, TlsCode.invalidHandshakeFirst);
  assert.match(w.message, /neither a known word nor a duration/);
  assert.equal(apply(word, w.data.fixes?.[0] as TlsFix), 'tls { handshake_first: "auto" }\n');
  for (const ok of ['true', 'false', '"auto"', '"AUTO_FALLBACK"', '"off"', '"300ms"', '300ms', '"0"']) {
    await none(`tls { cert_file: "a", key_file: "b", handshake_first: ${ok} }\n`, TlsCode.invalidHandshakeFirst);
  }
  const first = 'tls { first: 3 }\n';
  assert.match((await one(first, TlsCode.invalidHandshakeFirst)).message, /'first' holds the number 3/);
});

test('tls-invalid-value: cert_store and cert_match_by values', async () => {
  covers(TlsCode.invalidValue);
  const text = 'tls { cert_store: "WindowsRoot" }\n';
  const d = await one(text, TlsCode.invalidValue);
  assert.deepEqual(d.range, rangeOf(text, '"WindowsRoot"'));
  assert.equal(d.severity, 'error');
  assert.match(d.message, /does not know "WindowsRoot"/);
  assert.deepEqual(d.data.allowed, ['WindowsCurrentUser', 'WindowsLocalMachine']);
  assert.equal(d.data.fixes?.length, 2);
  const by = 'tls { cert_match_by: "Name" }\n';
  assert.match((await one(by, TlsCode.invalidValue)).message, /"Subject", "Issuer" or "Thumbprint"/);
  const empty = 'tls { cert_match: "" }\n';
  assert.match((await one(empty, TlsCode.invalidValue)).message, /'cert_match' is empty/);
  await none('tls { cert_store: "windowscurrentuser", cert_match_by: "subject", cert_match: "NATS" }\n', TlsCode.invalidValue);
});

// ---------------------------------------------------------------------------------------------
// Warnings and information: what nats-server accepts

test('tls-insecure-cipher: a warning on every release that accepts it', async () => {
  covers(TlsCode.insecureCipher);
  const text = 'tls {\n  cipher_suites: [ "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_RSA_WITH_AES_128_CBC_SHA" ]\n}\n';
  const d = await one(text, TlsCode.insecureCipher, { serverVersion: '2.9' }); // 2.9.10 accepts it
  assert.deepEqual(d.range, rangeOf(text, '"TLS_RSA_WITH_AES_128_CBC_SHA"'));
  assert.equal(d.severity, 'warning');
  assert.match(d.message, /insecure cipher suite \(RSA key exchange/);
  assert.match(d.message, /2\.12 and later refuse it/);
  assert.equal(apply(text, d.data.fixes?.[0] as TlsFix), 'tls {\n  cipher_suites: [ "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256" ]\n}\n');
  assert.deepEqual((await check(text, { serverVersion: '2.9' })).filter((x) => x.severity === 'error'), []);
  const allowed = text.replace('tls {\n', 'tls {\n  allow_insecure_cipher_suites: true\n');
  await one(allowed, TlsCode.insecureCipher, { serverVersion: 'latest' });
  await none('tls {\n  cipher_suites: [ "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256" ]\n}\n', TlsCode.insecureCipher);
});

test('tls-cipher-no-effect: TLS 1.3 suites cannot be restricted', async () => {
  covers(TlsCode.cipherNoEffect);
  const text = 'tls { cipher_suites: [ "TLS_AES_128_GCM_SHA256" ] }\n';
  const d = await one(text, TlsCode.cipherNoEffect, { serverVersion: '2.9' }); // 2.9.10 accepts it
  assert.deepEqual(d.range, rangeOf(text, '"TLS_AES_128_GCM_SHA256"'));
  assert.equal(d.severity, 'information');
  assert.match(d.message, /TLS 1\.3 suite/);
  await none('tls { cipher_suites: [ "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256" ] }\n', TlsCode.cipherNoEffect);
});

test('tls-timeout-too-high: above 60 seconds, numbers and duration strings', async () => {
  covers(TlsCode.timeoutTooHigh);
  const text = 'tls { timeout: 600 }\n';
  const d = await one(text, TlsCode.timeoutTooHigh, { serverVersion: '2.9' }); // 2.9.10 accepts it
  assert.deepEqual(d.range, rangeOf(text, '600'));
  assert.equal(d.severity, 'warning');
  assert.match(d.message, /600 s \(10m\) is very long/);
  assert.match(d.message, /ties up the server/);
  assert.equal(d.data.seconds, 600);
  const quoted = 'tls { timeout: "10m" }\n';
  assert.equal((await one(quoted, TlsCode.timeoutTooHigh, { serverVersion: '2.9' })).data.seconds, 600);
  await none('tls { timeout: "1m" }\n', TlsCode.timeoutTooHigh);
  await none('tls { timeout: 60 }\n', TlsCode.timeoutTooHigh);
});

test('tls-timeout-default: 0 means the default', async () => {
  covers(TlsCode.timeoutDefault);
  const text = 'tls { timeout: 0 }\n';
  const d = await one(text, TlsCode.timeoutDefault, { serverVersion: '2.9' }); // 2.9.10: varz tls_timeout 2
  assert.deepEqual(d.range, rangeOf(text, '0'));
  assert.equal(d.severity, 'information');
  assert.match(d.message, /default of 2 seconds/);
  const gw = 'gateway { name: A, gateways [ { name: B, url: "nats://h:7222", tls { timeout: 0 } } ] }\n';
  assert.match((await one(gw, TlsCode.timeoutDefault)).message, /gateway block's own TLS timeout/);
  await none('tls { timeout: 2 }\n', TlsCode.timeoutDefault);
});

test('tls-timeout-negative: kept as it is (every handshake times out)', async () => {
  covers(TlsCode.timeoutNegative);
  const text = 'tls { timeout: -1 }\n';
  const d = await one(text, TlsCode.timeoutNegative, { serverVersion: '2.9' }); // 2.9.10 accepts; a run logs "TLS handshake timeout" at once
  assert.deepEqual(d.range, rangeOf(text, '-1'));
  assert.equal(d.severity, 'warning');
  assert.match(d.message, /times out at once/);
  assert.equal(apply(text, d.data.fixes?.[0] as TlsFix), 'tls { timeout: 2 }\n');
  // A leaf node remote uses 2 s for any value <= 0.
  const remote = 'leafnodes { remotes [ { url: "nats://h:7422", tls { timeout: -1 } } ] }\n';
  await none(remote, TlsCode.timeoutNegative, { serverVersion: '2.9' });
  await one(remote, TlsCode.timeoutDefault, { serverVersion: '2.9' });
});

test('tls-unquoted-duration: timeout: 1m is a million seconds', async () => {
  covers(TlsCode.unquotedDuration);
  const text = 'tls {\n  timeout: 1m\n}\n';
  const d = await one(text, TlsCode.unquotedDuration, { serverVersion: '2.9' }); // 2.9.10: varz tls_timeout 1000000
  assert.deepEqual(d.range, rangeOf(text, '1m'));
  assert.equal(d.severity, 'warning');
  assert.match(d.message, /Unquoted 1m is the number 1,000,000/);
  assert.match(d.message, /Write "1m" in quotes for 1 minute/);
  assert.equal(d.data.seconds, 1_000_000);
  assert.equal(apply(text, d.data.fixes?.[0] as TlsFix), 'tls {\n  timeout: "1m"\n}\n');
  await none(text, TlsCode.timeoutTooHigh);
  await none('tls {\n  timeout: "1m"\n}\n', TlsCode.unquotedDuration);
});

test('tls-insecure: a warning where it turns verification off, information where it does nothing', async () => {
  covers(TlsCode.insecure);
  const text = 'cluster {\n  tls {\n    insecure: true\n  }\n}\n';
  const d = await one(text, TlsCode.insecure, { serverVersion: '2.9' }); // 2.9.10 accepts it
  assert.deepEqual(d.range, rangeOf(text, 'insecure'));
  assert.equal(d.severity, 'warning');
  assert.match(d.message, /turns off verification of the peer's certificate/);
  assert.equal(apply(text, d.data.fixes?.[0] as TlsFix), 'cluster {\n  tls {\n  }\n}\n');
  const root = 'tls {\n  insecure: true\n}\n';
  const r = await one(root, TlsCode.insecure, { serverVersion: '2.9' });
  assert.equal(r.severity, 'information');
  assert.match(r.message, /does nothing/);
  await none('cluster {\n  tls {\n    insecure: false\n  }\n}\n', TlsCode.insecure);
});

test('tls-verify-without-ca: the system trust store checks client certificates', async () => {
  covers(TlsCode.verifyWithoutCa);
  const text = 'tls {\n  cert_file: "s.pem"\n  key_file: "s-key.pem"\n  verify: true\n}\n';
  const d = await one(text, TlsCode.verifyWithoutCa, { serverVersion: '2.9' });
  assert.deepEqual(d.range, rangeOf(text, 'verify'));
  assert.equal(d.severity, 'information');
  assert.match(d.message, /operating system's trust store/);
  assert.equal(apply(text, d.data.fixes?.[0] as TlsFix), text.replace('verify: true\n', 'verify: true\n  ca_file: ""\n'));
  await none(text.replace('verify: true', 'verify: true\n  ca_file: "ca.pem"'), TlsCode.verifyWithoutCa);
  await none(text.replace('verify: true', 'verify_and_map: false'), TlsCode.verifyWithoutCa);
  // Routes always verify; the trust store note is for listeners where verify is a choice.
  await none('cluster { tls { cert_file: "s.pem", key_file: "k.pem", verify: true } }\n', TlsCode.verifyWithoutCa);
});

test('tls-option-ignored: options without effect in their context (§2.1)', async () => {
  covers(TlsCode.optionIgnored);
  const ws = 'websocket {\n  port: 8080\n  tls {\n    cert_file: "s.pem"\n    key_file: "k.pem"\n    timeout: 5\n  }\n}\n';
  const d = await one(ws, TlsCode.optionIgnored, { serverVersion: '2.9' }); // 2.9.10 accepts it
  assert.deepEqual(d.range, rangeOf(ws, 'timeout'));
  assert.equal(d.severity, 'information');
  assert.match(d.message, /'timeout' has no effect in the websocket\.tls block/);
  assert.match(d.message, /handshake_timeout/);
  assert.equal(d.data.context, 'websocket');
  await none(ws, TlsCode.timeoutTooLow);
  const cases = [
    { text: 'cluster { tls { cert_file: "s.pem", key_file: "k.pem", handshake_first: true } }\n', key: 'handshake_first' },
    { text: 'cluster { tls { cert_file: "s.pem", key_file: "k.pem", connection_rate_limit: 10 } }\n', key: 'connection_rate_limit' },
    { text: 'cluster { tls { cert_file: "s.pem", key_file: "k.pem", verify: false } }\n', key: 'verify' },
    { text: 'leafnodes { remotes [ { url: "nats://h:7422", tls { verify: true } } ] }\n', key: 'verify' },
    { text: 'gateway { name: A, gateways [ { name: B, url: "nats://h:7222", tls { verify_cert_and_check_known_urls: true } } ] }\n', key: 'verify_cert_and_check_known_urls' },
    { text: 'tls { cert_file: "s.pem", key_file: "k.pem", cert_match: "NATS" }\n', key: 'cert_match' },
    { text: 'mqtt { port: 1883, tls { cert_file: "s.pem", key_file: "k.pem", ocsp_peer: true } }\n', key: 'ocsp_peer' },
  ];
  for (const c of cases) {
    const x = await one(c.text, TlsCode.optionIgnored);
    assert.deepEqual(x.range, rangeOf(c.text, c.key), c.text);
    assert.equal(x.severity, 'information');
  }
  // Effective where set, and off values say nothing.
  await none('tls { cert_file: "s.pem", key_file: "k.pem", connection_rate_limit: 10, handshake_first: true }\n', TlsCode.optionIgnored);
  await none('cluster { tls { cert_file: "s.pem", key_file: "k.pem", handshake_first: false, connection_rate_limit: 0 } }\n', TlsCode.optionIgnored);
});

test('tls-empty-block: a warning, information with allow_non_tls', async () => {
  covers(TlsCode.emptyBlock);
  const text = 'port: 4222\ntls {}\n';
  const d = await one(text, TlsCode.emptyBlock, { serverVersion: '2.9' }); // 2.9.10 accepts it; runtime: no certificates configured
  assert.deepEqual(d.range, rangeOf(text, 'tls'));
  assert.equal(d.severity, 'warning');
  assert.match(d.message, /empty, so the server has no certificate/);
  assert.equal(d.data.allowNonTls, false);
  const proxy = 'port: 4222\nallow_non_tls: true\ntls {}\n';
  const p = await one(proxy, TlsCode.emptyBlock, { serverVersion: '2.9' });
  assert.equal(p.severity, 'information');
  assert.match(p.message, /allow_non_tls: true/);
  await none('port: 4222\ntls { cert_file: "s.pem", key_file: "k.pem" }\n', TlsCode.emptyBlock);
});

test('tls-no-certificate: a listening block without certificate; not for dialling blocks', async () => {
  covers(TlsCode.noCertificate);
  const text = 'tls {\n  verify: true\n}\n';
  const d = await one(text, TlsCode.noCertificate, { serverVersion: '2.9' }); // 2.9.10 accepts it
  assert.deepEqual(d.range, rangeOf(text, 'tls'));
  assert.equal(d.severity, 'warning');
  assert.match(d.message, /names no certificate/);
  await none('leafnodes { remotes [ { url: "nats://h:7422", tls { ca_file: "ca.pem" } } ] }\n', TlsCode.noCertificate);
  await none('resolver_tls { ca_file: "ca.pem" }\n', TlsCode.noCertificate);
  await none('tls { certs: [ { cert_file: "a.pem", key_file: "b.pem" } ] }\n', TlsCode.noCertificate);
  // A block refused for another reason gets that error only.
  await none('tls { verify: "yes" }\n', TlsCode.noCertificate);
  await none('tls { certs: [ { cert_file: "a.pem", key_file: "b.pem" } ] }\n', TlsCode.noCertificate, { serverVersion: '2.9' });
});

test('tls-cert-store-windows-only: a warning, since the server\'s OS is unknown', async () => {
  covers(TlsCode.certStoreWindowsOnly);
  const text = 'tls {\n  cert_store: "WindowsCurrentUser"\n  cert_match: "NATS"\n}\n';
  const d = await one(text, TlsCode.certStoreWindowsOnly);
  assert.deepEqual(d.range, rangeOf(text, 'cert_store'));
  assert.equal(d.severity, 'warning');
  assert.match(d.message, /only works when nats-server runs on Windows/);
  await none(text, TlsCode.noCertificate);
  await none('tls { cert_file: "a.pem", key_file: "b.pem" }\n', TlsCode.certStoreWindowsOnly);
});

test('tls-ocsp-peer-needs-verify: listeners need verify: true for ocsp_peer', async () => {
  covers(TlsCode.ocspPeerNeedsVerify);
  const text = 'tls {\n  cert_file: "a.pem"\n  key_file: "b.pem"\n  ocsp_peer: true\n}\n';
  const d = await one(text, TlsCode.ocspPeerNeedsVerify);
  assert.deepEqual(d.range, rangeOf(text, 'ocsp_peer'));
  assert.equal(d.severity, 'warning');
  assert.match(d.message, /requires TLS verify \(mTLS\)/);
  assert.equal(apply(text, d.data.fixes?.[0] as TlsFix), text.replace('ocsp_peer: true\n', 'ocsp_peer: true\n  verify: true\n'));
  await none(text.replace('ocsp_peer: true', 'ocsp_peer: true\n  verify: true'), TlsCode.ocspPeerNeedsVerify);
  await none(text.replace('ocsp_peer: true', 'ocsp_peer { verify: false }'), TlsCode.ocspPeerNeedsVerify);
  // A leaf node remote checks the hub's certificate: no client certificate needed.
  await none('leafnodes { remotes [ { url: "nats://h:7422", tls { ocsp_peer: true } } ] }\n', TlsCode.ocspPeerNeedsVerify);
});

test('https-without-tls: monitoring over HTTPS needs the top-level tls block', async () => {
  covers(TlsCode.httpsWithoutTls);
  const text = 'port: 4222\nhttps_port: 8443\n';
  const d = await one(text, TlsCode.httpsWithoutTls, { serverVersion: '2.9' }); // 2.9.10: -t passes; a run: [FTL] Can't start monitoring
  assert.deepEqual(d.range, rangeOf(text, 'https_port'));
  assert.equal(d.severity, 'warning');
  assert.match(d.message, /TLS cert and key required for HTTPS/);
  const https = 'https: "127.0.0.1:8443"\n';
  assert.deepEqual((await one(https, TlsCode.httpsWithoutTls)).range, rangeOf(https, 'https'));
  await none('https_port: 8443\ntls { cert_file: "a.pem", key_file: "b.pem" }\n', TlsCode.httpsWithoutTls);
  await none('https_port: 0\n', TlsCode.httpsWithoutTls);
});

test('websocket-without-tls: a WebSocket listener needs tls or no_tls: true', async () => {
  covers(TlsCode.websocketWithoutTls);
  const text = 'websocket {\n  port: 8080\n}\n';
  const d = await one(text, TlsCode.websocketWithoutTls, { serverVersion: '2.9' }); // 2.9.10: -t passes; a run: websocket requires TLS configuration
  assert.deepEqual(d.range, rangeOf(text, 'websocket'));
  assert.equal(d.severity, 'warning');
  assert.match(d.message, /websocket requires TLS configuration/);
  assert.equal(apply(text, d.data.fixes?.[0] as TlsFix), 'websocket {\n  port: 8080\n  no_tls: true\n}\n');
  await one('ws { listen: "0.0.0.0:8080", no_tls: false }\n', TlsCode.websocketWithoutTls);
  await none('websocket {\n  port: 8080\n  no_tls: true\n}\n', TlsCode.websocketWithoutTls);
  await none('websocket {\n  port: 8080\n  tls { cert_file: "a.pem", key_file: "b.pem" }\n}\n', TlsCode.websocketWithoutTls);
  await none('websocket {\n  no_tls: false\n}\n', TlsCode.websocketWithoutTls);
});

// ---------------------------------------------------------------------------------------------
// Across the rules

test('every problem of a tls block is reported, not only the first (nats-server stops at one)', async () => {
  const text = 'tls {\n  verify: "yes"\n  timeout: "abc"\n  cipher_suites: [ "NOPE" ]\n  cert_file: "a.pem"\n}\n';
  const codes = (await check(text, { serverVersion: '2.9' })).filter((d) => d.severity === 'error').map((d) => d.code).sort();
  assert.deepEqual(codes, [TlsCode.invalidDuration, TlsCode.missingKeyFile, TlsCode.unknownCipher, TlsCode.wrongType].sort());
});

test('a block cut short by a syntax error is not said to lack anything', async () => {
  // nats-server stops at the syntax error; the rest of the block may be what failed to parse.
  for (const text of [
    'port: 4222\ntls {\n  cert_file: "a.pem"\n',
    'tls { cert_file: "a.pem" key_file: "b.pem" }\n',
    'websocket {\n  port: 8080\n',
  ]) {
    const all = await check(text, { serverVersion: '2.9' });
    assert.deepEqual(all.filter((d) => !d.code.startsWith('syntax-')).map((d) => d.code), [], text);
  }
  // Values that were read are still checked.
  const partial = 'tls {\n  verify: "yes"\n';
  assert.equal((await check(partial)).filter((d) => d.code === TlsCode.wrongType).length, 1);
});

test('a variable defined inside a tls block is reported once, by the schema rule', async () => {
  const text = 'tls {\n  V: true\n  verify: $V\n}\n';
  const all = await check(text, { serverVersion: '2.9' }); // 2.9.10: unknown field ["V"]
  assert.deepEqual(all.filter((d) => d.severity === 'error').map((d) => d.code), ['unknown-field']);
});

test('options newer than the target are the schema rule\'s only (no value checks, no double report)', async () => {
  const text = 'tls {\n  cert_file: "a.pem"\n  key_file: "b.pem"\n  handshake_first: 5m\n  min_version: 1.0\n  cert_store: "nope"\n}\n';
  const all = await check(text, { serverVersion: '2.9' });
  assert.deepEqual(all.filter((d) => d.severity === 'error').map((d) => d.code), ['field-too-new', 'field-too-new', 'field-too-new']);
});

test('severities: error only where nats-server refuses', async () => {
  const accepted = [
    'tls { timeout: 0.0001 }', 'tls { timeout: 1m }', 'tls { timeout: -1 }', 'tls { timeout: 0 }', 'tls { timeout: 900 }',
    'tls { insecure: true }', 'cluster { tls { insecure: true } }', 'tls {}', 'tls { verify: true }',
    'tls { cipher_suites: [ "TLS_RSA_WITH_RC4_128_SHA", "TLS_AES_128_GCM_SHA256" ] }',
    'websocket { port: 8080, tls { timeout: 1 } }', 'https_port: 8443', 'websocket { port: 8080 }',
    'gateway { name: A, gateways [ { name: B, url: "nats://h:1", tls { verify_cert_and_check_known_urls: true } } ] }',
  ];
  for (const text of accepted) {
    // Each passes `nats-server -t` (2.9.10).
    const errors = (await check(`${text}\n`, { serverVersion: '2.9' })).filter((d) => d.severity === 'error');
    assert.deepEqual(errors.map((d) => d.code), [], text);
  }
});

test('every code has a README line and an example, and a test here', () => {
  const documented = TLS_CODE_DOCS.map((d) => d.code);
  assert.deepEqual(documented, Object.values(TlsCode));
  for (const doc of TLS_CODE_DOCS) {
    assert.ok(doc.description.length > 10 && !doc.description.includes('\n'), doc.code);
    assert.ok(doc.example.length > 0, doc.code);
  }
  assert.deepEqual(Object.values(TlsCode).filter((code) => !tested.has(code)), []);
});

test('Go durations: the rules nats-server inherits from time.ParseDuration', () => {
  const ok = (text: string) => {
    const r = parseGoDuration(text);
    assert.ok(r.ok, text);
    return r.seconds;
  };
  assert.equal(ok('0'), 0);
  assert.equal(ok('-0'), 0);
  assert.equal(ok('2s'), 2);
  assert.equal(ok('500ms'), 0.5);
  assert.equal(ok('1h30m'), 5400);
  assert.equal(ok('1.5h30m'), 7200);
  assert.equal(ok('.5s'), 0.5);
  assert.equal(ok('1.s'), 1);
  assert.equal(ok('+1s'), 1);
  assert.equal(ok('-1.5m'), -90);
  assert.equal(ok('1µs'), 1e-6);
  assert.equal(ok('1μs'), 1e-6);
  assert.equal(ok('3ns'), 3e-9);
  assert.deepEqual(parseGoDuration(''), { ok: false, problem: 'invalid' });
  assert.deepEqual(parseGoDuration('-.s'), { ok: false, problem: 'invalid' });
  assert.deepEqual(parseGoDuration('abc'), { ok: false, problem: 'invalid' });
  assert.deepEqual(parseGoDuration('2'), { ok: false, problem: 'missing-unit' });
  assert.deepEqual(parseGoDuration('1s2'), { ok: false, problem: 'missing-unit' });
  assert.deepEqual(parseGoDuration('5d'), { ok: false, problem: 'unknown-unit', unit: 'd' });
  assert.deepEqual(parseGoDuration('1 s'), { ok: false, problem: 'unknown-unit', unit: ' s' });
  assert.deepEqual(parseGoDuration('1S'), { ok: false, problem: 'unknown-unit', unit: 'S' });
  assert.deepEqual(parseGoDuration('3000000h'), { ok: false, problem: 'invalid' });
});
