/**
 * The incremental analysis against a fresh one, on chains of random edits of the seed configs
 * (incremental.ts): whatever analyze() reuses (the patched tree, the resolution), its
 * diagnostics and its tree must be exactly those of a fresh analysis of the same text.
 * Deterministic: fast-check with a fixed seed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { createLanguageService } from '../../server/src/languageService';
import { ENV_VALUES } from './arbitraries';
import { checkEditChain, editChains, EDITS_PER_CHAIN, emptyChainCounts, typableSeeds } from './incremental';
import { memoryEnvironment } from './memoryEnvironment';
import { loadSeeds } from './seeds';

const SEED = 20261128;
/** Chains of edits in the suite (about 2 s); INCREMENTAL_FUZZ_CHAINS=5000 runs a longer campaign. */
const CHAINS = Number(process.env.INCREMENTAL_FUZZ_CHAINS ?? 250);

test(`incremental analysis equals a fresh one on ${CHAINS} chains of ${EDITS_PER_CHAIN} random edits of the seeds`, async (t) => {
  const { seeds, files } = loadSeeds();
  const typable = typableSeeds(seeds);
  assert.ok(typable.length > 100, `only ${typable.length} of ${seeds.length} seeds are typable`);
  const service = createLanguageService(memoryEnvironment(files, ENV_VALUES));
  const counts = emptyChainCounts();
  await fc.assert(
    fc.asyncProperty(editChains(seeds), async ([seed, edits]) => checkEditChain(service, seed, edits, counts)),
    { seed: SEED, numRuns: CHAINS, includeErrorInReport: true },
  );

  t.diagnostic(`${counts.changed} edits changed the text: ${counts.treeReused} reused the tree, ${counts.resolutionReused} the resolution too`);
  assert.equal(counts.edits, CHAINS * EDITS_PER_CHAIN);
  // The property must not pass by parsing everything afresh: most edits of a typable seed are
  // patched (the rest typed a refused character, edited outside the strings, or followed one
  // that broke the syntax).
  assert.ok(counts.treeReused > counts.changed * 0.4, `only ${counts.treeReused} of ${counts.changed} edits reused the tree`);
  assert.ok(counts.resolutionReused > counts.changed / 4, `only ${counts.resolutionReused} of ${counts.changed} edits reused the resolution`);
});
