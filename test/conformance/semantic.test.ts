/**
 * Conformance of everything validate() reports (serverVersion '2.9') with the real nats-server
 * 2.9.10 (`nats-server -t`): full verdicts, not only the parse phase.
 *
 * Cases: test/fixtures/tls and test/fixtures/semantic (each run from its own folder; manifests
 * expected.json beside them) and every `.conf` of shared/corpus/nats-server and
 * shared/corpus/nats-server-embedded (run from the folder their ORIGIN.md names).
 *
 * Rules (details in semanticHarness.ts): nats-server accepts ⇒ we report no error-severity
 * diagnostic; nats-server prints `file:line:col: msg` ⇒ we report an error covering that line (for
 * an included file: at the include directive, pointing into the file and line); parse-phase
 * failures use the rule of syntax.test.ts. Deliberate exceptions, each with its reason, are in
 * exceptions.ts; a listed exception that starts agreeing fails here.
 *
 * Needs nats-server 2.9.10 on PATH (`apt-get install -y nats-server`) and shared/ beside the
 * repository: without them these tests fail, they never skip.
 * `node test/conformance/report.mjs --semantic` prints the same comparison as a table.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { NATS_LINE_EXCEPTIONS, OUR_ERROR_EXCEPTIONS } from './exceptions';
import { CORPUS_SETS, EXPECTED_NATS_VERSION, corpusCases, listConfs, requireNatsServer, visible, type Case } from './natsHarness';
import {
  FIXTURE_CERTS_DIR, REQUIRED_SEMANTIC_COVERS, SEMANTIC_GROUPS, checkCover, formatFullMismatches, groupCases, groupDir,
  groupManifestPath, loadGroupManifest, manifestView, runFullCases, staleExceptions, summarizeMissing,
  type FullOutcome, type SemanticGroup, type SemanticManifest,
} from './semanticHarness';

const manifests = Object.fromEntries(SEMANTIC_GROUPS.map((g) => [g, loadGroupManifest(g)])) as Record<SemanticGroup, SemanticManifest>;

type Group = SemanticGroup | (typeof CORPUS_SETS)[number];
let everything: Promise<Map<Group, FullOutcome[]>> | undefined;

/** nats-server and validate() on every fixture and corpus file, once, in one pool. */
async function outcomesFor(group: Group): Promise<FullOutcome[]> {
  everything ??= (async () => {
    const groups: Array<[Group, Case[]]> = SEMANTIC_GROUPS.map((g) => [g, groupCases(g, manifests[g])]);
    for (const set of CORPUS_SETS) {
      try {
        groups.push([set, corpusCases(set).cases]);
      } catch {
        // a missing corpus is reported by the test of that set (corpusCases throws again there)
      }
    }
    const outcomes = await runFullCases(groups.flatMap(([, cases]) => cases));
    const byGroup = new Map<Group, FullOutcome[]>();
    let at = 0;
    for (const [name, cases] of groups) {
      byGroup.set(name, outcomes.slice(at, at + cases.length));
      at += cases.length;
    }
    return byGroup;
  })();
  const found = (await everything).get(group);
  if (found) return found;
  corpusCases(group as (typeof CORPUS_SETS)[number]); // throws the clear "corpus is missing" error
  throw new Error(`no outcomes for ${group}`);
}

test(`nats-server ${EXPECTED_NATS_VERSION} is installed`, () => {
  assert.equal(requireNatsServer().version, EXPECTED_NATS_VERSION);
});

test('the corpus certificates the TLS fixtures reference are where the fixtures expect them', () => {
  for (const name of ['server-cert.pem', 'server-key.pem', 'ca.pem', 'client-cert.pem', 'client-key.pem']) {
    assert.ok(
      existsSync(path.join(FIXTURE_CERTS_DIR, name)),
      `${path.join(FIXTURE_CERTS_DIR, name)} is missing: the fixtures reference ../../../../shared/corpus/nats-server/test/configs/certs from test/fixtures/<group>; put shared/ beside the repository`,
    );
  }
});

for (const group of SEMANTIC_GROUPS) {
  test(`test/fixtures/${group}/expected.json lists exactly the fixtures beside it`, () => {
    const onDisk = listConfs(groupDir(group));
    const listed = Object.keys(manifests[group].fixtures).sort();
    assert.deepEqual(
      { missingFromManifest: onDisk.filter((f) => !(f in manifests[group].fixtures)), missingOnDisk: listed.filter((f) => !onDisk.includes(f)) },
      { missingFromManifest: [], missingOnDisk: [] },
      `${groupManifestPath(group)} and the .conf files beside it must match`,
    );
  });
}

