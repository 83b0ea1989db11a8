import { test } from 'node:test';
import assert from 'node:assert/strict';
import { allContexts, childContext, formsForLiteral, keysOf, type KeyData, type LiteralType } from '../../../server/src/knowledge/schema';
import { isAvailable, SERVER_VERSIONS, targetBit } from '../../../server/src/knowledge/versions';

/** How a key takes a literal, worked out from its forms (what KeyFacts keeps answered). */
function fitOf(key: KeyData, literal: LiteralType): string {
  const forms = formsForLiteral(key, literal);
  if (forms.some((form) => !key.deprecatedForms?.includes(form))) return 'accepted';
  return forms.length > 0 ? 'deprecated' : 'wrong';
}

test('the precomputed facts of every name agree with the schema data', () => {
  for (const context of allContexts()) {
    for (const name of keysOf(context)) {
      const { facts, key } = name;
      const label = `${context.id}.${name.name}`;
      for (const target of SERVER_VERSIONS) {
        assert.equal((facts.targets & targetBit(target)) !== 0, isAvailable(name, target), `${label} in ${target}`);
      }
      assert.equal(facts.childContext, childContext(context, key), label);
      assert.equal(facts.takesBlockList, key.accepts.includes('array<map>'), label);
      assert.equal(facts.takesOnlyBlocks, key.accepts.includes('array<map>') && !key.accepts.includes('array<string>'), label);
      assert.equal(facts.knowsValue, key.accepts.length > 0, label);
      assert.equal(facts.deprecated, key.deprecated !== undefined, label);
      assert.deepEqual(
        [facts.stringFit, facts.integerFit, facts.floatFit, facts.booleanFit, facts.mapFit, facts.arrayFit],
        (['string', 'integer', 'float', 'boolean', 'map', 'array'] as const).map((literal) => fitOf(key, literal)),
        label,
      );
    }
  }
});

test('each target has its own bit', () => {
  const bits = SERVER_VERSIONS.map(targetBit);
  assert.equal(new Set(bits).size, SERVER_VERSIONS.length);
  for (const bit of bits) assert.equal(bit & (bit - 1), 0, `${bit} is one bit`);
});
