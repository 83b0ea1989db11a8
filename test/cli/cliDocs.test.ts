/** The README's command-line section matches the CLI: options, the settings example and the CI commands. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseLintConfig } from '../../server/src/cli/lintConfig';
import { assertValidSarif, BROKEN_CONFIG, cliScript, repoRoot, runCli, Scratch } from './cliHarness';

const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');

function section(heading: string, nextHeading: string): string {
  const start = readme.indexOf(heading);
  const end = readme.indexOf(nextHeading, start + heading.length);
  assert.ok(start >= 0 && end > start, `README sections ${heading} … ${nextHeading} not found`);
  return readme.slice(start, end);
}

const cliSection = section('## Command line: `nats-conf-lint`', '### Development certificates');

let scratch: Scratch;
before(() => {
  scratch = new Scratch('nats-conf-lint-docs-');
});
after(() => scratch.remove());

test('every option of --help has a row in the README\'s option table', () => {
  const help = runCli(['--help'], repoRoot).stdout;
  const options = [...new Set([...help.matchAll(/^\s+(--[a-z-]+)/gm)].map((match) => match[1]))];
  assert.ok(options.includes('--format') && options.includes('--validate-with-server') && options.length >= 11, options.join(' '));
  const tableRows = cliSection.split('\n').filter((line) => line.startsWith('| `-'));
  const missing = options.filter((option) => !tableRows.some((row) => row.includes(`\`${option}`)));
  assert.deepEqual(missing, []);
});

test('the README\'s .nats-conf-lint.json example is a valid settings file using every key', () => {
  const example = /### Settings file[\s\S]*?```json\n([\s\S]*?)```/.exec(cliSection);
  assert.ok(example, 'no JSON example in the settings file section');
  const raw = JSON.parse(example[1]) as Record<string, unknown>;
  const config = parseLintConfig(raw, path.join(scratch.root, '.nats-conf-lint.json'), '.nats-conf-lint.json');
  assert.equal(config.serverVersion, raw.serverVersion);
  const documentedKeys = [...cliSection.matchAll(/^\| `(\$?[A-Za-z]+)` \|/gm)].map((match) => match[1]).filter((key) => !key.startsWith('-'));
  assert.deepEqual(Object.keys(raw).sort(), documentedKeys.filter((key) => key !== '$schema').sort());
});

test('the CI snippets\' commands work with the bundle copied into a repository', () => {
  const ci = section('### Using it in CI', '### Development certificates');
  const commands = [...ci.matchAll(/^\s*(?:run: |- )(node tools\/nats-conf-lint\.js[^\n]*)$/gm)].map((match) => match[1].trim());
  assert.deepEqual(commands, [
    'node tools/nats-conf-lint.js --format sarif . > nats-conf-lint.sarif',
    'node tools/nats-conf-lint.js --format gitlab . > gl-code-quality-report.json || true',
    'node tools/nats-conf-lint.js .',
  ]);
  mkdirSync(scratch.path('tools'));
  copyFileSync(cliScript, scratch.path('tools/nats-conf-lint.js'));
  scratch.write({ 'deploy/nats.conf': BROKEN_CONFIG, 'deploy/nginx.conf': 'user www-data;\nworker_processes auto;\n' });
  const shell = (command: string) => spawnSync('bash', ['-c', command], { cwd: scratch.root, encoding: 'utf8', timeout: 60_000 });

  assert.equal(shell(commands[0]).status, 1, 'the SARIF step fails the job on errors');
  const sarif = JSON.parse(readFileSync(scratch.path('nats-conf-lint.sarif'), 'utf8')) as { runs: { results: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[] };
  assertValidSarif(sarif);
  assert.deepEqual(sarif.runs[0].results.map((result) => result.locations[0].physicalLocation.artifactLocation.uri), ['deploy/nats.conf']);

  assert.equal(shell(commands[1]).status, 0);
  const quality = JSON.parse(readFileSync(scratch.path('gl-code-quality-report.json'), 'utf8')) as { location: { path: string } }[];
  assert.deepEqual(quality.map((issue) => issue.location.path), ['deploy/nats.conf']);

  const text = shell(commands[2]);
  assert.equal(text.status, 1);
  assert.match(text.stdout, /^deploy\/nats\.conf:1:12: error: .*\[syntax-expected-value-end\]\n$/);
});
