/**
 * Prints how our diagnostics compare with nats-server 2.9.10, as a table: one row per file where
 * we disagree (or every file with --all), then the details of each disagreement.
 *
 * Parse phase (syntax.test.ts; groups fixtures, nats-server, nats-server-embedded):
 *   node test/conformance/report.mjs [--all] [--details] [--json] [--only GROUP] [FILTER]
 *   node test/conformance/report.mjs --record [FILTER]
 * Full verdicts (semantic.test.ts; groups tls, semantic, nats-server, nats-server-embedded):
 *   node test/conformance/report.mjs --semantic [--all] [--details] [--summary] [--json] [--only GROUP] [FILTER]
 *   node test/conformance/report.mjs --semantic --record [FILTER]
 *
 * FILTER keeps the files whose name contains it. Exit code 1 when anything disagrees.
 * --record prints expected.json entries for fixtures that are new or whose nats-server verdict
 * changed (fill in `description` and `covers` by hand; add `ourLine` when nats-server prints no line).
 * --summary prints only the per-group counts and the disagreements grouped by nats-server message.
 */
import * as path from 'node:path';
import { DELIBERATE_EXCEPTIONS } from './exceptions';
import { semanticMain } from './semanticReport';
import {
  CORPUS_SETS, EXPECTED_NATS_VERSION, FIXTURES_DIR, corpusCases, firstLine, fixtureCases, formatDiagnostic, formatOutcome,
  formatRange, isParsePhaseError, loadManifest, natsSummary, requireNatsServer, runCases, visible,
  type Case, type ManifestEntry, type Outcome,
} from './natsHarness';

export interface Options {
  semantic: boolean;
  summary: boolean;
  all: boolean;
  details: boolean;
  json: boolean;
  record: boolean;
  only?: string;
  filter?: string;
}

function parseArgs(argv: string[]): Options {
  const options: Options = { semantic: false, summary: false, all: false, details: false, json: false, record: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--all') options.all = true;
    else if (arg === '--semantic') options.semantic = true;
    else if (arg === '--summary') options.summary = true;
    else if (arg === '--details') options.details = true;
    else if (arg === '--json') options.json = true;
    else if (arg === '--record') options.record = true;
    else if (arg === '--only') options.only = argv[++i];
    else if (arg === '--help' || arg === '-h') {
      console.log(
        'usage: node test/conformance/report.mjs [--all] [--details] [--json] [--only fixtures|nats-server|nats-server-embedded] [FILTER]\n' +
          '       node test/conformance/report.mjs --record [FILTER]\n' +
          '       node test/conformance/report.mjs --semantic [--all] [--details] [--summary] [--json] [--only tls|semantic|nats-server|nats-server-embedded] [FILTER]\n' +
          '       node test/conformance/report.mjs --semantic --record [FILTER]',
      );
      process.exit(0);
    } else options.filter = arg;
  }
  return options;
}

export function cell(text: string, width: number): string {
  const flat = visible(text).replace(/\n/g, '\\n');
  return flat.length > width ? `${flat.slice(0, width - 1)}…` : flat.padEnd(width);
}

function natsCell(o: Outcome): string {
  const v = o.verdict;
  switch (v.kind) {
    case 'parse-error': {
      const where = v.includes.length > 0 ? `include '${v.includes[0].written}'${v.line !== undefined ? ` → L${v.line}` : ''}` : v.line !== undefined ? `L${v.line}` : 'no line';
      return `${where}: ${v.inner.replace(/^Parse error on line \d+: /, '')}`;
    }
    case 'valid':
      return 'valid';
    case 'option-error':
      return `no parse error (${v.message})`;
    case 'crash':
      return `CRASH ${v.message}`;
    case 'unexpected':
      return `?? ${v.message}`;
  }
}

