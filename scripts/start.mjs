#!/usr/bin/env node
// `npm start`: lints the example configs in examples/ with the built CLI and prints what it
// finds. Findings are the point of the examples, so exit 0 whenever the linter ran (its exit
// code 0 or 1); anything else means the tool itself broke.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(fileURLToPath(import.meta.url), '..', '..');
const cli = join(root, 'server', 'out', 'cli.js');
const examples = join(root, 'examples');

if (!existsSync(cli)) {
  console.error(`start: ${cli} is missing; run "node scripts/build.mjs" first.`);
  process.exit(2);
}
const files = readdirSync(examples).filter((name) => name.endsWith('.conf')).sort();
if (files.length === 0) {
  console.error(`start: no .conf files in ${examples}`);
  process.exit(2);
}

console.log(`Linting ${files.length} example configs in examples/ (nats-conf-lint ${files.join(' ')})\n`);
// Run inside examples/ so the file names print as given and relative paths resolve there,
// as they would for nats-server started in that folder.
const run = spawnSync(process.execPath, [cli, ...files], { cwd: examples, stdio: 'inherit' });
if (run.error) {
  console.error(`start: could not run the linter: ${run.error.message}`);
  process.exit(2);
}
if (run.status === 0) console.log('\nNo errors found.');
else if (run.status === 1) console.log('\nThe linter found errors in the examples above (some are there on purpose: see examples/seed-mistakes.conf).');
else {
  console.error(`\nstart: the linter failed (exit ${run.status ?? run.signal}).`);
  process.exit(run.status || 2);
}
