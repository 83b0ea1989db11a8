/**
 * Self-test of the full-verdict rules (semanticHarness.ts) on synthetic nats-server outputs and
 * synthetic diagnostics, so they can be trusted whatever state the analysis is in.
 * Needs neither nats-server nor the corpus.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic } from '../../server/src/analysis/diagnostic';
import { classifyNats, type Case, type NatsRun } from './natsHarness';
import {
  REQUIRED_SEMANTIC_COVERS, checkCover, compareFull, coverSpec, includeLinesReaching, listIncludeDirectives, messageKind,
  parseNatsItems, staleExceptions, type ExceptionLists, type FullOutcome,
} from './semanticHarness';

function run(stderr: string, exitCode = 1, configArg = 'x.conf', cwd = '/tmp/nowhere'): NatsRun {
  return { configArg, cwd, exitCode, signal: null, stderr, timedOut: false, durationMs: 1 };
}

function diag(code: string, line: number, severity: Diagnostic['severity'] = 'error', extra: Partial<Diagnostic> = {}): Diagnostic {
  return {
    code, severity, message: `${code} message`, source: 'nats-conf',
    range: { start: { line, character: 2 }, end: { line, character: 6 } },
    ...extra,
  };
}

const NONE: ExceptionLists = { natsLines: [], ourErrors: [], warnings: [] };
const aCase: Case = { name: 'fixtures/tls/x.conf', file: '/tmp/nowhere/x.conf', cwd: '/tmp/nowhere' };

function full(stderr: string, diagnostics: Diagnostic[], exceptions: ExceptionLists = NONE, c: Case = aCase, exitCode = 1): FullOutcome {
  const nats = run(stderr, exitCode, path.relative(c.cwd, c.file), c.cwd);
  return compareFull(c, nats, classifyNats(nats), { diagnostics }, exceptions);
}

test('parseNatsItems: the prefix, several items, empty lines, warnings, messages without a position', () => {
  const parsed = parseNatsItems(
    'nats-server: configs/a.conf:12:1: invalid use of field "write_deadline": write_deadline should be converted to a duration\n\n' +
      'configs/a.conf:10:1: unknown field "monitoring"\n\nconfigs/inc/b.conf:3:17: error parsing tls config, unknown field ["x"]\n\n',
  );
  assert.deepEqual(parsed.unplaced, []);
  assert.deepEqual(parsed.items.map((i) => [i.file, i.line, i.col, i.warning]), [
    ['configs/a.conf', 12, 1, true], ['configs/a.conf', 10, 1, false], ['configs/inc/b.conf', 3, 17, false],
  ]);
  assert.equal(parsed.items[1].message, 'unknown field "monitoring"');
  assert.equal(parsed.items[2].text, 'configs/inc/b.conf:3:17: error parsing tls config, unknown field ["x"]');
  const unplaced = parseNatsItems('nats-server: Expected gateways field to be an array, got map[string]interface {}\n');
  assert.deepEqual(unplaced, { items: [], unplaced: ['Expected gateways field to be an array, got map[string]interface {}'] });
  // a message that itself contains colons keeps them
  assert.equal(parseNatsItems('nats-server: a.conf:1:0: error parsing X509 certificate/key pair: open x: no such file\n').items[0].message, 'error parsing X509 certificate/key pair: open x: no such file');
});

test('valid: no error-severity diagnostic of any code; warnings and hints are fine', () => {
  const valid = 'nats-server: configuration file x.conf is valid\n';
  assert.deepEqual(full(valid, [], NONE, aCase, 0).problems, []);
  assert.deepEqual(full(valid, [diag('tls-timeout-too-low', 2, 'warning'), diag('hint-x', 1, 'hint')], NONE, aCase, 0).problems, []);
  const bad = full(valid, [diag('unknown-field', 2)], NONE, aCase, 0);
  assert.equal(bad.phase, 'valid');
  assert.equal(bad.problems.length, 1);
  assert.deepEqual(bad.extra.map((d) => d.code), ['unknown-field']);
  // a listed error of ours is excused; an unused listing is stale
  const ours: ExceptionLists = { ...NONE, ourErrors: [{ file: aCase.name, ours: 'websocket-needs-tls', reason: 'r' }] };
  assert.deepEqual(full(valid, [diag('websocket-needs-tls', 1)], ours, aCase, 0).problems, []);
  assert.equal(full(valid, [], ours, aCase, 0).problems.length, 1);
});

test('option errors: every line nats-server names must be covered by an error (any code); extra errors are only listed', () => {
  const stderr = 'nats-server: x.conf:3:3: error parsing tls config, expected \'verify\' to be a boolean\n\nx.conf:7:1: unknown field "bogus"\n\n';
  const ok = full(stderr, [diag('tls-wrong-type', 2), diag('unknown-field', 6), diag('tls-other', 4)]);
  assert.deepEqual(ok.problems, []);
  assert.deepEqual(ok.checks.map((c) => c.status), ['ok', 'ok']);
  assert.deepEqual(ok.extra.map((d) => d.code), ['tls-other'], 'more errors than nats-server prints are fine (it stops early in tls blocks)');
  const missing = full(stderr, [diag('tls-wrong-type', 2)]);
  assert.equal(missing.problems.length, 1);
  assert.match(missing.problems[0], /unknown field "bogus".*line 7/);
  assert.equal(full(stderr, [diag('tls-wrong-type', 2), diag('unknown-field', 6, 'warning')]).problems.length, 1, 'a warning is not enough for an error');
  assert.equal(full(stderr, [diag('tls-wrong-type', 2), diag('unknown-field', 5)]).problems.length, 1, 'wrong line');
  const spanning = { ...diag('unknown-field', 5), range: { start: { line: 5, character: 0 }, end: { line: 6, character: 1 } } };
  assert.deepEqual(full(stderr, [diag('tls-wrong-type', 2), spanning]).problems, [], 'a range spanning the line counts');
  // the path nats-server prints is relative to its working directory
  const nested: Case = { name: 'n', file: '/tmp/nowhere/configs/y.conf', cwd: '/tmp/nowhere' };
  assert.deepEqual(full('nats-server: configs/y.conf:2:1: unknown field "z"\n\n', [diag('unknown-field', 1)], NONE, nested).problems, []);
});

test('warnings: an error covers them; a warning is enough only for listed kinds', () => {
  const stderr = 'nats-server: x.conf:1:0: invalid use of field "ping_interval": ping_interval should be converted to a duration\n\n';
  const listed: ExceptionLists = { ...NONE, warnings: [{ id: 'integer-duration', pattern: /should be converted to a duration$/, reason: 'r' }] };
  assert.deepEqual(full(stderr, [diag('deprecated-value-form', 0)]).problems, []);
  assert.equal(full(stderr, [diag('deprecated-value-form', 0, 'warning')]).problems.length, 1, 'unlisted kind: warning not enough');
  const accepted = full(stderr, [diag('deprecated-value-form', 0, 'warning')], listed);
  assert.deepEqual(accepted.problems, []);
  assert.equal(accepted.checks[0].status, 'warning-accepted');
  assert.equal(full(stderr, [], listed).problems.length, 1, 'listed kind still needs a diagnostic');
  assert.equal(full(stderr, [diag('x', 0, 'information')], listed).problems.length, 1, 'information is not a warning');
  // stale: every line of the kind now reported as an error
  assert.deepEqual(staleExceptions([accepted], listed), []);
  assert.equal(staleExceptions([full(stderr, [diag('deprecated-value-form', 0)], listed)], listed).length, 1);
  assert.deepEqual(staleExceptions([full(stderr, [], listed)], listed), [], 'missing is a disagreement, not a stale exception');
});

test('listed nats-server lines: excused while we do not report them, stale once we do or once nats-server stops printing them', () => {
  const stderr = 'nats-server: x.conf:2:3: error parsing operator JWT: open op.jwt: no such file or directory\n\nx.conf:5:1: unknown field "q"\n\n';
  const lists: ExceptionLists = { ...NONE, natsLines: [{ file: aCase.name, nats: 'error parsing operator JWT', reason: 'not modelled' }] };
  const excused = full(stderr, [diag('unknown-field', 4)], lists);
  assert.deepEqual(excused.problems, []);
  assert.deepEqual(excused.checks.map((c) => c.status), ['excepted', 'ok']);
  assert.deepEqual(staleExceptions([excused], lists), []);
  const nowReported = full(stderr, [diag('operator-jwt', 1), diag('unknown-field', 4)], lists);
  assert.equal(nowReported.checks[0].status, 'stale-exception');
  assert.equal(nowReported.problems.length, 1);
  assert.equal(staleExceptions([nowReported], lists).length, 1);
  const gone = full('nats-server: x.conf:5:1: unknown field "q"\n\n', [diag('unknown-field', 4)], lists);
  assert.equal(staleExceptions([gone], lists).length, 1, 'nats-server no longer prints it');
  const sometimes: ExceptionLists = { ...NONE, natsLines: [{ ...lists.natsLines[0], sometimes: true }] };
  assert.deepEqual(staleExceptions([gone], sometimes), [], 'lines nats-server prints only in some runs');
  assert.deepEqual(staleExceptions([gone], NONE), []);
});

test('messages without a position: an error anywhere, or on ourLine', () => {
  const stderr = 'nats-server: Expected gateways field to be an array, got map[string]interface {}\n';
  assert.deepEqual(full(stderr, [diag('wrong-kind', 9)]).problems, []);
  assert.equal(full(stderr, []).problems.length, 1);
  assert.deepEqual(full(stderr, [diag('wrong-kind', 2)], NONE, { ...aCase, ourLine: 3 }).problems, []);
  assert.equal(full(stderr, [diag('wrong-kind', 9)], NONE, { ...aCase, ourLine: 3 }).problems.length, 1);
});

test('parse-phase failures use the parse-phase rule; unusable results fail', () => {
  const stderr = "nats-server: Parse error on line 3: 'Unexpected EOF.'\n";
  const o = full(stderr, [diag('syntax-unexpected-eof', 2)]);
  assert.equal(o.phase, 'parse');
  assert.deepEqual(o.problems, []);
  assert.equal(full(stderr, [diag('unknown-field', 2)]).problems.length, 1, 'needs a parse-phase code');
  const unusable = compareFull(aCase, { ...run('', 1), timedOut: true }, { kind: 'unexpected', message: 'timed out' }, { diagnostics: [] }, NONE);
  assert.equal(unusable.phase, 'unusable');
  assert.equal(unusable.problems.length, 1);
  assert.equal(compareFull(aCase, run('', 0), { kind: 'valid', message: '' }, { diagnostics: [], crash: 'TypeError' }, NONE).problems.length, 1);
});

test('errors in included files: at the include directive, pointing into the file and line', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'nats-semantic-'));
  try {
    mkdirSync(path.join(dir, 'inc'));
    const main = path.join(dir, 'main.conf');
    writeFileSync(main, 'port: 4222\n\ncluster {\n  include "inc/a.conf"\n}\ninclude other.conf\n');
    writeFileSync(path.join(dir, 'inc', 'a.conf'), 'name: c1\ninclude \'b.conf\'\n');
    writeFileSync(path.join(dir, 'inc', 'b.conf'), 'port: 6222\n\nbogus: 1\n');
    writeFileSync(path.join(dir, 'other.conf'), 'max_payload: 1\n');
    assert.deepEqual(listIncludeDirectives('include a.conf\n  INCLUDE "b c.conf"\nm { include \'d.conf\' }\nx: 1 # include e\n').map((d) => [d.line, d.written]), [
      [0, 'a.conf'], [1, 'b c.conf'], [2, 'd.conf'], [3, 'e'],
    ]);
    assert.deepEqual(includeLinesReaching(main, path.join(dir, 'inc', 'b.conf')), [3]);
    assert.deepEqual(includeLinesReaching(main, path.join(dir, 'other.conf')), [5]);
    assert.deepEqual(includeLinesReaching(main, path.join(dir, 'nope.conf')), []);

    const c: Case = { name: 'main.conf', file: main, cwd: dir };
    const stderr = 'nats-server: inc/b.conf:3:1: unknown field "bogus"\n\n';
    const bUri = pathToFileURL(path.join(dir, 'inc', 'b.conf')).href;
    const related = [{ uri: bUri, range: { start: { line: 2, character: 0 }, end: { line: 2, character: 5 } }, message: 'here' }];
    assert.deepEqual(full(stderr, [diag('unknown-field', 3, 'error', { related })], NONE, c).problems, [], 'related location in b.conf line 3');
    assert.deepEqual(full(stderr, [diag('unknown-field', 3, 'error', { message: 'unknown key in b.conf line 3' })], NONE, c).problems, [], 'named by message');
    assert.equal(full(stderr, [diag('unknown-field', 3)], NONE, c).problems.length, 1, 'does not point into b.conf');
    assert.equal(full(stderr, [diag('unknown-field', 3, 'error', { message: 'b.conf line 4' })], NONE, c).problems.length, 1, 'wrong line in b.conf');
    assert.equal(full(stderr, [diag('unknown-field', 0, 'error', { related })], NONE, c).problems.length, 1, 'not at the directive');
    assert.equal(full(stderr, [diag('unknown-field', 5, 'error', { related })], NONE, c).problems.length, 1, 'at the wrong directive');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('cover ids: patterns, contexts, accept ids, included files', () => {
  const reject = { exit: 1, lines: ["x.conf:2:3: error parsing tls config, expected 'verify' to be a boolean"] };
  assert.equal(checkCover('tls.verify.type', 'x.conf', reject), undefined);
  assert.equal(checkCover('tls.verify.type@cluster', 'x.conf', reject), undefined);
  assert.match(checkCover('tls.insecure.type', 'x.conf', reject) ?? '', /no line matches/);
  assert.match(checkCover('accept.anything', 'x.conf', reject) ?? '', /rejects/);
  assert.equal(checkCover('accept.anything', 'x.conf', { exit: 0, lines: [] }), undefined);
  assert.match(checkCover('no.such.id', 'x.conf', reject) ?? '', /unknown cover id/);
  assert.equal(checkCover('tls.newer.handshake_first', 'x.conf', { exit: 1, lines: ['x.conf:2:3: error parsing tls config, unknown field ["Handshake_First"]'] }), undefined);
  assert.equal(checkCover('include.error-in-included-file', 'x.conf', { exit: 1, lines: ['includes/y.conf:2:3: unknown field "a"'] }), undefined);
  assert.match(checkCover('include.error-in-included-file', 'x.conf', { exit: 1, lines: ['x.conf:2:3: unknown field "a"'] }) ?? '', /names the fixture/);
  assert.deepEqual(REQUIRED_SEMANTIC_COVERS.filter((id) => !coverSpec(id)), [], 'every required id has a spec');
  assert.equal(messageKind('error parsing tls config, unknown field ["x"]'), 'error parsing tls config, unknown field ["…"]');
  assert.equal(messageKind('interface conversion: interface {} is string, not []interface {}'), 'interface conversion: interface {} is …, not []interface {}');
});
