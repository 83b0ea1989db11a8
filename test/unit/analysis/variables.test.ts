/**
 * Variable scoping and environment fallback. Each case's nats-server 2.9.10 behaviour was
 * checked by hand with `nats-server -t -c` (the result is noted in the test name or a comment).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KeyValue, MapValue, VariableValue } from '../../../server/src/parser/ast';
import { parse } from '../../../server/src/parser/parser';
import { resolveConfig, type VariableResolution } from '../../../server/src/analysis/resolve';
import { emptyIncludeCache } from '../../../server/src/analysis/includes';
import { analyzeText, fakeEnvironment, rangeOf, summary } from './helpers';
import type { Analysis } from '../../../server/src/languageService';

/** The resolution of the `occurrence`-th reference `$name` in the root document. */
function referenceTo(analysis: Analysis, name: string, occurrence = 0): VariableResolution {
  const found = [...analysis.resolution.variables.entries()].filter(
    ([node]) => node.name === name && analysis.tree.start <= node.start && findIn(analysis, node),
  );
  const entry = found[occurrence];
  assert.ok(entry, `no reference $${name} #${occurrence}`);
  return entry[1];
}

function findIn(analysis: Analysis, node: VariableValue): boolean {
  // A node of the root tree (not of an included file or an environment value).
  const stack: unknown[] = [...analysis.tree.entries];
  while (stack.length > 0) {
    const item = stack.pop() as { kind: string; value?: unknown; entries?: unknown[]; elements?: unknown[] };
    if (item === node) return true;
    if (item.kind === 'keyValue' && item.value) stack.push(item.value);
    if (item.entries) stack.push(...item.entries);
    if (item.elements) stack.push(...item.elements);
  }
  return false;
}

function keyNamed(entries: MapValue['entries'], name: string, occurrence = 0): KeyValue {
  const found = entries.filter((entry): entry is KeyValue => entry.kind === 'keyValue' && entry.key.name === name);
  assert.ok(found[occurrence], `no key ${name}`);
  return found[occurrence];
}

test('an earlier key at the top level defines a variable (2.9.10: valid)', async () => {
  const text = 'P: 4222\nport: $P\n';
  const analysis = await analyzeText(text);
  assert.deepEqual(summary(analysis), []);
  const resolution = referenceTo(analysis, 'P');
  assert.equal(resolution.source, 'config');
  if (resolution.source !== 'config') return;
  assert.equal(resolution.definition, keyNamed(analysis.tree.entries, 'P'));
  assert.equal(resolution.uri, 'file:///conf/main.conf');
  assert.equal(resolution.value?.kind, 'integer');
  assert.equal(resolution.value?.kind === 'integer' && resolution.value.value, 4222);
  assert.ok(analysis.resolution.usedAsVariable.has(keyNamed(analysis.tree.entries, 'P')));
  assert.ok(!analysis.resolution.usedAsVariable.has(keyNamed(analysis.tree.entries, 'port')));
});

test('an undefined variable is an error at the reference (2.9.10: "can not be found")', async () => {
  const text = 'port: $NOPE\n';
  const analysis = await analyzeText(text);
  assert.deepEqual(summary(analysis), ['variable-undefined@0:6-0:11']);
  const [diagnostic] = analysis.diagnostics;
  assert.equal(diagnostic.severity, 'error');
  assert.deepEqual(diagnostic.range, rangeOf(text, '$NOPE'));
  assert.match(diagnostic.message, /"\$NOPE" is not defined/);
  assert.match(diagnostic.message, /no environment variable NOPE/);
  assert.deepEqual(diagnostic.data, { name: 'NOPE' });
  assert.deepEqual(referenceTo(analysis, 'NOPE').source, 'unresolved');
});

test('a forward reference falls through to the environment (2.9.10: not found; with P set: P from env)', async () => {
  const text = 'port: $P\nP: 4222\n';
  const missing = await analyzeText(text);
  assert.deepEqual(summary(missing), ['variable-undefined@0:6-0:8']);
  assert.match(missing.diagnostics[0].message, /A key "P" is set later \(line 2\)/);

  const fromEnv = await analyzeText(text, { env: { P: '5000' } });
  assert.deepEqual(summary(fromEnv), []);
  const resolution = referenceTo(fromEnv, 'P');
  assert.equal(resolution.source, 'environment');
  // The later P is not used as a variable (2.9.10: unknown field "P").
  assert.ok(!fromEnv.resolution.usedAsVariable.has(keyNamed(fromEnv.tree.entries, 'P')));
});

