// Bundles the extension-host suite (test/e2e/suite/*.ts) into test/e2e/out/suite/*.js with esbuild
// (the root devDependency). `vscode` is provided by the extension host; `mocha` stays external and
// resolves from test/e2e/node_modules.
import * as esbuild from 'esbuild';
import { readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { E2E_DIR, SUITE_ENTRY, SUITE_OUT } from './paths.mjs';

export async function bundleSuite() {
  const suiteDir = path.join(E2E_DIR, 'suite');
  const entryPoints = readdirSync(suiteDir)
    .filter((name) => name === 'index.ts' || name.endsWith('.test.ts'))
    .map((name) => path.join(suiteDir, name));
  rmSync(SUITE_OUT, { recursive: true, force: true });
  await esbuild.build({
    entryPoints,
    outdir: SUITE_OUT,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: 'inline',
    external: ['vscode', 'mocha'],
    logLevel: 'warning',
  });
  return SUITE_ENTRY;
}
