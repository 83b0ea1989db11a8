/**
 * Self-test of the conformance harness (natsHarness.ts) on synthetic nats-server outputs and
 * synthetic diagnostics, so its verdicts can be trusted whatever state the parser is in.
 * Needs neither nats-server nor the corpus.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic } from '../../server/src/analysis/diagnostic';
import {
  COVER_PATTERNS, classifyNats, compare, findIncludeDirectiveLines, loadManifest, readCwdRules,
  type Case, type NatsRun, type NatsVerdict,
} from './natsHarness';

function run(stderr: string, exitCode: number | null = 1, extra: Partial<NatsRun> = {}): NatsRun {
  return { configArg: 'x.conf', cwd: '/tmp', exitCode, signal: null, stderr, timedOut: false, durationMs: 1, ...extra };
}

function diag(code: string, startLine: number, endLine = startLine, severity: Diagnostic['severity'] = 'error', extra: Partial<Diagnostic> = {}): Diagnostic {
  return {
    code, severity, message: `${code} message`, source: 'nats-conf',
    range: { start: { line: startLine, character: 2 }, end: { line: endLine, character: endLine === startLine ? 5 : 0 } },
    ...extra,
  };
}

const aCase: Case = { name: 'x.conf', file: '/nonexistent/x.conf', cwd: '/tmp' };

function check(verdict: NatsVerdict, diagnostics: Diagnostic[], c: Case = aCase): string[] {
  return compare(c, run(''), verdict, { diagnostics }).problems;
}

test('classifyNats: valid, parse errors with and without lines, include chains, option errors, crashes', () => {
  assert.deepEqual(classifyNats(run('nats-server: configuration file a.conf is valid\n', 0)), { kind: 'valid', message: 'configuration file a.conf is valid' });

  const lexer = classifyNats(run("nats-server: Parse error on line 3: 'Expected an array value terminator \",\" or an array terminator \"]\", but got '\0' instead.'\n"));
  assert.equal(lexer.kind, 'parse-error');
  assert.equal(lexer.kind === 'parse-error' && lexer.line, 3);

  const variable = classifyNats(run("nats-server: variable reference for 'X' on line 12 could not be parsed: Parse error on line 1: 'Unexpected EOF.'\n"));
  assert.equal(variable.kind === 'parse-error' && variable.line, 12);

  const nested = classifyNats(run("nats-server: error parsing include file 'a/b.conf', error parsing include file 'c.conf', Parse error on line 7: 'Unexpected EOF.'\n"));
  assert.ok(nested.kind === 'parse-error');
  assert.deepEqual(nested.includes.map((i) => i.written), ['a/b.conf', 'c.conf']);
  assert.equal(nested.line, 7);
  assert.equal(nested.inner, "Parse error on line 7: 'Unexpected EOF.'");

  const missing = classifyNats(run("nats-server: error parsing include file 'p.conf', open configs/p.conf: no such file or directory\n"));
  assert.ok(missing.kind === 'parse-error' && missing.line === undefined && missing.includes.length === 1);

  for (const lineless of ["integer '9223372036854775808' is out of the range", "float '1e999' is out of the range", "expected Zulu formatted DateTime, but got '2016-13-45T10:00:00Z'"]) {
    const v = classifyNats(run(`nats-server: ${lineless}\n`));
    assert.ok(v.kind === 'parse-error' && v.line === undefined, lineless);
  }

  for (const option of [
    'nats-server: configs/a.conf:3:1: unknown field "x"\n\n',
    'nats-server: a.conf:1:0: invalid use of field "ping_interval": ping_interval should be converted to a duration\n\n',
    'nats-server: Expected gateways field to be an array, got map[string]interface {}\n',
    'nats-server: a.conf:2:3: error parsing tls config, unknown field ["x"]\n',
  ]) {
    assert.equal(classifyNats(run(option)).kind, 'option-error', option);
  }

  assert.equal(classifyNats(run('runtime: goroutine stack exceeds 1000000000-byte limit\nfatal error: stack overflow\n\ngoroutine 1\n', 2)).kind, 'crash');
  assert.equal(classifyNats(run('panic: boom\n', 2)).kind, 'unexpected');
  assert.equal(classifyNats(run('', null, { timedOut: true })).kind, 'unexpected');
  assert.equal(classifyNats(run('', null, { spawnError: 'ENOENT' })).kind, 'unexpected');
  assert.equal(classifyNats(run('nats-server: configuration file a.conf is valid\n', 1)).kind, 'option-error');
  assert.equal(classifyNats(run('something else\n', 1)).kind, 'unexpected');
});

test('compare: a parse error on line N needs an error-severity parse-phase diagnostic covering line N', () => {
  const v: NatsVerdict = { kind: 'parse-error', message: '', inner: '', includes: [], line: 3 };
  assert.deepEqual(check(v, [diag('syntax-unterminated-map', 2)]), []);
  assert.deepEqual(check(v, [diag('variable-undefined', 2)]), []);
  assert.deepEqual(check(v, [diag('syntax-missing-value', 1, 2)]), [], 'a range from the previous line into line N counts');
  assert.equal(check(v, [diag('syntax-unterminated-map', 1)]).length, 1, 'wrong line');
  assert.equal(check(v, [diag('syntax-unterminated-map', 2, 2, 'warning')]).length, 1, 'not an error');
  assert.equal(check(v, [diag('unknown-field', 2)]).length, 1, 'not a parse-phase code');
  assert.equal(check(v, []).length, 1);
});

test('compare: no parse error means no error-severity parse-phase diagnostic (other codes and warnings are fine)', () => {
  for (const v of [{ kind: 'valid', message: '' }, { kind: 'option-error', message: '' }] as NatsVerdict[]) {
    assert.deepEqual(check(v, []), []);
    assert.deepEqual(check(v, [diag('syntax-dropped-value', 1, 1, 'warning'), diag('unknown-field', 0), diag('tls-missing-key-file', 3)]), []);
    assert.equal(check(v, [diag('syntax-expected-value-end', 0)]).length, 1);
    assert.equal(check(v, [diag('include-not-found', 0)]).length, 1);
  }
});

test('compare: lineless parse errors and crashes use ourLine when given, else any line', () => {
  const lineless: NatsVerdict = { kind: 'parse-error', message: '', inner: '', includes: [] };
  assert.deepEqual(check(lineless, [diag('syntax-integer-out-of-range', 7)]), []);
  assert.equal(check(lineless, []).length, 1);
  assert.deepEqual(check(lineless, [diag('syntax-integer-out-of-range', 1)], { ...aCase, ourLine: 2 }), []);
  assert.equal(check(lineless, [diag('syntax-integer-out-of-range', 0)], { ...aCase, ourLine: 2 }).length, 1);

  const crash: NatsVerdict = { kind: 'crash', message: 'fatal error: stack overflow' };
  assert.deepEqual(check(crash, [diag('variable-cycle', 1)], { ...aCase, ourLine: 2 }), []);
  assert.equal(check(crash, [diag('variable-cycle', 0)], { ...aCase, ourLine: 2 }).length, 1);
  assert.equal(check(crash, []).length, 1);
});

test('compare: an unusable nats-server result or a throwing validate() is a failure', () => {
  assert.equal(check({ kind: 'unexpected', message: 'timed out' }, []).length, 1);
  const valid: NatsVerdict = { kind: 'valid', message: '' };
  assert.equal(compare(aCase, run(''), valid, { diagnostics: [], crash: 'TypeError: x' }).problems.length, 1);
});

test('compare: include errors are expected at the directive, naming the included file and line', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'nats-harness-'));
  try {
    const file = path.join(dir, 'main.conf');
    writeFileSync(file, 'port: 4222\n\ncluster {\n  include "inc/a.conf"\n}\n');
    const c: Case = { name: 'main.conf', file, cwd: dir };
    const v: NatsVerdict = { kind: 'parse-error', message: '', inner: '', includes: [{ written: 'inc/a.conf' }, { written: 'b.conf' }], line: 5 };
    const bFile = pathToFileURL(path.join(dir, 'inc', 'b.conf')).href;
    const related = [{ uri: bFile, range: { start: { line: 4, character: 0 }, end: { line: 4, character: 3 } }, message: 'here' }];
    assert.deepEqual(check(v, [diag('include-parse-error', 3, 3, 'error', { related })], c), [], 'related location in b.conf on line 5');
    assert.deepEqual(check(v, [diag('include-parse-error', 3, 3, 'error', { message: 'b.conf has an error on line 5: ...' })], c), [], 'named by message');
    assert.equal(check(v, [diag('include-parse-error', 3, 3, 'error', { message: 'b.conf has an error on line 6' })], c).length, 1, 'wrong inner line');
    assert.equal(check(v, [diag('include-parse-error', 3)], c).length, 1, 'does not name the file');
    assert.equal(check(v, [diag('include-parse-error', 0, 0, 'error', { related })], c).length, 1, 'not at the directive');

    const missing: NatsVerdict = { kind: 'parse-error', message: '', inner: '', includes: [{ written: 'inc/a.conf' }] };
    assert.deepEqual(check(missing, [diag('include-not-found', 3, 3, 'error', { message: 'Included file not found: /x/inc/a.conf' })], c), []);
    assert.equal(check(missing, [diag('include-not-found', 3, 3, 'error', { message: 'not found' })], c).length, 1);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('findIncludeDirectiveLines: quoted and unquoted, any case, inside maps, only the exact path', () => {
  const text = [
    'include a.conf', // 0
    '  INCLUDE "a.conf"', // 1
    "m { include 'a.conf' }", // 2
    'include a.conf.bak', // 3
    'x: include a.conf', // 4 (a value, but the harness cannot tell; harmless)
    'include b.conf, port: 1', // 5
    'include: a.conf', // 6
  ].join('\n');
  assert.deepEqual(findIncludeDirectiveLines(text, 'a.conf'), [0, 1, 2, 4]);
  assert.deepEqual(findIncludeDirectiveLines(text, 'b.conf,'), [5]);
  assert.deepEqual(findIncludeDirectiveLines('port: 1\ninclude ', ''), [1]);
});

test('readCwdRules reads both ORIGIN.md phrasings', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'nats-origin-'));
  try {
    writeFileSync(
      path.join(dir, 'ORIGIN.md'),
      'its working directory, which is `server/` for files under `server/configs` and `test/` for files under\n`test/configs`; `include` paths resolve.\n' +
        'set to\n`../other/server` for files under `embedded/`, `../other/conf` for `conf/`.\n',
    );
    const rules = readCwdRules(dir);
    const byUnder = Object.fromEntries(rules.map((r) => [r.under, path.relative(dir, r.cwd)]));
    assert.deepEqual(byUnder, {
      'server/configs/': 'server', 'test/configs/': 'test', 'embedded/': path.join('..', 'other', 'server'), 'conf/': path.join('..', 'other', 'conf'),
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('every covers id of the manifest matches the message recorded for that fixture', () => {
  const manifest = loadManifest();
  const problems: string[] = [];
  for (const [name, entry] of Object.entries(manifest.fixtures)) {
    const message = entry.stderr.replace(/^nats-server: /, '');
    for (const id of entry.covers) {
      if (id === 'crash-env-cycle') {
        if (entry.exit !== 2) problems.push(`${name}: ${id} but exit ${entry.exit}`);
      } else if (!COVER_PATTERNS[id]?.test(message)) problems.push(`${name}: ${id} does not match ${JSON.stringify(message)}`);
    }
  }
  assert.deepEqual(problems, []);
});