test('a key cannot refer to itself: `a: $a` looks in the environment', async () => {
  const analysis = await analyzeText('a: $a\n');
  assert.deepEqual(summary(analysis), ['variable-undefined@0:3-0:5']);
  const withEnv = await analyzeText('a: $a\n', { env: { a: 'x' } });
  assert.deepEqual(summary(withEnv), []);
});

test('keys of an enclosing map are visible inside a block (2.9.10: valid)', async () => {
  const analysis = await analyzeText('x: 4222\ncluster { port: $x }\n');
  assert.deepEqual(summary(analysis), []);
  assert.equal(referenceTo(analysis, 'x').source, 'config');
});

test('keys of a closed sibling block are not visible (2.9.10: can not be found)', async () => {
  const text = 'a { x: 4222 }\nb { port: $x }\n';
  const analysis = await analyzeText(text);
  assert.deepEqual(summary(analysis), ['variable-undefined@1:10-1:12']);
});

test('a block-local key is not visible after the block (2.9.10: can not be found on line 2)', async () => {
  const text = 'cluster { x: 4222, port: $x }\nport: $x\n';
  const analysis = await analyzeText(text);
  assert.deepEqual(summary(analysis), ['variable-undefined@1:6-1:8']);
  assert.equal(referenceTo(analysis, 'x', 0).source, 'config');
});

test('arrays are skipped: a map inside an array sees the enclosing maps, not its sibling maps', async () => {
  // 2.9.10: `a: [ { x: 1 }, { y: $x } ]` -> can not be found; `x: 5; a: [ { y: $x } ]` -> found.
  const siblings = await analyzeText('a: [ { x: 1 }, { y: $x } ]\n');
  assert.deepEqual(summary(siblings), ['variable-undefined@0:20-0:22']);
  const outer = await analyzeText('x: 5\na: [ { y: $x }, $x ]\n');
  assert.deepEqual(summary(outer), []);
  assert.equal(referenceTo(outer, 'x', 1).source, 'config');
});

test('names are case-sensitive (2.9.10: `p: 4222; port: $P` can not be found)', async () => {
  const analysis = await analyzeText('p: 4222\nport: $P\n');
  assert.deepEqual(summary(analysis), ['variable-undefined@1:6-1:8']);
  assert.match(analysis.diagnostics[0].message, /case-sensitive: "\$p" is defined/);
});

test('a config key wins over an environment variable of the same name', async () => {
  const analysis = await analyzeText('P: 4222\nport: $P\n', { env: { P: 'abc' } });
  assert.deepEqual(summary(analysis), []);
  assert.equal(referenceTo(analysis, 'P').source, 'config');
});

test('the later of duplicate keys wins, and only the one referenced is marked used', async () => {
  // 2.9.10: `X: 1; max_payload: $X; X: 2` -> unknown field "X" at 3:1 (the second X is unused).
  const text = 'X: 1\nmax_payload: $X\nX: 2\ny: $X\n';
  const analysis = await analyzeText(text);
  assert.deepEqual(summary(analysis), []);
  const first = keyNamed(analysis.tree.entries, 'X', 0);
  const second = keyNamed(analysis.tree.entries, 'X', 1);
  const one = referenceTo(analysis, 'X', 0);
  const two = referenceTo(analysis, 'X', 1);
  assert.equal(one.source === 'config' && one.definition, first);
  assert.equal(two.source === 'config' && two.definition, second);
  const withoutY = await analyzeText('X: 1\nmax_payload: $X\nX: 2\n');
  assert.ok(withoutY.resolution.usedAsVariable.has(keyNamed(withoutY.tree.entries, 'X', 0)));
  assert.ok(!withoutY.resolution.usedAsVariable.has(keyNamed(withoutY.tree.entries, 'X', 1)));
  const top = withoutY.resolution.maps.get(withoutY.tree);
  assert.equal(top?.get('X')?.definition, keyNamed(withoutY.tree.entries, 'X', 1));
});

