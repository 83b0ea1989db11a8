import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Hover, MarkupContent } from 'vscode-languageserver-types';
import { analyzeAt, type CaretOptions } from './caret';
import { KEY_DOCS } from '../../../server/src/knowledge/keyDocs';
import { contextById, lookupName } from '../../../server/src/knowledge/schema';
import { humanDuration } from '../../../server/src/services/hover';

async function hoverAt(marked: string, options: CaretOptions = {}): Promise<Hover | undefined> {
  const { analysis, position, service } = await analyzeAt(marked, options);
  return service.hover(analysis, position);
}

/** The hover's markdown and its range as `line:char-line:char`. */
async function hoverText(marked: string, options: CaretOptions = {}): Promise<{ markdown: string; range: string }> {
  const result = await hoverAt(marked, options);
  assert.ok(result, `expected a hover for ${JSON.stringify(marked)}`);
  const contents = result.contents as MarkupContent;
  assert.equal(contents.kind, 'markdown');
  const r = result.range!;
  return { markdown: contents.value, range: `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}` };
}

function includesAll(markdown: string, fragments: readonly string[]): void {
  for (const fragment of fragments) {
    assert.ok(markdown.includes(fragment), `missing ${JSON.stringify(fragment)} in:\n${markdown}`);
  }
}

function excludesAll(markdown: string, fragments: readonly string[]): void {
  for (const fragment of fragments) {
    assert.ok(!markdown.includes(fragment), `unexpected ${JSON.stringify(fragment)} in:\n${markdown}`);
  }
}

describe('hover on TLS option keys', () => {
  test('verify in the top-level block: description, kind, default, where it applies, version, example, docs', async () => {
    const { markdown, range } = await hoverText('tls {\n  veri|fy: true\n}\n');
    assert.equal(range, '1:2-1:8');
    assert.ok(markdown.startsWith('**verify** · TLS option in `tls`\n\n'));
    includesAll(markdown, [
      'When `true`, the server requires a client certificate',
      '- **Value:** `boolean`',
      '- **Default:** false (always on for cluster and gateway)',
      '- **Since:** v0.7.0 — available in the target, nats-server main (v2.15.0-dev)',
      '**Here** (`tls`, client connections): takes effect.',
      '- takes effect: `leafnodes.tls`, `websocket.tls`, `mqtt.tls`',
      '- always on, whatever the value: `cluster.tls` (Routes always use mutual TLS), `gateway.tls` (Gateways always use mutual TLS)',
      '- ignored (accepted without effect): `leafnodes.remotes[].tls` (An outgoing connection has no clients to verify)',
      '**Example:** `verify: true`',
      '[Reference](https://docs.nats.io/reference/config/tls/verify)',
    ]);
  });

  test('the same key in a cluster block names the cluster context first, with its own effect', async () => {
    const { markdown, range } = await hoverText('cluster {\n  tls {\n    verif|y: true\n  }\n}\n');
    assert.equal(range, '2:4-2:10');
    assert.ok(markdown.startsWith('**verify** · TLS option in `cluster.tls`\n\n'));
    includesAll(markdown, [
      '**Here** (`cluster.tls`, cluster routes): always on, whatever the value. Routes always use mutual TLS.',
      '- takes effect: `tls`, `leafnodes.tls`, `websocket.tls`, `mqtt.tls`',
    ]);
    excludesAll(markdown, ['**Here** (`tls`']);
  });

  test('an option ignored in the block at the cursor says so, for leaf node remotes', async () => {
    const { markdown } = await hoverText('leafnodes {\n  remotes: [\n    { url: "tls://hub:7422", tls: { verify_and_map|: true } }\n  ]\n}\n');
    includesAll(markdown, [
      '**verify_and_map** · TLS option in `leafnodes.remotes[].tls`',
      '**Here** (`leafnodes.remotes[].tls`, outgoing leaf node connection): ignored (accepted without effect). An outgoing connection has no clients to map.',
    ]);
  });

  test('an option every block honours says so in one line', async () => {
    const { markdown } = await hoverText('gateway { tls { cipher_suit|es: ["TLS_AES_128_GCM_SHA256"] } }\n');
    includesAll(markdown, ['**Here** (`gateway.tls`, gateway connections): takes effect.', 'Every other TLS block: takes effect.']);
  });

  test('a key newer than the target version is marked unavailable', async () => {
    const { markdown } = await hoverText('tls { allow_insecure_cipher|_suites: true }\n', { settings: { serverVersion: '2.11' } });
    includesAll(markdown, ['- **Since:** v2.12.0 — **not in the target, nats-server 2.11.x**']);
  });

  test('an alias names its option', async () => {
    const { markdown } = await hoverText('tls { fir|st: true }\n');
    includesAll(markdown, ['**first** · TLS option in `tls`', '`first` is another name for `handshake_first`.']);
  });
});

