import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CompletionItemTag, InsertTextFormat, type CompletionItem, type TextEdit } from 'vscode-languageserver-types';
import { analyzeAt, type CaretOptions } from './caret';
import { pemLabelClass } from '../../../server/src/services/pathCompletion';
import type { FakeFile } from '../analysis/helpers';

/** The items in the order an editor shows them before filtering: by sortText, then label. */
async function completeAt(marked: string, options: CaretOptions = {}): Promise<CompletionItem[]> {
  const { analysis, position, service } = await analyzeAt(marked, options);
  const result = await service.complete(analysis, position);
  assert.equal(result.isIncomplete, false);
  return [...result.items].sort((a, b) => (a.sortText ?? a.label).localeCompare(b.sortText ?? b.label) || a.label.localeCompare(b.label));
}

const labels = (items: CompletionItem[]) => items.map((item) => item.label);
const edit = (item: CompletionItem | undefined) => item?.textEdit as TextEdit;
const find = (items: CompletionItem[], label: string) => {
  const found = items.find((item) => item.label === label);
  assert.ok(found, `no item ${label} in ${labels(items).join(', ')}`);
  return found;
};

const CERT = '-----BEGIN CERTIFICATE-----\n(placeholder, not a real certificate)\n-----END CERTIFICATE-----\n';
const KEY = '-----BEGIN PRIVATE KEY-----\n(placeholder, not a real key)\n-----END PRIVATE KEY-----\n';

/** A config folder with certificates, keys, a hidden folder and node_modules. */
const FILES: Record<string, FakeFile> = {
  '/conf/certs/server-cert.pem': CERT,
  '/conf/certs/server-key.pem': KEY,
  '/conf/certs/ca.pem': CERT,
  '/conf/certs/old/legacy.pem': CERT,
  '/conf/client.pem': KEY,
  '/conf/root-ca.crt': CERT,
  '/conf/bundle.p12': 'binary',
  '/conf/README.md': '# notes',
  '/conf/extra.conf': 'debug: true\n',
  '/conf/.git/config': '[core]',
  '/conf/.secrets/key.pem': KEY,
  '/conf/node_modules/pkg/cert.pem': CERT,
};

