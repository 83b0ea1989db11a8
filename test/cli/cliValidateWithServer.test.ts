/** `--validate-with-server`: nats-server's own verdict joins the report (nats-server is a prerequisite of the suite). */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync } from 'node:fs';
import { assertValidSarif, runCli, requireNatsServer, Scratch, summarise, type JsonFinding } from './cliHarness';

let scratch: Scratch;
let installedVersion: string;
const lint = (args: string[], cwd = scratch.root) => runCli(args, cwd);
/** The installed release line (2.9 on Debian): no version note on stderr. */
let matchingTarget: string;

before(() => {
  installedVersion = requireNatsServer();
  const line = /v?(\d+)\.(\d+)\./.exec(installedVersion);
  assert.ok(line, `cannot read the nats-server version from '${installedVersion}'`);
  matchingTarget = `${line[1]}.${line[2]}`;
  scratch = new Scratch('nats-conf-lint-server-');
  scratch.write({
    'valid.conf': 'port: 4222\n',
    'typo.conf': 'prot: 4222\n',
    'parse/nats.conf': 'port: 4222 http_port: 8222\n',
    'include/nats.conf': 'port: 4222\ninclude "inc/bad.conf"\n',
    'include/inc/bad.conf': 'prot: 1\n',
    'tls/nats.conf': 'tls {\n  cert_file: "certs/server-cert.pem"\n  key_file: "certs/server-key.pem"\n}\n',
    'fake/nats-server': '#!/bin/sh\necho "panic: something broke" >&2\nexit 2\n',
  });
  chmodSync(scratch.path('fake/nats-server'), 0o755);
  const generated = runCli(['gen-certs', scratch.path('run/certs')], scratch.root);
  assert.equal(generated.status, 0, generated.stderr);
});

after(() => scratch?.remove());

describe('--validate-with-server', () => {
  test('a file nats-server accepts adds nothing', () => {
    const result = lint(['--validate-with-server', '--server-version', matchingTarget, 'valid.conf']);
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stdout, '');
    assert.equal(result.stderr, '');
  });

  test('nats-server\'s findings follow ours at the same place, with source nats-server in JSON', () => {
    const result = lint(['--validate-with-server', '--server-version', matchingTarget, '--format', 'json', 'typo.conf']);
    assert.equal(result.status, 1, result.stderr);
    const findings = JSON.parse(result.stdout) as JsonFinding[];
    assert.deepEqual(findings.map(({ message: _message, ...rest }) => rest), [
      { file: 'typo.conf', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 4 } }, severity: 'error', code: 'unknown-field', source: 'nats-conf' },
      { file: 'typo.conf', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 4 } }, severity: 'error', code: 'nats-server-error', source: 'nats-server' },
    ]);
    assert.equal(findings[1].message, 'unknown field "prot"');
  });

  test('a parse error and a problem in an included file, once each, while walking a folder', () => {
    const result = lint(['--validate-with-server', '--server-version', matchingTarget, 'parse', 'include']);
    assert.equal(result.status, 1, result.stderr);
    assert.deepEqual(summarise(result.stdout), [
      'include/inc/bad.conf:1:1 error nats-server-error',
      'include/nats.conf:2:1 error unknown-field',
      'parse/nats.conf:1:1 error nats-server-parse-error',
      'parse/nats.conf:1:12 error syntax-expected-value-end',
    ]);
    assert.match(result.stdout, /^parse\/nats\.conf:1:1: error: Parse error on line 1: 'Expected a top-level value to end with a new line, comment or EOF, but got 'h' instead\.' \[nats-server-parse-error\]$/m);
  });

  test('nats-server runs in the --cwd folder, where relative certificate paths resolve', () => {
    const inRun = lint(['--validate-with-server', '--server-version', matchingTarget, '--cwd', 'run', 'tls/nats.conf']);
    assert.equal(inRun.status, 0, `${inRun.stdout}${inRun.stderr}`);
    assert.equal(inRun.stdout, '');
    const here = lint(['--validate-with-server', '--server-version', matchingTarget, 'tls/nats.conf']);
    assert.equal(here.status, 1);
    const lines = summarise(here.stdout);
    assert.ok(lines.includes('tls/nats.conf:1:1 error cert-file-not-found'), here.stdout);
    assert.ok(lines.some((line) => / error nats-server-error$/.test(line)), here.stdout);
    assert.match(here.stdout, /no such file or directory \[nats-server-error\]$/m);
  });

  test('SARIF holds nats-server\'s results under their own rule, tagged nats-server', () => {
    const result = lint(['--validate-with-server', '--server-version', matchingTarget, '--format', 'sarif', 'typo.conf']);
    assert.equal(result.status, 1, result.stderr);
    const log = JSON.parse(result.stdout) as { runs: { tool: { driver: { rules: { id: string; properties: { tags: string[] }; defaultConfiguration: { level: string } }[] } }; results: { ruleId: string; level: string }[] }[] };
    assertValidSarif(log);
    const [run] = log.runs;
    assert.deepEqual(run.results.map((r) => [r.ruleId, r.level]), [['unknown-field', 'error'], ['nats-server-error', 'error']]);
    assert.deepEqual(run.tool.driver.rules.map((r) => [r.id, r.properties.tags, r.defaultConfiguration.level]), [
      ['unknown-field', ['nats-conf'], 'error'],
      ['nats-server-error', ['nats-server'], 'error'],
    ]);
  });

  test('a note on stderr when the installed nats-server is another release line than --server-version', () => {
    const other = matchingTarget === '2.12' ? '2.14' : '2.12';
    const result = lint(['--validate-with-server', '--server-version', other, 'valid.conf']);
    assert.equal(result.status, 0);
    assert.equal(result.stderr, `nats-conf-lint: note: nats-server ${installedVersion.replace(/^nats-server: v?/, '')} is installed, but the checks follow --server-version ${other}; --server-version ${matchingTarget} matches it.\n`);
  });

  test('nats-server missing: exit 2 with an install hint; our own findings are still printed', () => {
    const result = lint(['--validate-with-server', '--nats-server', scratch.path('no/such/nats-server'), 'typo.conf', 'valid.conf']);
    assert.equal(result.status, 2);
    assert.deepEqual(summarise(result.stdout), ['typo.conf:1:1 error unknown-field']);
    assert.equal(
      result.stderr,
      `nats-conf-lint: --validate-with-server: nats-server not found (tried '${scratch.path('no/such/nats-server')}'). `
        + 'Install it (Debian/Ubuntu: apt-get install -y nats-server; other systems: a release from https://github.com/nats-io/nats-server/releases), '
        + 'or name it with --nats-server PATH or "natsServerPath" in .nats-conf-lint.json.\n',
    );
  });

  test('nats-server failing in an unexpected way: a clear error line and exit 2', () => {
    const result = lint(['--validate-with-server', '--nats-server', 'fake/nats-server', 'valid.conf']);
    assert.equal(result.status, 2);
    assert.equal(result.stdout, '');
    assert.equal(result.stderr, `nats-conf-lint: nats-server could not check valid.conf: ${scratch.path('fake/nats-server')} exited with code 2: panic: something broke\n`);
  });

  test('without the flag nats-server is not run', () => {
    const result = lint(['--nats-server', 'fake/nats-server', 'valid.conf']);
    assert.equal(result.status, 0);
    assert.equal(result.stderr, '');
  });
});
