import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  accepts, arrayOf, assertSpan, firstValue, kv, mapOf, plain, rejects, spanOf, stringOf, SyntaxCode,
} from './helpers';
import { computeLineStarts, PositionMapper, StringNode } from '../../../server/src/parser/nodes';

/** Parses `x: <value>\n`, expects a string with this value and style spanning the whole value text. */
function stringValue(valueText: string, expected: string, style: string): void {
  const text = `x: ${valueText}\n`;
  const doc = accepts(text);
  const s = stringOf(firstValue(doc));
  assert.equal(s.value, expected, `value of ${valueText}`);
  assert.equal(s.style, style, `style of ${valueText}`);
  assertSpan(text, s, [3, 3 + valueText.length], `span of ${valueText}`);
}

describe('double-quoted strings', () => {
  test('plain and empty', () => {
    stringValue('"hello world"', 'hello world', 'double');
    stringValue('""', '', 'double');
    stringValue('"a \'b\' # c // d"', "a 'b' # c // d", 'double');
  });

  test('every escape, including \\xHH as the character with that code', () => {
    stringValue('"a\\tb\\nc\\rd\\"e\\\\f\\x41"', 'a\tb\nc\rd"e\\fA', 'double');
    stringValue('"\\x4a\\x4A\\x7e"', 'JJ~', 'double');
    // A byte above 0x7f is kept as one raw byte, represented as the character with that code.
    stringValue('"\\xe9"', '\u00e9', 'double');
    stringValue('"\\x00"', '\u0000', 'double');
  });

  test('literal newlines are kept; the range spans the lines', () => {
    const text = 'x: "a\nb"\ny: 1\n';
    const doc = accepts(text);
    const s = stringOf(firstValue(doc));
    assert.equal(s.value, 'a\nb');
    assertSpan(text, s, [3, 8], 'multi-line string');
    assert.equal(kv(doc.entries[1]).key.name, 'y');
  });

  test('UTF-16 ranges around characters outside the BMP', () => {
    const text = 'x: "😀é"; y: 1\n';
    const doc = accepts(text);
    const s = stringOf(firstValue(doc));
    assert.equal(s.value, '😀é');
    assertSpan(text, s, [3, 8], 'string with a surrogate pair');
    assertSpan(text, kv(doc.entries[1]).key, [10, 11], 'key after it');
  });

  test('invalid escapes', () => {
    rejects('x: "\\u0041"\n', SyntaxCode.invalidEscape, 1, { covers: 5 });
    rejects('x: "\\q"\n', SyntaxCode.invalidEscape, 1, { covers: 5 });
    rejects('a: 1\nx: "ab\\q"\n', SyntaxCode.invalidEscape, 2);
    // A backslash at the end of a line: the escaped character is the newline.
    rejects('x: "a\\\n"\n', SyntaxCode.invalidEscape, 2);
  });

  test('invalid \\x escapes', () => {
    rejects('x: "\\x4g"\n', SyntaxCode.invalidHexEscape, 1);
    // The closing quote is taken as the second "digit".
    rejects('x: "\\x4"\n', SyntaxCode.invalidHexEscape, 1);
    // A newline among the two characters: "hit end of line", reported on the next line.
    rejects('x: "\\x\nab"\n', SyntaxCode.invalidHexEscape, 2);
    rejects('x: "\\x4\nab"\n', SyntaxCode.invalidHexEscape, 2);
    rejects('x: "\\x"\n', SyntaxCode.invalidHexEscape, 2);
  });

  test('unterminated', () => {
    rejects('x: "abc', SyntaxCode.unexpectedEof, 1);
    rejects('x: "abc\n\n', SyntaxCode.unexpectedEof, 3);
  });
});

describe('single-quoted strings', () => {
  test('fully raw: no escapes, " allowed', () => {
    stringValue("'a\\tb\"c'", 'a\\tb"c', 'single');
    stringValue("''", '', 'single');
    stringValue("'\\x41'", '\\x41', 'single');
  });

  test('unterminated', () => {
    rejects("x: 'abc", SyntaxCode.unexpectedEof, 1);
    rejects("x: 'abc\n\n", SyntaxCode.unexpectedEof, 3);
  });
});

