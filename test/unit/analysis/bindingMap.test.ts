import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BindingMap } from '../../../server/src/analysis/bindingMap';
import type { Binding } from '../../../server/src/analysis/resolve';
import type { KeyValue, Value } from '../../../server/src/parser/ast';
import { parse } from '../../../server/src/parser/parser';

/** A binding whose value stands for `tag` (the fields the map never reads are placeholders). */
function binding(name: string, tag: string): Binding {
  const value = { kind: 'string', value: tag } as unknown as Value;
  return { name, definition: {} as KeyValue, uri: 'file:///a.conf', value, resolved: value };
}

function tags(map: BindingMap): string[] {
  return [...map.values()].map((b) => `${b.name}=${(b.value as { value: string }).value}`);
}

test('BindingMap keeps first-set order and lets a later duplicate win in place, like a Map', () => {
  const map = new BindingMap();
  map.set(binding('a', '1'));
  map.set(binding('b', '2'));
  map.set(binding('a', '3'));
  assert.equal(map.size, 2);
  assert.deepEqual(tags(map), ['a=3', 'b=2']);
  assert.deepEqual([...map.keys()], ['a', 'b']);
  assert.deepEqual([...map].map(([name]) => name), ['a', 'b']);
  assert.equal(map.get('a')?.value, map.bindings()[0].value);
  assert.equal(map.has('b'), true);
  assert.equal(map.has('c'), false);
  assert.equal(map.get('c'), undefined);
});

test('BindingMap answers the same past the size where it builds its name index', () => {
  const map = new BindingMap();
  const reference = new Map<string, string>();
  for (let i = 0; i < 40; i++) {
    const name = `k${i % 25}`;
    map.set(binding(name, String(i)));
    reference.set(name, String(i));
  }
  assert.equal(map.size, reference.size);
  assert.deepEqual(tags(map), [...reference].map(([name, tag]) => `${name}=${tag}`));
  for (const [name, tag] of reference) assert.equal((map.get(name)?.value as { value: string }).value, tag);
  assert.equal(map.get('k25'), undefined);
});

test('BindingMap.close keeps the content, and the map stays usable afterwards', () => {
  const map = new BindingMap();
  map.set(binding('x', '1'));
  map.set(binding('y', '2'));
  map.close();
  assert.deepEqual(tags(map), ['x=1', 'y=2']);
  map.set(binding('x', '3'));
  assert.deepEqual(tags(map), ['x=3', 'y=2']);
  const seen: string[] = [];
  map.forEach((value, key, owner) => {
    assert.equal(owner, map);
    seen.push(`${key}:${(value.value as { value: string }).value}`);
  });
  assert.deepEqual(seen, ['x:3', 'y:2']);
});

test('BindingMaps sharing one buffer keep their own bindings once closed', () => {
  const buffer: Binding[] = [];
  const first = new BindingMap(buffer);
  first.set(binding('a', '1'));
  first.set(binding('b', '2'));
  first.set(binding('a', '3'));
  assert.deepEqual(first.bindings().map((b) => b.name), ['a', 'b']);
  first.close();
  const second = new BindingMap(buffer);
  second.set(binding('c', '4'));
  assert.equal(second.size, 1);
  assert.deepEqual(tags(second), ['c=4']);
  assert.equal(second.get('a'), undefined);
  second.close();
  assert.deepEqual(tags(first), ['a=3', 'b=2']);
  assert.equal(first.bindings().length, 2);
});

test('BindingMap keeps a key of its own document by its node, and makes the same binding from it on each read', () => {
  const tree = parse('a: 1\nb: { c: 2 }\n');
  const [a, b] = tree.entries as KeyValue[];
  const inner = new BindingMap([], 'file:///main.conf');
  const map = new BindingMap([], 'file:///main.conf');
  map.setKey(a, 'file:///main.conf', a.value as Value, a.value, undefined);
  map.setKey(b, 'file:///main.conf', b.value as Value, b.value, inner);
  const expected = { name: 'b', definition: b, uri: 'file:///main.conf', value: b.value, resolved: b.value, content: inner };
  assert.deepEqual(map.get('b'), expected);
  assert.deepEqual(map.bindings()[1], expected);
  // A new object each time, with the fields of the key as they are now.
  assert.notEqual(map.get('b'), map.get('b'));
  assert.deepEqual([...map.keys()], ['a', 'b']);
});

test('BindingMap keeps whole the bindings of another document and those whose value is not their key\'s own', () => {
  const tree = parse('a: 1\nb: 2\n');
  const [a, b] = tree.entries as KeyValue[];
  const map = new BindingMap([], 'file:///main.conf');
  const included: Binding = { name: 'a', definition: a, uri: 'file:///included.conf', value: a.value as Value, resolved: a.value, content: undefined };
  map.set(included);
  assert.equal(map.get('a'), included);
  // nats-server's key stack can pair a key with another key's value (after a dropped value).
  map.setKey(b, 'file:///main.conf', a.value as Value, a.value, undefined);
  assert.deepEqual(map.get('b'), { name: 'b', definition: b, uri: 'file:///main.conf', value: a.value, resolved: a.value, content: undefined });
  // A later duplicate of either kind replaces the earlier one in place.
  map.setKey(a, 'file:///main.conf', a.value as Value, a.value, undefined);
  assert.deepEqual(map.bindings().map((binding) => [binding.name, binding.uri]), [['a', 'file:///main.conf'], ['b', 'file:///main.conf']]);
  map.set(included);
  assert.equal(map.bindings()[0], included);
});

