/**
 * What is at a position: the chain of nodes from the top level down to the innermost node that
 * contains the offset, with the schema context of every block on the way. Hover, completion and
 * links start here.
 */
import type { ArrayValue, Document, Entry, Include, KeyValue, MapValue, Value } from '../parser/ast';
import { childContext, entryContext, lookupName, rootContext, type ContextData, type KeyName } from '../knowledge/schema';

/** One step of the chain: a block and, when the offset is inside one, the entry holding it. */
export interface BlockStep {
  /** The block (the document for the top level). */
  block: Document | MapValue;
  /** Its schema context; undefined inside keys the schema does not know. */
  context: ContextData | undefined;
  /** The config path of the block, e.g. `cluster.tls`, `leafnodes.remotes[].tls`. */
  path: string;
  /** The entry of this block that contains the offset, if any. */
  entry?: Entry;
  /** What the schema says about that entry's key. */
  keyName?: KeyName;
}

export interface Location {
  /** Outermost first. The last step's block is the innermost block containing the offset. */
  steps: BlockStep[];
  /** The innermost key-value containing the offset (its key or its value). */
  keyValue?: KeyValue;
  /** True when the offset is on `keyValue`'s key. */
  onKey: boolean;
  /** The innermost scalar or variable value containing the offset. */
  value?: Value;
  /** The array directly holding `value` (cipher lists, pinned certs, ...). */
  array?: ArrayValue;
  /** The include directive containing the offset. */
  include?: Include;
}

function contains(node: { start: number; end: number }, offset: number): boolean {
  // The end counts: a cursor right after a token is "on" it, as editors expect.
  return node.start <= offset && offset <= node.end;
}

/** Walks down from the top level; iterative, so deep nesting is fine. */
export function locate(tree: Document, offset: number): Location {
  const location: Location = { steps: [], onKey: false };
  let block: Document | MapValue = tree;
  let context: ContextData | undefined = rootContext();
  let path = '';
  for (;;) {
    const step: BlockStep = { block, context, path };
    location.steps.push(step);
    const entry = findEntry(block.entries, offset);
    if (!entry) return location;
    step.entry = entry;
    if (entry.kind === 'include') {
      location.include = entry;
      return location;
    }
    const keyName: KeyName | undefined = context ? lookupName(context, entry.name) : undefined;
    if (keyName) step.keyName = keyName;
    location.keyValue = entry;
    location.value = undefined;
    location.array = undefined;
    if (contains(entry.key, offset)) {
      location.onKey = true;
      return location;
    }
    location.onKey = false;
    const value = entry.value;
    if (!value || !contains(value, offset)) return location;
    const keyContext: ContextData | undefined = context ? (keyName ? childContext(context, keyName.key) : entryContext(context)) : undefined;
    const childPath = path === '' ? entry.name : `${path}.${entry.name}`;
    if (value.kind === 'map') {
      block = value;
      context = keyContext;
      path = childPath;
      continue;
    }
    if (value.kind === 'array') {
      const element = findElement(value, offset);
      if (element?.kind === 'map') {
        block = element;
        context = keyContext;
        path = `${childPath}[]`;
        continue;
      }
      location.array = value;
      if (element) location.value = element;
      return location;
    }
    location.value = value;
    return location;
  }
}

function findEntry(entries: readonly Entry[], offset: number): Entry | undefined {
  // Entries are in document order: binary search on their spans.
  let low = 0;
  let high = entries.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const entry = entries[mid];
    if (offset < entry.start) high = mid - 1;
    else if (offset > entry.end) low = mid + 1;
    else return entry;
  }
  return undefined;
}

function findElement(array: ArrayValue, offset: number): Value | undefined {
  let found: Value | undefined;
  for (const element of array.elements) {
    if (element.start > offset) break;
    if (contains(element, offset)) found = element;
  }
  return found;
}

/** The innermost block of a location and its context. */
export function innermostBlock(location: Location): BlockStep {
  return location.steps[location.steps.length - 1];
}
