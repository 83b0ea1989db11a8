import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from '../../server/src/parser/parser';

test('parse returns a document', () => {
  assert.equal(parse('').kind, 'document');
});
