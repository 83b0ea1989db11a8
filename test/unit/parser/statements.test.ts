import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  accepts, assertSpan, at, firstValue, integerOf, kv, mapOf, plain, rejects, spanOf, stringOf, SyntaxCode, warns, pos,
} from './helpers';

describe('separators', () => {
  for (const [name, text, sep] of [
    ['=', 'port = 4222\n', '='],
    [':', 'port: 4222\n', ':'],
    ['none', 'port 4222\n', undefined],
    ['none, with a TAB', 'port\t4222\n', undefined],
    ['glued colon', 'port:4222\n', ':'],
    ['glued equals', 'port=4222\n', '='],
    ['colon after spaces', 'port  :  4222\n', ':'],
  ] as const) {
    test(`separator ${name}`, () => {
      const doc = accepts(text);
      assert.equal(doc.entries.length, 1);
      const e = kv(doc.entries[0]);
      assertSpan(text, e.key, spanOf(text, 'port'), 'key');
      assert.equal(e.key.name, 'port');
      assert.equal(e.key.quote, undefined);
      if (sep === undefined) {
        assert.equal(e.separator, undefined);
      } else {
        assert.equal(e.separator?.kind, 'separator');
        assert.equal(e.separator?.text, sep);
        assertSpan(text, e.separator, spanOf(text, sep), 'separator');
      }
      const v = integerOf(e.value);
      assert.equal(v.value, 4222);
      assertSpan(text, v, spanOf(text, '4222'), 'value');
      assertSpan(text, e, [0, v.end], 'keyValue');
    });
  }

  test('key, newline, value', () => {
    const text = 'port\n4222\n';
    const doc = accepts(text);
    const e = kv(doc.entries[0]);
    assert.equal(e.separator, undefined);
    assertSpan(text, e.value, [5, 9], 'value');
    assertSpan(text, e, [0, 9], 'keyValue spanning two lines');
  });

  test('key, newline, separator and value', () => {
    const text = 'port\n: 4222\n';
    const doc = accepts(text);
    const e = kv(doc.entries[0]);
    assertSpan(text, e.separator, [5, 6], 'separator on line 2');
    assert.equal(integerOf(e.value).value, 4222);
    assertSpan(text, e, [0, 11], 'keyValue');
  });

  test('any Unicode space separates a key from its value, but only space/TAB precede a value', () => {
    let text = 'port\u00a04222\n';
    let doc = accepts(text);
    assert.equal(kv(doc.entries[0]).key.name, 'port');
    assert.equal(integerOf(firstValue(doc, 'port')).value, 4222);
    text = 'port\u000b4222\n';
    doc = accepts(text);
    assert.equal(integerOf(firstValue(doc, 'port')).value, 4222);
    text = 'port\f: 4222\n';
    doc = accepts(text);
    assert.equal(integerOf(firstValue(doc, 'port')).value, 4222);
    // After the separator a NO-BREAK SPACE is not skipped: it starts an unquoted string.
    text = 'port:\u00a04222\n';
    doc = accepts(text);
    const s = stringOf(firstValue(doc, 'port'));
    assert.equal(s.value, '\u00a04222');
    assertSpan(text, s, [5, 10], 'value');
  });

  test('`port =` then a newline at the top level: missing value, reported on line 2', () => {
    const doc = rejects('port =\n4222\n', SyntaxCode.missingValue, 2);
    assert.equal(kv(doc.entries[0]).key.name, 'port');
    rejects('x:\n', SyntaxCode.missingValue, 2);
    rejects('a: 1\nport:\n\n', SyntaxCode.missingValue, 3);
  });

  test('`port =` then a newline inside a map is accepted', () => {
    const text = 'a { port =\n4222\n}\n';
    const doc = accepts(text);
    const port = kv(mapOf(firstValue(doc, 'a')).entries[0]);
    assert.equal(port.separator?.text, '=');
    assertSpan(text, port.value, spanOf(text, '4222'), 'value');
    assertSpan(text, port, [4, 15], 'keyValue across lines');
    const doc2 = accepts('a {\n port\n =\n 4222\n}\n');
    assert.deepEqual(plain(firstValue(doc2, 'a')), { map: [['port', { integer: 4222 }]] });
    const doc3 = accepts('a { port:\n\n 4222 }\n');
    assert.deepEqual(plain(firstValue(doc3, 'a')), { map: [['port', { integer: 4222 }]] });
  });

  test('a separator at EOF gives the key an empty string (not a dangling key)', () => {
    for (const text of ['port:', 'port: ', 'port =', 'port: 1\nhttp_port:']) {
      const doc = accepts(text);
      const last = kv(doc.entries[doc.entries.length - 1]);
      assert.ok(last.separator, `separator in ${JSON.stringify(text)}`);
      if (last.value !== undefined) {
        assert.equal(stringOf(last.value).value, '');
      }
    }
  });

  test('doubled separators: the second one starts an unquoted value', () => {
    let doc = rejects('port :: 4222\n', SyntaxCode.expectedValueEnd, 1, { at: 8 });
    let v = stringOf(firstValue(doc, 'port'));
    assert.equal(v.value, ':');
    doc = rejects('port = : 4222\n', SyntaxCode.expectedValueEnd, 1, { at: 9 });
    v = stringOf(firstValue(doc, 'port'));
    assert.equal(v.value, ':');
    assertSpan('port = : 4222\n', v, [7, 8], 'value');
  });

  test('a statement that starts with a separator', () => {
    rejects('= 4222\n', SyntaxCode.unexpectedSeparator, 1, { at: 0 });
    rejects(': 4222\n', SyntaxCode.unexpectedSeparator, 1, { at: 0 });
    rejects('a: 1\n  = 2\n', SyntaxCode.unexpectedSeparator, 2, { at: 7 });
    rejects('a { : 1 }\n', SyntaxCode.unexpectedSeparator, 1, { at: 4 });
    rejects('a { = 1 }\n', SyntaxCode.unexpectedSeparator, 1, { at: 4 });
    rejects('a {\n b: 1\n : 1 }\n', SyntaxCode.unexpectedSeparator, 3, { at: 11 });
  });
});

