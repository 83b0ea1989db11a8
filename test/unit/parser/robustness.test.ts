import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { accepts, firstValue, kv, mapOf, parse, parseChecked, stringOf } from './helpers';
import type { MapValue, Value } from '../../../server/src/parser/ast';

const fixtures: Record<string, string> = {
  server: [
    '# NATS server',
    'port: 4222',
    'http_port = 8222',
    'server_name: "n1 \\"east\\"\\x41"',
    "listen 127.0.0.1:4222; max_payload: 1MB, max_pending: 64mib",
    'debug: true; trace: Off',
    'ping_interval: "2m"',
    'write_deadline: 10s // comment',
    'lame_duck_duration: 2016-01-02T03:04:05Z',
    'pi: 3.14',
    '',
    'PASS: $2a$11$W2zko751KUvVy59mUTWmpOdWjpEm5qhcCZRd05GjI/sSOT.xtiHyG',
    'authorization {',
    '  user: admin',
    '  password = $PASS',
    '  timeout: 1.5',
    '  users: [',
    '    { user: a, password: "x" }',
    "    { user: 'b c', permissions: { publish: [ \"a.>\", b.* ], subscribe: [] } }",
    '  ]',
    '}',
    'tls {',
    '  cert_file: "./certs/server.pem" # cert',
    "  key_file: './certs/key.pem'",
    '  ca_file: (',
    'line one',
    '  line two',
    ')',
    '  verify: yes',
    '  cipher_suites: [',
    '    TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,',
    '    TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,',
    '  ]',
    '  timeout: 2',
    '}',
    'include ./auth.conf',
    'include "other file.conf"',
    'cluster = {',
    '  name: "c 😀"',
    '  routes = [ nats-route://a:6222, nats-route://b:6222 ]',
    '  include \'routes.conf\'',
    '}',
    'jetstream: { max_mem: 10e, max_file: -1KB, store_dir: "/data" }',
    '"quoted key": 1',
    "'single key' = 2",
    '',
  ].join('\n'),
  json: '\ufeff{\r\n  "port": 4222,\r\n  "tls": { "cert_file": "a", "verify": true },\r\n  "routes": [ "a", "b" ],\r\n  "n": -12\r\n}\r\n',
  broken: [
    'port: 4222 x',
    'a { b: 1 c',
    '  d: [1, 2 3',
    '  e: "\\q',
    '}',
    '= oops',
    'f: .5',
    'g: (',
    'never closed',
    ') ',
    'include [',
    'h: 1kbb; i: 1K8',
    'j: 2016-13-45T10:00:00Z',
    'k\u0000l',
    'tls { verify: true # }',
    "m: 'unterminated",
  ].join('\n'),
};

/** Depth of nested maps through the first entry, computed without recursion. */
function mapDepth(value: Value | undefined): number {
  let depth = 0;
  let v = value;
  while (v && v.kind === 'map') {
    depth++;
    const first = (v as MapValue).entries[0];
    v = first && first.kind === 'keyValue' ? first.value : undefined;
  }
  return depth;
}

function arrayDepth(value: Value | undefined): number {
  let depth = 0;
  let v = value;
  while (v && v.kind === 'array') {
    depth++;
    v = v.elements[0];
  }
  return depth;
}

describe('robustness', () => {
  for (const [name, text] of Object.entries(fixtures)) {
    test(`every prefix of the ${name} fixture parses with consistent ranges`, () => {
      for (let n = 0; n <= text.length; n++) parseChecked(text.slice(0, n));
    });

    test(`every suffix of the ${name} fixture parses with consistent ranges`, () => {
      for (let n = 0; n <= text.length; n++) parseChecked(text.slice(n));
    });
  }

  test('the server fixture is valid as a whole', () => {
    const doc = accepts(fixtures.server);
    assert.ok(doc.entries.length > 10);
    const tls = mapOf(doc.entries.map((e) => (e.kind === 'keyValue' && e.key.name === 'tls' ? e.value : undefined)).find(Boolean));
    assert.ok(tls.entries.length >= 6);
  });

  test('random texts of significant characters never throw and keep consistent ranges', () => {
    const alphabet = [
      'a', 'b', 'k', 'e', 'x', '1', '0', '9', '-', '.', ' ', '\t', '\n', '\r', '\r\n', ':', '=', '{', '}', '[', ']',
      ',', ';', '"', "'", '#', '/', '//', '\\', '\\x4', '(', ')', '\n)', '$', 'T', 'Z', '\u0000', '\ufeff', '😀',
      '\ud800', 'include ', 'true', '2016-01-02T03:04:05Z', '1kb', '1.5', '127.0.0.1', '\u00a0',
    ];
    let seed = 0x9e3779b9;
    const random = (): number => {
      seed ^= seed << 13;
      seed ^= seed >>> 17;
      seed ^= seed << 5;
      return (seed >>> 0) / 0x100000000;
    };
    for (let i = 0; i < 3000; i++) {
      let text = '';
      const length = Math.floor(random() * 30);
      for (let j = 0; j < length; j++) text += alphabet[Math.floor(random() * alphabet.length)];
      parseChecked(text);
    }
  });

  const N = 100_000;

  test(`${N} nested maps (a { … }) parse without stack overflow`, () => {
    const doc = accepts('a {'.repeat(N) + '}'.repeat(N) + '\n');
    assert.equal(mapDepth(firstValue(doc, 'a')), N);
  });

  test(`${N} nested maps (a:{ … }) parse without stack overflow`, () => {
    const doc = accepts('a:{'.repeat(N) + '}'.repeat(N) + '\n');
    assert.equal(mapDepth(firstValue(doc, 'a')), N);
  });

  test(`${N} nested arrays parse without stack overflow`, () => {
    const doc = accepts('x: ' + '['.repeat(N) + ']'.repeat(N) + '\n');
    assert.equal(arrayDepth(firstValue(doc)), N);
  });

  test(`${N} unclosed nested maps and arrays parse without stack overflow`, () => {
    let doc = parseChecked('a {'.repeat(N));
    assert.ok(doc.errors.length > 0);
    assert.equal(mapDepth(firstValue(doc, 'a')), N);
    doc = parseChecked('x: ' + '['.repeat(N));
    assert.ok(doc.errors.length > 0);
  });

  const MB10 = 10 * 1024 * 1024;

  test('a 10 MB unquoted value on one line', () => {
    const doc = accepts(`x: ${'a'.repeat(MB10)}\n`);
    assert.equal(stringOf(firstValue(doc)).value.length, MB10);
  });

  test('a 10 MB quoted value on one line', () => {
    const doc = accepts(`x: "${'a'.repeat(MB10)}"\n`);
    assert.equal(stringOf(firstValue(doc)).value.length, MB10);
  });

  test('a 10 MB line of `k: v;` statements', () => {
    const count = Math.ceil(MB10 / 6);
    const text = 'k: v; '.repeat(count) + '\n';
    const doc = accepts(text);
    assert.equal(doc.entries.length, count);
    const last = kv(doc.entries[count - 1]);
    assert.equal(last.key.range.start.character, (count - 1) * 6);
    assert.equal(stringOf(last.value).value, 'v');
  });

  // How parse time grows with input size is measured by `npm run bench` (bench/parserScaling.ts),
  // not asserted here: timings on shared machines are too noisy for a test.
});