describe('hover on TLS values and nested TLS keys', () => {
  test('an enumerated value of a TLS option', async () => {
    const { markdown, range } = await hoverText('tls { min_version: "1.|3" }\n');
    assert.equal(range, '0:19-0:24');
    assert.equal(markdown, '`1.3` · value of `min_version`\n\nOnly TLS 1.3; `cipher_suites` then has no effect.');
  });

  test('keys of ocsp_peer and certs use their option\'s descriptions', async () => {
    const ocsp = await hoverText('tls { ocsp_peer { warn_on|ly: true } }\n');
    includesAll(ocsp.markdown, ['**warn_only** · `tls.ocsp_peer.warn_only`', 'Log a revoked or unverifiable certificate instead of refusing the connection. Default: false.']);
    const certs = await hoverText('tls { certs: [ { cert_file: "a.p|em", key_file: "a.key" } ] }\n', { files: { '/conf/a.pem': 'PEM' } });
    includesAll(certs.markdown, ['**Certificate file** `a.pem`', '- **Resolved:** `/conf/a.pem`', '- **Status:** exists.']);
  });

  test('a relative certificate path in an untitled document without a base', async () => {
    const { markdown } = await hoverText('tls { cert_file: "se|rver.pem" }\n', { path: undefined });
    includesAll(markdown, ['- **Status:** not resolved: the document has no folder and `natsConf.paths.base` is not set.']);
  });

  test('a variable inside a cipher list is a variable hover', async () => {
    const { markdown } = await hoverText('SUITE: "TLS_AES_128_GCM_SHA256"\ntls { cipher_suites: [$SUI|TE] }\n');
    includesAll(markdown, ['**$SUITE** · variable', '- **Value:** `"TLS_AES_128_GCM_SHA256"`']);
  });
});