test('a chain of references resolves to the final value and marks each link', async () => {
  const analysis = await analyzeText('a: 1\nb: $a\nc: $b\n');
  assert.deepEqual(summary(analysis), []);
  const c = referenceTo(analysis, 'b');
  assert.equal(c.source === 'config' && c.definition, keyNamed(analysis.tree.entries, 'b'));
  assert.equal(c.source === 'config' && c.value?.kind === 'integer' && c.value.value, 1);
  assert.ok(analysis.resolution.usedAsVariable.has(keyNamed(analysis.tree.entries, 'a')));
  assert.ok(analysis.resolution.usedAsVariable.has(keyNamed(analysis.tree.entries, 'b')));
  assert.ok(!analysis.resolution.usedAsVariable.has(keyNamed(analysis.tree.entries, 'c')));
});

test('a variable can hold a map; the reference resolves to that map node', async () => {
  const analysis = await analyzeText('T { cert_file: "a.pem" }\ntls: $T\ncluster { tls: $T }\n');
  assert.deepEqual(summary(analysis), []);
  const t = keyNamed(analysis.tree.entries, 'T');
  const resolution = referenceTo(analysis, 'T', 1);
  assert.equal(resolution.source === 'config' && resolution.value, t.value);
});

test('the bcrypt form $2a$... is a plain string, not a reference', async () => {
  const analysis = await analyzeText('authorization { password: $2a$11$W2zko751KUvVy59mUTWmpOdWjpEm5qhcCZRd05GjI/sSOT.kkGHdK }\n');
  assert.deepEqual(summary(analysis), []);
  assert.equal(analysis.resolution.variables.size, 0);
});

test('environment values are parsed as `pk=<value>` and typed', async () => {
  const text = 'a: $INT\nb: $SUFFIX\nc: $BOOL\nd: $LIST\ne: $EMPTY\nf: $QUOTED\n';
  const analysis = await analyzeText(text, {
    env: { INT: '4222', SUFFIX: '1k', BOOL: 'true', LIST: '[ "A", "B" ]', EMPTY: '', QUOTED: "'3xyz'" },
  });
  assert.deepEqual(summary(analysis), []);
  const value = (name: string) => {
    const resolution = referenceTo(analysis, name);
    assert.equal(resolution.source, 'environment');
    return resolution.source === 'environment' ? resolution : undefined;
  };
  const scalar = (name: string): [string | undefined, unknown] => {
    const node = value(name)?.value;
    return [node?.kind, node && 'value' in node ? node.value : undefined];
  };
  assert.deepEqual(scalar('INT'), ['integer', 4222]);
  assert.deepEqual(scalar('SUFFIX'), ['integer', 1000]);
  assert.deepEqual(scalar('BOOL'), ['boolean', true]);
  const list = value('LIST')?.value;
  assert.equal(list?.kind, 'array');
  assert.deepEqual(list?.kind === 'array' && list.elements.map((e) => e.kind === 'string' && e.value), ['A', 'B']);
  assert.deepEqual(scalar('EMPTY'), ['string', '']);
  assert.deepEqual(scalar('QUOTED'), ['string', '3xyz']);
  assert.equal(value('INT')?.raw, '4222');
});

test('an environment value with a trailing `,b`: 2.9.10 keeps `a`, 2.9.22+ reject it', async () => {
  const old = await analyzeText('server_name: $p\n', { env: { p: 'a,b' }, serverVersion: '2.9' });
  assert.deepEqual(summary(old), []);
  const resolution = referenceTo(old, 'p');
  assert.equal(resolution.source === 'environment' && resolution.value.kind === 'string' && resolution.value.value, 'a');
  const latest = await analyzeText('server_name: $p\n', { env: { p: 'a,b' } });
  assert.deepEqual(summary(latest), ['variable-parse-error@0:13-0:15']);
});

test('an environment value that does not parse is a variable-parse-error (2.9.10: could not be parsed)', async () => {
  const text = 'server_name: $p\n';
  const analysis = await analyzeText(text, { env: { p: 'a b' } });
  assert.deepEqual(summary(analysis), ['variable-parse-error@0:13-0:15']);
  const [diagnostic] = analysis.diagnostics;
  assert.equal(diagnostic.severity, 'error');
  assert.match(diagnostic.message, /environment variable p \("a b"\) does not parse/);
  assert.deepEqual(diagnostic.data, { name: 'p', raw: 'a b' });
  const resolution = referenceTo(analysis, 'p');
  assert.equal(resolution.source === 'unresolved' && resolution.raw, 'a b');
});

