import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import {
  CIPHER_SUITES,
  cipherInfo,
  cipherLineFor,
  ciphersFor,
  closestCiphers,
  defaultCiphers,
  isInsecureCipher,
  isKnownCipher,
  renamedCipher,
} from '../../../server/src/knowledge/ciphers';
import { CURVES, closestCurves, curveInfo, curvesFor, defaultCurves, isKnownCurve } from '../../../server/src/knowledge/curves';
import { TLS_CONTEXTS, TLS_CONTEXT_IDS, tlsContext, tlsContextByPath, tlsContextForKeys } from '../../../server/src/knowledge/tlsContexts';
import {
  DEFAULT_TLS_MIN_VERSION,
  TLS_MIN_VERSIONS,
  TLS_OPTIONS,
  TLS_OPTION_KEYS,
  isTlsOptionAvailable,
  tlsEnumValue,
  tlsMessagePattern,
  tlsOption,
  tlsOptionEffect,
  tlsOptionsFor,
  tlsUnknownFieldMessage,
  tlsValueTypesFor,
} from '../../../server/src/knowledge/tlsOptions';
import { SERVER_VERSIONS, type ServerVersion, parseVersion } from '../../../server/src/knowledge/versions';

// The property table of shared/seed/tls-configuration.txt, and the facts each of its rows states.
// Our descriptions must be at least as long as the seed's and mention the same facts.
const SEED_TABLE: ReadonlyArray<{ name: string; seed: string; facts: readonly RegExp[] }> = [
  { name: 'ca_file', seed: 'TLS certificate authority file.', facts: [/certificate authorit/i, /file/i] },
  { name: 'cert_file', seed: 'TLS certificate file.', facts: [/certificate/i, /file/i] },
  {
    name: 'cipher_suites',
    seed: 'When set, only the specified TLS cipher suites will be allowed. Values must match the golang version used to build the server.',
    facts: [/only the cipher suites listed/i, /allowed/i, /Go version it was built with/i],
  },
  { name: 'curve_preferences', seed: 'List of TLS cipher curves to use in order.', facts: [/list/i, /curves/i, /order/i] },
  { name: 'insecure', seed: 'Skip certificate verification.', facts: [/skips verification/i, /certificate/i] },
  { name: 'key_file', seed: 'TLS certificate key file.', facts: [/private key/i, /certificate/i, /file/i] },
  {
    name: 'timeout',
    seed: 'TLS handshake timeout in fractional seconds. Default set to 2 seconds.',
    facts: [/handshake/i, /fractional seconds/i, /default is 2 seconds/i],
  },
  {
    name: 'verify_and_map',
    seed: 'If true, require and verify client certificates and map certificate values for authentication purposes.',
    facts: [/`true`/, /requires and verifies client certificates/i, /values from the verified certificate/i, /authenticate/i],
  },
  { name: 'verify', seed: 'If true, require and verify client certificates.', facts: [/`true`/, /requires a client certificate/i, /verifies it/i] },
];

// The seed's "TLS Timeout" section: the trade-off the timeout description must explain.
const TIMEOUT_TRADE_OFF: readonly RegExp[] = [/raise it/i, /resources/i, /too low/i, /fail the handshake/i];

const ALL_KEYS = [
  'cert_file', 'key_file', 'ca_file', 'insecure', 'verify', 'verify_and_map', 'verify_cert_and_check_known_urls',
  'allow_insecure_cipher_suites', 'cipher_suites', 'curve_preferences', 'timeout', 'connection_rate_limit', 'pinned_certs',
  'cert_store', 'cert_match_by', 'cert_match', 'ca_certs_match', 'handshake_first', 'cert_match_skip_invalid', 'ocsp_peer',
  'certs', 'min_version',
] as const;
const ALIASES: Readonly<Record<string, string>> = { first: 'handshake_first', immediate: 'handshake_first', certificates: 'certs' };

/** Reference §3: the 12 options nats-server 2.9.10 knows; everything else is "unknown field" there. */
const KNOWN_TO_2_9_10 = [
  'cert_file', 'key_file', 'ca_file', 'insecure', 'verify', 'verify_and_map', 'verify_cert_and_check_known_urls',
  'cipher_suites', 'curve_preferences', 'timeout', 'connection_rate_limit', 'pinned_certs',
];

