import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BindingMap } from '../../../server/src/analysis/bindingMap';
import type { Binding } from '../../../server/src/analysis/resolve';
import type { KeyValue, Value } from '../../../server/src/parser/ast';

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
