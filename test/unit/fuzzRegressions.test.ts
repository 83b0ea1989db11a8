/**
 * Inputs the fuzzer (test/fuzz, `npm run fuzz`) found breaking a property, each with the exact
 * result now expected.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from '../../server/src/parser/parser';
import { checkParse } from '../fuzz/properties';

test('a problem found on the \\r of a CRLF ends at the end of the line, not between \\r and \\n', () => {
  const document = checkParse('include\r\nport: 1\r\n');
  assert.deepEqual(
    document.errors.map((e) => [e.code, e.range]),
    [['syntax-invalid-include', { start: { line: 0, character: 7 }, end: { line: 0, character: 7 } }]],
  );
});

test("'opened here' of a map key cut short by the end of the input stays inside the document", () => {
  // The lone '/' is dropped before a map key, so the key "opens" at the very end of the text.
  const document = checkParse('tls {/');
  assert.equal(document.errors.length, 1);
  const [problem] = document.errors;
  assert.equal(problem.code, 'syntax-unterminated-map-key');
  assert.deepEqual(problem.range, { start: { line: 0, character: 6 }, end: { line: 0, character: 6 } });
  assert.deepEqual(problem.related, [{ range: { start: { line: 0, character: 6 }, end: { line: 0, character: 6 } }, message: 'opened here' }]);
  assert.equal(parse('tls {/').errors[0].related?.[0].range.end.character, 6);
});

test("the '[1]' hint survives every later error of the same array (its elements are scanned once, not per error)", () => {
  // `npm run fuzz` found `x: [\n` repeated taking quadratic time: each error rescanned the whole
  // array for the `1]` quirk. The hint must still name the quirk element on every later error.
  const document = checkParse('x: [\n1]\na b\nc d\n');
  assert.deepEqual(
    document.errors.map((e) => [e.code, e.range.start.line, /reads '1\]' as text/.test(e.message)]),
    [
      ['syntax-array-value-end', 2, true],
      ['syntax-array-value-end', 3, true],
      ['syntax-array-value-end', 4, true],
    ],
  );
  const plain = checkParse('x: [\na b\nc d\n');
  assert.deepEqual(plain.errors.map((e) => /reads .* as text/.test(e.message)), [false, false, false]);
});

test("a map key read from the '\\r' of a CRLF (after a lone '/') has a range that ends at the end of its line", () => {
  // nats-server drops a lone '/' before a map key and takes the next character, here '\r', as the
  // key's first: the key ends between '\r' and '\n', which is no editor position.
  const document = checkParse('tls {/\r\n  verify: true\r\n}\r\n');
  const tls = document.entries[0];
  assert.ok(tls.kind === 'keyValue' && tls.value?.kind === 'map');
  const key = tls.value.entries[0];
  assert.ok(key.kind === 'keyValue');
  assert.equal(key.key.name, '\r');
  assert.deepEqual(key.key.range, { start: { line: 0, character: 6 }, end: { line: 0, character: 6 } });
});
