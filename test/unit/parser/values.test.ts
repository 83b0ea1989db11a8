import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  accepts, arrayOf, assertSpan, firstValue, kv, mapOf, plain, rejects, spanOf, stringOf, SyntaxCode,
} from './helpers';
import type { BooleanValue, VariableValue } from '../../../server/src/parser/ast';

describe('value dispatch on the first character (§1.5)', () => {
  const rows: Array<[string, string, string]> = [
    ['[', 'x: [ 1 ]\n', 'array'],
    ['{', 'x: { a: 1 }\n', 'map'],
    ['"', 'x: "s"\n', 'string'],
    ["'", "x: 's'\n", 'string'],
    ['(', 'x: (\ns\n)\n', 'string'],
    ['-', 'x: -1\n', 'integer'],
    ['digit', 'x: 1\n', 'integer'],
    ['digit (float)', 'x: 1.5\n', 'float'],
    ['digit (datetime)', 'x: 2016-01-02T03:04:05Z\n', 'datetime'],
    ['digit (IP-like)', 'x: 10.0.0.1\n', 'string'],
    ['digit (string)', 'x: 1abc\n', 'string'],
    ['letter (bool)', 'x: true\n', 'boolean'],
    ['$', 'x: $Y\n', 'variable'],
    ['other', 'x: abc\n', 'string'],
    ['backslash', 'x: \\x41\n', 'string'],
  ];
  for (const [first, text, kind] of rows) {
    test(`${first} → ${kind}`, () => {
      const doc = accepts(text);
      const v = firstValue(doc);
      assert.equal(v.kind, kind);
      assertSpan(text, v, [3, text.length - 1], 'value');
    });
  }

  test('. → error (floats must start with a digit)', () => {
    rejects('x: .5\n', SyntaxCode.floatLeadingDot, 1, { at: 3 });
  });

  test('newline → error (expected value)', () => {
    rejects('x:\n', SyntaxCode.missingValue, 2);
    rejects('x = \n', SyntaxCode.missingValue, 2);
  });
});

describe('booleans', () => {
  const words: Array<[string, boolean]> = [
    ['true', true], ['false', false], ['yes', true], ['no', false], ['on', true], ['off', false],
    ['TRUE', true], ['Off', false], ['nO', false], ['False', false], ['YES', true], ['ON', true], ['oN', true], ['yEs', true],
  ];
  for (const [word, value] of words) {
    test(`${word} is ${value}`, () => {
      const text = `x: ${word}\n`;
      const doc = accepts(text);
      const v = firstValue(doc) as BooleanValue;
      assert.equal(v.kind, 'boolean');
      assert.equal(v.value, value);
      assertSpan(text, v, [3, 3 + word.length], word);
    });
  }

  test('quoted words and longer words are strings', () => {
    for (const [token, value] of [['"true"', 'true'], ["'yes'", 'yes'], ['truex', 'truex'], ['yess', 'yess'], ['onoff', 'onoff']]) {
      const doc = accepts(`x: ${token}\n`);
      assert.equal(stringOf(firstValue(doc), token).value, value);
    }
  });

  test('booleans end at ], } and ;', () => {
    assert.deepEqual(plain(firstValue(accepts('x: [ true]\n'))), { array: [true] });
    assert.deepEqual(plain(firstValue(accepts('a { b: off}\n'), 'a')), { map: [['b', false]] });
    assert.deepEqual(plain(firstValue(accepts('x: yes;\n'))), true);
  });
});

