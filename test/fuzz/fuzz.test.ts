/**
 * A small, deterministic slice of the fuzzing campaign (`npm run fuzz` runs the full one): the
 * same properties and generators with a fixed seed and a few thousand inputs, plus every seed
 * config unmutated.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { createContext, PROPERTIES, type CampaignContext } from './campaign';
import { pathBaseOf } from './arbitraries';
import { checkAnalysis, checkFastReader, checkParse, checkRoundTrip } from './properties';

const SEED = 20261127;

const SLICE: Record<string, number> = {
  'parser: generated configs': 1000,
  'parser: mutated seeds': 1000,
  'parser: raw text and bytes': 1000,
  'analysis+services: generated configs': 40,
  'analysis+services: mutated seeds': 40,
  'analysis+services: raw text': 20,
  // incremental.test.ts runs more chains and checks how many reused the tree.
  'typing: analysis after an edit': 20,
};

let shared: CampaignContext | undefined;
const context = (): CampaignContext => (shared ??= createContext());

describe('fuzzing slice', () => {
  for (const property of PROPERTIES) {
    const runs = SLICE[property.name];
    test(`${property.name}: ${runs} inputs`, async () => {
      assert.ok(runs !== undefined, `the slice has no size for ${property.name}`);
      const ctx = context();
      const before = { ...ctx.counters };
      await fc.assert(property.build(ctx), { seed: SEED, numRuns: runs, includeErrorInReport: true });
      assert.equal(ctx.counters.inputs - before.inputs, runs);
      if (property.name === 'parser: generated configs') {
        // Most generated configs are valid, so the round trip really runs on them.
        const sameTree = ctx.counters.sameTree - before.sameTree;
        assert.ok(sameTree > runs / 2, `only ${sameTree} of ${runs} generated configs went through the round trip`);
        // ... and the fast reader takes most of them, so its tree is really compared.
        const fast = ctx.counters.fastReader - before.fastReader;
        assert.ok(fast > runs / 4, `the fast reader took only ${fast} of ${runs} generated configs`);
      }
    });
  }

  test('every seed parses with consistent ranges, the valid ones print and reparse to the same tree, and the fast reader builds the same tree as the state machine', () => {
    const { seeds } = context().seeds;
    let sameTree = 0;
    let fast = 0;
    for (const seed of seeds) {
      if (checkRoundTrip(checkParse(seed.text)) === 'same-tree') sameTree++;
      if (checkFastReader(seed.text) === 'fast-reader') fast++;
    }
    assert.ok(fast > seeds.length / 2, `the fast reader took only ${fast} of ${seeds.length} seeds`);
    // Most of the corpus is valid syntax.
    assert.ok(sameTree > seeds.length / 2, `only ${sameTree} of ${seeds.length} seeds went through the round trip`);
  });

  test('every 8th seed goes through the whole analysis and every service', async () => {
    const ctx = context();
    const seeds = ctx.seeds.seeds.filter((_, i) => i % 8 === 0);
    for (const seed of seeds) {
      await checkAnalysis(ctx.service, { text: seed.text, path: seed.path, pathBase: pathBaseOf(seed), offsets: [0, 7, 61, 150], serverVersion: 'latest' }, { validate: true });
    }
  });
});
