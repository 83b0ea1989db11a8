/**
 * The nodes of a patched tree in lists by class, each in text order, so that an edit moves the
 * nodes after it with a loop per list (parser/patch.ts). Walking the tree to move them, through
 * property reads that see every node class (a slow lookup in V8), took 4 to 5 ms per keystroke
 * on a 5,000-line config; a loop over the nodes of one class reads and writes a few nanoseconds
 * a node.
 *
 * Made when a tree is first patched (the CLI never patches) and kept up to date by the patches.
 */
import type { Document, Entry, Include, KeyValue, Value } from './ast';

/** What the lists hold: nodes with a start and an end offset. */
type Spans = { start: number; end: number };

export class NodeLists {
  /** Entries (key-value pairs): their separators and ends follow from their starts. */
  readonly entries: KeyValue[] = [];
  readonly strings: Value[] = [];
  readonly maps: Value[] = [];
  readonly arrays: Value[] = [];
  /** Integers, booleans, variables, floats and dates: few in a config. */
  readonly scalars: Value[] = [];
  readonly includes: Include[] = [];

  /** The lists of everything in `items` (a tree's entries, or statements read again), in text order. */
  static of(items: readonly (Entry | Value)[]): NodeLists {
    const lists = new NodeLists();
    lists.add(items);
    return lists;
  }

  /** Moves every node starting at or after `from` by `delta`. */
  moveFrom(from: number, delta: number): void {
    const entries = this.entries;
    for (let i = firstFrom(entries, from); i < entries.length; i++) entries[i].start += delta;
    moveSpans(this.strings, from, delta);
    moveSpans(this.maps, from, delta);
    moveSpans(this.arrays, from, delta);
    // A loop of its own: these classes would make moveSpans' reads the slow kind.
    const scalars = this.scalars;
    for (let i = firstFrom(scalars, from); i < scalars.length; i++) {
      scalars[i].start += delta;
      scalars[i].end += delta;
    }
    const includes = this.includes;
    for (let i = firstFrom(includes, from); i < includes.length; i++) {
      const include = includes[i];
      include.start += delta;
      include.end += delta;
      include.keyword.start += delta;
      include.keyword.end += delta;
      if (include.path) {
        include.path.start += delta;
        include.path.end += delta;
      }
    }
  }

  /** Drops the nodes starting in `[from, to)`: statements removed, with all they held. */
  remove(from: number, to: number): void {
    for (const list of this.all()) {
      const first = firstFrom(list, from);
      list.splice(first, firstFrom(list, to) - first);
    }
  }

  /** Adds `items` (statements or list elements read again, with all they hold), in text order among the rest. */
  insert(items: readonly (Entry | Value)[]): void {
    if (items.length === 0) return;
    const added = NodeLists.of(items);
    const lists = this.all();
    added.all().forEach((nodes, k) => {
      if (nodes.length > 0) lists[k].splice(firstFrom(lists[k], nodes[0].start), 0, ...nodes);
    });
  }

  private all(): Spans[][] {
    return [this.entries, this.strings, this.maps, this.arrays, this.scalars, this.includes];
  }

  private add(items: readonly (Entry | Value)[]): void {
    // Depth first, each item before what it holds: text order within every list.
    const stack: (Entry | Value)[] = [];
    for (let i = items.length - 1; i >= 0; i--) stack.push(items[i]);
    let item: Entry | Value | undefined;
    while ((item = stack.pop()) !== undefined) {
      switch (item.kind) {
        case 'keyValue':
          this.entries.push(item);
          if (item.value) stack.push(item.value);
          break;
        case 'include':
          this.includes.push(item);
          break;
        case 'string':
          this.strings.push(item);
          break;
        case 'map':
          this.maps.push(item);
          for (let i = item.entries.length - 1; i >= 0; i--) stack.push(item.entries[i]);
          break;
        case 'array':
          this.arrays.push(item);
          for (let i = item.elements.length - 1; i >= 0; i--) stack.push(item.elements[i]);
          break;
        default:
          this.scalars.push(item);
      }
    }
  }
}

/** The lists of a tree, once it has been patched. */
const treeLists = new WeakMap<Document, NodeLists>();

/** The lists of `tree`, made on the first call. */
export function nodeListsOf(tree: Document): NodeLists {
  let lists = treeLists.get(tree);
  if (!lists) treeLists.set(tree, (lists = NodeLists.of(tree.entries)));
  return lists;
}

/** The first node of `list` (in text order) starting at or after `offset`. */
export function firstFrom(list: readonly Spans[], offset: number): number {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (list[mid].start < offset) low = mid + 1;
    else high = mid;
  }
  return low;
}

function moveSpans(list: readonly Spans[], from: number, delta: number): void {
  for (let i = firstFrom(list, from); i < list.length; i++) {
    list[i].start += delta;
    list[i].end += delta;
  }
}