test('the TLS and semantic fixtures cover every required message and rule (≥80 fixtures)', () => {
  const problems: string[] = [];
  const covered = new Set<string>();
  let count = 0;
  for (const group of SEMANTIC_GROUPS) {
    for (const [rel, entry] of Object.entries(manifests[group].fixtures)) {
      count++;
      const base = path.basename(rel);
      if (!rel.startsWith('includes/')) {
        if (base.startsWith('accept-') && entry.exit !== 0) problems.push(`${group}/${rel}: accept-* but recorded exit ${entry.exit}`);
        else if (base.startsWith('reject-') && entry.exit !== 1) problems.push(`${group}/${rel}: reject-* but recorded exit ${entry.exit}`);
        else if (!base.startsWith('accept-') && !base.startsWith('reject-')) problems.push(`${group}/${rel}: name must start with accept- or reject-`);
      }
      for (const id of entry.covers) {
        const problem = checkCover(id, rel, entry);
        if (problem) problems.push(`${group}/${rel}: ${problem}`);
        else covered.add(id).add(id.split('@')[0]);
      }
    }
  }
  assert.ok(count >= 80, `only ${count} fixtures`);
  assert.deepEqual(problems, [], 'fixtures whose recorded verdict contradicts their name or covers');
  assert.deepEqual(REQUIRED_SEMANTIC_COVERS.filter((id) => !covered.has(id)), [], 'required cover ids no fixture exercises');
});

for (const group of SEMANTIC_GROUPS) {
  test(`nats-server ${EXPECTED_NATS_VERSION} still says what test/fixtures/${group}/expected.json records`, async () => {
    const outcomes = await outcomesFor(group);
    const problems: string[] = [];
    for (const o of outcomes) {
      const rel = path.relative(groupDir(group), o.case.file).split(path.sep).join('/');
      const entry = manifests[group].fixtures[rel];
      if (!entry) continue; // reported by the manifest test
      const live = manifestView(o);
      const recorded = { exit: entry.exit, lines: [...entry.lines].sort(), message: entry.message };
      if (JSON.stringify(live) !== JSON.stringify(recorded)) {
        problems.push(`${rel}:\n    recorded: ${visible(JSON.stringify(recorded))}\n    live:     ${visible(JSON.stringify(live))}`);
      }
      for (const id of entry.covers) {
        const problem = checkCover(id, rel, live);
        if (problem) problems.push(`${rel}: live: ${problem}`);
      }
    }
    assert.equal(problems.length, 0, `${problems.length} fixture verdicts changed (refresh with report.mjs --semantic --record):\n${problems.join('\n')}`);
  });
}

for (const group of [...SEMANTIC_GROUPS, ...CORPUS_SETS] as Group[]) {
  const title = (SEMANTIC_GROUPS as readonly string[]).includes(group) ? `test/fixtures/${group}` : `corpus ${group}`;
  test(`full conformance: ${title} agrees with nats-server (errors on the lines it names, none where it accepts)`, async (t) => {
    const outcomes = await outcomesFor(group);
    assert.ok(outcomes.length > 0);
    for (const o of outcomes) {
      for (const ch of o.checks.filter((x) => x.status === 'excepted' || x.status === 'warning-accepted')) {
        t.diagnostic(`deliberate exception ${o.case.name}: "${visible(ch.nats)}" — ${ch.exception}`);
      }
    }
    const bad = outcomes.filter((o) => o.problems.length > 0);
    if (bad.length > 0) assert.fail(formatFullMismatches(`${title} files`, outcomes));
  });
}

test('the deliberate exceptions name existing cases and none of them is stale', async () => {
  const all: FullOutcome[] = [];
  for (const group of [...SEMANTIC_GROUPS, ...CORPUS_SETS] as Group[]) all.push(...(await outcomesFor(group)));
  const known = new Set(all.map((o) => o.case.name));
  const unknownNames = [...NATS_LINE_EXCEPTIONS, ...OUR_ERROR_EXCEPTIONS].map((e) => e.file).filter((f) => !known.has(f));
  assert.deepEqual(unknownNames, [], 'exceptions naming no case');
  const stale = staleExceptions(all);
  assert.deepEqual(stale, [], `stale exceptions (remove them from exceptions.ts):\n${stale.join('\n')}\n\n${summarizeMissing(all)}`);
});
