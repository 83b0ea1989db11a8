import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  accepts, acceptsWithWarnings, arrayOf, assertSpan, firstValue, integerOf, kv, mapOf, plain, rejects, spanOf, stringOf, SyntaxCode, warns, pos,
} from './helpers';

describe('byte order mark', () => {
  test('the BOM becomes part of the first key', () => {
    const text = '\ufeffport: 4222\n';
    const doc = accepts(text);
    assert.equal(doc.hasBom, true);
    const e = kv(doc.entries[0]);
    assert.equal(e.key.name, '\ufeffport');
    assertSpan(text, e.key, [0, 5], 'key including the BOM');
    assertSpan(text, e.value, [7, 11], 'value');
  });

  test('a BOM before a comment turns the comment into a key-value', () => {
    // nats-server 2.9.10: `unknown field "\ufeff#"`.
    const text = '\ufeff# c\nport: 4222\n';
    const doc = accepts(text);
    assert.deepEqual(doc.comments, []);
    const e = kv(doc.entries[0]);
    assert.equal(e.key.name, '\ufeff#');
    assert.equal(stringOf(e.value).value, 'c');
    assert.equal(kv(doc.entries[1]).key.name, 'port');
  });

  test('no BOM', () => {
    assert.equal(accepts('port: 1\n').hasBom, false);
    assert.equal(accepts('').hasBom, false);
  });
});

describe('NUL bytes', () => {
  test('a NUL right after the last value ends the input (a warning)', () => {
    const text = 'port: 1\u0000';
    const doc = warns(text, [SyntaxCode.nulByte]);
    assert.equal(doc.entries.length, 1);
    assert.equal(integerOf(firstValue(doc, 'port')).value, 1);
    const w = doc.errors[0];
    assert.equal(w.natsLine, 1);
    assert.deepEqual(pos(w.range.start), { line: 0, character: 7 });
  });

  test('a NUL ends a number: `12\\u000034` is 12', () => {
    const text = 'port: 12\u000034\n';
    const doc = acceptsWithWarnings(text);
    assert.equal(integerOf(firstValue(doc, 'port')).value, 12);
    assert.ok(doc.errors.some((e) => e.code === SyntaxCode.nulByte && e.natsLine === 1));
  });

  test('a NUL after a key ends the input: what follows is not read', () => {
    const text = 'a\u0000: 1\nport: x x\n';
    const doc = acceptsWithWarnings(text);
    assert.ok(doc.errors.some((e) => e.code === SyntaxCode.nulByte));
    assert.equal(doc.entries.length, 1);
    assert.equal(kv(doc.entries[0]).key.name, 'a');
    assert.equal(kv(doc.entries[0]).value, undefined);
  });

  test('a NUL inside a quoted string is an unexpected EOF', () => {
    rejects('port: "ab\u0000cd"\n', SyntaxCode.unexpectedEof, 1);
  });

  test('a NUL at the start of a statement is an unexpected EOF', () => {
    rejects('port: 1\n\u0000', SyntaxCode.unexpectedEof, 2);
    rejects('\u0000port: x x\n', SyntaxCode.unexpectedEof, 1);
    rejects('port: 1\n\u0000http_port: x x x\n', SyntaxCode.unexpectedEof, 2);
  });

  test('a NUL inside a comment ends the comment, then is an unexpected EOF', () => {
    rejects('port: 1 # c\u0000\n', SyntaxCode.unexpectedEof, 1);
  });

  test('a NUL where a map or array terminator belongs', () => {
    rejects('a { x: 1\u0000 }\n', SyntaxCode.mapValueEnd, 1);
    rejects('x: [ 1\u0000, 2 ]\n', SyntaxCode.arrayValueEnd, 1);
  });

  test('after a top-level value nats-server 2.9.10 keeps reading past the NUL', () => {
    // The reference says a NUL ends the input; the binary shows that after a top-level value it
    // only ends the statement: `max_pending: 5\0\nmax_pending: 7` yields 7, and a broken line
    // after it is reported.
    rejects('port: 1\u0000\nhttp_port: x x\n', SyntaxCode.expectedValueEnd, 2);
    rejects('port: 1\u0000http_port: x x\n', SyntaxCode.expectedValueEnd, 1);
    rejects('a { x: 1 }\u0000\nport: x x\n', SyntaxCode.expectedValueEnd, 2);
  });
});