describe('hover on other keys', () => {
  test('a top-level key with our description', async () => {
    const { markdown, range } = await hoverText('por|t: 4222\n');
    assert.equal(range, '0:0-0:4');
    assert.equal(
      markdown,
      '**port** · top-level key\n\n' +
        'The port clients connect to. The default is 4222; `-1` picks a random free port (useful in tests).\n\n' +
        '- **Value:** an integer\n' +
        '- **Block:** the top level\n' +
        '- **Since:** v0.5.1 — available in the target, nats-server main (v2.15.0-dev)\n\n' +
        '[Documentation](https://docs.nats.io/running-a-nats-service/configuration)',
    );
  });

  test('an alias inside a block: config path, canonical name, block', async () => {
    const { markdown, range } = await hoverText('cluster { ne|t: "0.0.0.0" }\n');
    assert.equal(range, '0:10-0:13');
    includesAll(markdown, [
      '**net** · `cluster.net`',
      '`net` is another name for `host`.',
      'The network interface the route listener binds to.',
      '- **Value:** a string',
      '- **Block:** `cluster`',
      '- **Other names:** `host`',
    ]);
  });

  test('durations in words, aliases listed, deprecated forms named', async () => {
    const { markdown } = await hoverText('ping_inter|val: "2m"\n');
    includesAll(markdown, [
      'How often the server pings an idle client',
      '- **Value:** a duration such as `"30s"` or `"1m30s"` (a number of seconds still works, but is deprecated)',
    ]);
    const aliases = await hoverText('max_con|nections: 100\n');
    includesAll(aliases.markdown, ['- **Aliases:** `max_conn`', 'the default is 65,536']);
  });

  test('a tls key describes the connections its block secures', async () => {
    const { markdown } = await hoverText('mqtt { tl|s { } }\n');
    includesAll(markdown, ['**tls** · `mqtt.tls`', 'TLS for MQTT clients. Used as generated for the MQTT listener.', '- **Value:** a block `{ … }`']);
  });

  test('a key the target does not have yet', async () => {
    const { markdown } = await hoverText('logtime_u|tc: true\n', { settings: { serverVersion: '2.9' } });
    includesAll(markdown, ['- **Since:** v2.9.21 — **not in the target, nats-server v2.9.10**']);
  });

  test('an unknown key gets a short note with the server message and a suggestion', async () => {
    const { markdown, range } = await hoverText('cluster { rout|ez: [] }\n');
    assert.equal(range, '0:10-0:16');
    assert.equal(markdown, '**routez** · not a key of `cluster`\n\nnats-server rejects it: `unknown field "routez"`. Did you mean `routes`?');
  });

  test('a top-level key used as a variable is described as one', async () => {
    const { markdown } = await hoverText('CLIENT_PO|RT: 4222\nport: $CLIENT_PORT\n');
    assert.equal(markdown, '**CLIENT_PORT** · variable\n\nNot an option of the top level: a value the config refers to as `$CLIENT_PORT`.');
  });

  test('a freeform key says what the keys of that block are', async () => {
    const { markdown } = await hoverText('accounts { AC|ME: { } }\n');
    assert.equal(markdown, '**ACME** · account name in `accounts`');
  });

  test('every key with a description exists in its schema context', () => {
    for (const [contextId, keys] of Object.entries(KEY_DOCS)) {
      const context = contextById(contextId);
      assert.ok(context, `no context ${contextId}`);
      for (const name of Object.keys(keys)) {
        assert.equal(lookupName(context, name)?.key.name, name, `${contextId}.${name} is not a canonical key`);
      }
    }
  });
});

