/**
 * Behaviour kept through the analysis speed-ups of issue 7: the block walk's "already pushed"
 * marks, the lazily indexed Resolution.maps, and the secret masker's hashed lookups.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BlockWalker } from '../../../server/src/analysis/blocks';
import { createLanguageService } from '../../../server/src/languageService';
import type { MapValue } from '../../../server/src/parser/ast';
import { analyzeText, fakeEnvironment } from './helpers';

const SHARED_BLOCKS = [
  'perm: { publish: "a" }',
  'authorization { users: [ { user: u1, permissions: $perm }, { user: u2, permissions: $perm } ] }',
  'cluster { include "tls.conf" }',
  'gateway { name: g, include "tls.conf" }',
].join('\n');

async function walkerFor(text: string) {
  const analysis = await analyzeText(text, { files: { '/conf/tls.conf': 'tls { cert_file: "c.pem" }' } });
  return new BlockWalker({ tree: analysis.tree, uri: 'file:///conf/main.conf', resolution: analysis.resolution });
}

test('a block walk visits a map given by $NAME in each place, and a map included twice once', async () => {
  const walker = await walkerFor(SHARED_BLOCKS);
  const paths: string[] = [];
  walker.walk((block) => paths.push(block.path));
  assert.ok(paths.includes('authorization.users[0].permissions'));
  assert.ok(paths.includes('authorization.users[1].permissions'));
  // The tls map of the included file is one map: walked where it is first reached only.
  assert.equal(paths.filter((path) => path.endsWith('.tls')).length, 1);
  assert.ok(paths.includes('cluster.tls'));
});

test('a walk started inside another one sees the same blocks, and the outer walk is not disturbed', async () => {
  const walker = await walkerFor(SHARED_BLOCKS);
  const alone: string[] = [];
  walker.walk((block) => alone.push(block.path));
  const outer: string[] = [];
  const inner: string[] = [];
  walker.walk((block) => {
    // Between the two places the included tls map is reached: the inner walk must not lose the
    // outer one's record that it was pushed already.
    if (block.path === 'cluster.tls') walker.walk((nested) => inner.push(nested.path));
    outer.push(block.path);
  });
  assert.deepEqual(inner, alone);
  assert.deepEqual(outer, alone);
  // And a later walk starts afresh.
  const again: string[] = [];
  walker.walk((block) => again.push(block.path));
  assert.deepEqual(again, alone);
});

test('resolution.maps answers every map and document, in the order the maps closed', async () => {
  const analysis = await analyzeText('a { b { c: 1 } }\nd: 2');
  const maps = analysis.resolution.maps;
  const a = analysis.tree.entries[0];
  assert.equal(a.kind, 'keyValue');
  const aMap = (a.kind === 'keyValue' ? a.value : undefined) as MapValue;
  const bEntry = aMap.entries[0];
  const bMap = (bEntry.kind === 'keyValue' ? bEntry.value : undefined) as MapValue;
  assert.deepEqual([...(maps.get(analysis.tree)?.keys() ?? [])], ['a', 'd']);
  assert.deepEqual([...(maps.get(aMap)?.keys() ?? [])], ['b']);
  assert.deepEqual([...(maps.get(bMap)?.keys() ?? [])], ['c']);
  assert.equal(maps.size, 3);
  assert.equal(maps.has(bMap), true);
  assert.deepEqual([...maps.keys()], [bMap, aMap, analysis.tree]);
  // A binding whose value is a map carries that map's content, as maps has it.
  assert.equal(maps.get(analysis.tree)?.get('a')?.content, maps.get(aMap));
});

test('secrets are masked in messages: short ones as whole words only, long ones anywhere', async () => {
  const text = [
    'authorization { user: a, password: "abcd" }',
    'accounts { A { users: [ { user: b, password: "hunter2hunter2" } ] } }',
    'abcd: 1',
    'abcde: 2',
    'xhunter2hunter2x: 3',
  ].join('\n');
  const service = createLanguageService(fakeEnvironment());
  const analysis = await service.analyze({ uri: 'file:///conf/main.conf', path: '/conf/main.conf', text });
  const unknown = analysis.diagnostics.filter((d) => d.code === 'unknown-field').map((d) => d.message);
  assert.equal(unknown.length, 3);
  assert.match(unknown[0], /^Unknown key '••••••' in the top level/);
  assert.match(unknown[1], /^Unknown key 'abcde' in the top level/);
  assert.match(unknown[2], /^Unknown key 'x••••••x' in the top level/);
  for (const diagnostic of analysis.diagnostics) {
    assert.doesNotMatch(JSON.stringify(diagnostic), /hunter2|'abcd'|"abcd"/);
  }
  // A data field holding a secret is dropped; the others stay.
  const first = analysis.diagnostics.find((d) => d.code === 'unknown-field')?.data as Record<string, unknown>;
  assert.equal('key' in first, false);
  assert.equal(first.uri, 'file:///conf/main.conf');
});