describe('arrays', () => {
  test('elements, ranges and closed', () => {
    const text = 'x: [ 1, "a" ]\n';
    const doc = accepts(text);
    const arr = arrayOf(firstValue(doc));
    assert.equal(arr.closed, true);
    assertSpan(text, arr, spanOf(text, '[ 1, "a" ]'), 'array');
    assertSpan(text, arr.elements[0], spanOf(text, '1'), 'element 0');
    assertSpan(text, arr.elements[1], spanOf(text, '"a"'), 'element 1');
  });

  test('a trailing comma is allowed', () => {
    assert.deepEqual(plain(firstValue(accepts('x: [ 1, 2, ]\n'))), { array: [{ integer: 1 }, { integer: 2 }] });
  });

  test('newlines separate elements', () => {
    const doc = accepts('x: [\n 1\n 2\n]\n');
    assert.deepEqual(plain(firstValue(doc)), { array: [{ integer: 1 }, { integer: 2 }] });
    const doc2 = accepts('x: [ 1\r 2 ]\n');
    assert.deepEqual(plain(firstValue(doc2)), { array: [{ integer: 1 }, { integer: 2 }] });
  });

  test('empty arrays', () => {
    for (const text of ['x: []\n', 'x: [ ]\n', 'x: [\n]\n']) {
      const doc = accepts(text);
      const arr = arrayOf(firstValue(doc));
      assert.deepEqual(arr.elements, []);
      assert.equal(arr.closed, true);
      assertSpan(text, arr, [3, text.length - 1], 'empty array');
    }
  });

  test('nested and mixed', () => {
    const text = 'x: [ 1, "a", [ 2, 3 ], { k: v }, true, 1.5, 2016-01-02T03:04:05Z, $V, (\nraw\n)\n]\n';
    const doc = accepts(text);
    assert.deepEqual(plain(firstValue(doc)), {
      array: [
        { integer: 1 },
        'a',
        { array: [{ integer: 2 }, { integer: 3 }] },
        { map: [['k', 'v']] },
        true,
        { float: 1.5 },
        { datetime: '2016-01-02T03:04:05Z' },
        { variable: 'V' },
        '\nraw\n',
      ],
    });
    const arr = arrayOf(firstValue(doc));
    assertSpan(text, arr.elements[2], spanOf(text, '[ 2, 3 ]'), 'nested array');
    assertSpan(text, arr.elements[3], spanOf(text, '{ k: v }'), 'nested map');
  });

  test('a leading comma', () => {
    rejects('x: [ , 1 ]\n', SyntaxCode.arrayLeadingComma, 1, { at: 5 });
    rejects('x: [ ,\n', SyntaxCode.arrayLeadingComma, 1, { at: 5 });
    rejects('x: [ 1,, 2 ]\n', SyntaxCode.arrayLeadingComma, 1, { at: 7 });
  });

  test('; is not a separator, and neither is a space', () => {
    rejects('x: [ 1; 2 ]\n', SyntaxCode.arrayValueEnd, 1, { at: 6 });
    rejects('x: [ "a" "b" ]\n', SyntaxCode.arrayValueEnd, 1, { at: 9 });
    rejects('x: [ 1 2 ]\n', SyntaxCode.arrayValueEnd, 1, { at: 7 });
  });

  test('an unclosed array', () => {
    let doc = rejects('x: [ 1, 2', SyntaxCode.arrayValueEnd, 1);
    const arr = arrayOf(firstValue(doc));
    assert.equal(arr.closed, false);
    assert.deepEqual(plain(arr), { array: [{ integer: 1 }, { integer: 2 }] });
    doc = rejects('x: [ 1, 2\n', SyntaxCode.arrayValueEnd, 2);
    assert.equal(arrayOf(firstValue(doc)).closed, false);
    rejects('x: [\n', SyntaxCode.arrayValueEnd, 2);
  });
});

describe('maps', () => {
  test('with and without a separator before {', () => {
    for (const text of ['tls {\n a: 1\n}\n', 'tls: {\n a: 1\n}\n', 'tls = {\n a: 1\n}\n', 'tls={\n a: 1\n}\n', 'tls\n{\n a: 1\n}\n']) {
      const doc = accepts(text);
      const e = kv(doc.entries[0]);
      assert.equal(e.key.name, 'tls');
      const m = mapOf(e.value);
      assert.equal(m.closed, true);
      assertSpan(text, m, [text.indexOf('{'), text.lastIndexOf('}') + 1], `map in ${JSON.stringify(text)}`);
      assertSpan(text, e, [0, text.lastIndexOf('}') + 1], `keyValue in ${JSON.stringify(text)}`);
      assert.deepEqual(plain(m), { map: [['a', { integer: 1 }]] });
    }
  });

  test('entry ranges inside a map', () => {
    const text = 'a { k: v, k2 v2; k3 = v3 }\n';
    const doc = accepts(text);
    const m = mapOf(firstValue(doc, 'a'));
    assert.deepEqual(plain(m), { map: [['k', 'v'], ['k2', 'v2'], ['k3', 'v3']] });
    assertSpan(text, m.entries[0], spanOf(text, 'k: v'), 'entry 0');
    assertSpan(text, m.entries[1], spanOf(text, 'k2 v2'), 'entry 1');
    assertSpan(text, m.entries[2], spanOf(text, 'k3 = v3'), 'entry 2');
    assert.equal(kv(m.entries[1]).separator, undefined);
  });

  test('empty and nested maps', () => {
    let text = 'a {}\n';
    let doc = accepts(text);
    const m = mapOf(firstValue(doc, 'a'));
    assert.deepEqual(m.entries, []);
    assertSpan(text, m, [2, 4], 'empty map');
    text = 'a { b { c: 1 } }\n';
    doc = accepts(text);
    assert.deepEqual(plain(firstValue(doc, 'a')), { map: [['b', { map: [['c', { integer: 1 }]] }]] });
    const inner = mapOf(kv(mapOf(firstValue(doc, 'a')).entries[0]).value);
    assertSpan(text, inner, spanOf(text, '{ c: 1 }'), 'inner map');
    accepts('a { x: 1 }');
  });

  test('entries not separated', () => {
    rejects('a { x: 1 y: 2 }\n', SyntaxCode.mapValueEnd, 1, { at: 9 });
  });

  test('input ends inside the map', () => {
    let doc = rejects('a { x: 1\n', SyntaxCode.unterminatedMap, 2);
    const m = mapOf(firstValue(doc, 'a'));
    assert.equal(m.closed, false);
    assert.deepEqual(plain(m), { map: [['x', { integer: 1 }]] });
    doc = rejects('a { x: 1', SyntaxCode.mapValueEnd, 1);
    assert.equal(mapOf(firstValue(doc, 'a')).closed, false);
    rejects('a {\n', SyntaxCode.unterminatedMap, 2);
    rejects('a {', SyntaxCode.unterminatedMap, 1);
  });

  test('input ends inside a map key', () => {
    rejects('a { x', SyntaxCode.unterminatedMapKey, 1);
    rejects('a { "x', SyntaxCode.unterminatedMapKey, 1);
    rejects("a { 'x", SyntaxCode.unterminatedMapKey, 1);
  });

  test('a , where a map value should be', () => {
    rejects('a { x: , y: 1 }\n', SyntaxCode.mapLeadingComma, 1, { at: 7 });
    rejects('a { x , }\n', SyntaxCode.mapLeadingComma, 1, { at: 6 });
    rejects('a {\n x:\n , y: 1 }\n', SyntaxCode.mapLeadingComma, 3, { at: 9 });
  });

  test('a leading , in a map is read as a key named ","', () => {
    // `{ , x: 1 }`: the key `,`, the value `x:`, then `1` where a terminator belongs.
    rejects('a { , x: 1 }\n', SyntaxCode.mapValueEnd, 1, { at: 9 });
  });

  test('a ] at key position', () => {
    rejects('a { ] }\n', SyntaxCode.arrayEndInMap, 1, { at: 4 });
  });
});

