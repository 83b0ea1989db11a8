/**
 * Where in the tree an edit the parser patched in place (parser/patch.ts) sits, for the steps
 * that keep what the last analysis found when the edit cannot have changed it: the secrets
 * found in the values (redactSecrets.ts) and the findings of the blocks away from the edit
 * (recheck.ts).
 */
import type { Document, Entry, KeyValue, MapValue, Value } from '../parser/ast';
import { firstFrom } from '../parser/nodeLists';
import type { Resolution } from './resolve';

/** The entries and the maps and lists on the way from the top of a document down to a value. */
export interface ValuePath {
  entries: KeyValue[];
  /** The maps and lists around the value, outermost first. */
  containers: Set<Value>;
}

/** The way from the top of `document` down to `value`; undefined when it is not there. */
export function containersAround(document: Document, value: Value): ValuePath | undefined {
  const entries: KeyValue[] = [];
  const containers = new Set<Value>();
  let items: readonly (Entry | Value)[] = document.entries;
  for (;;) {
    // Items are in text order: only the last one starting at or before the value can hold it
    // (a big map has thousands, and this runs on every patched keystroke).
    const item = items[firstFrom(items, value.start + 1) - 1];
    if (!item || value.end > item.end || item.kind === 'include') return undefined;
    let inner: Value | undefined = item as Value;
    if (item.kind === 'keyValue') {
      entries.push(item);
      inner = item.value;
    }
    if (inner === value) return { entries, containers };
    if (inner?.kind === 'map') items = inner.entries;
    else if (inner?.kind === 'array') items = inner.elements;
    else return undefined;
    containers.add(inner);
  }
}

/**
 * The way down to the map `map` itself is in (its containers, then `map`); nothing for the top
 * level itself; undefined when it is not in `document`.
 */
export function containersOfMap(document: Document, map: MapValue | Document): ValuePath | undefined {
  if (map.kind === 'document') return map === document ? { entries: [], containers: new Set() } : undefined;
  const path = containersAround(document, map);
  if (path) path.containers.add(map);
  return path;
}

/** Whether a `$NAME` of the config resolves to `value` or to a map or list around it, so that text elsewhere reads it. */
export function readThroughVariable(resolution: Resolution, value: Value | undefined, path: ValuePath): boolean {
  for (const resolved of resolution.variables.values()) {
    if (resolved.source === 'config' && resolved.value !== undefined && (resolved.value === value || path.containers.has(resolved.value))) return true;
  }
  return false;
}