describe('hover on cipher suites and curves', () => {
  test('a secure default suite, quoted', async () => {
    const { markdown, range } = await hoverText('tls { cipher_suites: ["TLS_ECDHE_RSA_WITH_AES_128_GCM|_SHA256"] }\n');
    assert.equal(range, '0:22-0:61');
    assert.equal(
      markdown,
      '**TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256** · cipher suite\n\n' +
        'TLS 1.2 · key exchange ECDHE-RSA · AES-128-GCM with AEAD · code point `0xC02F` · OpenSSL: `ECDHE-RSA-AES128-GCM-SHA256`\n\n' +
        '- **Secure:** Go does not flag it as insecure.\n' +
        '- **Default:** in the list nats-server main (v2.15.0-dev) uses when `cipher_suites` is absent.',
    );
  });

  test('an insecure suite, unquoted: why, and what each release does with it', async () => {
    const main = await hoverText('tls { cipher_suites: [TLS_RSA_WITH_3DES|_EDE_CBC_SHA] }\n');
    assert.equal(main.range, '0:22-0:51');
    includesAll(main.markdown, [
      '- **Insecure:** RSA key exchange (no forward secrecy); 3DES, whose 64-bit blocks are open to Sweet32. nats-server main (v2.15.0-dev) rejects it unless `allow_insecure_cipher_suites: true` is set.',
      '- **Default:** not in the list',
    ]);
    const older = await hoverText('tls { cipher_suites: [TLS_RSA_WITH_3DES|_EDE_CBC_SHA] }\n', { settings: { serverVersion: '2.11' } });
    includesAll(older.markdown, ['nats-server 2.11.x accepts it; from 2.12 on it needs `allow_insecure_cipher_suites: true`.']);
  });

  test('a renamed suite names the spelling the target accepts', async () => {
    const main = await hoverText('tls { cipher_suites: ["TLS_ECDHE_RSA_WITH_CHACHA20_|POLY1305"] }\n');
    includesAll(main.markdown, [
      '- **Unknown to nats-server main (v2.15.0-dev)** (the target): this release spells it `TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256`.',
    ]);
    const old = await hoverText('tls { cipher_suites: ["TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_|SHA256"] }\n', { settings: { serverVersion: '2.9' } });
    includesAll(old.markdown, [
      '- **Unknown to nats-server v2.9.10** (the target): this release spells it `TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305`.',
    ]);
    const defaultThere = await hoverText('tls { cipher_suites: ["TLS_ECDHE_RSA_WITH_CHACHA20_|POLY1305"] }\n', { settings: { serverVersion: '2.9' } });
    includesAll(defaultThere.markdown, ['- **Default:** in the list nats-server v2.9.10 uses when `cipher_suites` is absent.']);
    excludesAll(defaultThere.markdown, ['Unknown']);
  });

  test('a wrong case and an unknown name', async () => {
    const cased = await hoverText('tls { cipher_suites: ["tls_ecdhe_rsa_with_aes_128_gcm|_sha256"] }\n');
    includesAll(cased.markdown, ['- **Wrong case:** names are case-sensitive; write `TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256`.']);
    const unknown = await hoverText('tls { cipher_suites: ["ECDHE-RSA-AES128-GCM|-SHA256"] }\n');
    assert.equal(
      unknown.markdown,
      '**ECDHE-RSA-AES128-GCM-SHA256** · cipher suite\n\n' +
        '**Unknown**: nats-server main (v2.15.0-dev) (the target) has no cipher suite of this name, so it rejects the configuration.\n\n' +
        'Did you mean `TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256` or `TLS_AES_128_GCM_SHA256`?',
    );
  });

  test('TLS 1.3 suites are accepted but change nothing', async () => {
    const { markdown } = await hoverText('tls { cipher_suites: [TLS_AES_128_GCM|_SHA256] }\n');
    includesAll(markdown, ['TLS 1.3 · key exchange negotiated separately', 'TLS 1.3 suites cannot be restricted: naming it is accepted and changes nothing.']);
  });

  test('a curve, its default position per target, and an unknown spelling', async () => {
    const main = await hoverText('tls { curve_preferences: ["X255|19"] }\n');
    assert.equal(main.range, '0:26-0:34');
    assert.equal(
      main.markdown,
      '**X25519** · curve (key exchange group)\n\n' +
        'Classic · code point `0x001D`\n\n' +
        'Elliptic-curve Diffie-Hellman over Curve25519. Fast, constant-time, and first in the classic default order.\n\n' +
        '- **Accepted** by nats-server main (v2.15.0-dev) (the target).\n' +
        '- **Default:** number 2 in the order nats-server main (v2.15.0-dev) prefers when `curve_preferences` is absent.',
    );
    const old = await hoverText('tls { curve_preferences: [X255|19] }\n', { settings: { serverVersion: '2.11' } });
    includesAll(old.markdown, ['- **Default:** number 1 in the order nats-server 2.11.x prefers']);
    const hybrid = await hoverText('tls { curve_preferences: [X25519MLKEM|768] }\n', { settings: { serverVersion: '2.11' } });
    includesAll(hybrid.markdown, ['- **Unknown to nats-server 2.11.x** (the target): first accepted by v2.12.0.']);
    const unknown = await hoverText('tls { curve_preferences: ["P2|56"] }\n');
    includesAll(unknown.markdown, ['**Unknown**: nats-server main (v2.15.0-dev) (the target) has no curve of this name', 'Did you mean `CurveP256`']);
  });
});