describe('completion: keys', () => {
  test('root tls block: TLS options in the server order, minus the keys present', async () => {
    const items = await completeAt('tls {\n  cert_file: "a.pem"\n  verify: true\n  |\n}\n');
    assert.deepEqual(labels(items), [
      'key_file', 'ca_file', 'verify_and_map', 'verify_cert_and_check_known_urls', 'allow_insecure_cipher_suites',
      'cipher_suites', 'curve_preferences', 'timeout', 'connection_rate_limit', 'pinned_certs', 'cert_store',
      'cert_match_by', 'cert_match', 'ca_certs_match', 'handshake_first', 'cert_match_skip_invalid', 'ocsp_peer',
      'certs', 'min_version',
      // no effect on a listener: offered last
      'insecure',
    ]);
    assert.match(find(items, 'insecure').detail ?? '', /no effect here/);
  });

  test('snippets follow the value shape; detail is the kind, documentation the TLS knowledge', async () => {
    const items = await completeAt('tls {\n  |\n}\n');
    const snippet = (label: string) => {
      const item = find(items, label);
      assert.equal(item.insertTextFormat, InsertTextFormat.Snippet);
      return edit(item).newText;
    };
    assert.equal(snippet('verify'), 'verify: ${1|true,false|}');
    assert.equal(snippet('cipher_suites'), 'cipher_suites: [ "$1" ]');
    assert.equal(snippet('cert_file'), 'cert_file: "$1"');
    assert.equal(snippet('timeout'), 'timeout: ${1:2}');
    assert.equal(snippet('min_version'), 'min_version: "${1|1.2,1.3|}"');
    assert.equal(snippet('certs'), 'certs: [\n\t{\n\t\t$0\n\t}\n]');
    // Path and list values have completions of their own: the list opens again at once.
    assert.equal(find(items, 'cert_file').command?.command, 'editor.action.triggerSuggest');
    assert.equal(find(items, 'cipher_suites').command?.command, 'editor.action.triggerSuggest');
    assert.equal(find(items, 'verify').command, undefined);
    const verify = find(items, 'verify');
    assert.equal(verify.detail, 'boolean');
    const documentation = verify.documentation as { kind: string; value: string };
    assert.equal(documentation.kind, 'markdown');
    assert.match(documentation.value, /client certificate/);
    assert.match(documentation.value, /verify: true/);
  });

  test('a block key opens a block', async () => {
    const items = await completeAt('|');
    assert.equal(edit(find(items, 'tls')).newText, 'tls {\n\t$0\n}');
    assert.equal(edit(find(items, 'cluster')).newText, 'cluster {\n\t$0\n}');
    assert.equal(edit(find(items, 'port')).newText, 'port: $1');
    assert.equal(edit(find(items, 'server_name')).newText, 'server_name: "$1"');
    const port = find(items, 'port');
    assert.equal(port.detail, 'integer');
    assert.match((port.documentation as { value: string }).value, /since nats-server v0\.5\.1/);
  });

  test('an empty file offers the top-level keys; aliases are not offered twice', async () => {
    const items = await completeAt('|');
    assert.deepEqual(labels(items).slice(0, 6), ['listen', 'client_advertise', 'port', 'server_name', 'host', 'debug']);
    assert.ok(!labels(items).includes('net'), 'net is an alias of host');
    assert.ok(!labels(items).includes('leaf'), 'leaf is an alias of leafnodes');
  });

  test('cluster block keys, minus the present port', async () => {
    const items = await completeAt('cluster {\n  port: 6222\n  |\n}\n');
    assert.deepEqual(labels(items).slice(0, 8), ['name', 'listen', 'host', 'authorization', 'routes', 'tls', 'advertise', 'no_advertise']);
    assert.ok(!labels(items).includes('port'));
  });

  test('a leaf node remote (array element) and an account user have their own keys', async () => {
    const remote = await completeAt('leafnodes {\n  remotes: [\n    { url: "nats://hub:7422", | }\n  ]\n}\n');
    assert.deepEqual(labels(remote).slice(0, 5), ['no_randomize', 'account', 'credentials', 'nkey', 'tls']);
    assert.ok(!labels(remote).includes('url'));
    const user = await completeAt('accounts {\n  A {\n    users: [\n      { user: a, | }\n    ]\n  }\n}\n');
    assert.deepEqual(labels(user), ['nkey', 'pass', 'permissions', 'allowed_connection_types', 'proxy_required']);
  });

  test('after a partial key the edit replaces the typed word, and the key itself is offered', async () => {
    const items = await completeAt('tls {\n  ver|\n  cert_file: "a"\n}\n');
    const verify = find(items, 'verify');
    assert.deepEqual(edit(verify).range, { start: { line: 1, character: 2 }, end: { line: 1, character: 5 } });
    assert.ok(!labels(items).includes('cert_file'));
  });

  test('on the key of a written line only the name is replaced', async () => {
    const items = await completeAt('tls {\n  ver|ify: true\n}\n');
    const verify = find(items, 'verify');
    assert.equal(edit(verify).newText, 'verify');
    assert.equal(verify.insertTextFormat, undefined);
    assert.deepEqual(edit(verify).range, { start: { line: 1, character: 2 }, end: { line: 1, character: 8 } });
  });

  test('keys newer than the target release are not offered', async () => {
    const old = labels(await completeAt('tls {\n  |\n}\n', { settings: { serverVersion: '2.9' } }));
    assert.ok(!old.includes('min_version'), 'min_version came in 2.10.21');
    assert.ok(!old.includes('handshake_first'));
    assert.ok(old.includes('verify'));
    const latest = labels(await completeAt('tls {\n  |\n}\n', { settings: { serverVersion: 'latest' } }));
    assert.ok(latest.includes('min_version'));
    assert.ok(latest.includes('handshake_first'));
  });

  test('no completion in comments or in freeform blocks', async () => {
    assert.deepEqual(await completeAt('# tls |\n'), []);
    assert.deepEqual(await completeAt('accounts {\n  |\n}\n'), []);
  });
});