describe('unquoted strings', () => {
  test('the token is the value', () => {
    stringValue('hello', 'hello', 'unquoted');
    stringValue('a=b:c#d(e{f$g//h', 'a=b:c#d(e{f$g//h', 'unquoted');
    stringValue('nats://host:4222', 'nats://host:4222', 'unquoted');
    stringValue('+5', '+5', 'unquoted');
    stringValue('@foo', '@foo', 'unquoted');
  });

  test('ends at newline, EOF, ;, ,, }, space and TAB', () => {
    for (const [text, token] of [
      ['x: abc\n', 'abc'], ['x: abc', 'abc'], ['x: abc;', 'abc'], ['x: abc,y: 1', 'abc'],
      ['x: abc}', 'abc'], ['x: abc # c', 'abc'], ['x: abc\t# c', 'abc'], ['x: abc\r\n', 'abc'],
    ]) {
      const doc = accepts(text);
      const s = stringOf(firstValue(doc));
      assert.equal(s.value, token, `value in ${JSON.stringify(text)}`);
      assertSpan(text, s, [3, 6], `span in ${JSON.stringify(text)}`);
    }
  });

  test('] ends an unquoted string (an error at the top level, fine in an array)', () => {
    rejects('x: abc]\n', SyntaxCode.expectedValueEnd, 1, { at: 6 });
    const doc = accepts('x: [ abc]\n');
    assert.deepEqual(plain(firstValue(doc)), { array: ['abc'] });
  });

  test("a ' ends an unquoted string and is consumed", () => {
    const doc = accepts("x: ab'\n");
    assert.equal(stringOf(firstValue(doc)).value, 'ab');
    rejects("x: ab'cd\n", SyntaxCode.expectedValueEnd, 1, { at: 6 });
  });

  test('escapes are processed in unquoted strings', () => {
    let doc = accepts('x: a\\tb\n');
    let s = stringOf(firstValue(doc));
    assert.equal(s.value, 'a\tb');
    assert.equal(s.style, 'unquoted');
    assertSpan('x: a\\tb\n', s, [3, 7], 'span covers the escape as written');
    doc = accepts('x: \\x41\n');
    assert.equal(stringOf(firstValue(doc)).value, 'A');
    // An escape makes it a string, never a boolean or a variable.
    doc = accepts('x: tru\\x65\n');
    s = stringOf(firstValue(doc));
    assert.equal(s.value, 'true');
    doc = accepts('x: $\\x41\n');
    assert.equal(stringOf(firstValue(doc)).value, '$A');
  });

  test('invalid escapes in unquoted strings', () => {
    rejects('x: a\\qb\n', SyntaxCode.invalidEscape, 1);
    rejects('x: a\\\n', SyntaxCode.invalidEscape, 2);
  });

  test('an unquoted string may contain non-ASCII spaces', () => {
    const text = 'x: a\u00a0b\n';
    const doc = accepts(text);
    assert.equal(stringOf(firstValue(doc)).value, 'a\u00a0b');
  });
});

