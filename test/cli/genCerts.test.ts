import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** Test bundles live in out/test/cli/; the repository root is three folders up. */
const repoRoot = path.resolve(__dirname, '..', '..', '..');
const cliScript = path.join(repoRoot, 'server', 'out', 'cli.js');
const FILES = ['ca.pem', 'client-cert.pem', 'client-key.pem', 'server-cert.pem', 'server-key.pem'];

let workDir: string;

function run(args: string[], cwd = workDir) {
  const result = spawnSync(process.execPath, [cliScript, ...args], { cwd, encoding: 'utf8', timeout: 60_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

before(() => {
  workDir = mkdtempSync(path.join(tmpdir(), 'nats-conf-gen-certs-'));
});
after(() => rmSync(workDir, { recursive: true, force: true }));

describe('nats-conf-lint gen-certs', () => {
  test('writes the five files, prints them and the tls block, exits 0', () => {
    const result = run(['gen-certs', 'certs', '--name', 'nats.local', '--name=10.0.0.7,nats2.local']);
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stderr, '');
    const folder = path.join(workDir, 'certs');
    assert.deepEqual(readdirSync(folder).sort(), FILES);
    if (process.platform !== 'win32') {
      assert.equal(statSync(path.join(folder, 'server-key.pem')).mode & 0o777, 0o600);
      assert.equal(statSync(path.join(folder, 'client-key.pem')).mode & 0o777, 0o600);
    }
    const server = new X509Certificate(readFileSync(path.join(folder, 'server-cert.pem')));
    assert.equal(server.subjectAltName, 'DNS:localhost, DNS:nats.local, DNS:nats2.local, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1, IP Address:10.0.0.7');

    const lines = result.stdout.split('\n');
    assert.match(lines[0], new RegExp(`^Wrote development certificates to ${escape(folder)} \\(valid until \\d{4}-\\d\\d-\\d\\d\\):$`));
    for (const file of FILES) assert.ok(result.stdout.includes(path.join(folder, file)), file);
    assert.match(result.stdout, /server-key\.pem +server private key, mode 0600 \(key_file\)/);
    const block = [
      'tls {',
      /^ {2}# Development certificates \(valid until \d{4}-\d\d-\d\d\); clients need one signed by ca_file$/,
      `  cert_file: "${path.join(folder, 'server-cert.pem')}"`,
      `  key_file: "${path.join(folder, 'server-key.pem')}"`,
      `  ca_file: "${path.join(folder, 'ca.pem')}"`,
      '  verify: true',
      '}',
    ];
    const start = lines.indexOf('tls {');
    assert.ok(start > 0, result.stdout);
    block.forEach((expected, index) => {
      if (typeof expected === 'string') assert.equal(lines[start + index], expected);
      else assert.match(lines[start + index], expected);
    });
    assert.match(result.stdout, /--tlscert .*client-cert\.pem --tlskey .*client-key\.pem --tlsca .*ca\.pem/);
  });

  test('the printed block passes our own checks', () => {
    const result = run(['gen-certs', 'lintable']);
    assert.equal(result.status, 0, result.stderr);
    const lines = result.stdout.split('\n');
    const start = lines.indexOf('tls {');
    const block = lines.slice(start, lines.indexOf('}', start) + 1).join('\n');
    writeFileSync(path.join(workDir, 'mtls.conf'), `listen: 127.0.0.1:4222\n${block}\n`);
    const lint = run(['--format', 'json', 'mtls.conf']);
    assert.equal(lint.status, 0, lint.stdout + lint.stderr);
    const errors = (JSON.parse(lint.stdout) as Array<{ severity: string }>).filter((d) => d.severity === 'error');
    assert.deepEqual(errors, []);
  });

  test('existing files are never replaced without --force (exit 2, nothing written); --force replaces them', () => {
    const folder = path.join(workDir, 'again');
    mkdirSync(folder);
    writeFileSync(path.join(folder, 'server-key.pem'), 'precious');
    const refused = run(['gen-certs', folder]);
    assert.equal(refused.status, 2);
    assert.equal(refused.stdout, '');
    assert.match(refused.stderr, /^nats-conf-lint: gen-certs: This file exists and would be replaced: .*server-key\.pem \(use --force to replace them\)\n$/);
    assert.deepEqual(readdirSync(folder), ['server-key.pem']);
    assert.equal(readFileSync(path.join(folder, 'server-key.pem'), 'utf8'), 'precious');

    const forced = run(['gen-certs', '--force', folder]);
    assert.equal(forced.status, 0, forced.stderr);
    assert.match(forced.stdout, /Replaced: .*server-key\.pem/);
    assert.deepEqual(readdirSync(folder).sort(), FILES);
    assert.match(readFileSync(path.join(folder, 'server-key.pem'), 'utf8'), /^-----BEGIN PRIVATE KEY-----/);
  });

  test('bad usage exits 2 with a message on stderr', () => {
    const cases: Array<[string[], RegExp]> = [
      [['gen-certs'], /gen-certs: no folder given\nRun 'nats-conf-lint gen-certs --help' for usage\./],
      [['gen-certs', 'a', 'b'], /gen-certs: one folder only, not 'a' 'b'/],
      [['gen-certs', 'x', '--bogus'], /gen-certs: unknown option '--bogus'/],
      [['gen-certs', 'x', '--name'], /option '--name' needs a value/],
      [['gen-certs', 'x', '--name', 'bad_host!'], /gen-certs: not a host name or IP address: 'bad_host!'/],
    ];
    for (const [args, message] of cases) {
      const result = run(args);
      assert.equal(result.status, 2, args.join(' '));
      assert.equal(result.stdout, '');
      assert.match(result.stderr, message);
    }
    assert.ok(!readdirSync(workDir).includes('x'), 'nothing written on bad usage');
  });

  test('a folder that cannot be created exits 2', { skip: process.platform === 'win32' && 'POSIX paths' }, () => {
    writeFileSync(path.join(workDir, 'plainfile'), '');
    const result = run(['gen-certs', 'plainfile/certs']);
    assert.equal(result.status, 2);
    assert.match(result.stderr, /^nats-conf-lint: gen-certs: Cannot write .*plainfile/);
  });

  test('--help shows the gen-certs usage; the main usage mentions gen-certs', () => {
    const help = run(['gen-certs', '--help']);
    assert.equal(help.status, 0);
    assert.match(help.stdout, /^Usage: nats-conf-lint gen-certs DIR \[--name HOST\]\.\.\. \[--force\]/);
    assert.match(help.stdout, /mode 0600/);
    assert.match(run(['--help']).stdout, /nats-conf-lint gen-certs DIR/);
  });

  test('a config file named gen-certs is still linted as ./gen-certs', () => {
    writeFileSync(path.join(workDir, 'gen-certs'), 'port: 4222\n');
    const result = run(['./gen-certs']);
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stdout, '');
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