describe('completion: values', () => {
  test('booleans for a boolean key', async () => {
    const items = await completeAt('tls {\n  verify: |\n}\n');
    assert.deepEqual(labels(items), ['true', 'false']);
    assert.equal(edit(find(items, 'true')).newText, 'true');
    assert.equal(find(items, 'false').detail, 'default');
  });

  test('min_version offers quoted versions, inside quotes the bare text', async () => {
    const outside = await completeAt('tls {\n  min_version: |\n}\n');
    assert.deepEqual(labels(outside), ['1.2', '1.3']);
    assert.equal(edit(find(outside, '1.3')).newText, '"1.3"');
    const inside = await completeAt('tls {\n  min_version: "1|"\n}\n');
    assert.equal(edit(find(inside, '1.3')).newText, '1.3');
    assert.deepEqual(edit(find(inside, '1.3')).range, { start: { line: 1, character: 16 }, end: { line: 1, character: 17 } });
  });

  test('cert_match_by and handshake_first forms', async () => {
    assert.deepEqual(labels(await completeAt('tls {\n  cert_match_by: |\n}\n')), ['Subject', 'Issuer', 'Thumbprint']);
    const handshake = await completeAt('tls {\n  handshake_first: |\n}\n');
    assert.deepEqual(labels(handshake), ['true', 'on', 'false', 'off', 'auto', 'auto_fallback']);
    assert.equal(edit(find(handshake, 'auto')).newText, '"auto"');
    assert.equal(edit(find(handshake, 'on')).newText, 'on');
  });

  test('schema enum values elsewhere', async () => {
    const items = await completeAt('jetstream: |\n');
    assert.deepEqual(labels(items), ['enabled', 'enable', 'disabled', 'disable', 'true', 'false']);
    assert.equal(edit(find(items, 'enabled')).newText, '"enabled"');
  });

  test('ciphers inside quotes: secure first, listed ones left out, the quoted text replaced', async () => {
    const items = await completeAt('tls {\n  cipher_suites: [ "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_E|CDHE" ]\n}\n', { settings: { serverVersion: '2.11' } });
    assert.deepEqual(labels(items).slice(0, 5), [
      'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256',
      'TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305',
      'TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305',
      'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384',
      'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384',
    ]);
    assert.ok(!labels(items).includes('TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256'));
    const first = edit(items[0]);
    assert.equal(first.newText, 'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256');
    // The whole quoted content, not only the part before the cursor.
    assert.deepEqual(first.range, { start: { line: 1, character: 61 }, end: { line: 1, character: 70 } });
    // Insecure suites come last and are struck through.
    const last = items[items.length - 1];
    assert.deepEqual(last.tags, [CompletionItemTag.Deprecated]);
    assert.ok(items.findIndex((item) => item.tags) > items.findIndex((item) => item.label === 'TLS_AES_128_GCM_SHA256'));
  });

  test('ciphers outside quotes are inserted quoted', async () => {
    const items = await completeAt('tls {\n  cipher_suites: [\n    |\n  ]\n}\n');
    assert.equal(edit(items[0]).newText, `"${items[0].label}"`);
    assert.ok(items[0].tags === undefined);
  });

  test('the CHACHA20 spelling follows the target', async () => {
    const old = labels(await completeAt('tls {\n  cipher_suites: [ | ]\n}\n', { settings: { serverVersion: '2.11' } }));
    assert.ok(old.includes('TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305'));
    assert.ok(!old.includes('TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256'));
    const current = await completeAt('tls {\n  cipher_suites: [ | ]\n}\n', { settings: { serverVersion: '2.12' } });
    assert.ok(labels(current).includes('TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256'));
    assert.ok(!labels(current).includes('TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305'));
    assert.match(find(current, 'TLS_RSA_WITH_AES_128_GCM_SHA256').detail ?? '', /allow_insecure_cipher_suites/);
  });

  test('curves: the default order first, listed ones left out, newer names only for newer targets', async () => {
    const latest = await completeAt('tls {\n  curve_preferences: [ "X25519", "|" ]\n}\n');
    assert.deepEqual(labels(latest), ['X25519MLKEM768', 'CurveP256', 'CurveP384', 'CurveP521', 'SecP256r1MLKEM768', 'SecP384r1MLKEM1024']);
    const old = await completeAt('tls {\n  curve_preferences: [ | ]\n}\n', { settings: { serverVersion: '2.9' } });
    assert.deepEqual(labels(old), ['X25519', 'CurveP256', 'CurveP384', 'CurveP521']);
    assert.equal(edit(old[0]).newText, '"X25519"');
  });
});

