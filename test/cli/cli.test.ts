import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { JsonFinding } from './cliHarness';

/** Test bundles live in out/test/cli/; the repository root is three folders up. */
const repoRoot = path.resolve(__dirname, '..', '..', '..');
const cliScript = path.join(repoRoot, 'server', 'out', 'cli.js');

interface RunResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

let workDir: string;

function lint(args: string[], cwd = workDir): RunResult {
  const result = spawnSync(process.execPath, [cliScript, ...args], { cwd, encoding: 'utf8', timeout: 30_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function writeConfig(name: string, text: string): string {
  writeFileSync(path.join(workDir, name), text);
  return name;
}


before(() => {
  workDir = mkdtempSync(path.join(tmpdir(), 'nats-conf-lint-'));
  writeConfig('clean.conf', 'port: 4222\nhttp_port: 8222\n');
  // Line 3 (1-based) holds two statements; nats-server points at the `h` of http_port.
  writeConfig('broken.conf', '# comment\nserver_name: n1\nport: 4222 http_port: 8222\n');
  writeConfig('unterminated.conf', 'port: 4222\ntls {\n  cert_file: "a.pem"\n');
  mkdirSync(path.join(workDir, 'folder.conf'));
});

after(() => rmSync(workDir, { recursive: true, force: true }));

describe('text output', () => {
  test('a clean file prints nothing and exits 0', () => {
    const result = lint(['clean.conf']);
    assert.equal(result.stdout, '');
    assert.equal(result.stderr, '');
    assert.equal(result.status, 0);
  });

  test('an error prints file:line:col: severity: message [code] and exits 1', () => {
    const result = lint(['broken.conf']);
    assert.equal(result.status, 1, result.stderr);
    const lines = result.stdout.trimEnd().split('\n');
    assert.equal(lines.length, 1, result.stdout);
    const match = /^broken\.conf:(\d+):(\d+): error: (.+) \[syntax-expected-value-end\]$/.exec(lines[0]);
    assert.ok(match, lines[0]);
    assert.equal(Number(match[1]), 3);
    // 1-based: the `h` of `http_port` is the 12th character; the range may start a little earlier.
    assert.ok(Number(match[2]) >= 1 && Number(match[2]) <= 12, lines[0]);
  });

  test('files are reported as given, sorted by path, each sorted by position', () => {
    const result = lint(['unterminated.conf', './broken.conf', 'clean.conf']);
    assert.equal(result.status, 1);
    const files = result.stdout.trimEnd().split('\n').map((line) => line.slice(0, line.indexOf(':')));
    assert.deepEqual(files, ['./broken.conf', 'unterminated.conf']);
  });

  test('absolute paths are printed as given', () => {
    const absolute = path.join(workDir, 'broken.conf');
    const result = lint([absolute], repoRoot);
    assert.ok(result.stdout.startsWith(`${absolute}:3:`), result.stdout);
  });
});

describe('JSON output', () => {
  test('a clean file prints []', () => {
    const result = lint(['--format', 'json', 'clean.conf']);
    assert.equal(result.status, 0);
    assert.deepEqual(JSON.parse(result.stdout), []);
  });

  test('diagnostics have the documented shape with 0-based positions', () => {
    const result = lint(['--format=json', 'broken.conf', 'clean.conf']);
    assert.equal(result.status, 1);
    const diagnostics = JSON.parse(result.stdout) as JsonFinding[];
    assert.equal(diagnostics.length, 1);
    const [diagnostic] = diagnostics;
    assert.deepEqual(Object.keys(diagnostic).sort(), ['code', 'file', 'message', 'range', 'severity', 'source']);
    assert.equal(diagnostic.file, 'broken.conf');
    assert.equal(diagnostic.severity, 'error');
    assert.equal(diagnostic.code, 'syntax-expected-value-end');
    assert.equal(diagnostic.source, 'nats-conf');
    assert.equal(diagnostic.range.start.line, 2);
    assert.equal(diagnostic.range.end.line, 2);
    assert.ok(diagnostic.range.start.character <= 11 && diagnostic.range.end.character >= 11);
  });

  test('text and JSON agree on positions (text is 1-based)', () => {
    const text = lint(['unterminated.conf']).stdout.trimEnd().split('\n');
    const json = JSON.parse(lint(['--format', 'json', 'unterminated.conf']).stdout) as JsonFinding[];
    assert.equal(text.length, json.length);
    json.forEach((diagnostic, index) => {
      const expected = `unterminated.conf:${diagnostic.range.start.line + 1}:${diagnostic.range.start.character + 1}: ${diagnostic.severity}: ${diagnostic.message} [${diagnostic.code}]`;
      assert.equal(text[index], expected);
    });
    assert.ok(json.some((diagnostic) => diagnostic.code === 'syntax-unterminated-map'), JSON.stringify(json));
  });

  test('a missing file still yields one JSON array on stdout, and exit 2', () => {
    const result = lint(['--format', 'json', 'missing.conf', 'clean.conf']);
    assert.equal(result.status, 2);
    assert.deepEqual(JSON.parse(result.stdout), []);
    assert.match(result.stderr, /missing\.conf: no such file/);
  });
});

describe('options and exit codes', () => {
  test('--server-version accepts every supported release', () => {
    for (const version of ['2.9', '2.10', '2.11', '2.12', '2.14', 'latest']) {
      assert.equal(lint(['--server-version', version, 'clean.conf']).status, 0, version);
    }
  });

  test('--cwd accepts a folder', () => {
    assert.equal(lint(['--cwd', workDir, 'clean.conf']).status, 0);
    assert.equal(lint([`--cwd=${repoRoot}`, 'clean.conf']).status, 0);
  });

  const usageErrors: [string, string[], RegExp][] = [
    ['an unknown flag', ['--frobnicate', 'clean.conf'], /unknown option '--frobnicate'/],
    ['an unknown short flag', ['-x', 'clean.conf'], /unknown option '-x'/],
    ['a bad --format', ['--format', 'xml', 'clean.conf'], /--format must be 'text', 'json', 'sarif', 'gitlab', not 'xml'/],
    ['--format without a value', ['clean.conf', '--format'], /needs a value/],
    ['a bad --server-version', ['--server-version', '2.8', 'clean.conf'], /--server-version must be one of/],
    ['no files', ['--format', 'json'], /no files given/],
    ['--cwd that does not exist', ['--cwd', 'no/such/folder', 'clean.conf'], /is not a folder/],
    ['--cwd that is a file', ['--cwd', 'clean.conf', 'clean.conf'], /is not a folder/],
    ['a missing input file', ['missing.conf'], /missing\.conf: no such file/],
    ['a folder without NATS configs as input', ['folder.conf'], /folder\.conf: no NATS config files in this folder/],
  ];
  for (const [name, args, message] of usageErrors) {
    test(`${name} exits 2 with a message on stderr`, () => {
      const result = lint(args);
      assert.equal(result.status, 2, `${result.stdout}\n${result.stderr}`);
      assert.match(result.stderr, message);
      if (!args.includes('json')) assert.equal(result.stdout, '');
    });
  }

  test('--help prints usage and exits 0', () => {
    const result = lint(['--help']);
    assert.equal(result.status, 0);
    assert.match(result.stdout, /^Usage: nats-conf-lint/);
    assert.match(result.stdout, /--server-version/);
  });

  test('--version prints the package version', () => {
    const { version } = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string };
    const result = lint(['--version']);
    assert.equal(result.status, 0);
    assert.equal(result.stdout.trim(), version);
  });

  test('-- ends the options, so a file may start with a dash', () => {
    writeConfig('-dash.conf', 'port: 4222\n');
    assert.equal(lint(['--', '-dash.conf']).status, 0);
  });

  test('binary and odd input never crashes the linter', () => {
    writeConfig('binary.conf', '\u0000\uFFFD{{{[[["\\q\n\'');
    writeConfig('empty.conf', '');
    const result = lint(['binary.conf', 'empty.conf']);
    assert.ok(result.status === 0 || result.status === 1, result.stderr);
    assert.doesNotMatch(result.stderr, /internal error/);
  });
});

describe('--severity', () => {
  test('CODE=LEVEL changes the reported severity and the exit status follows it', () => {
    const result = lint(['--severity', 'syntax-expected-value-end=warning', 'broken.conf']);
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /^broken\.conf:3:12: warning: .* \[syntax-expected-value-end\]$/m);
  });

  test('off hides the code; several flags combine', () => {
    const result = lint(['--severity=syntax-expected-value-end=off', '--severity', 'syntax-unterminated-map=information', 'broken.conf', 'unterminated.conf']);
    assert.equal(result.status, 0, result.stderr);
    assert.doesNotMatch(result.stdout, /syntax-expected-value-end/);
    assert.match(result.stdout, /^unterminated\.conf:\d+:\d+: information: .*\[syntax-unterminated-map\]$/m);
  });

  test('a malformed value is a usage error', () => {
    for (const bad of ['syntax-expected-value-end', 'x=loud', '=error']) {
      const result = lint(['--severity', bad, 'clean.conf']);
      assert.equal(result.status, 2, bad);
      assert.match(result.stderr, /--severity takes CODE=LEVEL/);
    }
  });
});

describe('--quiet and --max-warnings', () => {
  before(() => {
    // One warning (timeout too low) and no error: the cert files are named but the tls block is complete.
    writeConfig('warned.conf', 'port: 4222\ntls {\n  timeout: 0.0001\n  verify: true\n}\n');
  });

  test('--quiet prints errors only; the exit status still follows the errors', () => {
    const loud = lint(['broken.conf', 'warned.conf']);
    assert.match(loud.stdout, /warning: /);
    const quiet = lint(['--quiet', 'broken.conf', 'warned.conf']);
    assert.equal(quiet.status, 1);
    assert.doesNotMatch(quiet.stdout, /: (warning|information|hint): /);
    assert.match(quiet.stdout, /^broken\.conf:3:12: error: .*\[syntax-expected-value-end\]$/m);
  });

  test('--max-warnings N fails the run past N warnings, with a message on stderr', () => {
    const warned = lint(['--format', 'json', 'warned.conf']);
    const count = (JSON.parse(warned.stdout) as JsonFinding[]).filter((d) => d.severity === 'warning').length;
    assert.ok(count >= 1, warned.stdout);
    assert.equal(lint(['--max-warnings', String(count), 'warned.conf']).status, 0);
    const over = lint(['--max-warnings', String(count - 1), 'warned.conf']);
    assert.equal(over.status, 1);
    assert.match(over.stderr, new RegExp(`${count} warnings, more than --max-warnings ${count - 1}`));
    assert.equal(lint(['--max-warnings', 'many', 'warned.conf']).status, 2);
  });
});
