import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  accepts, assertSpan, firstValue, include, kv, mapOf, rejects, spanOf, SyntaxCode, warns,
} from './helpers';

describe('include', () => {
  test('unquoted path', () => {
    const text = 'include a.conf\n';
    const doc = accepts(text);
    assert.equal(doc.entries.length, 1);
    const inc = include(doc.entries[0]);
    assertSpan(text, inc.keyword, [0, 7], 'keyword');
    assert.equal(inc.path?.kind, 'string');
    assert.equal(inc.path?.value, 'a.conf');
    assert.equal(inc.path?.style, 'unquoted');
    assertSpan(text, inc.path, spanOf(text, 'a.conf'), 'path');
    assertSpan(text, inc, [0, 14], 'include');
  });

  test('the keyword in any case; quoted paths keep their quotes in the range', () => {
    let text = 'INCLUDE "b c.conf"\n';
    let doc = accepts(text);
    let inc = include(doc.entries[0]);
    assertSpan(text, inc.keyword, [0, 7], 'keyword');
    assert.equal(inc.path?.value, 'b c.conf');
    assert.equal(inc.path?.style, 'double');
    assertSpan(text, inc.path, spanOf(text, '"b c.conf"'), 'path');
    assertSpan(text, inc, [0, 18], 'include');
    text = "Include 'x.conf'\n";
    doc = accepts(text);
    inc = include(doc.entries[0]);
    assert.equal(inc.path?.value, 'x.conf');
    assert.equal(inc.path?.style, 'single');
    assertSpan(text, inc.path, spanOf(text, "'x.conf'"), 'path');
  });

  test('whitespace around the path: TAB after the keyword, trailing spaces, a comment', () => {
    let text = 'include\tx.conf\n';
    let inc = include(accepts(text).entries[0]);
    assert.equal(inc.path?.value, 'x.conf');
    assertSpan(text, inc.path, spanOf(text, 'x.conf'), 'path');
    text = 'include   a.conf   \n';
    inc = include(accepts(text).entries[0]);
    assertSpan(text, inc, spanOf(text, 'include   a.conf'), 'include');
    const doc = accepts('include a.conf # c\n');
    assert.equal(include(doc.entries[0]).path?.value, 'a.conf');
    assert.deepEqual(doc.comments.map((c) => c.text), [' c']);
  });

  test('an unquoted path ends at whitespace, newline, EOF, ; } or \' — but not at ,', () => {
    let doc = accepts('include a.conf; port: 1\n');
    assert.equal(include(doc.entries[0]).path?.value, 'a.conf');
    assert.equal(kv(doc.entries[1]).key.name, 'port');
    doc = accepts('include a.conf}\n');
    assert.equal(include(doc.entries[0]).path?.value, 'a.conf');
    doc = accepts('include a.conf');
    assert.equal(include(doc.entries[0]).path?.value, 'a.conf');
    // `,` belongs to the path; ` port: 1` is then a second statement on the line.
    const text = 'include a.conf, port: 1\n';
    doc = rejects(text, SyntaxCode.expectedValueEnd, 1, { at: 16 });
    const inc = include(doc.entries[0]);
    assert.equal(inc.path?.value, 'a.conf,');
    assertSpan(text, inc.path, spanOf(text, 'a.conf,'), 'path');
    // A quote ends the path and is consumed.
    doc = rejects("include a.conf'port: 1\n", SyntaxCode.expectedValueEnd, 1, { at: 15 });
    assert.equal(include(doc.entries[0]).path?.value, 'a.conf');
  });

  test('text after the path on the same line', () => {
    rejects('include a.conf x\n', SyntaxCode.expectedValueEnd, 1, { at: 15 });
  });

  test('include inside a map', () => {
    const text = 'a { include x.conf }\n';
    const doc = accepts(text);
    const m = mapOf(firstValue(doc, 'a'));
    const inc = include(m.entries[0]);
    assert.equal(inc.path?.value, 'x.conf');
    assertSpan(text, inc, spanOf(text, 'include x.conf'), 'include in a map');
    const doc2 = accepts('a { include x.conf; y: 1 }\n');
    const m2 = mapOf(firstValue(doc2, 'a'));
    assert.equal(m2.entries.length, 2);
    assert.equal(kv(m2.entries[1]).key.name, 'y');
    rejects('a { include "x.conf" y: 1 }\n', SyntaxCode.mapValueEnd, 1, { at: 21 });
  });

  test('`include:` and `include=` are ordinary keys', () => {
    for (const text of ['include: x\n', 'include=x\n']) {
      const doc = accepts(text);
      const e = kv(doc.entries[0]);
      assert.equal(e.key.name, 'include');
      assert.equal(e.value?.kind, 'string');
      assertSpan(text, e.key, [0, 7], 'key');
    }
  });

  test('`include = x`: with a space the keyword wins and `=` is the path', () => {
    const text = 'include = x\n';
    const doc = rejects(text, SyntaxCode.expectedValueEnd, 1, { at: 10 });
    const inc = include(doc.entries[0]);
    assert.equal(inc.path?.value, '=');
  });

  test('`include` alone at EOF is a dangling key', () => {
    const doc = warns('include', [SyntaxCode.danglingKey]);
    assert.equal(kv(doc.entries[0]).key.name, 'include');
  });

  test('include-keyword lexer errors', () => {
    rejects('include [ a ]\n', SyntaxCode.invalidIncludeValue, 1, { covers: 8 });
    rejects('include { a }\n', SyntaxCode.invalidIncludeValue, 1, { covers: 8 });
    rejects('include ( a )\n', SyntaxCode.invalidIncludeValue, 1, { covers: 8 });
    rejects('include 1\n', SyntaxCode.invalidIncludeValue, 1, { covers: 8 });
    rejects('include -a\n', SyntaxCode.invalidIncludeValue, 1, { covers: 8 });
    rejects('include \\a\n', SyntaxCode.invalidIncludeValue, 1, { covers: 8 });
    rejects('include\n', SyntaxCode.invalidIncludeValue, 2);
    rejects('include \n', SyntaxCode.invalidIncludeValue, 2);
    rejects('a { include\n}\n', SyntaxCode.invalidIncludeValue, 2);
    rejects('a: 1\ninclude [ a ]\n', SyntaxCode.invalidIncludeValue, 2);
  });

  test('unterminated quoted paths', () => {
    rejects("include 'x", SyntaxCode.unterminatedInclude, 1);
    rejects('include "x', SyntaxCode.unterminatedInclude, 1);
    rejects('include "x\n\n', SyntaxCode.unterminatedInclude, 3);
  });

  test('the include keeps the keyword range even without a usable path', () => {
    const doc = rejects('include [ a ]\n', SyntaxCode.invalidIncludeValue, 1);
    const inc = doc.entries.find((e) => e.kind === 'include');
    if (inc) {
      assertSpan('include [ a ]\n', include(inc).keyword, [0, 7], 'keyword');
      assert.equal(include(inc).path, undefined);
    }
  });
});