describe('hover on sizes and durations', () => {
  test('unquoted 1m on a duration key is a million seconds', async () => {
    const { markdown, range } = await hoverText('tls { timeout: 1|m }\n');
    assert.equal(range, '0:15-0:17');
    assert.equal(
      markdown,
      '**1,000,000** (unquoted `1m`: a size suffix, ×1,000,000)\n\n' +
        '`timeout` reads it as 1,000,000 seconds (11 days 13 hours 46 minutes 40 seconds). Write `"1m"` for 1 minute.',
    );
  });

  test('a size with a binary suffix', async () => {
    const { markdown, range } = await hoverText('max_payload: 1G|B\n');
    assert.equal(range, '0:13-0:16');
    assert.equal(markdown, '**1,073,741,824 bytes** (`1GB`: ×1,073,741,824, 1024³)\n\nThat is 1 GiB.');
  });

  test('a decimal suffix on a size and on a plain integer', async () => {
    const size = await hoverText('max_pending: 1|k\n');
    assert.equal(size.markdown, '**1,000 bytes** (`1k`: ×1,000, 1000¹)\n\nWrite `1kb` or `1ki` for powers of 1024.');
    const plain = await hoverText('tls { connection_rate_limit: 1|k }\n');
    assert.equal(plain.markdown, '**1,000** (unquoted `1k`: a size suffix, ×1,000)');
  });

  test('duration strings in seconds; a bad one explained', async () => {
    const { markdown, range } = await hoverText('lame_duck_duration: "2m3|0s"\n');
    assert.equal(range, '0:20-0:27');
    assert.equal(markdown, '**150 seconds** (2 minutes 30 seconds)');
    const bad = await hoverText('write_deadline: "5|d"\n');
    includesAll(bad.markdown, ['**Not a duration**', '"5d" uses the unknown unit "d"']);
  });

  test('a plain number of seconds on a deprecated-seconds key', async () => {
    const { markdown } = await hoverText('ping_interval: 12|0\n');
    assert.equal(markdown, '**120**\n\n`ping_interval` reads it as 120 seconds (2 minutes); a plain number is deprecated here, write a duration.');
  });

  test('a JetStream size string uses powers of 1024', async () => {
    const { markdown } = await hoverText('jetstream { max_file_store: "10|G" }\n');
    assert.equal(markdown, '**10,737,418,240 bytes** (`"10G"`: G = 1,073,741,824)\n\nThat is 10 GiB.');
  });

  test('plain values without anything to add have no hover', async () => {
    assert.equal(await hoverAt('port: 42|22\n'), undefined);
    assert.equal(await hoverAt('debug: tr|ue\n'), undefined);
    assert.equal(await hoverAt('# a comm|ent\nport: 1\n'), undefined);
  });

  test('durations in words', () => {
    assert.equal(humanDuration(60), '1 minute');
    assert.equal(humanDuration(150), '2 minutes 30 seconds');
    assert.equal(humanDuration(0.5), '0.5 seconds');
    assert.equal(humanDuration(3601), '1 hour 1 second');
  });
});

