import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  accepts, assertSpan, firstValue, integerOf, kv, mapOf, plain, rangeOf, rejects, spanOf, stringOf, SyntaxCode, warns,
} from './helpers';
import { KeyValueNode, PositionMapper, StringNode } from '../../../server/src/parser/nodes';

describe('keys', () => {
  test('an unquoted key runs up to a space, = or :', () => {
    for (const text of ['name: 1\n', 'name=1\n', 'name 1\n', 'name\t1\n']) {
      const doc = accepts(text);
      const key = kv(doc.entries[0]).key;
      assert.equal(key.kind, 'key');
      assert.equal(key.name, 'name');
      assert.equal(key.quote, undefined);
      assertSpan(text, key, [0, 4], `key of ${JSON.stringify(text)}`);
    }
  });

  test('every other character belongs to an unquoted key', () => {
    const text = 'a[b-c$d"e{f}g.h/i#j: 1\n';
    const doc = accepts(text);
    const key = kv(doc.entries[0]).key;
    assert.equal(key.name, 'a[b-c$d"e{f}g.h/i#j');
    assertSpan(text, key, [0, 19], 'key');
  });

  test('indented keys start at their first character', () => {
    const text = '  \t port: 1\n';
    const doc = accepts(text);
    assertSpan(text, kv(doc.entries[0]).key, spanOf(text, 'port'), 'key');
    assertSpan(text, doc.entries[0], spanOf(text, 'port: 1'), 'keyValue');
  });

  test('`tls{` is a key named `tls{`', () => {
    const doc = rejects('tls{ cert_file: "x" }\n', SyntaxCode.expectedValueEnd, 1, { at: 16 });
    assert.equal(kv(doc.entries[0]).key.name, 'tls{');
  });

  test('`tls={…}` and `tls:{…}` are maps', () => {
    for (const text of ['tls={ a: 1 }\n', 'tls:{ a: 1 }\n']) {
      const doc = accepts(text);
      const e = kv(doc.entries[0]);
      assert.equal(e.key.name, 'tls');
      assert.deepEqual(plain(e.value), { map: [['a', { integer: 1 }]] });
      assertSpan(text, e.value, spanOf(text, '{ a: 1 }'), 'map');
    }
  });

  test('quoted keys may hold spaces, : and =, and keep their quotes in the range', () => {
    const text = '"my key": 1\n\'a:b=c\': 2\n"a b" = 3\n';
    const doc = accepts(text);
    assert.deepEqual(doc.entries.map((e) => [kv(e).key.name, kv(e).key.quote]), [
      ['my key', '"'],
      ['a:b=c', "'"],
      ['a b', '"'],
    ]);
    assertSpan(text, kv(doc.entries[0]).key, spanOf(text, '"my key"'), 'double-quoted key');
    assertSpan(text, kv(doc.entries[1]).key, spanOf(text, "'a:b=c'"), 'single-quoted key');
    assertSpan(text, doc.entries[2], spanOf(text, '"a b" = 3'), 'keyValue with a quoted key');
  });

  test('quoted keys in maps', () => {
    const text = 'a { "k y": 1, \'k:z\': 2 }\n';
    const doc = accepts(text);
    const m = mapOf(firstValue(doc, 'a'));
    assert.deepEqual(m.entries.map((e) => kv(e).key.name), ['k y', 'k:z']);
    assertSpan(text, kv(m.entries[1]).key, spanOf(text, "'k:z'"), 'key');
  });

  test('quoted keys have no escapes', () => {
    // `"a\"b"` is the key `a\` followed by the value `b":`, then a stray `1`.
    const text = '"a\\"b": 1\n';
    const doc = rejects(text, SyntaxCode.expectedValueEnd, 1, { at: 8 });
    assert.equal(kv(doc.entries[0]).key.name, 'a\\');
    const doc2 = accepts('"a\\tb": 1\n');
    assert.equal(kv(doc2.entries[0]).key.name, 'a\\tb');
  });

  test('a quoted key followed by a value without separator', () => {
    const text = '"port" 4222\n';
    const doc = accepts(text);
    assert.equal(integerOf(firstValue(doc, 'port')).value, 4222);
    assertSpan(text, doc.entries[0], [0, 11], 'keyValue');
  });

  test('dotted keys are plain names', () => {
    const doc = accepts('a.b: 1\n');
    assert.equal(kv(doc.entries[0]).key.name, 'a.b');
    assert.equal(doc.entries.length, 1);
  });

  test('keys are kept as written (case, duplicates)', () => {
    const doc = accepts('TLS: 1\ntls: 2\ntls: 3\n');
    assert.deepEqual(doc.entries.map((e) => kv(e).key.name), ['TLS', 'tls', 'tls']);
  });

  test('unterminated quoted keys at the top level', () => {
    rejects('"abc', SyntaxCode.unexpectedEof, 1);
    rejects("'abc", SyntaxCode.unexpectedEof, 1);
    rejects('a: 1\n"abc\n\n', SyntaxCode.unexpectedEof, 4);
  });

  test('unterminated keys in a map', () => {
    rejects('a { "abc', SyntaxCode.unterminatedMapKey, 1);
    rejects("a { 'abc", SyntaxCode.unterminatedMapKey, 1);
    rejects('a { abc', SyntaxCode.unterminatedMapKey, 1);
    rejects('a {\n "abc\n', SyntaxCode.unterminatedMapKey, 3);
  });

  test('a map key that starts with ]', () => {
    rejects('a { ] }\n', SyntaxCode.arrayEndInMap, 1, { at: 4 });
    rejects('a {\n x: 1\n ]\n}\n', SyntaxCode.arrayEndInMap, 3, { at: 11 });
  });

  test('a key without value in a map, then EOF', () => {
    rejects('a { x\n', SyntaxCode.mapValueEnd, 2);
    rejects('a { x:', SyntaxCode.mapValueEnd, 1);
    rejects('a { x: ', SyntaxCode.mapValueEnd, 1);
  });

  test("a key without value before its map's `}` parses, with a warning on the key (nats-server gives it the map)", () => {
    for (const text of ['tls { verify }\n', 'tls { verify: }\n', 'tls {\n  verify\n}\n', 'a { b { c: 1, x } }\n', 'u: [ { user: a, x } ]\n']) {
      const doc = warns(text, [SyntaxCode.keyWithoutValue]);
      const warning = doc.errors[0];
      const name = text.includes('verify') ? 'verify' : 'x';
      const [start, end] = spanOf(text, name);
      assert.deepEqual(JSON.parse(JSON.stringify(warning.range)), rangeOf(text, start, end), `warning of ${JSON.stringify(text)}`);
      assert.match(warning.message, new RegExp(`^'${name}' has no value\\. nats-server keeps it waiting .* this whole map`));
    }
    // The key an error cut short has nothing to take: no warning for it.
    const cut = rejects('tls { verify: , }\n', SyntaxCode.mapLeadingComma, 1);
    assert.deepEqual(cut.errors.map((problem) => problem.code), [SyntaxCode.mapLeadingComma]);
  });

  test('a key (and an unquoted value) glued to a quote is one token', () => {
    const text = 'ab"cd: 1\n';
    const doc = accepts(text);
    assert.equal(kv(doc.entries[0]).key.name, 'ab"cd');
    assert.equal(stringOf(firstValue(accepts('k: ab"cd\n'), 'k')).value, 'ab"cd');
  });
});