describe('completion: paths', () => {
  test('cert_file: folders and files of the config folder, certificates first', async () => {
    const items = await completeAt('tls {\n  cert_file: "./|"\n}\n', { files: FILES });
    assert.deepEqual(labels(items), ['root-ca.crt', 'certs/', 'client.pem', 'bundle.p12', 'extra.conf', 'README.md']);
    assert.equal(find(items, 'certs/').command?.command, 'editor.action.triggerSuggest');
    assert.equal(find(items, 'root-ca.crt').detail, 'PEM certificate');
    assert.equal(find(items, 'client.pem').detail, 'PEM private key');
    assert.deepEqual(edit(find(items, 'certs/')).range, { start: { line: 1, character: 16 }, end: { line: 1, character: 16 } });
  });

  test('key_file ranks keys first; the second segment completes inside the folder', async () => {
    const top = await completeAt('tls {\n  key_file: ./|\n}\n', { files: FILES });
    assert.equal(top[0].label, 'client.pem');
    const items = await completeAt('tls {\n  key_file: "./certs/ser|"\n}\n', { files: FILES });
    assert.deepEqual(labels(items), ['server-key.pem', 'old/', 'ca.pem', 'server-cert.pem']);
    // The edit covers the segment only: `./certs/` stays.
    assert.deepEqual(edit(items[0]).range, { start: { line: 1, character: 21 }, end: { line: 1, character: 24 } });
    assert.equal(edit(items[0]).newText, 'server-key.pem');
  });

  test('ca_file from an absolute path, relative paths against the configured base', async () => {
    const absolute = await completeAt('tls {\n  ca_file: "/conf/certs/|"\n}\n', { files: FILES, path: undefined });
    assert.deepEqual(labels(absolute), ['ca.pem', 'server-cert.pem', 'old/', 'server-key.pem']);
    const based = await completeAt('tls {\n  ca_file: "|"\n}\n', { files: FILES, path: '/elsewhere/main.conf', settings: { pathBase: '/conf/certs' } });
    assert.deepEqual(labels(based), ['ca.pem', 'server-cert.pem', 'old/', 'server-key.pem']);
  });

  test('hidden folders and node_modules are not offered, unless a dot is typed', async () => {
    const items = labels(await completeAt('tls {\n  cert_file: "|"\n}\n', { files: FILES }));
    assert.ok(!items.includes('.git/') && !items.includes('.secrets/') && !items.includes('node_modules/'), items.join(', '));
    const dotted = labels(await completeAt('tls {\n  cert_file: ".|"\n}\n', { files: FILES }));
    assert.ok(dotted.includes('./') && dotted.includes('../') && dotted.includes('.secrets/'), dotted.join(', '));
    assert.ok(!dotted.includes('node_modules/'));
  });

  test('include: .conf files first, relative to the config file, never itself', async () => {
    const items = await completeAt('include "./|"\n', { files: { ...FILES, '/conf/main.conf': '' } });
    assert.deepEqual(labels(items).slice(0, 2), ['extra.conf', 'certs/']);
    assert.ok(!labels(items).includes('main.conf'));
    const bare = await completeAt('include |\n', { files: FILES });
    assert.equal(bare[0].label, 'extra.conf');
  });

  test('the PEM sniffer reads labels only', () => {
    assert.equal(pemLabelClass(CERT), 'certificate');
    assert.equal(pemLabelClass(KEY), 'key');
    assert.equal(pemLabelClass('-----BEGIN EC PRIVATE KEY-----\n'), 'key');
    assert.equal(pemLabelClass('-----BEGIN ENCRYPTED PRIVATE KEY-----\n'), 'encrypted-key');
    assert.equal(pemLabelClass('-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\n'), 'encrypted-key');
    assert.equal(pemLabelClass('-----BEGIN CERTIFICATE REQUEST-----\n'), 'pem');
    assert.equal(pemLabelClass('hello'), undefined);
  });

  test('at most a bounded number of files are read to rank them', async () => {
    const many: Record<string, FakeFile> = {};
    for (let i = 0; i < 300; i++) many[`/conf/many/f${i}.pem`] = CERT;
    const { analysis, position, service } = await analyzeAt('tls {\n  cert_file: "many/|"\n}\n', { files: many });
    const items = (await service.complete(analysis, position)).items;
    assert.equal(items.length, 300);
    assert.equal(items.filter((item) => item.detail === 'PEM certificate').length, 200);
  });
});