test('an environment value nats-server drops (1kbb) cannot be found (2.9.10: can not be found)', async () => {
  const analysis = await analyzeText('port: $p\n', { env: { p: '1kbb' } });
  assert.deepEqual(summary(analysis), ['variable-parse-error@0:6-0:8']);
  assert.match(analysis.diagnostics[0].message, /sets no value/);
});

test('environment values may reference other environment variables, not config keys', async () => {
  // 2.9.10: p='$q' q=4222 -> valid; `x: 4222; port: $p` with p='$x' -> could not be parsed.
  const chained = await analyzeText('port: $p\n', { env: { p: '$q', q: '4222' } });
  assert.deepEqual(summary(chained), []);
  const resolution = referenceTo(chained, 'p');
  assert.equal(resolution.source === 'environment' && resolution.value.kind === 'integer' && resolution.value.value, 4222);

  const configVar = await analyzeText('x: 4222\nport: $p\n', { env: { p: '$x' } });
  assert.deepEqual(summary(configVar), ['variable-parse-error@1:6-1:8']);
  assert.match(configVar.diagnostics[0].message, /"\$x" is not defined/);
  // The config key x was not used by the environment value.
  assert.ok(!configVar.resolution.usedAsVariable.has(keyNamed(configVar.tree.entries, 'x')));

  const unset = await analyzeText('port: $p\n', { env: { p: '$q' } });
  assert.deepEqual(summary(unset), ['variable-parse-error@0:6-0:8']);
});

test('an environment map may reference its own earlier keys', async () => {
  const analysis = await analyzeText('cluster: $p\n', { env: { p: '{ n: abc, name: $n }' } });
  assert.deepEqual(summary(analysis), []);
});

test('self-referencing and cyclic environment variables are variable-cycle errors (2.9.10 crashes)', async () => {
  const self = await analyzeText('port: $C\n', { env: { C: '$C' } });
  assert.deepEqual(summary(self), ['variable-cycle@0:6-0:8']);
  assert.equal(self.diagnostics[0].severity, 'error');
  assert.match(self.diagnostics[0].message, /C refers to itself \(\$C → \$C\)/);
  assert.deepEqual(self.diagnostics[0].data, { name: 'C', raw: '$C', chain: ['C', 'C'] });

  const pair = await analyzeText('port: $p\nhttp_port: $q\n', { env: { p: '$q', q: '$p' } });
  assert.deepEqual(summary(pair), ['variable-cycle@0:6-0:8', 'variable-cycle@1:11-1:13']);
  assert.match(pair.diagnostics[0].message, /\$p → \$q → \$p/);

  const into = await analyzeText('port: $a\n', { env: { a: '[ $b ]', b: '$b' } });
  assert.deepEqual(summary(into), ['variable-cycle@0:6-0:8']);
  assert.match(into.diagnostics[0].message, /a \("\[ \$b \]"\) leads into a cycle/);
});

test('a value nats-server drops leaves its key pending, as in Go (2.9.10: `x { a: 1kbb }` then $a finds a map)', async () => {
  // 2.9.10: `x { a: 1kbb }\nport: $a` -> "interface {} is map[string]interface {}, not int64";
  // `x { a: 1kbb }\nport: $x` -> can not be found.
  const analysis = await analyzeText('x { a: 1kbb }\nport: $a\nhost: $x\n');
  assert.deepEqual(
    summary(analysis).filter((s) => !s.startsWith('syntax-')),
    ['variable-undefined@2:6-2:8'],
  );
  const a = referenceTo(analysis, 'a');
  assert.equal(a.source === 'config' && a.value?.kind, 'map');
  const top = analysis.tree.entries;
  assert.equal(a.source === 'config' && a.definition.key.name, 'a');
  assert.notEqual(a.source === 'config' && a.definition, keyNamed(top, 'x'));
});

