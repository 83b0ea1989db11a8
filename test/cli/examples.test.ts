import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** Test bundles live in out/test/cli/; the repository root is three folders up. */
const repoRoot = path.resolve(__dirname, '..', '..', '..');
const examplesDir = path.join(repoRoot, 'examples');
const cliScript = path.join(repoRoot, 'server', 'out', 'cli.js');
const exampleFiles = readdirSync(examplesDir).filter((name) => name.endsWith('.conf')).sort();

const hasNatsServer = spawnSync('nats-server', ['--version'], { encoding: 'utf8' }).status === 0;

test('the examples folder holds the promised configs', () => {
  for (const name of ['simple-tls.conf', 'seed-mistakes.conf']) assert.ok(exampleFiles.includes(name), name);
  assert.ok(exampleFiles.length >= 3);
});

test('each example quotes what nats-server -t says about it', { skip: !hasNatsServer && 'nats-server is not installed' }, () => {
  for (const name of exampleFiles) {
    const check = spawnSync('nats-server', ['-t', '-c', name], { cwd: examplesDir, encoding: 'utf8', timeout: 30_000 });
    const header = readFileSync(path.join(examplesDir, name), 'utf8').split('\n').filter((line) => line.startsWith('#')).join('\n');
    const verdict = `${check.stdout}${check.stderr}`;
    // Positions are what drift when an example is edited; the comment must still name them.
    const positions = [...verdict.matchAll(/([\w.-]+\.conf:\d+:\d+):|(Parse error on line \d+)/g)].map((match) => match[1] ?? match[2]);
    if (check.status === 0) assert.match(header, /is valid/, `${name}: nats-server accepts it; say so at the top`);
    else assert.ok(positions.length > 0, `${name}: unexpected nats-server output ${verdict}`);
    for (const position of positions) assert.ok(header.includes(position), `${name}: the header comment does not mention ${position}; nats-server said:\n${verdict}`);
  }
});

test('the linter reports the syntax error nats-server rejects in seed-mistakes.conf', () => {
  const run = spawnSync(process.execPath, [cliScript, '--format', 'json', 'seed-mistakes.conf'], { cwd: examplesDir, encoding: 'utf8' });
  assert.equal(run.status, 1, run.stderr);
  const diagnostics = JSON.parse(run.stdout) as { code: string; range: { start: { line: number } } }[];
  const syntax = diagnostics.filter((diagnostic) => diagnostic.code.startsWith('syntax-'));
  assert.deepEqual(
    syntax.map((diagnostic) => [diagnostic.code, diagnostic.range.start.line + 1]),
    [['syntax-expected-value-end', 13]],
  );
});

test('the other examples have no syntax errors', () => {
  for (const name of exampleFiles.filter((file) => file !== 'seed-mistakes.conf')) {
    const run = spawnSync(process.execPath, [cliScript, '--format', 'json', name], { cwd: examplesDir, encoding: 'utf8' });
    assert.ok(run.status === 0 || run.status === 1, `${name}: ${run.stderr}`);
    const codes = (JSON.parse(run.stdout) as { code: string }[]).map((diagnostic) => diagnostic.code);
    assert.deepEqual(codes.filter((code) => code.startsWith('syntax-')), [], name);
  }
});

test('npm start (scripts/start.mjs) lints the examples and exits 0 although they have findings', () => {
  const run = spawnSync(process.execPath, [path.join(repoRoot, 'scripts', 'start.mjs')], { cwd: repoRoot, encoding: 'utf8' });
  assert.equal(run.status, 0, `${run.stdout}\n${run.stderr}`);
  assert.match(run.stdout, /seed-mistakes\.conf:13:\d+: error: .* \[syntax-expected-value-end\]/);
});