describe('raw blocks ( … )', () => {
  test('the value includes the newline after ( and the one before )', () => {
    const text = 'x: (\nline1\n  line2\n)\n';
    const doc = accepts(text);
    const s = stringOf(firstValue(doc));
    assert.equal(s.style, 'raw');
    assert.equal(s.value, '\nline1\n  line2\n');
    assertSpan(text, s, [3, 20], 'raw block from ( to )');
    assertSpan(text, doc.entries[0], [0, 20], 'keyValue');
  });

  test('content as written: no escapes, parentheses, text on the ( line', () => {
    stringRaw('x: (\nfoo(bar)\n)\n', '\nfoo(bar)\n');
    stringRaw('x: (\n\\t "q" #c\n)\n', '\n\\t "q" #c\n');
    stringRaw('x: (abc\n)\n', 'abc\n');
    stringRaw('x: (\n)\n', '\n');
  });

  test('a closing ) at EOF: nats-server 2.9.10 keeps the ) in the value', () => {
    // Verified with the binary through an environment variable holding `(\nline1\n)`:
    // the value is "\nline1\n)". The range still runs from ( to ).
    const text = 'x: (\nline1\n)';
    const doc = accepts(text);
    const s = stringOf(firstValue(doc));
    assert.equal(s.style, 'raw');
    assert.equal(s.value, '\nline1\n)');
    assertSpan(text, s, [3, text.length], 'raw block at EOF');
  });

  test('statements after a block, blocks in maps and arrays', () => {
    let doc = accepts('x: (\nabc\n)\ny: 1\n');
    assert.deepEqual(doc.entries.map((e) => kv(e).key.name), ['x', 'y']);
    doc = accepts('a {\n x: (\nabc\n)\n y: 2\n}\n');
    assert.deepEqual(plain(firstValue(doc, 'a')), { map: [['x', '\nabc\n'], ['y', { integer: 2 }]] });
    doc = accepts('x: [ (\na\n)\n]\n');
    assert.deepEqual(plain(firstValue(doc)), { array: ['\na\n'] });
    assert.equal(stringOf(arrayOf(firstValue(doc)).elements[0]).style, 'raw');
  });

  test('unterminated or mis-terminated blocks', () => {
    rejects('x: (abc', SyntaxCode.unterminatedBlock, 1);
    rejects('x: (abc)\n', SyntaxCode.unterminatedBlock, 2);
    rejects('x: ()\n', SyntaxCode.unterminatedBlock, 2);
    rejects('x: (\nabc\n )\n', SyntaxCode.unterminatedBlock, 4);
    rejects('x: (\nabc\n) \n', SyntaxCode.unterminatedBlock, 4);
    rejects('x: (\n)x\n', SyntaxCode.unterminatedBlock, 3);
    rejects('x: (\nabc\n);y: 1\n', SyntaxCode.unterminatedBlock, 4);
  });

  test('a block never closes in a CRLF file', () => {
    rejects('x: (\r\nabc\r\n)\r\n', SyntaxCode.unterminatedBlock, 4);
    rejects('x: (\nabc\n)\r\n', SyntaxCode.unterminatedBlock, 4);
  });

  test('a block inside a map that never closes', () => {
    const doc = rejects('a { x: (\nabc\n }\n', SyntaxCode.unterminatedBlock, 4);
    assert.equal(mapOf(firstValue(doc, 'a')).closed, false);
  });
});

function stringRaw(text: string, expected: string): void {
  const doc = accepts(text);
  const s = stringOf(firstValue(doc));
  assert.equal(s.style, 'raw');
  assert.equal(s.value, expected);
  assertSpan(text, s, [3, text.lastIndexOf(')') + 1], `raw block in ${JSON.stringify(text)}`);
  assert.deepEqual(spanOf(text, '('), [3, 4]);
}

describe('a string value kept as its text', () => {
  test('reads the text between the quotes, or a value of its own when it is set to anything else', () => {
    const text = 'x: "abc"\ny: word\n';
    const lines = new PositionMapper(computeLineStarts(text), text);
    const quoted = new StringNode(lines, 3, 8, undefined, 'double');
    const word = new StringNode(lines, 12, 16, 'word', 'unquoted');
    assert.deepEqual([quoted.value, quoted.style, word.value, word.style], ['abc', 'double', 'word', 'unquoted']);
    quoted.value = 'a"c';
    assert.equal(quoted.value, 'a"c');
    quoted.value = 'abc';
    assert.equal(quoted.value, 'abc');
    // A value of its own stays when the text changes; one read from the text follows the text.
    quoted.value = 'other';
    lines.retext('x: "xyz"\ny: WORD\n');
    assert.deepEqual([quoted.value, word.value], ['other', 'WORD']);
  });

  test('keeps its value when the mapper has no text, and a raw block always does', () => {
    const noText = new StringNode(new PositionMapper([0]), 0, 5, 'abc', 'double');
    assert.equal(noText.value, 'abc');
    const text = 'x: (\n abc\n)\n';
    const lines = new PositionMapper(computeLineStarts(text), text);
    const raw = new StringNode(lines, 3, 11, ' abc', 'raw');
    assert.deepEqual([raw.value, raw.style], [' abc', 'raw']);
  });
});