describe('line endings', () => {
  test('CRLF files parse normally; values and ranges exclude the CR', () => {
    const text = 'port: 4222\r\nhttp_port: 8222\r\n';
    const doc = accepts(text);
    assert.deepEqual(doc.lineStarts, [0, 12, 29]);
    assertSpan(text, kv(doc.entries[0]).value, [6, 10], 'port value');
    assertSpan(text, doc.entries[1], [12, 27], 'second statement');
    assert.deepEqual(pos(kv(doc.entries[1]).key.range.start), { line: 1, character: 0 });
  });

  test('CRLF maps, arrays and strings', () => {
    const text = 'a {\r\n x: 1\r\n y: "s"\r\n}\r\nb: [\r\n 1\r\n 2\r\n]\r\n';
    const doc = accepts(text);
    assert.deepEqual(plain(firstValue(doc, 'a')), { map: [['x', { integer: 1 }], ['y', 's']] });
    assert.deepEqual(plain(kv(doc.entries[1]).value), { array: [{ integer: 1 }, { integer: 2 }] });
    assertSpan(text, mapOf(firstValue(doc, 'a')).entries[1], spanOf(text, 'y: "s"'), 'y');
  });

  test('a lone CR ends a statement and, as in editors, starts a new range line (not a nats-server line)', () => {
    const text = 'port: 1\rhttp_port: 2\n';
    const doc = accepts(text);
    assert.deepEqual(doc.lineStarts, [0, 8, text.length]);
    assert.deepEqual(doc.entries.map((e) => kv(e).key.name), ['port', 'http_port']);
    assertSpan(text, kv(doc.entries[1]).key, [8, 17], 'key after a lone CR');
    assert.deepEqual(pos(kv(doc.entries[1]).key.range.start), { line: 1, character: 0 });
  });

  test('errors after a lone CR are on the same line', () => {
    rejects('port: 1\rhttp_port: 2 x\n', SyntaxCode.expectedValueEnd, 1, { at: 21 });
    rejects('port: 1\r\n\r\nhttp_port: 2 x\r\n', SyntaxCode.expectedValueEnd, 3);
    rejects('port =\r4222\n', SyntaxCode.missingValue, 1);
  });

  test('a lone CR inside values', () => {
    let doc = accepts('port: "a\rb"\n');
    assert.equal(stringOf(firstValue(doc, 'port')).value, 'a\rb');
    doc = warns('port: a\rb\n', [SyntaxCode.danglingKey]); // `b` is a key of its own, at the end
    assert.equal(stringOf(firstValue(doc, 'port')).value, 'a');
    doc = accepts('port\r4222\n');
    assert.equal(integerOf(firstValue(doc, 'port')).value, 4222);
    doc = accepts('a { x: 1\r y: 2 }\n');
    assert.deepEqual(plain(firstValue(doc, 'a')), { map: [['x', { integer: 1 }], ['y', { integer: 2 }]] });
    assert.equal(arrayOf(firstValue(accepts('x: [ 1\r 2 ]\n'))).elements.length, 2);
  });
});

describe('natsLine', () => {
  test('line 1 and later lines', () => {
    rejects('port: 4222 x\n', SyntaxCode.expectedValueEnd, 1, { at: 11 });
    const text = '\n\nport: 4222 x\n';
    const doc = rejects(text, SyntaxCode.expectedValueEnd, 3, { at: 13 });
    assert.deepEqual(pos(doc.errors[0].range.start), { line: 2, character: 11 });
  });

  test('an error detected at a newline is reported on the next line', () => {
    const text = 'a: 1\nx: 1.\nb: 2\n';
    const doc = rejects(text, SyntaxCode.floatMissingDigit, 3);
    const e = doc.errors[0];
    assert.ok(e.range.end.line >= 2);
    assert.ok(e.range.start.line <= 2);
  });

  test('an error at EOF is on the last line, counting the final newline', () => {
    rejects('x: "abc', SyntaxCode.unexpectedEof, 1);
    rejects('x: "abc\n', SyntaxCode.unexpectedEof, 2);
    rejects('x: "abc\n\n\n', SyntaxCode.unexpectedEof, 4);
  });
});
