/**
 * Reading `nats-server -t` output: every fixture below is what nats-server 2.9.10 printed for a
 * real broken file (captured with `nats-server -t -c FILE` in the file's folder), mapped onto
 * the file text with §1.14's column rules and UTF-16 columns.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { mapFindings, parseNatsServerOutput, NatsServerCode } from '../../server/src/natsServer';
import { byteOffsetOfNatsColumn, tokenRangeAt, utf16OffsetOfByte } from '../../server/src/natsServer/positions';

const CWD = path.resolve('/work/configs');

/** Parses `output` as printed for `-c main.conf` in CWD and maps it onto `files` (name → text). */
async function findingsOf(output: string, files: Record<string, string>, mainFile = 'main.conf') {
  const parsed = parseNatsServerOutput(output, mainFile, CWD);
  const read = async (file: string) => files[path.relative(CWD, file)];
  return { kind: parsed.kind, findings: await mapFindings(parsed.findings, read) };
}

const at = (line: number, start: number, end: number) => ({ start: { line, character: start }, end: { line, character: end } });

test('a valid file, with and without the 2.11+ digest', () => {
  assert.equal(parseNatsServerOutput('nats-server: configuration file main.conf is valid\n', 'main.conf', CWD).kind, 'valid');
  assert.equal(parseNatsServerOutput(`nats-server: configuration file main.conf is valid (sha256:${'ab'.repeat(32)})\n`, 'main.conf', CWD).kind, 'valid');
});

test('an unknown field on line 2: the column is 1-based there, and the range covers the key', async () => {
  const { kind, findings } = await findingsOf('nats-server: main.conf:2:1: unknown field "foo"\n\n', { 'main.conf': 'port: 4222\nfoo: 1\n' });
  assert.equal(kind, 'findings');
  assert.deepEqual(findings, [{ file: path.join(CWD, 'main.conf'), range: at(1, 0, 3), severity: 'error', message: 'unknown field "foo"', code: NatsServerCode.Error }]);
});

test('on line 1 the column is 0-based: tls block without key_file', async () => {
  const { findings } = await findingsOf("nats-server: main.conf:1:0: missing 'key_file' in TLS configuration\n\n", { 'main.conf': 'tls {\n  cert_file: "a.pem"\n}\n' });
  assert.deepEqual(findings.map((f) => [f.range, f.message]), [[at(0, 0, 3), "missing 'key_file' in TLS configuration"]]);
});

test('several findings, a type mismatch and a warning: warnings are warnings, the rest errors', async () => {
  const output = [
    'nats-server: main.conf:1:0: invalid use of field "ping_interval": ping_interval should be converted to a duration',
    'main.conf:2:1: unknown field "foo"',
    'main.conf:4:1: interface conversion: interface {} is string, not int64',
    '', '',
  ].join('\n');
  const { findings } = await findingsOf(output, { 'main.conf': 'ping_interval: 60\nfoo: 1\nport: 4222\nhttp_port: "x"\n' });
  assert.deepEqual(findings.map((f) => [f.range, f.severity, f.code]), [
    [at(0, 0, 13), 'warning', NatsServerCode.Warning],
    [at(1, 0, 3), 'error', NatsServerCode.Error],
    [at(3, 0, 9), 'error', NatsServerCode.Error],
  ]);
});

test('indented keys and multi-byte keys: columns count bytes, ranges count UTF-16 units', async () => {
  // "éé" is 4 bytes, "€" 3 bytes and "𝄞" (outside the BMP) 4 bytes but 2 UTF-16 units.
  const text = 'port: 1\n\u00e9\u00e9: 1\n  \u20ac: 2\n  \u{1d11e}x: 3\n';
  const output = 'nats-server: main.conf:2:1: unknown field "éé"\nmain.conf:3:3: unknown field "€"\nmain.conf:4:3: unknown field "𝄞x"\n\n';
  const { findings } = await findingsOf(output, { 'main.conf': text });
  assert.deepEqual(findings.map((f) => f.range), [at(1, 0, 2), at(2, 2, 3), at(3, 2, 5)]);
  const firstLine = await findingsOf('nats-server: main.conf:1:0: unknown field "é"\nmain.conf:1:7: unknown field "b"\n\n', { 'main.conf': '\u00e9: 1; b: 2\n' });
  assert.deepEqual(firstLine.findings.map((f) => f.range), [at(0, 0, 1), at(0, 6, 7)], 'byte 7 of line 1 is UTF-16 offset 6');
});