describe('completion: variables', () => {
  test('$ offers the keys set before the cursor in the enclosing blocks, innermost first', async () => {
    const items = await completeAt('a: 1\nadmin_password: hunter2\ncluster {\n  b: "two"\n  port: $|\n}\nlater: 3\n');
    assert.deepEqual(labels(items), ['$b', '$a', '$admin_password']);
    assert.equal(find(items, '$b').detail, '"two"');
    assert.equal(find(items, '$a').detail, '1');
    assert.equal(find(items, '$admin_password').detail, '•••••• (hidden)');
    assert.deepEqual(edit(find(items, '$a')).range, { start: { line: 4, character: 8 }, end: { line: 4, character: 9 } });
    assert.equal(edit(find(items, '$a')).newText, '$a');
  });

  test('the block being written is not in scope, environment variables are never listed', async () => {
    const items = await completeAt('x: 1\ncluster {\n  port: $x|\n}\n', { env: { HOME: '/root', TOKEN: 'secret' } });
    assert.deepEqual(labels(items), ['$x']);
    assert.deepEqual(edit(items[0]).range, { start: { line: 2, character: 8 }, end: { line: 2, character: 10 } });
  });

  test('keys of an included file, and inside arrays', async () => {
    const files: Record<string, FakeFile> = { '/conf/vars.conf': 'port_number: 4222\n' };
    const items = await completeAt('include ./vars.conf\nlisten_list: [ $| ]\n', { files });
    assert.deepEqual(labels(items), ['$port_number']);
    assert.equal(items[0].detail, '4222');
  });

  test('a value from another variable shows the resolved value', async () => {
    const items = await completeAt('a: "x"\nb: $a\nc: $|\n');
    assert.equal(find(items, '$b').detail, '"x"');
  });
});

describe('completion: robustness', () => {
  test('every position of a config with every kind of block answers without throwing', async () => {
    const { readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    // The bundle runs from out/test/unit/services; fixtures stay in the source tree.
    const text = readFileSync(join(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'tls', 'accept-all-contexts.conf'), 'utf8');
    const { analysis, service } = await analyzeAt(`|${text}`, { files: FILES });
    const lines = text.split('\n');
    for (let line = 0; line < lines.length; line++) {
      for (let character = 0; character <= lines[line].length; character++) {
        const result = await service.complete(analysis, { line, character });
        assert.ok(Array.isArray(result.items));
      }
    }
  });
});

describe('keys already written, read around a half-typed word', () => {
  /** Many sibling blocks before and after, so only the part around the cursor is read again. */
  const padding = (prefix: string) =>
    Array.from({ length: 40 }, (_, i) => `  ${prefix}${i} {\n    jetstream: enabled\n    users: [ { user: u${i}, password: p${i} } ]\n  }\n`).join('');
  const embed = (block: string) => `port: 4222\naccounts {\n${padding('A')}${block}${padding('B')}}\ndebug: true\n`;

  const cases: Record<string, string> = {
    'a word that swallows the next line': '  ACC {\n    ver|\n    jetstream: enabled\n    users: []\n  }\n',
    'editing the key of a line with a value': '  ACC {\n    jet|stream: enabled\n    users: []\n    exports: []\n  }\n',
    'a key on a line that also holds others': '  ACC {\n    users: [ { us|er: v, password: q, permissions: {} } ]\n  }\n',
    'after several keys': '  ACC {\n    jetstream: enabled\n    users: []\n    exports: []\n    imports: []\n    mappings: {}\n    de|\n    limits: {}\n  }\n',
  };
  for (const [name, block] of Object.entries(cases)) {
    test(`${name}: the same items in a small and a large document`, async () => {
      const small = labels(await completeAt(`accounts {\n${block}}\n`));
      const large = labels(await completeAt(embed(block)));
      assert.deepEqual(large, small);
    });
  }

  test('a half-typed top-level key among many entries keeps the written ones out', async () => {
    const entries = Array.from({ length: 300 }, (_, i) => `# note ${i}\n`).join('');
    const items = labels(await completeAt(`port: 4222\n${entries}ser|\n${entries}debug: true\nhttp_port: 8222\n`));
    assert.ok(items.includes('server_name'));
    assert.ok(!items.includes('port'));
    assert.ok(!items.includes('debug'));
    assert.ok(!items.includes('http_port'));
  });

  test('a word right before the next line is still read as blanked: that line\'s key counts as written', async () => {
    const items = labels(await completeAt(embed('  ACC {\n    ver|\n    jetstream: enabled\n  }\n')));
    assert.ok(!items.includes('jetstream'));
    assert.ok(items.includes('users'));
  });
});

describe('a very long line', () => {
  test('comments and quotes are read the same at the end of a long line', async () => {
    const long = 'x'.repeat(100_000);
    assert.deepEqual(await completeAt(`tls { cert_file: "${long}" # ver|\n}\n`), []);
    const items = labels(await completeAt(`tls { cert_file: "a" }\ntls2: "${long}"\ntls {\n  ver|\n}\n`));
    assert.ok(items.includes('verify'));
  });
});
