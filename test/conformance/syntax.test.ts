/**
 * Conformance of our parse phase with the real nats-server 2.9.10 (`nats-server -t`).
 *
 * For every `.conf` of shared/corpus/nats-server and shared/corpus/nats-server-embedded (run from
 * the folder its ORIGIN.md names) and of test/fixtures/syntax (run from its own folder): where
 * nats-server reports a parse-phase error on line N we report an error-severity `syntax-*`,
 * `include-*` or `variable-*` diagnostic covering line N; where it reports none we report none.
 * The rules in detail are in natsHarness.ts; disagreements are listed all at once.
 *
 * Needs nats-server 2.9.10 on PATH (`apt-get install -y nats-server`): without it these tests
 * fail, they never skip. `node test/conformance/report.mjs` prints the same comparison as a table.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { DELIBERATE_EXCEPTIONS } from './exceptions';
import {
  COVER_PATTERNS, CORPUS_SETS, EXPECTED_NATS_VERSION, FIXTURES_DIR, MANIFEST_PATH, REQUIRED_COVERS,
  corpusCases, firstLine, fixtureCases, formatMismatches, listConfs, loadManifest, requireCorpus,
  requireNatsServer, runCases, visible, type Case, type CorpusSet, type Outcome,
} from './natsHarness';

const manifest = loadManifest();

type Group = 'fixtures' | CorpusSet;
let everything: Promise<Map<Group, Outcome[]>> | undefined;

/**
 * nats-server and validate() on every fixture and corpus file, once for all tests below, in one
 * pool (so the slow stack-overflow case overlaps with everything else).
 */
async function outcomesFor(group: Group): Promise<Outcome[]> {
  everything ??= (async () => {
    const groups: Array<[Group, Case[]]> = [['fixtures', fixtureCases(manifest)]];
    for (const set of CORPUS_SETS) {
      try {
        groups.push([set, corpusCases(set).cases]);
      } catch {
        // a missing corpus is reported by the test of that set (corpusCases throws again there)
      }
    }
    const outcomes = await runCases(groups.flatMap(([, cases]) => cases));
    const byGroup = new Map<Group, Outcome[]>();
    let at = 0;
    for (const [name, cases] of groups) {
      byGroup.set(name, outcomes.slice(at, at + cases.length));
      at += cases.length;
    }
    return byGroup;
  })();
  const found = (await everything).get(group);
  if (found) return found;
  corpusCases(group as CorpusSet); // throws the clear "corpus is missing" error
  throw new Error(`no outcomes for ${group}`);
}

test(`nats-server ${EXPECTED_NATS_VERSION} is installed`, () => {
  const nats = requireNatsServer();
  assert.equal(nats.version, EXPECTED_NATS_VERSION);
});

test('the shared corpus is present and its ORIGIN.md files name the working directories', () => {
  for (const set of CORPUS_SETS) {
    requireCorpus(set);
    const { cases, rules } = corpusCases(set);
    assert.ok(cases.length > 0, `no .conf files in the ${set} corpus`);
    assert.ok(rules.length > 0, `could not read any "\`<cwd>\` for files under \`<folder>\`" rule from ${set}/ORIGIN.md`);
  }
});

test('expected.json lists exactly the fixtures in test/fixtures/syntax', () => {
  const onDisk = listConfs(FIXTURES_DIR);
  const listed = Object.keys(manifest.fixtures).sort();
  assert.deepEqual(
    { missingFromManifest: onDisk.filter((f) => !(f in manifest.fixtures)), missingOnDisk: listed.filter((f) => !onDisk.includes(f)) },
    { missingFromManifest: [], missingOnDisk: [] },
    `${MANIFEST_PATH} and the .conf files beside it must match`,
  );
});

test('the fixtures cover every §1.15 message reachable in 2.9.10 (≥40 broken, ≥15 valid)', () => {
  const names = Object.keys(manifest.fixtures);
  const broken = names.filter((n) => path.basename(n).startsWith('broken-'));
  const valid = names.filter((n) => path.basename(n).startsWith('valid-'));
  assert.ok(broken.length >= 40, `only ${broken.length} broken fixtures`);
  assert.ok(valid.length >= 15, `only ${valid.length} valid fixtures`);
  const covered = new Set(broken.flatMap((n) => manifest.fixtures[n].covers));
  assert.deepEqual(REQUIRED_COVERS.filter((id) => !covered.has(id)), [], 'messages no broken fixture covers');
  const unknown = names.flatMap((n) => manifest.fixtures[n].covers.filter((id) => !(id in COVER_PATTERNS) && id !== 'crash-env-cycle').map((id) => `${n}: ${id}`));
  assert.deepEqual(unknown, [], 'covers ids without a pattern');
});