test("a key without value before its map's `}` takes the map, and the map's own key the next value, as in Go", async () => {
  // 2.9.10: `tls { verify }` -> unknown field "verify"; `accounts { A { x } }` -> unknown field "A".
  const tls = await analyzeText('tls { verify }\n', { serverVersion: '2.9' });
  // (The unknown fields are checked against nats-server in test/fixtures/semantic.)
  assert.deepEqual(summary(tls), ['syntax-key-without-value@0:6-0:12']);
  const verify = tls.resolution.maps.get(tls.tree)?.get('verify');
  assert.equal(verify?.definition, keyNamed((keyNamed(tls.tree.entries, 'tls').value as MapValue).entries, 'verify'));
  assert.equal(verify?.resolved, keyNamed(tls.tree.entries, 'tls').value);
  assert.equal(tls.resolution.maps.get(tls.tree)?.get('tls'), undefined);

  const accounts = await analyzeText('accounts { A { x }, B { } }\nport: 4222\n', { serverVersion: '2.9' });
  assert.deepEqual(summary(accounts), ['syntax-key-without-value@0:15-0:16']);
  const top = accounts.resolution.maps.get(accounts.tree);
  assert.deepEqual([...(top?.keys() ?? [])], ['A', 'port']);
  const inAccounts = accounts.resolution.maps.get(keyNamed(accounts.tree.entries, 'accounts').value as MapValue);
  assert.deepEqual([...(inAccounts?.keys() ?? [])], ['x', 'B']);

  // An error between the key and the `}` cuts it short: it takes nothing, and keys stay in step.
  const cut = await analyzeText('tls { verify: , }\nport: 4222\n', { serverVersion: '2.9' });
  assert.deepEqual([...(cut.resolution.maps.get(cut.tree)?.keys() ?? [])], ['tls', 'port']);
});

test('resolution.maps holds the final content of each map', async () => {
  const analysis = await analyzeText('cluster { port: 1, port: 2, name: n }\n');
  const cluster = keyNamed(analysis.tree.entries, 'cluster').value as MapValue;
  const content = analysis.resolution.maps.get(cluster);
  assert.deepEqual([...(content?.keys() ?? [])], ['port', 'name']);
  assert.equal(content?.get('port')?.definition, keyNamed(cluster.entries, 'port', 1));
});

test('100,000 nested maps resolve without overflowing the stack', () => {
  const depth = 100_000;
  const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  const base = { start: 0, end: 0, range };
  const reference: VariableValue = { ...base, kind: 'variable', name: 'top' };
  const innermost: MapValue = {
    ...base,
    kind: 'map',
    closed: true,
    entries: [{ ...base, kind: 'keyValue', name: 'use', key: { ...base, kind: 'key', name: 'use' }, value: reference }],
  };
  let current: MapValue = innermost;
  for (let i = 0; i < depth; i++) {
    current = {
      ...base,
      kind: 'map',
      closed: true,
      entries: [{ ...base, kind: 'keyValue', name: `m${i}`, key: { ...base, kind: 'key', name: `m${i}` }, value: current }],
    };
  }
  const topKey: KeyValue = {
    ...base,
    kind: 'keyValue',
    name: 'top',
    key: { ...base, kind: 'key', name: 'top' },
    value: { ...base, kind: 'integer', value: 7, digits: '7', suffix: '', multiplier: 1 },
  };
  const document = parse('');
  document.entries = [topKey, { ...base, kind: 'keyValue', name: 'root', key: { ...base, kind: 'key', name: 'root' }, value: current }];
  const resolution = resolveConfig({ uri: 'file:///deep.conf', path: '/deep.conf', document }, emptyIncludeCache(), fakeEnvironment());
  assert.deepEqual(resolution.diagnostics, []);
  const found = resolution.variables.get(reference);
  assert.equal(found?.source === 'config' && found.definition, topKey);
  assert.ok(resolution.usedAsVariable.has(topKey));
  assert.equal(resolution.maps.size, depth + 2);
});

test('an undefined variable in 100,000 nested maps is reported once, quickly', () => {
  const depth = 100_000;
  const text = 'm {'.repeat(depth) + ' x: $nope ' + '}'.repeat(depth) + '\n';
  const document = parse(text);
  if (document.errors.length > 0) return; // the parser caps nesting; the hand-built test above covers the walk
  const resolution = resolveConfig({ uri: 'file:///deep.conf', path: '/deep.conf', document }, emptyIncludeCache(), fakeEnvironment());
  assert.equal(resolution.diagnostics.length, 1);
  assert.equal(resolution.diagnostics[0].code, 'variable-undefined');
});
