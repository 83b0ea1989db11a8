/**
 * The `--semantic` half of report.ts: full verdicts (semantic.test.ts) as a table, details and a
 * summary grouped by nats-server message, for whoever writes the analysis.
 */
import * as path from 'node:path';
import { CORPUS_SETS, EXPECTED_NATS_VERSION, corpusCases, formatRange, visible, type Case } from './natsHarness';
import type { Options } from './report';
import {
  SEMANTIC_GROUPS, formatFullOutcome, groupCases, groupDir, loadGroupManifest, manifestView, runFullCases, staleExceptions,
  summarizeMissing, type FullOutcome, type SemanticGroup, type SemanticManifestEntry,
} from './semanticHarness';

function cell(text: string, width: number): string {
  const flat = visible(text).replace(/\n/g, '\\n');
  return flat.length > width ? `${flat.slice(0, width - 1)}…` : flat.padEnd(width);
}

function natsCell(o: FullOutcome): string {
  switch (o.phase) {
    case 'valid':
      return 'valid';
    case 'parse':
      return `parse phase: ${o.verdict.message}`;
    case 'unusable':
      return `?? ${o.verdict.message}`;
    case 'options':
      return o.checks.map((ch) => `${ch.item ? `L${ch.item.line}${ch.item.file === o.nats.configArg ? '' : ` (${path.basename(ch.item.file)})`}` : 'no line'}: ${ch.item?.message ?? ch.nats}`).join('; ');
  }
}

function oursCell(o: FullOutcome): string {
  if (o.ours.crash) return `THREW ${o.ours.crash.split('\n')[0]}`;
  const errors = o.ours.diagnostics.filter((d) => d.severity === 'error');
  const warnings = o.ours.diagnostics.filter((d) => d.severity === 'warning');
  const parts = errors.map((d) => `${d.code} ${formatRange(d)}`);
  if (warnings.length > 0) parts.push(`(+${warnings.length} warning${warnings.length > 1 ? 's' : ''})`);
  return parts.length === 0 ? '(no error)' : parts.join('; ');
}

export async function semanticMain(options: Options): Promise<void> {
  const groups: Array<{ name: string; cases: Case[] }> = [];
  for (const g of SEMANTIC_GROUPS) if (!options.only || options.only === g) groups.push({ name: g, cases: groupCases(g) });
  if (!options.record) for (const set of CORPUS_SETS) if (!options.only || options.only === set) groups.push({ name: set, cases: corpusCases(set).cases });
  if (groups.length === 0) throw new Error(`--only: unknown group ${options.only} (tls, semantic, nats-server, nats-server-embedded)`);

  const started = Date.now();
  const selected = groups.map((g) => ({ name: g.name, cases: options.filter ? g.cases.filter((c) => c.name.includes(options.filter!)) : g.cases }));
  const all = await runFullCases(selected.flatMap((g) => g.cases));
  const results: Array<{ name: string; outcomes: FullOutcome[] }> = [];
  let at = 0;
  for (const g of selected) {
    results.push({ name: g.name, outcomes: all.slice(at, at + g.cases.length) });
    at += g.cases.length;
  }
  const elapsed = Date.now() - started;

  if (options.record) {
    const entries: Record<string, Record<string, SemanticManifestEntry>> = {};
    for (const r of results) {
      const group = r.name as SemanticGroup;
      const manifest = loadGroupManifest(group);
      for (const o of r.outcomes) {
        const rel = path.relative(groupDir(group), o.case.file).split(path.sep).join('/');
        const live = manifestView(o);
        const old = manifest.fixtures[rel] as SemanticManifestEntry | undefined;
        if (old && JSON.stringify({ exit: old.exit, lines: [...old.lines].sort(), message: old.message }) === JSON.stringify(live)) continue;
        (entries[group] ??= {})[rel] = { description: old?.description ?? 'TODO', covers: old?.covers ?? [], ...live, ...(old?.ourLine ? { ourLine: old.ourLine } : {}) };
      }
    }
    console.log(Object.keys(entries).length === 0 ? 'the expected.json files are up to date' : JSON.stringify(entries, null, 2));
    return;
  }

  if (options.json) {
    console.log(JSON.stringify(results.map((r) => ({
      group: r.name,
      outcomes: r.outcomes.map((o) => ({
        file: o.case.name, cwd: o.case.cwd, phase: o.phase,
        nats: { exit: o.nats.exitCode, stderr: o.nats.stderr, checks: o.checks.map((ch) => ({ nats: ch.nats, need: ch.need, status: ch.status, exception: ch.exception })) },
        ours: o.ours.diagnostics, extra: o.extra, problems: o.problems,
      })),
    })), null, 2));
    return;
  }

  const W = { file: 60, nats: 72, ours: 50 };
  let disagreements = 0;
  for (const r of results) {
    const bad = r.outcomes.filter((o) => o.problems.length > 0);
    disagreements += bad.length;
    const excepted = r.outcomes.reduce((n, o) => n + o.checks.filter((ch) => ch.status === 'excepted' || ch.status === 'warning-accepted').length, 0);
    console.log(`\n== ${r.name}: ${r.outcomes.length - bad.length}/${r.outcomes.length} agree with nats-server ${EXPECTED_NATS_VERSION} (full verdicts; ${excepted} nats-server line(s) excused by listed exceptions)`);
    if (options.summary) continue;
    const rows = options.all ? r.outcomes : bad;
    if (rows.length === 0) continue;
    console.log(`   ${cell('file', W.file)} | ${cell('nats-server says', W.nats)} | ${cell('we say (errors, 1-based)', W.ours)}`);
    console.log(`   ${'-'.repeat(W.file)}-+-${'-'.repeat(W.nats)}-+-${'-'.repeat(W.ours)}`);
    for (const o of rows) {
      const mark = o.problems.length === 0 ? ' ' : '✗';
      console.log(` ${mark} ${cell(o.case.name, W.file)} | ${cell(natsCell(o), W.nats)} | ${cell(oursCell(o), W.ours)}`);
    }
    if (options.details || !options.all) for (const o of bad) console.log(`\n${formatFullOutcome(o)}`);
    if (options.details && options.all) for (const o of r.outcomes.filter((x) => x.problems.length === 0)) console.log(`\n${formatFullOutcome(o)}`);
  }
  const outcomes = results.flatMap((r) => r.outcomes);
  console.log(`\n${summarizeMissing(outcomes)}`);
  const stale = options.filter || options.only ? [] : staleExceptions(outcomes);
  if (stale.length > 0) console.log(`\nstale exceptions (remove them from exceptions.ts):\n${stale.map((s) => `  ${s}`).join('\n')}`);
  const total = outcomes.length;
  console.log(`\n${disagreements === 0 ? 'all agree' : `${disagreements} disagreement(s)`} over ${total} files (full verdicts); ${(elapsed / 1000).toFixed(1)} s`);
  process.exitCode = disagreements === 0 && stale.length === 0 ? 0 : 1;
}
