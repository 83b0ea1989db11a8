/** `--format gitlab`: GitLab's Code Quality report. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { runCli, Scratch } from './cliHarness';

interface CodeQualityIssue {
  description: string;
  check_name: string;
  fingerprint: string;
  severity: string;
  location: { path: string; lines: { begin: number } };
}

let scratch: Scratch;

before(() => {
  scratch = new Scratch('nats-conf-lint-gitlab-');
  scratch.write({
    'deploy/nats.conf': 'port: 4222 http_port: 8222\nport: 4222 http_port: 8222\n',
    'tls.conf': 'tls {\n  timeout: 0\n}\n',
  });
});

after(() => scratch.remove());

function report(args: string[], expectedStatus: number): CodeQualityIssue[] {
  const result = runCli(['--format', 'gitlab', ...args], scratch.root);
  assert.equal(result.status, expectedStatus, result.stderr);
  return JSON.parse(result.stdout) as CodeQualityIssue[];
}

test('one issue per finding: code, severity mapped to GitLab\'s, path relative to the current folder, 1-based line', () => {
  const issues = report(['tls.conf', 'deploy/nats.conf'], 1);
  assert.deepEqual(issues.map(({ fingerprint: _fingerprint, description: _description, ...rest }) => rest), [
    { check_name: 'syntax-expected-value-end', severity: 'major', location: { path: 'deploy/nats.conf', lines: { begin: 1 } } },
    { check_name: 'syntax-expected-value-end', severity: 'major', location: { path: 'deploy/nats.conf', lines: { begin: 2 } } },
    { check_name: 'tls-no-certificate', severity: 'minor', location: { path: 'tls.conf', lines: { begin: 1 } } },
    { check_name: 'tls-timeout-default', severity: 'info', location: { path: 'tls.conf', lines: { begin: 2 } } },
  ]);
  assert.equal(issues[3].description, 'A TLS timeout of 0 s means "not set" here: nats-server uses the default of 2 seconds.');
});

test('fingerprints are unique, and stay the same when lines above a finding move', () => {
  const [first, second] = report(['deploy/nats.conf'], 1);
  assert.notEqual(first.fingerprint, second.fingerprint);
  const identity = `deploy/nats.conf\0syntax-expected-value-end\0${first.description}`;
  assert.equal(first.fingerprint, createHash('sha256').update(`${identity}\x000`).digest('hex'));
  assert.equal(second.fingerprint, createHash('sha256').update(`${identity}\x001`).digest('hex'));
  // The same file one line further down, run from inside deploy/ so its path is the same.
  scratch.write({ 'elsewhere/deploy/nats.conf': '# a new first line\nport: 4222 http_port: 8222\nport: 4222 http_port: 8222\n' });
  const moved = JSON.parse(runCli(['--format', 'gitlab', 'deploy/nats.conf'], scratch.path('elsewhere')).stdout) as CodeQualityIssue[];
  assert.deepEqual(moved.map((issue) => issue.location.lines.begin), [2, 3]);
  assert.deepEqual(moved.map((issue) => issue.fingerprint), [first.fingerprint, second.fingerprint]);
});

test('a clean run is an empty array', () => {
  scratch.write({ 'clean.conf': 'port: 4222\n' });
  assert.deepEqual(report(['clean.conf'], 0), []);
});