describe('the key and separator kept in one field', () => {
  test('quote, separator kind and place read back as set; the key ends after its name and quotes', () => {
    const lines = new PositionMapper([0]);
    for (const quote of [undefined, '"', "'"] as const) {
      const entry = new KeyValueNode(lines, 0, 'name', quote);
      assert.equal(entry.keyQuote, quote);
      assert.equal(entry.keyEnd, quote ? 6 : 4);
      assert.deepEqual([entry.key.start, entry.key.end], [0, quote ? 6 : 4]);
      assert.equal(entry.separatorAt, -1);
      assert.equal(entry.separator, undefined);
      entry.separatorAt = 7;
      entry.separatorText = '=';
      assert.deepEqual([entry.keyQuote, entry.separatorAt, entry.separatorText], [quote, 7, '=']);
      assert.equal(entry.key.quote, quote);
      const separator = (entry as { separator?: { start: number; end: number; text: string } }).separator;
      assert.deepEqual([separator?.start, separator?.end, separator?.text], [7, 8, '=']);
      entry.separatorText = ':';
      assert.deepEqual([entry.keyQuote, entry.separatorAt, entry.separatorText], [quote, 7, ':']);
      // Right after the key, and no separator again.
      entry.separatorAt = 6;
      assert.equal(entry.separatorAt, 6);
      // Moving the entry moves its key end and separator with it.
      entry.start = 100;
      assert.deepEqual([entry.keyEnd, entry.separatorAt], [quote ? 106 : 104, 106]);
      entry.start = 0;
      entry.separatorAt = -1;
      assert.equal(entry.separatorAt, -1);
      assert.equal(entry.keyQuote, quote);
    }
  });

  test('a separator too far from its key for the small field is kept on the side', () => {
    const entry = new KeyValueNode(new PositionMapper([0]), 10, 'abc', "'");
    const far = 15 + 2 ** 28 + 5;
    entry.separatorAt = far;
    entry.separatorText = '=';
    assert.deepEqual([entry.separatorAt, entry.separatorText, entry.keyQuote], [far, '=', "'"]);
    // Near again: the side entry no longer counts.
    entry.separatorAt = 20;
    assert.deepEqual([entry.separatorAt, entry.separatorText, entry.keyQuote], [20, '=', "'"]);
    entry.separatorAt = far + 1;
    assert.equal(entry.separatorAt, far + 1);
  });
});

describe('where an entry ends', () => {
  test('with its value, else after its separator, else with its key, also after the value changes', () => {
    const text = 'a: "xyz"\n';
    const entry = kv(accepts(text).entries[0]) as unknown as KeyValueNode;
    assert.equal(entry.end, 8);
    const lines = new PositionMapper([0], 'k = ');
    const bare = new KeyValueNode(lines, 0, 'k', undefined);
    assert.equal(bare.end, 1);
    bare.separatorAt = 2;
    assert.equal(bare.end, 3);
    bare.value = new StringNode(lines, 4, 9, 'later', 'unquoted') as unknown as KeyValueNode['value'];
    assert.equal(bare.end, 9);
    (bare.value as { end: number }).end = 12;
    assert.equal(bare.end, 12);
  });
});