test('a quoted key (reported after its opening quote) is covered with its quotes; a column past the end gives the trimmed line', async () => {
  const { findings } = await findingsOf('nats-server: main.conf:2:4: unknown field "a b"\nmain.conf:3:9: x\n', { 'main.conf': 'port: 1\n  "a b": 1\n  zz: 1\n' });
  assert.deepEqual(findings.map((f) => f.range), [at(1, 2, 7), at(2, 2, 7)]);
});

test('findings in an included file are attributed to it, relative to the working folder', async () => {
  const output = 'nats-server: sub/inner.conf:1:0: unknown field "a"\nsub/inner.conf:2:3: unknown field "bogus_key"\n\n';
  const { findings } = await findingsOf(output, { 'main.conf': 'include "sub/inner.conf"\n', 'sub/inner.conf': 'a: 1\n  bogus_key: 2\n' });
  assert.deepEqual(findings.map((f) => [f.file, f.range]), [
    [path.join(CWD, 'sub', 'inner.conf'), at(0, 0, 1)],
    [path.join(CWD, 'sub', 'inner.conf'), at(1, 2, 11)],
  ]);
});

test('a parse error names only a line: the whole line, or the last line with text when it is past the end', async () => {
  const midFile = await findingsOf("nats-server: Parse error on line 2: 'Expected a top-level value to end with a new line, comment or EOF, but got 'x' instead.'\n", { 'main.conf': 'port: 1\n  a: 1 x\nb: 2\n' });
  assert.deepEqual(midFile.findings.map((f) => [f.range, f.code, f.severity]), [[at(1, 2, 8), NatsServerCode.ParseError, 'error']]);
  const pastEnd = await findingsOf("nats-server: Parse error on line 3: 'Unexpected EOF processing map.'\n", { 'main.conf': 'port: 4222\nx = {\n' });
  assert.deepEqual(pastEnd.findings.map((f) => [f.range, f.message]), [[at(1, 0, 5), "Parse error on line 3: 'Unexpected EOF processing map.'"]]);
});

test('the EOF character nats-server prints as a NUL byte is shown as EOF', async () => {
  const { findings } = await findingsOf("nats-server: Parse error on line 1: 'Expected an array value terminator \",\" or an array terminator \"]\", but got '\u0000' instead.'", { 'main.conf': 'a: [1' });
  assert.equal(findings[0].message, "Parse error on line 1: 'Expected an array value terminator \",\" or an array terminator \"]\", but got 'EOF' instead.'");
});

test('a parse error in a nested include lands in the innermost file, each include resolved from its includer', async () => {
  const output = "nats-server: error parsing include file 'sub/mid.conf', error parsing include file 'bad.conf', Parse error on line 2: 'Unexpected EOF processing map.'\n";
  const { findings } = await findingsOf(output, { 'main.conf': 'include "sub/mid.conf"\n', 'sub/mid.conf': 'include "bad.conf"\n', 'sub/bad.conf': 'a {\n' });
  assert.deepEqual(findings.map((f) => [f.file, f.range, f.code]), [[path.join(CWD, 'sub', 'bad.conf'), at(0, 0, 3), NatsServerCode.ParseError]]);
});