describe('variables', () => {
  function variable(token: string, name: string): void {
    const text = `x: ${token}\n`;
    const doc = accepts(text);
    const v = firstValue(doc) as VariableValue;
    assert.equal(v.kind, 'variable', token);
    assert.equal(v.name, name, token);
    assertSpan(text, v, [3, 3 + token.length], token);
  }

  test('$X is a reference to X, with the $ in the range', () => {
    variable('$X', 'X');
    variable('$my_var', 'my_var');
    variable('$A.b-c', 'A.b-c');
  });

  test('${C} refers to {C: the } ends the token', () => {
    const text = 'x: ${C}\n';
    const doc = accepts(text);
    const v = firstValue(doc) as VariableValue;
    assert.equal(v.kind, 'variable');
    assert.equal(v.name, '{C');
    assertSpan(text, v, [3, 6], '${C');
    accepts('x: $X}\n');
    const m = mapOf(firstValue(accepts('a { x: ${C} }\n'), 'a'));
    assert.deepEqual(plain(m), { map: [['x', { variable: '{C' }]] });
  });

  test('a lone $ refers to the empty name', () => {
    variable('$', '');
  });

  test('"$X" and \'$X\' are literal strings', () => {
    assert.equal(stringOf(firstValue(accepts('x: "$X"\n'))).value, '$X');
    assert.equal(stringOf(firstValue(accepts("x: '$X'\n"))).value, '$X');
  });

  test('$2a$… (bcrypt) is a string with its $', () => {
    const text = 'x: $2a$10$abc\n';
    const doc = accepts(text);
    const s = stringOf(firstValue(doc));
    assert.equal(s.value, '$2a$10$abc');
    assert.equal(s.style, 'unquoted');
    assertSpan(text, s, [3, 13], 'bcrypt string');
    const text2 = 'users: [ { user: a, password: $2a$11$W2zko751KUvVy59mUTWmpOdWjpEm5qhcCZRd05GjI/sSOT.xtiHyG } ]\n';
    const doc2 = accepts(text2);
    assert.deepEqual(plain(firstValue(doc2, 'users')), {
      array: [{ map: [['user', 'a'], ['password', '$2a$11$W2zko751KUvVy59mUTWmpOdWjpEm5qhcCZRd05GjI/sSOT.xtiHyG']] }],
    });
  });

  test('variables in arrays and maps', () => {
    const doc = accepts('A: 1\nx: [ $A, $B ]\nm { y: $A }\n');
    assert.deepEqual(plain(kv(doc.entries[1]).value), { array: [{ variable: 'A' }, { variable: 'B' }] });
    assert.deepEqual(plain(kv(doc.entries[2]).value), { map: [['y', { variable: 'A' }]] });
  });
});