test('BindingMap.renameKey files a key renamed in place under its new name, past the name index too', () => {
  const names = Array.from({ length: 20 }, (_, i) => `k${i}`);
  const tree = parse(names.map((name, i) => `${name}: ${i}\n`).join(''));
  const keys = tree.entries as KeyValue[];
  const map = new BindingMap([], 'file:///main.conf');
  for (const key of keys) map.setKey(key, 'file:///main.conf', key.value as Value, key.value, undefined);
  // Renamed in place, as parser/patch.ts does.
  (keys[15] as { name: string }).name = 'renamed';
  assert.equal(map.renameKey(keys[15], 'k15'), true);
  assert.equal(map.get('renamed')?.definition, keys[15]);
  assert.equal(map.get('k15'), undefined);
  assert.deepEqual([...map.keys()], [...names.slice(0, 15), 'renamed', ...names.slice(16)]);
  // A name another binding has, or a key the map does not hold by its node: nothing changes.
  (keys[3] as { name: string }).name = 'k4';
  assert.equal(map.renameKey(keys[3], 'k3'), false);
  assert.equal(map.get('k4')?.definition, keys[4]);
  assert.equal(map.renameKey(parse('other: 1\n').entries[0] as KeyValue, 'other'), false);
});

/** A map of `tree`'s top-level entries, each set to its own value, with `contents` by name. */
function mapOfEntries(text: string, contents: Record<string, BindingMap> = {}): { map: BindingMap; entries: KeyValue[] } {
  const entries = parse(text).entries as KeyValue[];
  const map = new BindingMap([], 'file:///main.conf');
  for (const key of entries) map.setKey(key, 'file:///main.conf', key.value as Value, key.value, contents[key.name]);
  return { map, entries };
}

test('BindingMap.close with the entries of a plain map answers exactly as before, with no, one or several contents', () => {
  const inner = () => new BindingMap([], 'file:///main.conf');
  const cases: [string, string, Record<string, BindingMap>][] = [
    ['no content', 'a: 1\nb: "x"\nc: true\n', {}],
    ['one content', 'user: u\npassword: p\npermissions: { publish: x }\n', { permissions: inner() }],
    ['several contents', 'a: { x: 1 }\nb: 2\nc: { y: 2 }\nd: [1]\n', { a: inner(), c: inner(), d: inner() }],
    ['past the name index', Array.from({ length: 20 }, (_, i) => `k${i}: { v: ${i} }\n`).join(''), Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`k${i}`, inner()]))],
  ];
  for (const [what, text, contents] of cases) {
    const { map, entries } = mapOfEntries(text, contents);
    const before = map.bindings();
    map.close(entries);
    assert.deepEqual(map.bindings(), before, what);
    for (const binding of before) {
      assert.deepEqual(map.get(binding.name), binding, `${what}: ${binding.name}`);
      assert.equal(map.get(binding.name)?.content, contents[binding.name], `${what}: the content of ${binding.name}`);
    }
    assert.deepEqual([...map.keys()], before.map((binding) => binding.name), what);
    assert.equal(map.size, entries.length, what);
    assert.equal(map.get('absent'), undefined, what);
  }
});

test('BindingMap.close keeps the bindings of a map that is not plain, and a closed plain map can still change', () => {
  // A repeated name: the map has fewer bindings than entries.
  const repeated = mapOfEntries('a: 1\nb: 2\na: 3\n');
  const repeatedBefore = repeated.map.bindings();
  repeated.map.close(repeated.entries);
  assert.deepEqual(repeated.map.bindings(), repeatedBefore);
  assert.deepEqual(repeated.map.bindings().map((binding) => (binding.value as { value: number }).value), [3, 2]);

  /** A closed map of `text`'s two entries, the second set to `value` resolved to `resolved` (of the first or the second entry). */
  const secondSetTo = (text: string, value: 0 | 1, resolved: 0 | 1) => {
    const entries = parse(text).entries as KeyValue[];
    const map = new BindingMap([], 'file:///main.conf');
    map.setKey(entries[0], 'file:///main.conf', entries[0].value as Value, entries[0].value, undefined);
    map.setKey(entries[1], 'file:///main.conf', entries[value].value as Value, entries[resolved].value, undefined);
    map.close(entries);
    return { map, entries };
  };
  // A key paired with another key's value (the key stack after a dropped value).
  const paired = secondSetTo('a: 1\nb: 2\n', 0, 0);
  assert.equal(paired.map.get('b')?.value, paired.entries[0].value);
  // A key set from a reference: its value is the variable, what it resolved to is another node.
  const referring = secondSetTo('X: 1\na: $X\n', 1, 0);
  assert.equal(referring.map.get('a')?.value, referring.entries[1].value);
  assert.equal(referring.map.get('a')?.resolved, referring.entries[0].value);

  // Set after closing a plain map: it goes back to slots, and nothing is lost.
  const content = new BindingMap([], 'file:///main.conf');
  const plain = mapOfEntries('a: { x: 1 }\nb: 2\n', { a: content });
  plain.map.close(plain.entries);
  plain.map.set(binding('c', 'new'));
  plain.map.set(binding('b', 'replaced'));
  assert.deepEqual(plain.map.bindings().map((b) => b.name), ['a', 'b', 'c']);
  assert.equal(plain.map.get('a')?.content, content);
  assert.equal(plain.map.get('a')?.definition, plain.entries[0]);
  assert.equal((plain.map.get('b')?.value as { value: string }).value, 'replaced');
});

test('BindingMap.renameKey works on a closed plain map, whose keys are the entries themselves', () => {
  const { map, entries } = mapOfEntries('a: 1\nb: 2\n');
  map.close(entries);
  (entries[0] as { name: string }).name = 'renamed';
  assert.equal(map.renameKey(entries[0], 'a'), true);
  assert.equal(map.get('renamed')?.definition, entries[0]);
  (entries[1] as { name: string }).name = 'renamed';
  assert.equal(map.renameKey(entries[1], 'b'), false);
});
