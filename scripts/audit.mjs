#!/usr/bin/env node
// `npm run audit`: `npm audit --omit=dev` for the packages bundled into the extension, the
// server and the CLI (the .vsix holds the esbuild bundles, so every production dependency is
// shipped inside them; dev dependencies are not).
// Exit status: 0 no advisory; 1 advisories found (listed); 2 the audit could not run — the
// registry refused or failed the advisory request. A refused audit is never reported as a pass:
// the script says why, lists the shipped packages, and fails.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

const root = join(fileURLToPath(import.meta.url), '..', '..');
const EXIT_CLEAN = 0;
const EXIT_ADVISORIES = 1;
const EXIT_UNAVAILABLE = 2;

function npm(args) {
  // npm_execpath is set under `npm run`; otherwise the npm on the PATH.
  const execPath = process.env.npm_execpath;
  const [command, prefix] = execPath && execPath.endsWith('.js') ? [process.execPath, [execPath]] : ['npm', []];
  return spawnSync(command, [...prefix, ...args], { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

/** name@version of every production package, from the installed tree. */
function shippedPackages() {
  const listed = npm(['ls', '--omit=dev', '--all', '--json']);
  let tree;
  try {
    tree = JSON.parse(listed.stdout);
  } catch {
    return [`(npm ls failed: ${listed.stderr.trim().split('\n')[0] ?? 'no output'})`];
  }
  const found = new Set();
  const walk = (dependencies) => {
    for (const [name, info] of Object.entries(dependencies ?? {})) {
      if (info.version) found.add(`${name}@${info.version}`);
      walk(info.dependencies);
    }
  };
  walk(tree.dependencies);
  return [...found].sort();
}

function unavailable(reason) {
  console.error(`npm audit could not run: ${reason}`);
  console.error('This is not a pass: no advisory database was consulted.');
  const packages = shippedPackages();
  console.error(`\nThe ${packages.length} production packages bundled into the extension, the server and the CLI:`);
  for (const name of packages) console.error(`  ${name}`);
  console.error('\nRun `npm run audit` where the registry answers npm\'s advisory endpoint (registry.npmjs.org does).');
  process.exit(EXIT_UNAVAILABLE);
}

const run = npm(['audit', '--omit=dev', '--json']);
if (run.error) unavailable(`npm did not start (${run.error.message})`);
let report;
try {
  report = JSON.parse(run.stdout);
} catch {
  unavailable(`npm audit printed no report (exit ${run.status}): ${run.stderr.trim().split('\n').slice(-3).join(' | ')}`);
}

// A failed request: npm prints the HTTP failure instead of a report.
if (report.statusCode !== undefined || report.error !== undefined || report.metadata?.vulnerabilities === undefined) {
  const status = report.statusCode ? `HTTP ${report.statusCode}` : (report.error?.code ?? 'an error');
  const where = report.uri ? ` for ${report.method ?? 'the request'} ${report.uri}` : '';
  const allowed = report.headers?.allow ? ` (the server allows only ${[].concat(report.headers.allow).join(', ')})` : '';
  unavailable(`the registry answered ${status}${where}${allowed}. ${report.message ?? report.error?.summary ?? ''}`.trim());
}

const counts = report.metadata.vulnerabilities;
const dependencies = report.metadata.dependencies?.prod ?? report.metadata.dependencies?.total;
const vulnerabilities = Object.values(report.vulnerabilities ?? {});
if (vulnerabilities.length === 0) {
  console.log(`npm audit --omit=dev: no known vulnerabilities in ${dependencies ?? 'the'} production packages.`);
  process.exit(EXIT_CLEAN);
}
console.log(`npm audit --omit=dev: ${vulnerabilities.length} vulnerable packages (${Object.entries(counts).filter(([level, n]) => level !== 'total' && n > 0).map(([level, n]) => `${n} ${level}`).join(', ')}):`);
for (const entry of vulnerabilities) {
  const advisories = entry.via.filter((via) => typeof via === 'object').map((via) => `${via.title} (${via.url})`);
  const through = entry.via.filter((via) => typeof via === 'string');
  const fix = entry.fixAvailable === true ? 'fix: npm audit fix' : entry.fixAvailable ? `fix: ${entry.fixAvailable.name}@${entry.fixAvailable.version}` : 'no fix available';
  console.log(`  ${entry.name} ${entry.range} [${entry.severity}] ${advisories.join('; ') || `through ${through.join(', ')}`} — ${fix}`);
}
process.exit(EXIT_ADVISORIES);