const LEGACY: readonly ServerVersion[] = ['2.9', '2.10', '2.11'];
const MODERN: readonly ServerVersion[] = ['2.12', '2.14', 'latest'];

function option(name: string) {
  const found = tlsOption(name);
  assert.ok(found, `option ${name} exists`);
  return found;
}

describe('tls options: the seed table', () => {
  for (const row of SEED_TABLE) {
    test(`${row.name}: at least as long as the seed and states the same facts`, () => {
      const o = option(row.name);
      assert.ok(
        o.description.length >= row.seed.length,
        `${row.name}: description (${o.description.length}) shorter than the seed (${row.seed.length})`,
      );
      for (const fact of row.facts) assert.match(o.description, fact, `${row.name} mentions ${fact}`);
      // Our own words: no seed sentence is copied.
      for (const sentence of row.seed.split(/(?<=\.)\s+/)) {
        if (sentence.split(' ').length >= 4) {
          assert.ok(!o.description.includes(sentence.replace(/\.$/, '')), `${row.name} copies the seed sentence "${sentence}"`);
        }
      }
    });
  }

  test('timeout explains the trade-off of the seed\'s "TLS Timeout" section and the unquoted 1m trap', () => {
    const d = option('timeout').description;
    for (const fact of TIMEOUT_TRADE_OFF) assert.match(d, fact);
    assert.match(d, /unquoted `1m`/);
    assert.equal(option('timeout').default.value, 2);
  });

  test('file options say how relative paths resolve', () => {
    for (const name of ['cert_file', 'key_file', 'ca_file']) {
      const o = option(name);
      assert.equal(o.isPath, true, name);
      assert.match(o.description, /relative path/i, name);
      assert.match(o.description, /working directory/i, name);
    }
  });

  test('insecure says it only concerns outgoing connections', () => {
    assert.match(option('insecure').description, /no effect on connections the server accepts/);
  });
});

