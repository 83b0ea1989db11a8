/**
 * validateWithNatsServer against the real nats-server (a declared prerequisite of the suite)
 * and against fake executables that hang, flood their output or exit oddly.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { natsServerVersion, NatsServerCode, parseNatsServerVersion, validateWithNatsServer } from '../../server/src/natsServer';

function installedNatsServerVersion(): string {
  try {
    return execFileSync('nats-server', ['--version'], { encoding: 'utf8' });
  } catch {
    throw new Error('these tests need nats-server on PATH: install it with: apt-get install -y nats-server');
  }
}

let workDir: string;

function write(relative: string, text: string): string {
  const file = path.join(workDir, relative);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
  return file;
}

/** A shell script standing in for nats-server. */
function fakeExecutable(name: string, body: string): string {
  const file = write(name, `#!/bin/sh\n${body}\n`);
  chmodSync(file, 0o755);
  return file;
}

before(() => {
  workDir = mkdtempSync(path.join(tmpdir(), 'nats-conf-natsserver-'));
});
after(() => rmSync(workDir, { recursive: true, force: true }));

describe('the real nats-server', () => {
  const version = parseNatsServerVersion(installedNatsServerVersion());

  test('--version is parsed', async () => {
    assert.match(version ?? '', /^\d+\.\d+\.\d+/);
    assert.equal(await natsServerVersion('nats-server'), version);
    assert.equal(parseNatsServerVersion('nats-server: v2.9.10\n'), '2.9.10');
    assert.equal(parseNatsServerVersion('nats-server: v2.11.0-RC.2'), '2.11.0-RC.2');
    assert.equal(parseNatsServerVersion('no version here'), undefined);
  });

  test('a valid file', async () => {
    const file = write('valid/nats.conf', 'port: 4222\n');
    const verdict = await validateWithNatsServer({ executable: 'nats-server', file, cwd: path.dirname(file) });
    assert.equal(verdict.status, 'valid', verdict.output);
    assert.deepEqual(verdict.findings, []);
    assert.equal(verdict.version, version);
    assert.match(verdict.output, /is valid/);
  });

  test('an unknown field and a missing key_file, relative to the working folder', async () => {
    const file = write('broken/nats.conf', 'tls {\n  cert_file: "a.pem"\n}\n\u00e9\u00e9: 1\n');
    const verdict = await validateWithNatsServer({ executable: 'nats-server', file: 'nats.conf', cwd: path.dirname(file) });
    assert.equal(verdict.status, 'invalid', verdict.output);
    assert.deepEqual(verdict.findings, [
      { file, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 3 } }, severity: 'error', message: "missing 'key_file' in TLS configuration", code: NatsServerCode.Error },
      { file, range: { start: { line: 3, character: 0 }, end: { line: 3, character: 2 } }, severity: 'error', message: 'unknown field "\u00e9\u00e9"', code: NatsServerCode.Error },
    ]);
  });

  test('a warning and a syntax error inside an included file', async () => {
    const main = write('inc/main.conf', 'port: 4222\ninclude "parts/more.conf"\n');
    const included = write('inc/parts/more.conf', 'ping_interval: 60\n');
    const warned = await validateWithNatsServer({ executable: 'nats-server', file: main, cwd: path.dirname(main) });
    assert.equal(warned.status, 'invalid');
    assert.deepEqual(warned.findings.map((f) => [f.file, f.range.start.line, f.range.end.character, f.severity, f.code]), [[included, 0, 13, 'warning', NatsServerCode.Warning]]);

    write('inc/parts/more.conf', 'ping_interval: "60s"\nx {\n');
    const broken = await validateWithNatsServer({ executable: 'nats-server', file: main, cwd: path.dirname(main) });
    assert.deepEqual(broken.findings.map((f) => [f.file, f.range, f.code]), [[included, { start: { line: 1, character: 0 }, end: { line: 1, character: 3 } }, NatsServerCode.ParseError]]);
    assert.match(broken.findings[0].message, /^Parse error on line 3: 'Unexpected EOF processing map\.'$/);
  });

  test('an undefined variable, in the file and in an include, is marked at its reference', async () => {
    const main = write('vars/main.conf', 'a {\n  b: $NOPE\n}\n');
    const direct = await validateWithNatsServer({ executable: 'nats-server', file: main, cwd: path.dirname(main) });
    assert.deepEqual(direct.findings.map((f) => [f.file, f.range, f.code, f.message]), [[
      main, { start: { line: 1, character: 5 }, end: { line: 1, character: 10 } }, NatsServerCode.Error, "variable reference for 'NOPE' on line 2 can not be found",
    ]]);
    const outer = write('vars/outer.conf', 'include "inner.conf"\n');
    const inner = write('vars/inner.conf', 'x: 1\ny: $Q\n');
    const included = await validateWithNatsServer({ executable: 'nats-server', file: outer, cwd: path.dirname(outer) });
    assert.deepEqual(included.findings.map((f) => [f.file, f.range]), [[inner, { start: { line: 1, character: 3 }, end: { line: 1, character: 5 } }]]);
  });

  test('a file that is not on disk is a failure that says so, not a finding', async () => {
    const verdict = await validateWithNatsServer({ executable: 'nats-server', file: path.join(workDir, 'nowhere.conf'), cwd: workDir });
    assert.equal(verdict.status, 'failed');
    assert.match(verdict.detail ?? '', /cannot open .*nowhere\.conf: save the file/);
  });
});