describe('terminators', () => {
  test('; and , end top-level statements', () => {
    for (const text of ['port: 4222; http_port: 8222;\n', 'port: 4222, http_port: 8222\n', 'port: 4222;http_port: 8222']) {
      const doc = accepts(text);
      assert.deepEqual(doc.entries.map((e) => kv(e).key.name), ['port', 'http_port']);
      assertSpan(text, doc.entries[0], spanOf(text, 'port: 4222'), 'first statement excludes its terminator');
      assertSpan(text, kv(doc.entries[1]).value, spanOf(text, '8222'), 'second value');
    }
  });

  test('a } ends a top-level value', () => {
    const text = 'port: 1 }\nhttp_port: 2\n';
    const doc = accepts(text);
    assert.equal(integerOf(firstValue(doc, 'port')).value, 1);
    assert.ok(doc.entries.some((e) => e.kind === 'keyValue' && e.key.name === 'http_port'));
    const doc2 = accepts('x: 1}\n');
    assert.equal(integerOf(firstValue(doc2)).value, 1);
  });

  test('map entries end at newline, `,`, `;` or `}`; a trailing terminator is allowed', () => {
    const text = 'a { x: 1; y: 2, z: 3\n w: 4; }\n';
    const doc = accepts(text);
    assert.deepEqual(plain(firstValue(doc, 'a')), {
      map: [['x', { integer: 1 }], ['y', { integer: 2 }], ['z', { integer: 3 }], ['w', { integer: 4 }]],
    });
    accepts('a { x: 1, }\n');
    accepts('a { x: 1; }\n');
    accepts('a { x: 1\n}\n');
    accepts('a { x: 1}\n');
  });

  test('a map value followed by `,` or `;` and another statement', () => {
    for (const text of ['a { x: 1 }, y: 2\n', 'a { x: 1 }; y: 2\n']) {
      const doc = accepts(text);
      assert.deepEqual(doc.entries.map((e) => kv(e).key.name), ['a', 'y']);
    }
    rejects('a { x: 1 } y: 2\n', SyntaxCode.expectedValueEnd, 1, { at: 11 });
    rejects('a { }x\n', SyntaxCode.expectedValueEnd, 1, { at: 5 });
  });

  test('two statements on one line without a terminator', () => {
    const text = 'port: 4222 http_port: 8222\n';
    const doc = rejects(text, SyntaxCode.expectedValueEnd, 1, { at: 11 });
    assert.equal(integerOf(firstValue(doc, 'port')).value, 4222);
    rejects('a: 1\nport: 4222 http_port: 8222\n', SyntaxCode.expectedValueEnd, 2, { at: 16 });
  });

  test('doubled terminators in a map are an error (the second , starts a key)', () => {
    rejects('a { x: 1,, y: 1 }\n', SyntaxCode.mapValueEnd, 1, { at: 14 });
    rejects('a { x: 1;; y: 1 }\n', SyntaxCode.mapValueEnd, 1, { at: 14 });
  });

  test('doubled terminators at the top level leave a dangling key `,` that 2.9.10 ignores', () => {
    for (const [text, name] of [['x: 1,,', ','], ['x: 1,,\n', ','], ['x: 1;;', ';'], ['x: 1;;\n', ';']] as const) {
      const doc = warns(text, [SyntaxCode.danglingKey]);
      assert.equal(doc.entries.length, 2, `entries of ${JSON.stringify(text)}`);
      assert.equal(integerOf(firstValue(doc)).value, 1);
      const dangling = kv(doc.entries[1]);
      assert.equal(dangling.key.name, name);
      assertSpan(text, dangling.key, [5, 6], 'dangling key');
      assert.equal(dangling.separator, undefined);
      assert.equal(dangling.value, undefined);
      const warning = doc.errors[0];
      assert.equal(warning.natsLine, 1);
      assert.deepEqual(pos(warning.range.start), { line: 0, character: 5 });
    }
  });
});