describe('tls options: completeness', () => {
  test('all 22 keys and the 3 aliases', () => {
    assert.equal(TLS_OPTIONS.length, 22);
    assert.deepEqual([...TLS_OPTIONS.map((o) => o.name)].sort(), [...ALL_KEYS].sort());
    assert.equal(TLS_OPTION_KEYS.length, 25);
    for (const [alias, canonical] of Object.entries(ALIASES)) {
      assert.equal(option(alias).name, canonical, alias);
    }
    assert.equal(TLS_OPTIONS.flatMap((o) => o.aliases).length, 3);
  });

  test('lookups are case-insensitive, like nats-server, and unknown keys give undefined', () => {
    assert.equal(tlsOption('CIPHER_SUITES')?.name, 'cipher_suites');
    assert.equal(tlsOption('Immediate')?.name, 'handshake_first');
    assert.equal(tlsOption('CERTIFICATES')?.name, 'certs');
    assert.equal(tlsOption('cert'), undefined);
    assert.equal(tlsOption('allow_non_tls'), undefined, 'a sibling key, not a tls option');
    assert.equal(tlsOption('handshake_timeout'), undefined, 'a websocket key, not a tls option');
  });

  for (const o of TLS_OPTIONS) {
    test(`${o.name}: kind, default, first version, docs, example, errors, nine contexts`, () => {
      assert.ok(o.kind.length > 0);
      assert.ok(o.valueTypes.length > 0);
      assert.ok(o.default.text.length > 0);
      assert.ok(parseVersion(o.since), `since ${o.since} parses`);
      for (const since of Object.values(o.formsSince ?? {})) assert.ok(parseVersion(since!), `form since ${since}`);
      assert.match(o.docsUrl, /^https:\/\/docs\.nats\.io\/\S+$/);
      assert.equal(o.referenceUrl, `https://docs.nats.io/reference/config/tls/${o.name}`);
      assert.ok(o.summary.length > 10);
      assert.ok(o.description.length > o.summary.length);
      const exampleKey = o.example.split(':')[0];
      assert.ok(exampleKey === o.name || o.aliases.includes(exampleKey), `example ${o.example}`);
      assert.ok(o.errors.length > 0, 'at least one message');
      for (const e of o.errors) {
        assert.ok(e.message.length > 0 && e.when.length > 0);
        if (e.since) assert.ok(parseVersion(e.since));
      }
      assert.deepEqual(Object.keys(o.contexts).sort(), [...TLS_CONTEXT_IDS].sort());
      for (const id of TLS_CONTEXT_IDS) {
        assert.ok(['effective', 'ignored', 'rejected-when-true', 'forced'].includes(tlsOptionEffect(o, id).effect));
      }
      for (const r of o.related) assert.ok(tlsOption(r), `related ${r}`);
    });
  }

  test('enumerated values', () => {
    assert.deepEqual(option('min_version').values?.map((v) => v.value), ['1.2', '1.3']);
    assert.deepEqual(option('cert_match_by').values?.map((v) => v.value.toLowerCase()), ['subject', 'issuer', 'thumbprint']);
    assert.deepEqual(option('cert_store').values?.map((v) => v.value), ['WindowsCurrentUser', 'WindowsLocalMachine']);
    assert.deepEqual(option('handshake_first').values?.map((v) => v.value), ['true', 'on', 'false', 'off', 'auto', 'auto_fallback']);
    assert.equal(tlsEnumValue(option('cert_store'), 'windowslocalmachine')?.value, 'WindowsLocalMachine');
    assert.equal(tlsEnumValue(option('handshake_first'), 'AUTO')?.value, 'auto');
    assert.equal(tlsEnumValue(option('min_version'), '1.3')?.value, '1.3');
    assert.equal(tlsEnumValue(option('min_version'), '1.1'), undefined);
    assert.equal(option('cert_match_by').values?.find((v) => v.isDefault)?.value, 'Subject');
  });

  test('min_version values: strings 1.2 and 1.3, default 1.2; 1.0 and 1.1 recognised but refused', () => {
    assert.equal(DEFAULT_TLS_MIN_VERSION, '1.2');
    assert.deepEqual(TLS_MIN_VERSIONS.filter((v) => v.accepted).map((v) => v.value), ['1.2', '1.3']);
    assert.deepEqual(TLS_MIN_VERSIONS.filter((v) => v.isDefault).map((v) => v.value), ['1.2']);
    assert.equal(option('min_version').default.value, '1.2');
    assert.equal(option('min_version').kind, 'string');
  });

  test('kinds of the mixed options', () => {
    assert.equal(option('timeout').kind, 'number|duration-string');
    assert.equal(option('handshake_first').kind, 'boolean|string');
    assert.equal(option('ocsp_peer').kind, 'map|boolean');
    assert.equal(option('certs').kind, 'array<map>');
    assert.equal(option('ca_certs_match').kind, 'string|array<string>');
    assert.equal(option('connection_rate_limit').kind, 'integer');
    assert.deepEqual(option('certs').subKeys?.map((k) => k.name), ['cert_file', 'key_file']);
    assert.equal(option('certs').subKeysCaseSensitive, true);
    assert.equal(option('ocsp_peer').subKeys?.length, 7);
  });
});

describe('tls options: versions', () => {
  test('2.9 (= 2.9.10) has exactly the 12 options the binary accepts', () => {
    assert.deepEqual(tlsOptionsFor('2.9').map((o) => o.name).sort(), [...KNOWN_TO_2_9_10].sort());
  });

  test('first versions from the reference', () => {
    const expected: Record<string, string> = {
      cert_file: '0.7.0', insecure: '2.0.0', verify_and_map: '2.0.0', verify_cert_and_check_known_urls: '2.2.0',
      curve_preferences: '1.0.0', connection_rate_limit: '2.7.0', pinned_certs: '2.2.5', cert_store: '2.9.20',
      ocsp_peer: '2.9.21', handshake_first: '2.10.0', certs: '2.10.8', min_version: '2.10.21',
      cert_match_skip_invalid: '2.10.23', ca_certs_match: '2.10.23', allow_insecure_cipher_suites: '2.12.0',
    };
    for (const [name, since] of Object.entries(expected)) assert.equal(option(name).since, since, name);
  });

  test('every option exists in every target from 2.12 on; min_version is in the newest 2.10', () => {
    for (const target of MODERN) assert.equal(tlsOptionsFor(target).length, 22, target);
    assert.equal(isTlsOptionAvailable(option('min_version'), '2.10'), true);
    assert.equal(isTlsOptionAvailable(option('allow_insecure_cipher_suites'), '2.11'), false);
  });

  test('later value forms: handshake_first strings since 2.10.4, timeout duration strings since 2.3.3', () => {
    assert.equal(option('handshake_first').formsSince?.string, '2.10.4');
    assert.equal(option('timeout').formsSince?.['duration-string'], '2.3.3');
    assert.deepEqual(tlsValueTypesFor(option('timeout'), '2.9'), ['integer', 'float', 'duration-string']);
    assert.deepEqual(tlsValueTypesFor(option('handshake_first'), '2.10'), ['boolean', 'string', 'duration-string']);
  });

  test('unknown-field wording: brackets in 2.9.10, bare in main', () => {
    assert.equal(tlsUnknownFieldMessage('2.9'), 'error parsing tls config, unknown field ["<name>"]');
    assert.equal(tlsUnknownFieldMessage('latest'), 'error parsing tls config, unknown field "<name>"');
  });
});