describe('fake executables', () => {
  test('a missing executable is not-found with how to install it', async () => {
    const verdict = await validateWithNatsServer({ executable: path.join(workDir, 'no-such-nats-server'), file: 'x.conf', cwd: workDir });
    assert.equal(verdict.status, 'not-found');
    assert.match(verdict.detail ?? '', /apt-get install -y nats-server/);
    assert.match(verdict.detail ?? '', /natsConf\.server\.path/);
    assert.equal(await natsServerVersion(path.join(workDir, 'no-such-nats-server')), undefined);
  });

  test('no shell: arguments and the executable path are passed as they are', async () => {
    const marker = path.join(workDir, 'args.txt');
    // The version probe runs it too (with --version): record only the check.
    const echo = fakeExecutable('echo args/nats-server', `[ "$1" = "-t" ] && { printf '%s|' "$@" > '${marker}'; pwd >> '${marker}'; }\necho 'nats-server: configuration file x is valid' >&2`);
    const cwd = path.join(workDir, 'a folder');
    mkdirSync(cwd, { recursive: true });
    const verdict = await validateWithNatsServer({ executable: echo, file: 'x; touch pwned.conf', cwd });
    assert.equal(verdict.status, 'valid');
    assert.equal(readFileSync(marker, 'utf8'), `-t|-c|x; touch pwned.conf|${cwd}\n`);
    assert.equal(existsSync(path.join(cwd, 'pwned.conf')), false);
  });

  test('a hanging executable (and its children) is killed after the time limit', async () => {
    const sleeper = fakeExecutable('sleeper', 'echo started >&2\nsleep 30\necho never');
    const verdict = await validateWithNatsServer({ executable: sleeper, file: 'x.conf', cwd: workDir, timeoutMs: 300 });
    assert.equal(verdict.status, 'timeout');
    assert.match(verdict.detail ?? '', /did not finish within 0\.3 s/);
    assert.equal(verdict.output, 'started\n');
  });

  test('output beyond the cap is cut and the executable stopped', async () => {
    const flood = fakeExecutable('flood', 'while :; do echo "flooding flooding flooding"; done');
    const verdict = await validateWithNatsServer({ executable: flood, file: 'x.conf', cwd: workDir, maxOutputBytes: 1000 });
    assert.equal(verdict.status, 'failed');
    assert.equal(Buffer.byteLength(verdict.output), 1000);
    assert.match(verdict.detail ?? '', /more than 1000 bytes/);
  });

  test('odd exits: a crash code, a signal, unknown text', async () => {
    const crash = fakeExecutable('crash', 'echo "segmentation violation" >&2; exit 139');
    const crashed = await validateWithNatsServer({ executable: crash, file: 'x.conf', cwd: workDir });
    assert.deepEqual([crashed.status, crashed.detail], ['failed', `${crash} exited with code 139: segmentation violation`]);

    const killed = fakeExecutable('killed', 'kill -9 $$');
    const signalled = await validateWithNatsServer({ executable: killed, file: 'x.conf', cwd: workDir });
    assert.deepEqual([signalled.status, signalled.detail], ['failed', `${killed} was killed by SIGKILL without output`]);

    const silentZero = fakeExecutable('silent', 'exit 0');
    assert.equal((await validateWithNatsServer({ executable: silentZero, file: 'x.conf', cwd: workDir })).status, 'failed', 'exit 0 without the valid line proves nothing');

    const notExecutable = write('plain-file', 'not a program');
    const denied = await validateWithNatsServer({ executable: notExecutable, file: 'x.conf', cwd: workDir });
    assert.equal(denied.status, 'failed');
    assert.match(denied.detail ?? '', /EACCES/);
  });

  test('a crash without a position is a finding on line 1 (the head of 2.9.10\'s real output for a self-referencing environment variable)', async () => {
    // The real crash takes 16-20 s, longer than the time limit, so its captured output is replayed.
    const file = write('refused.conf', 'port: 4222\na: $C\n');
    const crash = fakeExecutable('gocrash', [
      "echo 'runtime: goroutine stack exceeds 1000000000-byte limit' >&2",
      "echo 'runtime: sp=0xc026d00370 stack=[0xc026d00000, 0xc046d00000]' >&2",
      "echo 'fatal error: stack overflow' >&2",
      'exit 2',
    ].join('\n'));
    const verdict = await validateWithNatsServer({ executable: crash, file, cwd: workDir });
    assert.equal(verdict.status, 'invalid', verdict.detail);
    assert.deepEqual(verdict.findings.map((f) => [f.range, f.code, f.message]), [[
      { start: { line: 0, character: 0 }, end: { line: 0, character: 10 } }, NatsServerCode.Refused,
      'nats-server refused this file: fatal error: stack overflow',
    ]]);
  });
});
