/**
 * The content of one map as nats-server sees it: each key's binding, in the order the keys were
 * first set, a later duplicate replacing the earlier one in place (the order of a JS Map).
 *
 * A big config has hundreds of thousands of small maps (a user, its permissions, ...), so this
 * keeps the bindings in one plain array and searches it; a name index is built only when a map
 * grows past a few keys.
 */
import type { Document, MapValue } from '../parser/ast';
import type { Binding } from './resolve';

/** Up to this many keys a linear search beats hashing; the index is built beyond it. */
const INDEX_FROM = 12;

export class BindingMap implements ReadonlyMap<string, Binding> {
  /**
   * The bindings, in `list[0 .. count)`. While the map is open the list is a buffer the resolver
   * reuses for map after map; `close` copies the bindings into an array exactly as long. (A
   * growing array of its own keeps room for more than a dozen entries, which for the many small
   * maps of a big config would be most of their memory, and must be copied at the end anyway.)
   */
  private list: Binding[];
  private count = 0;
  private index: Map<string, number> | undefined;
  /**
   * The block walk's "already pushed" mark (blocks.ts): which walk last reached this map. Kept
   * here because a Set of the maps cost more than the rest of the walk.
   */
  walkMark = 0;

  /** `buffer`: where the bindings are kept until `close` (its old content is ignored). */
  constructor(buffer: Binding[] = []) {
    this.list = buffer;
  }

  get size(): number {
    return this.count;
  }

  get(name: string): Binding | undefined {
    const at = this.indexOf(name);
    return at < 0 ? undefined : this.list[at];
  }

  has(name: string): boolean {
    return this.indexOf(name) >= 0;
  }

  /** Sets `binding` under its name: a new name goes last, a known one keeps its place. */
  set(binding: Binding): void {
    const at = this.indexOf(binding.name);
    if (at >= 0) {
      this.list[at] = binding;
      return;
    }
    const count = this.count++;
    this.list[count] = binding;
    if (this.index) this.index.set(binding.name, count);
    else if (count >= INDEX_FROM) {
      this.index = new Map();
      for (let i = 0; i <= count; i++) this.index.set(this.list[i].name, i);
    }
  }

  /** Called when the map is complete: its bindings move out of the buffer (see `list`). */
  close(): void {
    this.list = this.list.slice(0, this.count);
  }

  /** The bindings in order (no copy once the map is closed: do not modify). */
  bindings(): readonly Binding[] {
    return this.list.length === this.count ? this.list : this.list.slice(0, this.count);
  }

  values(): MapIterator<Binding> {
    return this.bindings().values();
  }

  *keys(): MapIterator<string> {
    for (const binding of this.bindings()) yield binding.name;
  }

  *entries(): MapIterator<[string, Binding]> {
    for (const binding of this.bindings()) yield [binding.name, binding];
  }

  [Symbol.iterator](): MapIterator<[string, Binding]> {
    return this.entries();
  }

  forEach(callback: (value: Binding, key: string, map: ReadonlyMap<string, Binding>) => void, thisArg?: unknown): void {
    for (const binding of this.bindings()) callback.call(thisArg, binding, binding.name, this);
  }

  private indexOf(name: string): number {
    if (this.index) return this.index.get(name) ?? -1;
    const list = this.list;
    for (let i = 0; i < this.count; i++) if (list[i].name === name) return i;
    return -1;
  }
}

/**
 * `Resolution.maps`: the BindingMap of each map node. The resolver closes hundreds of thousands
 * of maps in a big config, and hashing every node cost more than the rest of closing them, while
 * the block walk follows `Binding.content` and needs no lookup. So the maps are kept in the
 * order they closed and indexed by node only when one is first asked for (hover, completion).
 * Documents, few and asked for by every rule, are indexed at once.
 */
export class MapContents implements ReadonlyMap<MapValue | Document, BindingMap> {
  private readonly documents = new Map<Document, BindingMap>();
  /** Until indexed: the maps in the order they closed, and their contents. */
  private nodes: (MapValue | Document)[] = [];
  private contents: BindingMap[] = [];
  private all: Map<MapValue | Document, BindingMap> | undefined;

  /** Records the content of a map that has closed (the resolver calls it once per node). */
  add(node: MapValue | Document, content: BindingMap): void {
    if (node.kind === 'document') this.documents.set(node, content);
    if (this.all) {
      this.all.set(node, content);
      return;
    }
    this.nodes.push(node);
    this.contents.push(content);
  }

  get(node: MapValue | Document): BindingMap | undefined {
    return node.kind === 'document' ? this.documents.get(node) : this.index().get(node);
  }

  has(node: MapValue | Document): boolean {
    return this.get(node) !== undefined;
  }

  get size(): number {
    return this.all ? this.all.size : this.nodes.length;
  }

  entries(): MapIterator<[MapValue | Document, BindingMap]> {
    return this.index().entries();
  }

  keys(): MapIterator<MapValue | Document> {
    return this.index().keys();
  }

  values(): MapIterator<BindingMap> {
    return this.index().values();
  }

  [Symbol.iterator](): MapIterator<[MapValue | Document, BindingMap]> {
    return this.entries();
  }

  forEach(
    callback: (value: BindingMap, key: MapValue | Document, map: ReadonlyMap<MapValue | Document, BindingMap>) => void,
    thisArg?: unknown,
  ): void {
    for (const [node, content] of this.index()) callback.call(thisArg, content, node, this);
  }

  private index(): Map<MapValue | Document, BindingMap> {
    if (!this.all) {
      const all = new Map<MapValue | Document, BindingMap>();
      for (let i = 0; i < this.nodes.length; i++) all.set(this.nodes[i], this.contents[i]);
      this.all = all;
      this.nodes = [];
      this.contents = [];
    }
    return this.all;
  }
}