test('an include that cannot be opened points at its include statement', async () => {
  const output = "nats-server: error parsing include file 'nope.conf', open nope.conf: no such file or directory\n";
  const { findings } = await findingsOf(output, { 'main.conf': 'port: 1\ninclude "nope.conf"\n' });
  assert.deepEqual(findings, [{
    file: path.join(CWD, 'main.conf'), range: at(1, 9, 18), severity: 'error', code: NatsServerCode.IncludeError,
    message: "error parsing include file 'nope.conf', open nope.conf: no such file or directory",
  }]);
});

test('an undefined variable is marked at its $reference; in an include, in the included file', async () => {
  const { findings } = await findingsOf("nats-server: variable reference for 'NOPE' on line 2 can not be found\n", { 'main.conf': 'a {\n  b: $NOPE\n}\n' });
  assert.deepEqual(findings.map((f) => [f.range, f.code]), [[at(1, 5, 10), NatsServerCode.Error]]);
  const nested = await findingsOf("nats-server: error parsing include file 'v.conf', variable reference for 'Q' on line 2 can not be found\n", { 'main.conf': 'include "v.conf"\n', 'v.conf': 'x: 1\ny: $Q\n' });
  assert.deepEqual(nested.findings.map((f) => [f.file, f.range, f.message]), [[path.join(CWD, 'v.conf'), at(1, 3, 5), "variable reference for 'Q' on line 2 can not be found"]]);
});

test('≥2.9.22 reports a dangling key as "config is invalid (file:line:col)"', async () => {
  const { findings } = await findingsOf('nats-server: config is invalid (main.conf:2:1)\n', { 'main.conf': 'port: 1\ndangling\n' });
  assert.deepEqual(findings.map((f) => [f.range, f.code, f.message]), [[at(1, 0, 8), NatsServerCode.Error, 'config is invalid (main.conf:2:1)']]);
});

test('the main file missing is not a finding; an unknown shape is unrecognised', () => {
  assert.deepEqual(parseNatsServerOutput('nats-server: open main.conf: no such file or directory\n', 'main.conf', CWD), { kind: 'main-file-missing', findings: [], firstLine: 'open main.conf: no such file or directory' });
  assert.equal(parseNatsServerOutput('something else entirely\n', 'main.conf', CWD).kind, 'unrecognised');
});

test('the ≥2.9.22 empty-config warning has no position: line 1', async () => {
  const { findings } = await findingsOf('nats-server: main.conf: config has no values or is empty\n', { 'main.conf': '# nothing\n' });
  assert.deepEqual(findings.map((f) => [f.range, f.severity, f.code]), [[at(0, 0, 9), 'warning', NatsServerCode.Warning]]);
});

test('column helpers: §1.14 line rule, bytes inside a character, token stops', () => {
  assert.equal(byteOffsetOfNatsColumn(1, 0), 0);
  assert.equal(byteOffsetOfNatsColumn(1, 2), 2);
  assert.equal(byteOffsetOfNatsColumn(2, 1), 0);
  assert.equal(byteOffsetOfNatsColumn(5, 3), 2);
  assert.equal(utf16OffsetOfByte('\u00e9a', 1), 0, 'a byte inside é maps to its start');
  assert.equal(utf16OffsetOfByte('\u00e9a', 2), 1);
  assert.equal(utf16OffsetOfByte('\u{1d11e}a', 4), 2);
  assert.equal(utf16OffsetOfByte('ab', 10), 2);
  assert.deepEqual(tokenRangeAt(['  key=1'], 0, 2), at(0, 2, 5));
  assert.deepEqual(tokenRangeAt(['\tlisten: 1'], 0, 1), at(0, 1, 7));
  assert.deepEqual(tokenRangeAt(['a: 1'], 4, 0), at(0, 0, 4), 'a line past the end gives the last line');
});

test('every nats-server code has a row in the README', async () => {
  const { readFileSync } = await import('node:fs');
  const readme = readFileSync(path.resolve(__dirname, '..', '..', '..', 'README.md'), 'utf8');
  for (const code of Object.values(NatsServerCode)) assert.match(readme, new RegExp(`^\\| \`${code}\` \\| .{10,} \\| .+ \\|$`, 'm'), code);
});
