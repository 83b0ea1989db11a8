import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  at, findKey, firstValue, integerOf, kv, mapOf, parse, plain, rejects, rejectsAll, stringOf, SyntaxCode,
} from './helpers';

describe('error recovery', () => {
  test('two independent errors on separate top-level lines are both reported', () => {
    const text = 'port: 4222 x\nhttp_port: 8222\nmonitor_port: .5\nserver_name: ok\n';
    const doc = rejectsAll(text, [
      { code: SyntaxCode.expectedValueEnd, natsLine: 1, at: at(text, 'x') },
      { code: SyntaxCode.floatLeadingDot, natsLine: 3, at: at(text, '.5') },
    ]);
    // nats-server reports the second one once the first line is fixed.
    rejects('port: 4222\nhttp_port: 8222\nmonitor_port: .5\nserver_name: ok\n', SyntaxCode.floatLeadingDot, 3);
    // Everything readable is in the tree.
    assert.equal(integerOf(firstValue(doc, 'port')).value, 4222);
    assert.equal(integerOf(findKey(doc.entries, 'http_port')?.value).value, 8222);
    assert.ok(findKey(doc.entries, 'monitor_port'));
    assert.equal(stringOf(findKey(doc.entries, 'server_name')?.value).value, 'ok');
    assert.deepEqual(doc.entries.map((e) => kv(e).key.name), ['port', 'http_port', 'monitor_port', 'server_name']);
  });

  test('an error detected at a newline does not swallow the next line', () => {
    const text = '= 1\nport: 1.\nb: 2\nc: 3\n';
    const doc = rejectsAll(text, [
      { code: SyntaxCode.unexpectedSeparator, natsLine: 1, at: 0 },
      { code: SyntaxCode.floatMissingDigit, natsLine: 3 },
    ]);
    rejects('\nport: 1.\nb: 2\nc: 3\n', SyntaxCode.floatMissingDigit, 3);
    assert.equal(integerOf(findKey(doc.entries, 'b')?.value).value, 2);
    assert.equal(integerOf(findKey(doc.entries, 'c')?.value).value, 3);
  });

  test('an error inside a map: the rest of the map and the file are kept', () => {
    const text = 'a {\n  b: 1 c\n  d: 2\n}\ne: 3\n';
    const doc = rejectsAll(text, [{ code: SyntaxCode.mapValueEnd, natsLine: 2, at: at(text, 'c') }]);
    const a = mapOf(firstValue(doc, 'a'));
    assert.equal(integerOf(findKey(a.entries, 'b')?.value).value, 1);
    assert.equal(integerOf(findKey(a.entries, 'd')?.value).value, 2);
    assert.equal(integerOf(findKey(doc.entries, 'e')?.value).value, 3);
    assert.equal(doc.entries.length, 2);
  });

  test('an error in a nested map keeps the outer structure', () => {
    const text = 'cluster {\n  tls {\n    cert_file: "a" "b"\n  }\n  port: 6222\n}\nhttp_port: 8222\n';
    const doc = rejectsAll(text, [{ code: SyntaxCode.mapValueEnd, natsLine: 3, at: at(text, '"b"') }]);
    const cluster = mapOf(firstValue(doc, 'cluster'));
    const tls = mapOf(findKey(cluster.entries, 'tls')?.value);
    assert.equal(stringOf(findKey(tls.entries, 'cert_file')?.value).value, 'a');
    assert.equal(integerOf(findKey(cluster.entries, 'port')?.value).value, 6222);
    assert.equal(integerOf(findKey(doc.entries, 'http_port')?.value).value, 8222);
  });

  test('errors in an array, a string and a key on different lines', () => {
    const text = 'x: [ 1 2 ]\ny: 3\nz: "\\q"\nw: 4\n= 5\nv: 6\n';
    const doc = rejectsAll(text, [
      { code: SyntaxCode.arrayValueEnd, natsLine: 1, at: at(text, '2') },
      { code: SyntaxCode.invalidEscape, natsLine: 3 },
      { code: SyntaxCode.unexpectedSeparator, natsLine: 5, at: at(text, '= 5') },
    ]);
    rejects('x: [ 1, 2 ]\ny: 3\nz: "\\q"\nw: 4\n= 5\nv: 6\n', SyntaxCode.invalidEscape, 3);
    rejects('x: [ 1, 2 ]\ny: 3\nz: "q"\nw: 4\n= 5\nv: 6\n', SyntaxCode.unexpectedSeparator, 5);
    for (const [name, value] of [['y', 3], ['w', 4], ['v', 6]] as const) {
      assert.equal(integerOf(findKey(doc.entries, name)?.value).value, value, name);
    }
  });

  test("a key alone on its line takes the next line's first word, and fails there: the key is left without a value, and that line is read as it is meant", () => {
    const text = 'A {\n  m\n  users: [ 1 ]\n}\nport: 4222\n';
    const doc = rejectsAll(text, [{ code: SyntaxCode.mapValueEnd, natsLine: 3, at: at(text, '[') }]);
    const a = mapOf(firstValue(doc, 'A'));
    assert.deepEqual(a.entries.map((e) => [kv(e).key.name, kv(e).value?.kind]), [['m', undefined], ['users', 'array']]);
    assert.equal(integerOf(findKey(doc.entries, 'port')?.value).value, 4222);
    const problem = doc.errors[0];
    assert.equal(problem.message, "'m' on line 2 has no value on its line, so nats-server takes 'users:' on line 3 as its value, and then expects the end of that value but finds '['. Give 'm' its value on its own line, or remove it.");
    assert.deepEqual(problem.related?.map((r) => [r.message, r.range.start.line, r.range.start.character]), [["'m' has no value on its line", 1, 2], ['opened here', 0, 2]]);

    // At the top level, and with nothing before the offending character.
    const top = 'm\nport: 4222\nb: 1\n';
    const topDoc = rejectsAll(top, [{ code: SyntaxCode.expectedValueEnd, natsLine: 2, at: at(top, '4222') }]);
    assert.deepEqual(topDoc.entries.map((e) => [kv(e).key.name, kv(e).value?.kind]), [['m', undefined], ['port', 'integer'], ['b', 'integer']]);
    const empty = 'a {\n  m\n  ]\n}\n';
    assert.match(parse(empty).errors[0].message, /^'m' on line 2 has no value on its line, so nats-server looks for its value on line 3 and finds '\]'\./);

    // On the key's own line, the value is the key's: the rest of the line is skipped as before.
    const sameLine = 'A {\n  m users: [ 1 ]\n  n: 2\n}\n';
    const same = rejectsAll(sameLine, [{ code: SyntaxCode.mapValueEnd, natsLine: 2, at: at(sameLine, '[') }]);
    assert.deepEqual(mapOf(firstValue(same, 'A')).entries.map((e) => [kv(e).key.name, kv(e).value?.kind]), [['m', 'string'], ['n', 'integer']]);
    assert.match(same.errors[0].message, /^Expected the end of the line/);
  });

  test('two statements on one line: the first is kept, the next line is read', () => {
    const text = 'port: 4222 http_port: 8222\nmax_payload: 1MB\n';
    const doc = rejectsAll(text, [{ code: SyntaxCode.expectedValueEnd, natsLine: 1, at: at(text, 'http_port') }]);
    assert.equal(integerOf(firstValue(doc, 'port')).value, 4222);
    assert.equal(integerOf(findKey(doc.entries, 'max_payload')?.value).value, 1048576);
  });

  test('an unclosed map at EOF keeps what it read', () => {
    const doc = rejectsAll('a {\n b: 1\n c { d: 2 }\n', [{ code: SyntaxCode.unterminatedMap, natsLine: 4 }]);
    assert.deepEqual(plain(firstValue(doc, 'a')), { map: [['b', { integer: 1 }], ['c', { map: [['d', { integer: 2 }]] }]] });
    assert.equal(mapOf(firstValue(doc, 'a')).closed, false);
  });

  test('a bad include line does not hide the next statements', () => {
    const text = 'include [ a ]\nport: 1\n';
    const doc = rejectsAll(text, [{ code: SyntaxCode.invalidIncludeValue, natsLine: 1 }]);
    assert.equal(integerOf(findKey(doc.entries, 'port')?.value).value, 1);
  });
});