function oursCell(o: Outcome): string {
  if (o.ours.crash) return `THREW ${o.ours.crash.split('\n')[0]}`;
  const errors = o.ours.diagnostics.filter(isParsePhaseError);
  if (errors.length === 0) return '(no parse-phase error)';
  return errors.map((d) => `${d.code} ${formatRange(d)}`).join('; ');
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  requireNatsServer();
  if (options.semantic) return semanticMain(options);
  if (options.record) options.only = 'fixtures';
  const groups: Array<{ name: string; cases: Case[] }> = [];
  if (!options.only || options.only === 'fixtures') groups.push({ name: 'fixtures', cases: fixtureCases() });
  for (const set of CORPUS_SETS) if (!options.only || options.only === set) groups.push({ name: set, cases: corpusCases(set).cases });
  if (groups.length === 0) throw new Error(`--only: unknown group ${options.only}`);

  const started = Date.now();
  // One pool for every group, so the slow case (the 2.9.10 crash) overlaps with the rest.
  const selected = groups.map((g) => ({ name: g.name, cases: options.filter ? g.cases.filter((c) => c.name.includes(options.filter!)) : g.cases }));
  const all = await runCases(selected.flatMap((g) => g.cases));
  const results: Array<{ name: string; outcomes: Outcome[] }> = [];
  let at = 0;
  for (const g of selected) {
    results.push({ name: g.name, outcomes: all.slice(at, at + g.cases.length) });
    at += g.cases.length;
  }
  const elapsed = Date.now() - started;

  if (options.record) {
    const manifest = loadManifest();
    const entries: Record<string, ManifestEntry> = {};
    for (const o of results[0]?.outcomes ?? []) {
      const rel = path.relative(FIXTURES_DIR, o.case.file).split(path.sep).join('/');
      const stderr = o.verdict.kind === 'crash' ? o.verdict.message : firstLine(o.nats.stderr);
      const old = manifest.fixtures[rel] as ManifestEntry | undefined;
      if (old && old.exit === o.nats.exitCode && old.stderr === stderr) continue;
      entries[rel] = { description: old?.description ?? 'TODO', covers: old?.covers ?? [], exit: o.nats.exitCode ?? -1, stderr, ...(old?.ourLine ? { ourLine: old.ourLine } : {}) };
    }
    console.log(Object.keys(entries).length === 0 ? 'expected.json is up to date' : JSON.stringify(entries, null, 2));
    return;
  }

  if (options.json) {
    console.log(JSON.stringify(results.map((r) => ({
      group: r.name,
      outcomes: r.outcomes.map((o) => ({
        file: o.case.name, cwd: o.case.cwd, nats: { exit: o.nats.exitCode, stderr: o.nats.stderr.split('\n')[0], verdict: o.verdict },
        ours: o.ours.diagnostics, problems: o.problems, exception: DELIBERATE_EXCEPTIONS[o.case.name],
      })),
    })), null, 2));
  } else {
    const W = { file: 58, nats: 70, ours: 52 };
    let disagreements = 0;
    for (const r of results) {
      const bad = r.outcomes.filter((o) => o.problems.length > 0);
      disagreements += bad.filter((o) => !(o.case.name in DELIBERATE_EXCEPTIONS)).length;
      const rows = options.all ? r.outcomes : bad;
      console.log(`\n== ${r.name}: ${r.outcomes.length - bad.length}/${r.outcomes.length} agree with nats-server ${EXPECTED_NATS_VERSION}`);
      if (rows.length === 0) continue;
      console.log(`   ${cell('file', W.file)} | ${cell('nats-server says', W.nats)} | ${cell('we say (parse-phase errors, 1-based)', W.ours)}`);
      console.log(`   ${'-'.repeat(W.file)}-+-${'-'.repeat(W.nats)}-+-${'-'.repeat(W.ours)}`);
      for (const o of rows) {
        const mark = o.problems.length === 0 ? ' ' : o.case.name in DELIBERATE_EXCEPTIONS ? 'e' : '✗';
        console.log(` ${mark} ${cell(o.case.name, W.file)} | ${cell(natsCell(o), W.nats)} | ${cell(oursCell(o), W.ours)}`);
      }
      if (options.details || !options.all) {
        for (const o of bad) {
          console.log(`\n${formatOutcome(o)}`);
          if (o.case.name in DELIBERATE_EXCEPTIONS) console.log(`    (deliberate exception: ${DELIBERATE_EXCEPTIONS[o.case.name]})`);
        }
      }
      if (options.details && options.all) {
        for (const o of r.outcomes.filter((x) => x.problems.length === 0)) {
          console.log(`\n✓ ${o.case.name}\n    nats-server: ${natsSummary(o)}`);
          for (const d of o.ours.diagnostics) console.log(`      ${formatDiagnostic(d)}`);
        }
      }
    }
    const total = results.reduce((n, r) => n + r.outcomes.length, 0);
    console.log(`\n${disagreements === 0 ? 'all agree' : `${disagreements} disagreement(s)`} over ${total} files; ${(elapsed / 1000).toFixed(1)} s (${path.basename(process.argv[1] ?? 'report')})`);
    process.exitCode = disagreements === 0 ? 0 : 1;
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 2;
});