describe('tls options: effectiveness per context (reference §2.1)', () => {
  const effect = (name: string, id: Parameters<typeof tlsContext>[0]) => tlsOptionEffect(option(name), id).effect;

  test('verify_cert_and_check_known_urls: only cluster and gateway', () => {
    for (const id of ['root', 'leafnodes', 'leafnode-remote', 'websocket', 'mqtt', 'resolver'] as const) {
      assert.equal(effect('verify_cert_and_check_known_urls', id), 'rejected-when-true', id);
      assert.equal(tlsContext(id).parsedAsClientContext, true, id);
    }
    assert.equal(effect('verify_cert_and_check_known_urls', 'cluster'), 'effective');
    assert.equal(effect('verify_cert_and_check_known_urls', 'gateway'), 'effective');
    assert.equal(effect('verify_cert_and_check_known_urls', 'gateway-remote'), 'ignored');
  });

  test('verify is forced where mutual TLS is', () => {
    for (const c of TLS_CONTEXTS) {
      if (c.mutualTlsForced) assert.equal(effect('verify', c.id), 'forced', c.id);
    }
    assert.deepEqual(TLS_CONTEXTS.filter((c) => c.mutualTlsForced).map((c) => c.id), ['cluster', 'gateway', 'gateway-remote']);
  });

  test('connection_rate_limit only at the top; timeout ignored by websocket; insecure ignored on accept', () => {
    assert.deepEqual(TLS_CONTEXT_IDS.filter((id) => effect('connection_rate_limit', id) === 'effective'), ['root']);
    assert.equal(effect('timeout', 'websocket'), 'ignored');
    for (const c of TLS_CONTEXTS) {
      if (c.direction === 'accept') assert.equal(effect('insecure', c.id), 'ignored', c.id);
      else assert.equal(effect('insecure', c.id), 'effective', c.id);
    }
  });

  test('handshake_first: root, leafnodes and remotes only; ocsp_peer not for mqtt', () => {
    assert.deepEqual(TLS_CONTEXT_IDS.filter((id) => effect('handshake_first', id) === 'effective'), ['root', 'leafnodes', 'leafnode-remote']);
    assert.equal(effect('ocsp_peer', 'mqtt'), 'ignored');
    assert.match(tlsOptionEffect(option('ocsp_peer'), 'mqtt').note ?? '', /top-level/);
  });

  test('crypto selection works everywhere', () => {
    for (const name of ['cipher_suites', 'curve_preferences', 'min_version', 'allow_insecure_cipher_suites']) {
      for (const id of TLS_CONTEXT_IDS) assert.equal(effect(name, id), 'effective', `${name} in ${id}`);
    }
  });
});

