#!/usr/bin/env node
// Confirms, with the real nats-server binary, every claim the parser tests make about it:
// accept/reject verdicts, the line of `Parse error on line N`, the message behind each code, and
// the int64 value of integer tokens. Not part of the test suite: run it by hand where a
// nats-server binary is installed (the tests were written against 2.9.10):
//
//   node test/unit/parser/oracle/replay.mjs [--nats-server PATH] [--keep]
//
// It builds the tests, runs the parser tests with ./record.cjs preloaded to collect the claims
// (test failures do not matter here), then checks each claim with `nats-server -t -c FILE`.
// Integer values are checked by starting the server with `max_pending: <token>` and a
// `max_payload` that exceeds it, so that it exits at once printing the value; the server only
// ever listens on 127.0.0.1 and is killed after a few seconds if it does start.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..', '..', '..');
const args = process.argv.slice(2);
const natsServer = args.includes('--nats-server') ? args[args.indexOf('--nats-server') + 1] : 'nats-server';
const keep = args.includes('--keep');

const work = mkdtempSync(join(tmpdir(), 'nats-oracle-'));
const claimsFile = join(work, 'claims.jsonl');
writeFileSync(claimsFile, '');

function run(cmd, cmdArgs, options = {}) {
  const r = spawnSync(cmd, cmdArgs, { encoding: 'buffer', maxBuffer: 1 << 30, ...options });
  if (r.error) throw r.error;
  return r;
}

console.log('building tests…');
run(process.execPath, ['scripts/build.mjs', '--tests'], { cwd: root, stdio: 'inherit' });
console.log('collecting claims…');
run(process.execPath, ['--test', 'out/test/unit/parser/'], {
  cwd: root,
  env: { ...process.env, NODE_OPTIONS: `--require ${join(here, 'record.cjs')}`, NATS_ORACLE_OUT: claimsFile },
  stdio: 'ignore',
});

const seen = new Set();
const claims = [];
for (const line of readFileSync(claimsFile, 'utf8').split('\n')) {
  if (!line) continue;
  if (seen.has(line)) continue;
  seen.add(line);
  claims.push(JSON.parse(line));
}
console.log(`${claims.length} distinct claims`);

// Files the include tests name, so that an include is not reported as a missing file.
const dir = join(work, 'conf');
run('mkdir', ['-p', dir]);
for (const name of ['a.conf', 'a.conf,', 'b.conf', 'b c.conf', 'x.conf', '=', 'auth.conf', 'other file.conf', 'routes.conf']) {
  writeFileSync(join(dir, name), '# included\n');
}

const messages = {
  'syntax-unexpected-eof': /^Unexpected EOF\.$/,
  'syntax-expected-value-end': /^Expected a top-level value to end with a new line, comment or EOF, but got '.*' instead\.$/s,
  'syntax-unexpected-separator': /^Unexpected key separator '.'\.?$/,
  'syntax-unterminated-include': /^Unexpected EOF in (double )?quoted include$/,
  'syntax-invalid-include': /^Expected include value but found /,
  'syntax-float-leading-dot': /^Floats must start with a digit/,
  'syntax-float-missing-digit': /^Floats must have a digit after the '\.'/,
  'syntax-missing-value': /^Expected value but found new line$/,
  'syntax-array-leading-comma': /^Unexpected array value terminator ','\.$/,
  'syntax-array-value-end': /^Expected an array value terminator "," or an array terminator "\]"/,
  'syntax-array-end-in-map': /^Unexpected array end '\]' processing map\.$/,
  'syntax-unterminated-map': /^Unexpected EOF processing map\.$/,
  'syntax-unterminated-map-key': /^Unexpected EOF processing (double quoted |quoted )?map key\.$/,
  'syntax-map-leading-comma': /^Unexpected map value terminator ","\.$/,
  'syntax-map-value-end': /^Expected a map value terminator "," or a map terminator "\}"/,
  'syntax-unterminated-block': /^Unexpected EOF processing block\.$/,
  'syntax-invalid-escape': /^Invalid escape character /,
  'syntax-invalid-hex-escape': /^Expected two hexadecimal digits after '\\x'/,
  'syntax-expected-digit': /^Expected a digit but got /,
  'syntax-invalid-datetime': /ISO8601|Zulu/,
  'syntax-integer-out-of-range': /^integer '.*' is out of the range$/,
  'syntax-float-out-of-range': /^float '.*' is out of the range$/,
};
const parserLevel = /^nats-server: ((integer|float) '.*' is out of the range|expected Zulu formatted DateTime, but got '.*')$/s;