test(`nats-server ${EXPECTED_NATS_VERSION} still says what expected.json records for each fixture`, async () => {
  const outcomes = await outcomesFor('fixtures');
  const problems: string[] = [];
  for (const o of outcomes) {
    const rel = path.relative(FIXTURES_DIR, o.case.file).split(path.sep).join('/');
    const entry = manifest.fixtures[rel];
    if (!entry) continue; // reported by the manifest test
    const live = o.verdict.kind === 'crash' ? o.verdict.message : firstLine(o.nats.stderr);
    const say = (p: string) => problems.push(`${rel}: ${p}\n    recorded: exit ${entry.exit}: ${visible(entry.stderr)}\n    live:     exit ${o.nats.exitCode ?? o.nats.signal}: ${visible(live)}`);
    if (o.nats.exitCode !== entry.exit) say('exit code differs');
    else if (o.verdict.kind !== 'option-error' && live !== entry.stderr) say('message differs');
    const base = path.basename(rel);
    if (base.startsWith('broken-') && o.verdict.kind !== 'parse-error' && o.verdict.kind !== 'crash') say('a broken-* fixture must fail in the parse phase');
    if (base.startsWith('valid-') && o.verdict.kind !== 'valid' && o.verdict.kind !== 'option-error') say('a valid-* fixture must pass the parse phase');
    for (const id of entry.covers) {
      if (id === 'crash-env-cycle') {
        if (o.verdict.kind !== 'crash') say(`covers ${id} but nats-server did not crash`);
      } else if (o.verdict.kind !== 'parse-error' || !COVER_PATTERNS[id]?.test(o.verdict.message)) {
        say(`covers ${id} but the message does not match ${COVER_PATTERNS[id]}`);
      }
    }
  }
  assert.equal(problems.length, 0, `${problems.length} fixture verdicts changed:\n${problems.join('\n')}`);
});

test('conformance: test/fixtures/syntax agrees with nats-server', async () => {
  const outcomes = await outcomesFor('fixtures');
  assert.ok(outcomes.length > 0);
  const bad = outcomes.filter((o) => o.problems.length > 0);
  if (bad.length > 0) assert.fail(formatMismatches('fixtures', outcomes));
});

for (const set of CORPUS_SETS) {
  test(`conformance: corpus ${set} agrees with nats-server`, async (t) => {
    const outcomes = await outcomesFor(set);
    const excepted = outcomes.filter((o) => o.case.name in DELIBERATE_EXCEPTIONS);
    for (const o of excepted) t.diagnostic(`deliberate exception ${o.case.name}: ${DELIBERATE_EXCEPTIONS[o.case.name]}`);
    const failures: string[] = [];
    const bad = outcomes.filter((o) => o.problems.length > 0 && !(o.case.name in DELIBERATE_EXCEPTIONS));
    if (bad.length > 0) failures.push(formatMismatches(`${set} corpus files`, outcomes.filter((o) => !(o.case.name in DELIBERATE_EXCEPTIONS))));
    if (set !== 'nats-server-embedded' && excepted.length > 0) {
      failures.push(`exceptions are only allowed for nats-server-embedded: ${excepted.map((o) => o.case.name).join(', ')}`);
    }
    const stale = excepted.filter((o) => o.problems.length === 0).map((o) => o.case.name);
    if (stale.length > 0) failures.push(`these deliberate exceptions now agree with nats-server; remove them from exceptions.ts: ${stale.join(', ')}`);
    if (failures.length > 0) assert.fail(failures.join('\n\n'));
  });
}

test('every deliberate exception names an existing corpus file', () => {
  const known = new Set(CORPUS_SETS.flatMap((set) => corpusCases(set).cases.map((c) => c.name)));
  assert.deepEqual(Object.keys(DELIBERATE_EXCEPTIONS).filter((name) => !known.has(name)), []);
});
