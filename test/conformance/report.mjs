#!/usr/bin/env node
// Bundles test/conformance/report.ts (with the current analysis sources) and runs it:
//   node test/conformance/report.mjs [--all] [--details] [--json] [--only fixtures|nats-server|nats-server-embedded] [FILTER]
//   node test/conformance/report.mjs --record [FILTER]   (expected.json entries for new/changed fixtures)
//   node test/conformance/report.mjs --semantic [--summary] [--all] [--details] [--json] [--only tls|semantic|nats-server|nats-server-embedded] [FILTER]
//   node test/conformance/report.mjs --semantic --record [FILTER]   (test/fixtures/{tls,semantic}/expected.json entries)
// Prints a table of the files where our parse phase (default) or our full verdict (--semantic)
// disagrees with nats-server 2.9.10, the details of each, and (--semantic) a summary by message.
// (A separate bundle under out/conformance-report/, so `node --test out/test/conformance/` never runs it.)
import * as esbuild from 'esbuild';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(fileURLToPath(import.meta.url), '..', '..', '..');
const outfile = join(root, 'out', 'conformance-report', 'report.js');
await esbuild.build({
  entryPoints: [join(root, 'test', 'conformance', 'report.ts')],
  outfile,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  packages: 'external',
  absWorkingDir: root,
  logLevel: 'warning',
});
const run = spawnSync(process.execPath, ['--enable-source-maps', outfile, ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(run.status ?? 1);