let n = 0;
function check(text) {
  const file = join(dir, `c${n++}.conf`);
  writeFileSync(file, text, 'utf8');
  const r = run(natsServer, ['-t', '-c', file], { cwd: dir });
  const out = r.stderr.toString('utf8').trim();
  rmSync(file);
  const m = /^nats-server: Parse error on line (\d+): '(.*)'$/s.exec(out);
  if (m) return { kind: 'reject', line: Number(m[1]), message: m[2], out };
  const p = parserLevel.exec(out);
  if (p) return { kind: 'parser-error', message: p[1], out };
  return { kind: 'accept', out };
}

function runtimeInteger(token) {
  const file = join(dir, `i${n++}.conf`);
  writeFileSync(file, `listen: 127.0.0.1:-1\nmax_payload: 2147483647\nmax_pending: ${token}\n`, 'utf8');
  const r = run(natsServer, ['-c', file], { cwd: dir, timeout: 4000, killSignal: 'SIGKILL' });
  rmSync(file);
  const m = /max_pending \((-?\d+)\)/.exec(r.stderr.toString('utf8') + r.stdout.toString('utf8'));
  return m ? BigInt(m[1]) : undefined;
}

const failures = [];
let checked = 0;
for (const c of claims) {
  const label = JSON.stringify(c.text.length > 100 ? c.text.slice(0, 100) + '…' : c.text);
  if (c.verdict === 'integer') {
    let token = c.token;
    let expected = BigInt(c.value);
    if (expected === 0n) continue; // 0 means "default" to max_pending
    if (expected >= 2147483647n) {
      if (token.startsWith('-')) continue;
      token = '-' + token;
      expected = BigInt.asIntN(64, -expected);
    }
    const got = runtimeInteger(token);
    checked++;
    if (got !== expected) failures.push(`${c.token}: claimed ${expected} for ${token}, nats-server computed ${got}`);
    continue;
  }
  const r = check(c.text);
  checked++;
  if (c.verdict === 'accept') {
    if (r.kind !== 'accept') failures.push(`${label}: claimed accept, got ${r.out}`);
  } else if (c.verdict === 'reject') {
    const re = messages[c.code];
    if (r.kind !== 'reject') failures.push(`${label}: claimed ${c.code} on line ${c.natsLine}, got ${r.out}`);
    else if (r.line !== c.natsLine) failures.push(`${label}: claimed line ${c.natsLine}, nats-server says ${r.line}: ${r.message}`);
    else if (!re || !re.test(r.message)) failures.push(`${label}: claimed ${c.code}, message is '${r.message}'`);
  } else if (c.verdict === 'parser-error') {
    const re = messages[c.code];
    if (r.kind !== 'parser-error' || !re.test(r.message)) failures.push(`${label}: claimed parser error ${c.code}, got ${r.out}`);
  }
}

console.log(`${checked} claims checked against ${natsServer}`);
for (const f of failures) console.log('MISMATCH ' + f);
console.log(failures.length === 0 ? 'all claims confirmed' : `${failures.length} mismatches`);
if (!keep) rmSync(work, { recursive: true, force: true });
else console.log(`kept ${work}`);
process.exit(failures.length === 0 ? 0 : 1);