describe('hover on variables', () => {
  test('defined in the same file', async () => {
    const { markdown, range } = await hoverText('CLIENT_PORT: 4222\nport: $CLIENT|_PORT\n');
    assert.equal(range, '1:6-1:18');
    assert.equal(markdown, '**$CLIENT_PORT** · variable\n\n- **Defined** on line 1 of this file: `CLIENT_PORT`\n- **Value:** `4222`');
  });

  test('defined in an included file', async () => {
    const { markdown } = await hoverText('include "vars.conf"\ncluster { name: $CLUSTER|_NAME }\n', {
      files: { '/conf/vars.conf': '# shared\nCLUSTER_NAME: "east"\n' },
    });
    includesAll(markdown, ['- **Defined** in `/conf/vars.conf`, line 2: `CLUSTER_NAME`', '- **Value:** `"east"`']);
  });

  test('from the environment', async () => {
    const { markdown } = await hoverText('port: $NATS|_PORT\n', { env: { NATS_PORT: '4333' } });
    assert.equal(
      markdown,
      '**$NATS_PORT** · variable\n\n' +
        '- **From the environment:** no key `NATS_PORT` is in scope, so nats-server reads the environment variable.\n' +
        '- **Value:** `4333` (from the environment; read as an integer)',
    );
  });

  test('secrets are masked, by the variable name or by the key it is used for', async () => {
    const byName = await hoverText('ADMIN_PASSWORD: "hunter2"\nauthorization { user: admin, pass: $ADMIN|_PASSWORD }\n');
    includesAll(byName.markdown, ['- **Value:** `••••••` (hidden: the name looks like a secret)']);
    excludesAll(byName.markdown, ['hunter2']);
    const byKey = await hoverText('authorization { token: $TO|KE }\n', { env: { TOKE: 's3cr3t-value' } });
    includesAll(byKey.markdown, ['`••••••` (hidden: the name looks like a secret) (from the environment; read as a string)']);
    excludesAll(byKey.markdown, ['s3cr3t']);
  });

  test('an undefined variable explains itself', async () => {
    const { markdown } = await hoverText('port: $MISS|ING\n');
    includesAll(markdown, ['**$MISSING** · variable', '- **Unresolved:**']);
  });
});

describe('hover on paths', () => {
  test('an include: resolved file and status', async () => {
    const found = await hoverText('include "./ot|her.conf"\n', { files: { '/conf/other.conf': 'port: 1\ndebug: true\n' } });
    assert.equal(found.range, '0:8-0:22');
    assert.equal(
      found.markdown,
      '**include** `./other.conf`\n\n' +
        '- **File:** `/conf/other.conf`\n' +
        '- **Status:** found (2 top-level entries), merged in at this point.\n\n' +
        'nats-server resolves an include path against the folder of the file that contains the `include`.',
    );
    const missing = await hoverText('inc|lude missing.conf\n');
    includesAll(missing.markdown, ['- **File:** `/conf/missing.conf`', '- **Status:** not found.']);
  });

  test('a certificate path: resolved against the path base, with its status', async () => {
    const exists = await hoverText('tls {\n  cert_file: "./certs/ser|ver.pem"\n}\n', { files: { '/conf/certs/server.pem': 'PEM' } });
    assert.equal(exists.range, '1:13-1:33');
    assert.equal(
      exists.markdown,
      '**Certificate file** `./certs/server.pem`\n\n' +
        '- **Resolved:** `/conf/certs/server.pem`\n' +
        '- **Status:** exists.\n\n' +
        // what the file holds (certificateHover.test.ts covers real certificates)
        '**Content:** no PEM certificate.\n\n' +
        "nats-server resolves a relative path against its working directory, not this file's folder; `natsConf.paths.base` sets the folder used here.",
    );
    const based = await hoverText('tls { key_file: "key.p|em" }\n', { settings: { pathBase: '/srv/nats' } });
    includesAll(based.markdown, ['**Private key file** `key.pem`', '- **Resolved:** `/srv/nats/key.pem`', '- **Status:** not found.']);
    const absolute = await hoverText('cluster { tls { ca_file: "/etc/nats/c|a.pem" } }\n', { files: { '/etc/nats/ca.pem': 'PEM' } });
    assert.equal(absolute.markdown, '**CA certificates file** `/etc/nats/ca.pem`\n\n- **Resolved:** `/etc/nats/ca.pem`\n- **Status:** exists.\n\n**Content:** no certificate (nats-server: "failed to parse root ca certificate").');
  });

  test('the contents of a key file never appear', async () => {
    const { markdown } = await hoverText('tls { key_file: "k|.pem" }\n', { files: { '/conf/k.pem': '-----BEGIN PRIVATE KEY-----\nSECRETBYTES\n' } });
    excludesAll(markdown, ['SECRETBYTES', 'BEGIN']);
  });
});