describe('tls contexts', () => {
  test('nine contexts with distinct ids and paths', () => {
    assert.equal(TLS_CONTEXTS.length, 9);
    assert.equal(new Set(TLS_CONTEXTS.map((c) => c.id)).size, 9);
    assert.deepEqual(TLS_CONTEXTS.map((c) => c.path), [
      'tls', 'cluster.tls', 'gateway.tls', 'gateway.gateways[].tls', 'leafnodes.tls', 'leafnodes.remotes[].tls',
      'websocket.tls', 'mqtt.tls', 'resolver_tls',
    ]);
    for (const c of TLS_CONTEXTS) {
      assert.equal(tlsContextByPath(c.path), c);
      assert.ok(c.name.length > 0 && c.tlsConfigHandling.length > 0);
      assert.match(c.docsUrl, /^https:\/\/docs\.nats\.io\//);
    }
    assert.equal(tlsContext('cluster').name, 'cluster routes');
    assert.equal(tlsContext('root').name, 'client connections');
  });

  test('directions', () => {
    assert.deepEqual(TLS_CONTEXTS.filter((c) => c.direction === 'solicit').map((c) => c.id), ['gateway-remote', 'leafnode-remote', 'resolver']);
    assert.deepEqual(TLS_CONTEXTS.filter((c) => c.direction === 'both').map((c) => c.id), ['cluster', 'gateway']);
  });

  test('key chains: case-insensitive, aliases leaf/ws, array indexes', () => {
    assert.equal(tlsContextForKeys(['TLS'])?.id, 'root');
    assert.equal(tlsContextForKeys(['leaf', 'remotes', '0', 'tls'])?.id, 'leafnode-remote');
    assert.equal(tlsContextForKeys(['LeafNodes', 'remotes', '[]', 'Tls'])?.id, 'leafnode-remote');
    assert.equal(tlsContextForKeys(['ws', 'tls'])?.id, 'websocket');
    assert.equal(tlsContextForKeys(['gateway', 'gateways', '2', 'tls'])?.id, 'gateway-remote');
    assert.equal(tlsContextForKeys(['resolver_tls'])?.id, 'resolver');
    assert.equal(tlsContextForKeys(['resolver', 'tls']), undefined);
    assert.equal(tlsContextForKeys(['cluster']), undefined);
  });
});

describe('cipher suites', () => {
  test('24 names up to 2.11, 25 from 2.12 (13 secure + 12 insecure)', () => {
    for (const t of LEGACY) assert.equal(ciphersFor(t).length, 24, t);
    for (const t of MODERN) {
      const list = ciphersFor(t);
      assert.equal(list.length, 25, t);
      assert.equal(list.filter((c) => c.insecureReasons.length === 0).length, 13, t);
      assert.equal(list.filter((c) => c.insecureReasons.length > 0).length, 12, t);
    }
    assert.equal(cipherLineFor('2.11'), 'static');
    assert.equal(cipherLineFor('2.12'), 'go');
  });

  test('the CHACHA20 pair is renamed in 2.12, both ways', () => {
    const pairs = [
      ['TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305', 'TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256'],
      ['TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305', 'TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256'],
    ] as const;
    for (const [old, renamed] of pairs) {
      for (const t of LEGACY) {
        assert.equal(isKnownCipher(old, t), true);
        assert.equal(isKnownCipher(renamed, t), false);
        assert.equal(renamedCipher(renamed, t), old);
        assert.equal(renamedCipher(old, t), old);
      }
      for (const t of MODERN) {
        assert.equal(isKnownCipher(old, t), false);
        assert.equal(isKnownCipher(renamed, t), true);
        assert.equal(renamedCipher(old, t), renamed);
      }
      assert.equal(cipherInfo(old)?.id, cipherInfo(renamed)?.id, 'same code point');
      assert.equal(cipherInfo(old)?.otherSpelling, renamed);
      assert.equal(cipherInfo(renamed)?.otherSpelling, old);
    }
    assert.equal(renamedCipher('TLS_NOT_A_SUITE', 'latest'), undefined);
  });

  test('TLS_RSA_WITH_AES_128_GCM_SHA256 exists only from 2.12 (and is insecure there)', () => {
    for (const t of LEGACY) assert.equal(isKnownCipher('TLS_RSA_WITH_AES_128_GCM_SHA256', t), false, t);
    for (const t of MODERN) {
      assert.equal(isKnownCipher('TLS_RSA_WITH_AES_128_GCM_SHA256', t), true, t);
      assert.equal(isInsecureCipher('TLS_RSA_WITH_AES_128_GCM_SHA256', t), true, t);
    }
  });

  test('defaults: the 6 AEAD ECDHE suites up to 2.11, 13 suites from 2.12', () => {
    for (const t of LEGACY) {
      const d = defaultCiphers(t);
      assert.equal(d.length, 6, t);
      for (const name of d) {
        const info = cipherInfo(name)!;
        assert.ok(isKnownCipher(name, t), name);
        assert.ok(info.name.startsWith('TLS_ECDHE_') && info.mac.startsWith('AEAD'), name);
      }
    }
    for (const t of MODERN) {
      const d = defaultCiphers(t);
      assert.equal(d.length, 13, t);
      assert.deepEqual([...d].sort(), ciphersFor(t).filter((c) => c.insecureReasons.length === 0).map((c) => c.name).sort());
    }
    assert.equal(CIPHER_SUITES.filter((c) => c.defaultIn.static).length, 6);
    assert.equal(CIPHER_SUITES.filter((c) => c.defaultIn.go).length, 13);
  });

  test('insecurity reasons and the 2.12 check', () => {
    assert.deepEqual(cipherInfo('TLS_RSA_WITH_RC4_128_SHA')?.insecureReasons, ['rsa-key-exchange', 'rc4']);
    assert.deepEqual(cipherInfo('TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA')?.insecureReasons, ['3des']);
    assert.deepEqual(cipherInfo('TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256')?.insecureReasons, ['cbc-sha256']);
    assert.deepEqual(cipherInfo('TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA')?.insecureReasons, []);
    assert.equal(isInsecureCipher('TLS_RSA_WITH_RC4_128_SHA', '2.11'), false, 'no such check before 2.12');
    assert.equal(isInsecureCipher('TLS_RSA_WITH_RC4_128_SHA', '2.12'), true);
    for (const c of CIPHER_SUITES.filter((x) => x.insecureReasons.length > 0)) {
      assert.ok(c.keyExchange === 'RSA' || /RC4|3DES/.test(c.cipher) || c.mac === 'HMAC-SHA256', c.name);
    }
  });

  test('TLS 1.3 names are accepted everywhere but have no effect', () => {
    const tls13 = CIPHER_SUITES.filter((c) => c.tlsVersion === '1.3');
    assert.deepEqual(tls13.map((c) => c.name), ['TLS_AES_128_GCM_SHA256', 'TLS_AES_256_GCM_SHA384', 'TLS_CHACHA20_POLY1305_SHA256']);
    for (const c of tls13) {
      assert.equal(c.hasEffect, false);
      assert.equal(c.keyExchange, 'TLS 1.3');
      for (const t of SERVER_VERSIONS) assert.ok(isKnownCipher(c.name, t), `${c.name} on ${t}`);
    }
    assert.ok(CIPHER_SUITES.filter((c) => c.tlsVersion === '1.2').every((c) => c.hasEffect));
  });

  test('names are case-sensitive', () => {
    assert.equal(isKnownCipher('tls_aes_128_gcm_sha256', '2.9'), false);
    assert.equal(cipherInfo('tls_aes_128_gcm_sha256')?.name, 'TLS_AES_128_GCM_SHA256');
    assert.equal(isKnownCipher('TLS_FALLBACK_SCSV', 'latest'), false);
  });

  test('did-you-mean', () => {
    assert.equal(closestCiphers('TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305', 'latest')[0], 'TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256');
    assert.equal(closestCiphers('TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256', '2.9')[0], 'TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305');
    assert.equal(closestCiphers('tls_ecdhe_rsa_with_aes_128_gcm_sha256', '2.12')[0], 'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256');
    assert.equal(closestCiphers('tls_ecdhe_rsa_with_chacha20_poly1305', 'latest')[0], 'TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256');
    assert.equal(closestCiphers('TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA265', '2.9')[0], 'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256');
    assert.equal(closestCiphers('ECDHE-RSA-AES128-GCM-SHA256', 'latest')[0], 'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256');
    const three = closestCiphers('TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384', '2.12', 3);
    assert.equal(three.length, 3);
    for (const s of three) assert.ok(isKnownCipher(s, '2.12'), s);
    assert.deepEqual(closestCiphers('completely different', '2.12'), []);
  });
});

describe('curves', () => {
  test('names per line', () => {
    const classic = ['X25519', 'CurveP256', 'CurveP384', 'CurveP521'];
    for (const t of LEGACY) assert.deepEqual(curvesFor(t).map((c) => c.name), classic, t);
    for (const t of ['2.12', '2.14'] as const) assert.deepEqual(curvesFor(t).map((c) => c.name), [...classic, 'X25519MLKEM768'], t);
    assert.deepEqual(curvesFor('latest').map((c) => c.name), [...classic, 'X25519MLKEM768', 'SecP256r1MLKEM768', 'SecP384r1MLKEM1024']);
    for (const name of ['SecP256r1MLKEM768', 'SecP384r1MLKEM1024']) {
      const info = curveInfo(name)!;
      assert.equal(info.requiresGo, '1.26');
      assert.match(info.description, /Go 1\.26/);
      assert.equal(isKnownCurve(name, '2.14'), false);
    }
    assert.equal(isKnownCurve('X25519MLKEM768', '2.11'), false);
    assert.equal(isKnownCurve('X25519MLKEM768', '2.12'), true);
    assert.equal(isKnownCurve('curvep256', 'latest'), false, 'case-sensitive');
    assert.equal(CURVES.length, 7);
  });

  test('default order per line', () => {
    for (const t of LEGACY) assert.deepEqual(defaultCurves(t), ['X25519', 'CurveP256', 'CurveP384', 'CurveP521'], t);
    for (const t of MODERN) assert.deepEqual(defaultCurves(t), ['X25519MLKEM768', 'X25519', 'CurveP256', 'CurveP384', 'CurveP521'], t);
  });

  test('did-you-mean', () => {
    assert.equal(closestCurves('curvep256', '2.9')[0], 'CurveP256');
    assert.equal(closestCurves('P256', '2.9')[0], 'CurveP256');
    assert.equal(closestCurves('P-384', 'latest')[0], 'CurveP384');
    assert.equal(closestCurves('secp521r1', '2.12')[0], 'CurveP521');
    assert.equal(closestCurves('x25519', '2.9')[0], 'X25519');
    assert.equal(closestCurves('CurveP265', '2.9')[0], 'CurveP256');
    assert.ok(!closestCurves('X25519MLKEM768', '2.9').includes('X25519MLKEM768'), 'never suggests a name the target rejects');
  });
});

describe('message templates', () => {
  test('templates match nats-server 2.9.10 output (captured with -t)', () => {
    const cases: Array<[string, string]> = [
      ['unrecognized cipher <name>', 'c.conf:3:6: unrecognized cipher TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256'],
      ['unrecognized curve preference <name>', 't.conf:2:23: unrecognized curve preference P256'],
      [
        "error parsing tls config, 'pinned_certs' key <entry> does not look like hex-encoded sha256 of DER encoded SubjectPublicKeyInfo",
        "t.conf:2:18: error parsing tls config, 'pinned_certs' key abc does not look like hex-encoded sha256 of DER encoded SubjectPublicKeyInfo",
      ],
      [`error parsing tls config, 'timeout' time: invalid duration "<value>"`, `t.conf:2:2: error parsing tls config, 'timeout' time: invalid duration "abc"`],
      ['interface conversion: interface {} is <type>, not []interface {}', 't.conf:2:2: interface conversion: interface {} is string, not []interface {}'],
      [tlsUnknownFieldMessage('2.9'), 't.conf:2:2: error parsing tls config, unknown field ["handshake_first"]'],
    ];
    const all = TLS_OPTIONS.flatMap((o) => o.errors.map((e) => e.message));
    for (const [template, output] of cases) {
      if (template !== tlsUnknownFieldMessage('2.9')) assert.ok(all.includes(template), `table has ${template}`);
      assert.match(output, tlsMessagePattern(template));
    }
    assert.doesNotMatch('unrecognized curve preference', tlsMessagePattern('unrecognized cipher <name>'));
  });
});

// ---------------------------------------------------------------------------------------------
// Oracle: the 2.9.10 facts against the real binary (a prerequisite of the suite, never skipped).

function oracleVersion(): string | undefined {
  const run = spawnSync('nats-server', ['--version'], { encoding: 'utf8' });
  return run.status === 0 ? run.stdout.trim() : undefined;
}

describe('2.9.10 oracle (nats-server -t)', () => {
  test('nats-server v2.9.10 is installed', () => {
    const found = oracleVersion();
    assert.ok(found?.includes('v2.9.10'), `these checks need nats-server v2.9.10 on PATH (found: ${found ?? 'none'}); install it with: apt-get install -y nats-server`);
  });

  function check(dir: string, text: string): string {
    const file = path.join(dir, 't.conf');
    writeFileSync(file, text);
    const run = spawnSync('nats-server', ['-t', '-c', file], { encoding: 'utf8', cwd: dir });
    return `${run.stdout}${run.stderr}`.trim();
  }

  test('every cipher name: accepted exactly when the table says 2.9 knows it', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'tls-oracle-'));
    try {
      for (const c of CIPHER_SUITES) {
        const out = check(dir, `tls {\n  cipher_suites: [\n    "${c.name}"\n  ]\n}\n`);
        if (isKnownCipher(c.name, '2.9')) assert.match(out, /is valid/, c.name);
        else assert.match(out, tlsMessagePattern('unrecognized cipher <name>'), c.name);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('every curve name: accepted exactly when the table says 2.9 knows it', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'tls-oracle-'));
    try {
      for (const c of [...CURVES.map((x) => x.name), 'P256', 'curvep256']) {
        const out = check(dir, `tls {\n  curve_preferences: ["${c}"]\n}\n`);
        if (isKnownCurve(c, '2.9')) assert.match(out, /is valid/, c);
        else assert.match(out, tlsMessagePattern('unrecognized curve preference <name>'), c);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('every option key: unknown field exactly when the table says 2.9 lacks it', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'tls-oracle-'));
    try {
      for (const key of TLS_OPTION_KEYS) {
        const out = check(dir, `tls {\n  ${key}: true\n}\n`);
        const unknown = tlsMessagePattern(tlsUnknownFieldMessage('2.9'));
        assert.equal(unknown.test(out) && out.includes(`["${key}"]`), !isTlsOptionAvailable(option(key), '2.9'), `${key}: ${out}`);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('verify_cert_and_check_known_urls: true is refused exactly in the client contexts', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'tls-oracle-'));
    const b = 'tls { verify_cert_and_check_known_urls: true }';
    const configs: Record<string, string> = {
      root: 'tls { verify_cert_and_check_known_urls: true }',
      cluster: `cluster { port: 6222\n ${b} }`,
      gateway: `gateway { name: A\n port: 7222\n ${b} }`,
      'gateway-remote': `gateway { name: A\n port: 7222\n gateways: [ { name: B, url: "nats://127.0.0.1:7223", ${b} } ] }`,
      leafnodes: `leafnodes { port: 7422\n ${b} }`,
      'leafnode-remote': `leafnodes { remotes: [ { url: "nats://127.0.0.1:7422", ${b} } ] }`,
      websocket: `websocket { port: 8080\n ${b} }`,
      mqtt: `mqtt { port: 1883\n ${b} }`,
      resolver: 'resolver_tls { verify_cert_and_check_known_urls: true }',
    };
    try {
      for (const c of TLS_CONTEXTS) {
        const out = check(dir, `${configs[c.id]}\n`);
        const refused = /verify_cert_and_check_known_urls not supported in this context/.test(out);
        assert.equal(refused, tlsOptionEffect(option('verify_cert_and_check_known_urls'), c.id).effect === 'rejected-when-true', `${c.id}: ${out}`);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('verified type errors print the table\'s text', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'tls-oracle-'));
    const cases: Array<[string, string]> = [
      ['cert_file: 1', "error parsing tls config, expected 'cert_file' to be filename"],
      ['verify: "true"', "error parsing tls config, expected 'verify' to be a boolean"],
      ['cipher_suites: []', "error parsing tls config, 'cipher_suites' cannot be empty"],
      ['timeout: true', "error parsing tls config, 'timeout' wrong type"],
      ['connection_rate_limit: 1.5', "error parsing tls config, 'connection_rate_limit' wrong type"],
      ['pinned_certs: "x"', "error parsing tls config, expected 'pinned_certs' to be a list of hex-encoded sha256 of DER encoded SubjectPublicKeyInfo"],
      ['cert_file: "a.pem"', "missing 'key_file' in TLS configuration"],
    ];
    try {
      for (const [line, message] of cases) {
        const name = line.split(':')[0];
        assert.ok(option(name).errors.some((e) => e.message === message && e.evidence === 'verified-2.9.10'), `table: ${message}`);
        assert.match(check(dir, `tls {\n  ${line}\n}\n`), tlsMessagePattern(message), line);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
