#!/usr/bin/env node
// `npm run fuzz`: bundles the fuzzing campaign (test/fuzz/runner.ts) and runs it. The campaign
// reads FUZZ_SEED, FUZZ_SCALE, FUZZ_WORKERS, FUZZ_ONLY and FUZZ_SKIP_SCALING (see runner.ts).
import * as esbuild from 'esbuild';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(fileURLToPath(import.meta.url), '..', '..');
const outfile = join(root, 'out', 'fuzz', 'runner.js');
await esbuild.build({
  entryPoints: [join(root, 'test', 'fuzz', 'runner.ts')],
  outfile,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  packages: 'external',
  logLevel: 'warning',
  absWorkingDir: root,
  define: { NATS_CONF_VERSION: JSON.stringify('fuzz') },
});
const result = spawnSync(process.execPath, ['--enable-source-maps', outfile], { stdio: 'inherit', cwd: root });
process.exit(result.status ?? 1);
