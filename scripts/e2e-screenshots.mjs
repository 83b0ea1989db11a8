#!/usr/bin/env node
// `npm run screenshots`: the extension in a real VS Code (code-server), driven like a person, with
// a screenshot at each step, committed as docs/images/*.png.
//
//   1. bash scripts/e2e-setup.sh   (Chromium, code-server 4.100.3, playwright-core; quick when present)
//   2. npm run package             (its vscode:prepublish builds with scripts/build.mjs) → .e2e/ui/vscode-nats-conf.vsix
//   3. code-server --install-extension into .e2e/ui/extensions (HOME and XDG_* point into .e2e/ui)
//   4. test/e2e/ui/ui-test.mjs     (open the demo config, squiggles, Problems, hovers, completions, quick fixes)
//   5. on success only: the PNGs replace docs/images/*.png; on failure docs/images is left alone,
//      the exit status is 1 and .e2e/ui/screens/failure.png shows where it stopped.
// Every process started is stopped again (code-server by its process group, Chromium by playwright).
//
// Options:
//   --out DIR       where the PNGs go on success (default docs/images)
//   --vsix FILE     install this .vsix instead of building and packing one
//   --dev           skip build, pack and install: load the working tree as an unpacked extension (like F5)
//   --state DIR     state folder (default .e2e/ui)
//   --skip-setup    do not run scripts/e2e-setup.sh
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ui = await import(path.join(repo, 'test/e2e/ui/ui-test.mjs'));
const { E2E_ROOT, installExtension } = await import(path.join(repo, 'test/e2e/ui/workbench.mjs'));

const options = { outDir: path.join(repo, 'docs/images'), stateDir: path.join(E2E_ROOT, 'ui') };
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const arg = argv[i];
  const value = () => {
    if (i + 1 >= argv.length) usage(`${arg} needs a value`);
    return path.resolve(argv[++i]);
  };
  if (arg === '--out') options.outDir = value();
  else if (arg === '--vsix') options.vsix = value();
  else if (arg === '--state') options.stateDir = value();
  else if (arg === '--dev') options.dev = true;
  else if (arg === '--skip-setup') options.skipSetup = true;
  else if (arg === '-h' || arg === '--help') usage();
  else usage(`unknown argument ${arg}`);
}

function usage(error) {
  if (error) console.error(`e2e-screenshots: ${error}`);
  console.log('usage: node scripts/e2e-screenshots.mjs [--out DIR] [--vsix FILE | --dev] [--state DIR] [--skip-setup]');
  process.exit(error ? 2 : 0);
}

const phases = {};
const started = Date.now();
function phase(name, body) {
  const t0 = Date.now();
  console.log(`== ${name}`);
  const result = body();
  phases[name] = Date.now() - t0;
  return result;
}
function run(command, args, what) {
  const result = spawnSync(command, args, { cwd: repo, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`e2e-screenshots: ${what} failed (${command} ${args.join(' ')} → status ${result.status ?? result.signal})`);
    process.exit(1);
  }
}
const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

fs.mkdirSync(options.stateDir, { recursive: true });

if (!options.skipSetup) {
  phase('setup (scripts/e2e-setup.sh)', () => run('bash', [path.join(repo, 'scripts/e2e-setup.sh')], 'scripts/e2e-setup.sh'));
}

let devExtension;
if (options.dev) {
  devExtension = repo;
  // No installed copy next to the unpacked one: what runs is the working tree's client/out and server/out.
  fs.rmSync(path.join(options.stateDir, 'extensions'), { recursive: true, force: true });
  console.log(`== loading the working tree unpacked (no build, no .vsix): ${repo}`);
} else {
  let vsix = options.vsix;
  if (!vsix) {
    vsix = path.join(options.stateDir, 'vscode-nats-conf.vsix');
    fs.rmSync(vsix, { force: true });
    // `npm run package` = vsce package; vsce runs vscode:prepublish (node scripts/build.mjs --production) first.
    // --no-rewrite-relative-links: README's docs/images links stay relative (no repository URL to prefix).
    phase('build + pack (npm run package)', () =>
      run('npm', ['run', '-s', 'package', '--', '--out', vsix, '--no-rewrite-relative-links'], 'npm run package'),
    );
  }
  if (!fs.existsSync(vsix)) usage(`no .vsix at ${vsix}`);
  phase('install the .vsix into the isolated code-server', () => {
    const output = installExtension(options.stateDir, vsix);
    console.log(output.split('\n').filter((line) => /install/i.test(line)).join('\n'));
  });
}

const screens = path.join(options.stateDir, 'screens');
const t0 = Date.now();
console.log('== UI test (test/e2e/ui/ui-test.mjs)');
const result = await ui.run({ stateDir: options.stateDir, outDir: screens, devExtension });
phases['UI test'] = Date.now() - t0;
ui.report(result);

if (result.ok) {
  fs.mkdirSync(options.outDir, { recursive: true });
  // Replace the previous set: drop the numbered PNGs this script wrote before, then copy the new ones.
  for (const name of fs.readdirSync(options.outDir)) {
    if (/^\d\d-[a-z0-9-]+\.png$/.test(name)) fs.rmSync(path.join(options.outDir, name));
  }
  for (const name of result.shots) fs.copyFileSync(path.join(screens, name), path.join(options.outDir, name));
  console.log(`== wrote ${result.shots.length} PNGs to ${path.relative(process.cwd(), options.outDir) || '.'}`);
} else {
  console.log(`== ${path.relative(process.cwd(), options.outDir) || options.outDir} left unchanged`);
}

console.log(`timings: ${Object.entries(phases).map(([name, ms]) => `${name} ${seconds(ms)}`).join('; ')}; total ${seconds(Date.now() - started)}`);
process.exit(result.ok ? 0 : 1);
