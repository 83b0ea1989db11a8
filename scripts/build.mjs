#!/usr/bin/env node
// Bundles the extension client, the language server and the CLI with esbuild; with --tests,
// also bundles every test/**/*.test.ts into out/test/ for `node --test`.
// Flags: --tests, --bench (bench/*.ts to out/bench/), --watch, --production (minify, no source maps).
import * as esbuild from 'esbuild';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(fileURLToPath(import.meta.url), '..', '..');
const args = new Set(process.argv.slice(2));
const production = args.has('--production');
const watch = args.has('--watch');

const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  absWorkingDir: root,
  // The CLI's --version and the server's serverInfo report the manifest's version.
  define: { NATS_CONF_VERSION: JSON.stringify(version) },
};

const bundles = [
  { ...common, entryPoints: ['client/src/extension.ts'], outfile: 'client/out/extension.js', external: ['vscode'] },
  { ...common, entryPoints: ['server/src/server.ts'], outfile: 'server/out/server.js' },
  { ...common, entryPoints: ['server/src/cli.ts'], outfile: 'server/out/cli.js', banner: { js: '#!/usr/bin/env node' } },
];

function findTests(dir) {
  const found = [];
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) {
      if (name !== 'node_modules' && name !== 'fixtures' && name !== 'e2e') found.push(...findTests(full));
    } else if (name.endsWith('.test.ts')) {
      found.push(relative(root, full));
    }
  }
  return found;
}

if (args.has('--tests')) {
  const entryPoints = findTests(join(root, 'test'));
  if (entryPoints.length > 0) {
    // Test bundles keep npm packages external: they run from the repository with node_modules.
    bundles.push({ ...common, entryPoints, outdir: 'out/test', outbase: 'test', packages: 'external', sourcemap: true, minify: false });
  }
}

if (args.has('--bench')) {
  const benchDir = join(root, 'bench');
  const entryPoints = readdirSync(benchDir).filter((name) => name.endsWith('.ts')).map((name) => `bench/${name}`);
  bundles.push({ ...common, entryPoints, outdir: 'out/bench', outbase: 'bench', packages: 'external', sourcemap: true, minify: false });
}

if (watch) {
  for (const options of bundles) (await esbuild.context(options)).watch();
  console.log('esbuild: watching for changes');
} else {
  await Promise.all(bundles.map((options) => esbuild.build(options)));
}
