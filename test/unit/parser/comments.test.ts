import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  accepts, arrayOf, assertSpan, at, firstValue, integerOf, kv, mapOf, rejects, spanOf, stringOf, SyntaxCode,
} from './helpers';

describe('comments', () => {
  test('both styles, on their own lines and after values', () => {
    const text = '# c\nport: 4222 # trailing\n// c2\nhttp_port: 8222 // t2\n';
    const doc = accepts(text);
    assert.deepEqual(
      doc.comments.map((c) => [c.style, c.text]),
      [['#', ' c'], ['#', ' trailing'], ['//', ' c2'], ['//', ' t2']],
    );
    assertSpan(text, doc.comments[0], spanOf(text, '# c'), 'comment 0');
    assertSpan(text, doc.comments[1], spanOf(text, '# trailing'), 'comment 1');
    assertSpan(text, doc.comments[2], spanOf(text, '// c2'), 'comment 2');
    assertSpan(text, doc.comments[3], spanOf(text, '// t2'), 'comment 3');
    assert.equal(doc.entries.length, 2);
    assert.equal(integerOf(kv(doc.entries[0]).value).value, 4222);
    assert.equal(integerOf(kv(doc.entries[1]).value).value, 8222);
    // The comment is not part of the statement.
    assertSpan(text, doc.entries[0], spanOf(text, 'port: 4222'), 'port entry');
  });

  test('text is everything after the marker, including an empty one and a third slash', () => {
    const text = '#\n//\n///x\n##y\nport: 1 #no space';
    const doc = accepts(text);
    assert.deepEqual(
      doc.comments.map((c) => [c.style, c.text]),
      [['#', ''], ['//', ''], ['//', '/x'], ['#', '#y'], ['#', 'no space']],
    );
    assertSpan(text, doc.comments[4], [at(text, '#no'), text.length], 'comment at EOF');
  });

  test('a comment directly after a quoted value, an array and a map', () => {
    const text = 'a: "x"# c1\nb: [ 1 ]# c2\nc: { d: 1 }# c3\ne: \'y\'// c4\n';
    const doc = accepts(text);
    assert.deepEqual(doc.comments.map((c) => c.text), [' c1', ' c2', ' c3', ' c4']);
    assert.equal(stringOf(kv(doc.entries[0]).value).value, 'x');
    assert.equal(arrayOf(kv(doc.entries[1]).value).elements.length, 1);
    assert.equal(mapOf(kv(doc.entries[2]).value).entries.length, 1);
    assert.equal(stringOf(kv(doc.entries[3]).value).value, 'y');
  });

  test('comments between array elements and between map entries', () => {
    const text = 'x: [ # c\n 1, // d\n 2 ]\ny {\n # e\n a: 1 // f\n}\n';
    const doc = accepts(text);
    assert.deepEqual(doc.comments.map((c) => c.text), [' c', ' d', ' e', ' f']);
    assert.deepEqual(arrayOf(kv(doc.entries[0]).value).elements.map((e) => integerOf(e).value), [1, 2]);
    const y = mapOf(kv(doc.entries[1]).value);
    assert.equal(y.entries.length, 1);
    assert.equal(kv(y.entries[0]).key.name, 'a');
    assertSpan(text, doc.comments[3], spanOf(text, '// f'), 'comment in map');
  });

  test('a comment ends at a CR, which is not part of it', () => {
    const text = '# c\r\nport: 1 # d\r\n';
    const doc = accepts(text);
    assert.deepEqual(doc.comments.map((c) => c.text), [' c', ' d']);
    assertSpan(text, doc.comments[0], [0, 3], 'comment 0');
    assertSpan(text, doc.comments[1], spanOf(text, '# d'), 'comment 1');
  });

  test('inside unquoted values # and // are ordinary characters', () => {
    for (const [value, expected] of [['a#b', 'a#b'], ['a//b', 'a//b'], ['4222#c', '4222#c'], ['4222//c', '4222//c']]) {
      const text = `port: ${value}\n`;
      const doc = accepts(text);
      const s = stringOf(firstValue(doc, 'port'));
      assert.equal(s.value, expected);
      assert.equal(s.style, 'unquoted');
      assertSpan(text, s, spanOf(text, value), value);
      assert.deepEqual(doc.comments, [], `no comment in ${value}`);
    }
  });

  test('a # glued to an unquoted value makes the next word a second value', () => {
    rejects('port: 4222# c\n', SyntaxCode.expectedValueEnd, 1, { at: 12 });
    rejects('port: a# c\n', SyntaxCode.expectedValueEnd, 1, { at: 9 });
  });

  test('a comment inside a one-line map swallows the closing brace', () => {
    // With a newline after it the map is still open at EOF, reported on line 2.
    const doc = rejects('tls { verify: true # note }\n', SyntaxCode.unterminatedMap, 2);
    assert.deepEqual(doc.comments.map((c) => c.text), [' note }']);
    const tls = mapOf(kv(doc.entries[0]).value);
    assert.equal(tls.closed, false);
    assert.equal(kv(tls.entries[0]).key.name, 'verify');
    // Without a trailing newline the map's value-end state sees EOF.
    rejects('tls { verify: true # note }', SyntaxCode.mapValueEnd, 1);
  });

  test('a lone / at the start of a top-level statement is an unexpected EOF', () => {
    rejects('/ port: 1\n', SyntaxCode.unexpectedEof, 1, { covers: 0 });
    rejects('/port: 1\n', SyntaxCode.unexpectedEof, 1, { covers: 0 });
    rejects('port: 1\n/\n', SyntaxCode.unexpectedEof, 2, { covers: 8 });
  });

  test('a lone / after a value is skipped like whitespace', () => {
    let doc = accepts('port: 1 / \n');
    assert.equal(integerOf(firstValue(doc, 'port')).value, 1);
    assert.deepEqual(doc.comments, []);
    doc = accepts('port: 1 /\nhttp_port: 2\n');
    assert.deepEqual(doc.entries.map((e) => kv(e).key.name), ['port', 'http_port']);
    accepts('port: 1 /');
    // ... but only the slash: what follows must still end the statement.
    rejects('port: 1 /x\n', SyntaxCode.expectedValueEnd, 1, { at: 9 });
  });

  test('a lone / before a map key is dropped (and a space after it becomes part of the key)', () => {
    let text = 'cluster { /port: 1 }\n';
    let doc = accepts(text);
    let key = kv(mapOf(firstValue(doc, 'cluster')).entries[0]).key;
    assert.equal(key.name, 'port');
    assertSpan(text, key, spanOf(text, 'port'), 'key');
    // nats-server 2.9.10 reports `unknown field " port"` here: the slash is dropped, the space kept.
    text = 'cluster { / port: 1 }\n';
    doc = accepts(text);
    key = kv(mapOf(firstValue(doc, 'cluster')).entries[0]).key;
    assert.equal(key.name, ' port');
    assertSpan(text, key, spanOf(text, ' port'), 'key with a space');
  });

  test('a comment line after a dangling key is read as its value', () => {
    // `http_port` has no separator, so the key-end state skips the newline and `#` starts an
    // unquoted value; ` d` is then a second value on that line.
    rejects('port: 1\n# c\nhttp_port\n# d\n', SyntaxCode.expectedValueEnd, 4, { at: 24 });
    const text = 'port\n#c\n';
    const doc = accepts(text);
    const v = stringOf(firstValue(doc, 'port'));
    assert.equal(v.value, '#c');
    assertSpan(text, v, spanOf(text, '#c'), 'value');
    assert.deepEqual(doc.comments, []);
  });
});