describe('dangling final key', () => {
  test('a key alone on the last line is a warning (2.9.10 ignores it, >= 2.9.22 rejects it)', () => {
    for (const text of ['port', 'port\n', 'port ', '\n\nport', '"port"', '"port"\n']) {
      const doc = warns(text, [SyntaxCode.danglingKey]);
      assert.equal(doc.entries.length, 1);
      const e = kv(doc.entries[0]);
      assert.equal(e.key.name, 'port');
      assert.equal(e.value, undefined);
      const w = doc.errors[0];
      const keyLine = text.startsWith('\n\n') ? 3 : 1;
      assert.equal(w.natsLine, keyLine, `natsLine for ${JSON.stringify(text)}`);
      assert.deepEqual(pos(w.range.start), pos(e.key.range.start), 'the warning starts at the key');
    }
  });

  test('the earlier statements are kept', () => {
    const text = 'port: 1\nhttp_port\n';
    const doc = warns(text, [SyntaxCode.danglingKey]);
    assert.equal(integerOf(firstValue(doc, 'port')).value, 1);
    const last = kv(doc.entries[1]);
    assert.equal(last.key.name, 'http_port');
    assert.equal(last.value, undefined);
    assertSpan(text, last.key, spanOf(text, 'http_port'), 'key');
    assert.equal(doc.errors[0].natsLine, 2);
    warns('port: 1\nhttp_port', [SyntaxCode.danglingKey]);
  });

  test('a final `}` is tolerated without a warning (kept for JSON compatibility)', () => {
    for (const text of ['port: 1\n}\n', 'port: 1\n}', '}\n']) {
      accepts(text);
    }
  });
});

describe('top-level braces (JSON style, valid in 2.9.10)', () => {
  test('{ "port": 4222 }', () => {
    const text = '{ "port": 4222 }\n';
    const doc = accepts(text);
    assert.equal(doc.entries.length, 1);
    const e = kv(doc.entries[0]);
    assert.equal(e.key.name, 'port');
    assert.equal(e.key.quote, '"');
    assertSpan(text, e.key, spanOf(text, '"port"'), 'quoted key');
    assertSpan(text, e.value, spanOf(text, '4222'), 'value');
  });

  test('{} and an empty document', () => {
    // nats-server skips the `{` and lexes the `}` as a (tolerated) dangling key; whether the tree
    // shows that key is left open, but nothing else may appear.
    for (const text of ['{}\n', '{}', '{ }\n']) {
      const doc = accepts(text);
      assert.ok(doc.entries.every((e) => e.kind === 'keyValue' && e.key.name === '}' && !e.value), JSON.stringify(text));
    }
    const empty = accepts('');
    assert.deepEqual(empty.entries, []);
    assert.deepEqual(empty.comments, []);
    assert.deepEqual(empty.lineStarts, [0]);
    assert.equal(empty.hasBom, false);
  });

  test('several members, a nested map and a multi-line object', () => {
    let doc = accepts('{ "port": 4222, "http_port": 8222 }\n');
    assert.deepEqual(doc.entries.map((e) => [kv(e).key.name, plain(kv(e).value)]), [
      ['port', { integer: 4222 }],
      ['http_port', { integer: 8222 }],
    ]);
    doc = accepts('{ "port": 4222, "tls": { "a": 1 } }\n');
    assert.deepEqual(plain(kv(doc.entries[1]).value), { map: [['a', { integer: 1 }]] });
    doc = accepts('{\n  port: 4222\n}\n');
    assert.equal(integerOf(firstValue(doc, 'port')).value, 4222);
  });
});

describe('the document node', () => {
  test('spans the whole text; lineStarts break where editors break lines (\\r\\n, \\n, lone \\r)', () => {
    const text = 'a: 1\r\nb: 2\rc: 3\n';
    const doc = accepts(text);
    assertSpan(text, doc, [0, text.length], 'document');
    assert.deepEqual(doc.lineStarts, [0, 6, 11, text.length]);
    assert.equal(at(text, 'c'), 11);
  });
});
