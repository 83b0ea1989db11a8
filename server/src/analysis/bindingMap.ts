/**
 * The content of one map as nats-server sees it: each key's binding, in the order the keys were
 * first set, a later duplicate replacing the earlier one in place (the order of a JS Map).
 *
 * A big config has hundreds of thousands of small maps (a user, its permissions, ...), so this
 * keeps the bindings in one plain array and searches it; a name index is built only when a map
 * grows past a few keys.
 *
 * Nor does it keep a Binding object per key: most bindings are a key of the map's own document
 * whose value is the key's own value, and for those the key node, the resolved value and the
 * content are enough (three slots). Each read makes the Binding from them, a short-lived object;
 * a Binding per key was 72 bytes that lived as long as the analysis, a tenth of a big config's
 * memory. Other bindings (from an included file, or a value the key stack paired otherwise) are
 * kept whole.
 *
 * Most maps are plainer still: each entry is a key of the map's document with a value of its
 * own, no name repeats, there is no include. Their bindings are the map node's entries, in
 * order, so a closed plain map keeps no slots, only the entries array the node already has and
 * the contents of the entries that have one (see `close`); the slots were a tenth of a big
 * config's memory again.
 */
import type { Document, Entry, KeyValue, MapValue, Value } from '../parser/ast';
import type { Binding, Content } from './resolve';

/** Up to this many keys a linear search beats hashing; the index is built beyond it. */
const INDEX_FROM = 12;

/**
 * The name index of each map with more than `INDEX_FROM` keys: few maps have one, and a field
 * for it on every map was 8 bytes on each of a big config's hundreds of thousands.
 */
const nameIndexes = new WeakMap<BindingMap, Map<string, number>>();

/** Slots per binding: the key node (or a whole Binding), the resolved value, the content. */
const STRIDE = 3;

/** `BindingMap.contentAt` of a map whose bindings are in slots. */
const SLOTS = -3;
/** `BindingMap.contentAt` of a plain map none of whose entries has a content. */
const NO_CONTENT = -2;
/** `BindingMap.contentAt` of a plain map with an array of contents, one per entry. */
const CONTENTS = -1;

type Slot = KeyValue | Binding | Value | Content | undefined;

export class BindingMap implements ReadonlyMap<string, Binding> {
  /**
   * The bindings, `STRIDE` slots each, in `slots[0 .. count * STRIDE)`. While the map is open the
   * array is a buffer the resolver reuses for map after map; `close` copies the bindings into an
   * array exactly as long. (A growing array of its own keeps room for more than a dozen entries,
   * which for the many small maps of a big config would be most of their memory, and must be
   * copied at the end anyway.)
   */
  private slots: Slot[];
  /**
   * `SLOTS` while the bindings are in `slots`, `STRIDE` slots each. Once `close` found the map
   * plain, `slots` is the map node's entries array (the key nodes), each resolved value is its
   * key's value, and this says where the contents are: `NO_CONTENT`, `CONTENTS` (in `contents`,
   * one per entry) or, for a map with one content (a user and its permissions), the position
   * of the entry whose content `contents` is.
   */
  private contentAt = SLOTS;
  private contents: Content | Content[] = undefined;
  private count = 0;
  /**
   * The block walk's "already pushed" mark (blocks.ts): which walk last reached this map. Kept
   * here because a Set of the maps cost more than the rest of the walk.
   */
  walkMark = 0;

  /**
   * `buffer`: where the bindings are kept until `close` (its old content is ignored); `uri`: the
   * document the map is written in, that of the keys set with {@link setKey}.
   */
  constructor(buffer: unknown[] = [], private readonly uri = '') {
    this.slots = buffer as Slot[];
  }

  get size(): number {
    return this.count;
  }

  get(name: string): Binding | undefined {
    const at = this.indexOf(name);
    return at < 0 ? undefined : this.at(at);
  }

  has(name: string): boolean {
    return this.indexOf(name) >= 0;
  }

  /** Sets `binding` under its name: a new name goes last, a known one keeps its place. */
  set(binding: Binding): void {
    this.setKey(binding.definition, binding.uri, binding.value, binding.resolved, binding.content, binding);
  }

  /**
   * {@link set} with the binding's fields, so that the usual binding, a key of this map's document
   * set to its own value, needs no object (`whole`: the binding, when the caller has one).
   */
  setKey(key: KeyValue, uri: string, value: Value, resolved: Value | undefined, content: Content, whole?: Binding): void {
    if (uri === this.uri && key.value === value) this.store(key, resolved, content);
    else this.store(whole ?? { name: key.name, definition: key, uri, value, resolved, content }, undefined, undefined);
  }

  /**
   * After `key` was renamed in place (parser/patch.ts), files its binding, set under `oldName`,
   * under the key's new name. False, changing nothing, unless the binding is kept by its key node
   * (not whole) and no other binding has the new name.
   */
  renameKey(key: KeyValue, oldName: string): boolean {
    let at = -1;
    for (let i = 0; i < this.count; i++) {
      const first = this.slots[i * this.stride()];
      if (first === key) at = i;
      else if ((first as KeyValue | Binding).name === key.name) return false;
    }
    if (at < 0) return false;
    const index = this.nameIndex();
    if (index) {
      index.delete(oldName);
      index.set(key.name, at);
    }
    return true;
  }

  /**
   * After parser/patch.ts read statements of the map again, which replaced `removed` entries at
   * position `at` by `added` (keys of this map's document with scalar values of their own, in a
   * map without includes or repeated names, so binding i is entry i): the bindings follow. A
   * plain map's slots are the entries array itself, which the patch already changed.
   */
  spliceEntries(at: number, removed: number, added: readonly KeyValue[]): void {
    const change = added.length - removed;
    if (this.contentAt === SLOTS) {
      const slots: Slot[] = [];
      for (const key of added) slots.push(key, key.value, undefined);
      this.slots.splice(at * STRIDE, removed * STRIDE, ...slots);
    } else if (this.contentAt === CONTENTS) {
      (this.contents as Content[]).splice(at, removed, ...new Array<Content>(added.length).fill(undefined));
    } else if (this.contentAt >= at + removed) {
      this.contentAt += change;
    }
    this.count += change;
    if (this.count > INDEX_FROM) {
      const index = new Map<string, number>();
      for (let i = 0; i < this.count; i++) index.set(this.nameAt(i), i);
      nameIndexes.set(this, index);
    } else {
      nameIndexes.delete(this);
    }
  }

  /**
   * spliceEntries for the top level with an include, whose bindings from the included files sit
   * among its entries' (binding i is not entry i there): the bindings of `removed`, each its own
   * key's and next to each other, make way for those of `added` (keys of this map's document with
   * scalar values of their own), which go where the resolver would have set them: right before
   * the binding of the entry after them, or right after that of the entry before. False, changing
   * nothing, when the bindings are not laid out so, or another binding has a name of `added`.
   */
  spliceKeys(removed: readonly KeyValue[], added: readonly KeyValue[], before: Entry | undefined, after: Entry | undefined): boolean {
    if (this.contentAt !== SLOTS) return false;
    let at: number;
    if (removed.length > 0) {
      at = this.indexOfKey(removed[0]);
      for (let i = 1; i < removed.length; i++) if (at < 0 || this.indexOfKey(removed[i]) !== at + i) return false;
    } else {
      const next = after?.kind === 'keyValue' ? this.indexOfKey(after) : -1;
      const previous = before?.kind === 'keyValue' ? this.indexOfKey(before) : -1;
      at = next >= 0 ? next : previous >= 0 ? previous + 1 : -1;
    }
    if (at < 0) return false;
    // patchResolvedStatements checks the names too; this keeps one binding per name whatever the caller.
    const removedNames = new Set(removed.map((key) => key.name));
    for (const key of added) if (!removedNames.has(key.name) && this.indexOf(key.name) >= 0) return false;
    this.spliceEntries(at, removed.length, added);
    return true;
  }

  /** Where the binding of `key` to its own value is; -1 when no binding is (another key, or a binding kept whole, has its name). */
  private indexOfKey(key: KeyValue): number {
    const at = this.indexOf(key.name);
    return at >= 0 && this.slots[at * this.stride()] === key ? at : -1;
  }

  /**
   * Called when the map is complete: its bindings move out of the buffer (see `slots`). With
   * `entries`, the map node's, a map whose bindings are exactly those entries with their own
   * values keeps the entries array instead (see the class comment).
   */
  close(entries?: readonly Entry[]): void {
    if (entries !== undefined && this.isPlain(entries)) {
      let contentAt = NO_CONTENT;
      let contents: Content | Content[] = undefined;
      for (let i = 0; i < this.count; i++) {
        const content = this.slots[i * STRIDE + 2] as Content;
        if (content === undefined) continue;
        if (contentAt === NO_CONTENT) {
          contentAt = i;
          contents = content;
          continue;
        }
        if (contentAt !== CONTENTS) {
          const all = new Array<Content>(this.count).fill(undefined);
          all[contentAt] = contents as Content;
          contents = all;
          contentAt = CONTENTS;
        }
        (contents as Content[])[i] = content;
      }
      this.slots = entries as Slot[];
      this.contentAt = contentAt;
      this.contents = contents;
      return;
    }
    this.slots = this.slots.slice(0, this.count * STRIDE);
  }

  /** Whether the bindings are `entries`, in order, each set by its key node to its own value. */
  private isPlain(entries: readonly Entry[]): boolean {
    if (this.count !== entries.length || this.contentAt !== SLOTS) return false;
    const slots = this.slots;
    for (let i = 0; i < this.count; i++) {
      const entry = entries[i];
      if (slots[i * STRIDE] !== entry || slots[i * STRIDE + 1] !== (entry as KeyValue).value) return false;
    }
    return true;
  }

  /** Back to `STRIDE` slots before a plain map changes (nothing does after the resolver closed it). */
  private unpack(): void {
    this.unpackFrom(this.slots as KeyValue[]);
  }

  /**
   * `unpack` for a plain map whose entries array parser/patch.ts has changed already (it is the
   * slots): `entries` is that array as it was.
   */
  unpackFrom(entries: readonly Entry[]): void {
    if (this.contentAt === SLOTS) return;
    const slots: Slot[] = new Array(this.count * STRIDE);
    for (let i = 0; i < this.count; i++) {
      const key = entries[i] as KeyValue;
      slots[i * STRIDE] = key;
      slots[i * STRIDE + 1] = key.value;
      slots[i * STRIDE + 2] = this.contentOf(i);
    }
    this.slots = slots;
    this.contentAt = SLOTS;
    this.contents = undefined;
  }

  /** Slots per binding (see `contentAt`). */
  private stride(): number {
    return this.contentAt === SLOTS ? STRIDE : 1;
  }

  /** The content of a plain map's entry (see `contentAt`). */
  private contentOf(at: number): Content {
    const contentAt = this.contentAt;
    if (contentAt === at) return this.contents as Content;
    return contentAt === CONTENTS ? (this.contents as Content[])[at] : undefined;
  }

  /** The bindings in order, made on each call. */
  bindings(): readonly Binding[] {
    const bindings = new Array<Binding>(this.count);
    for (let i = 0; i < this.count; i++) bindings[i] = this.at(i);
    return bindings;
  }

  values(): MapIterator<Binding> {
    return this.bindings().values();
  }

  *keys(): MapIterator<string> {
    for (let i = 0; i < this.count; i++) yield this.nameAt(i);
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

  private store(first: KeyValue | Binding, resolved: Value | undefined, content: Content): void {
    this.unpack();
    const name = first.name;
    let at = this.indexOf(name);
    if (at < 0) {
      at = this.count++;
      if (at > INDEX_FROM) this.nameIndex()?.set(name, at);
      else if (at === INDEX_FROM) {
        const index = new Map<string, number>();
        for (let i = 0; i < at; i++) index.set(this.nameAt(i), i);
        index.set(name, at);
        nameIndexes.set(this, index);
      }
    }
    const slot = at * STRIDE;
    this.slots[slot] = first;
    this.slots[slot + 1] = resolved;
    this.slots[slot + 2] = content;
  }

  /** The binding at a position (see the class comment). */
  private at(at: number): Binding {
    if (this.contentAt !== SLOTS) {
      const key = this.slots[at] as KeyValue;
      const value = key.value as Value;
      return { name: key.name, definition: key, uri: this.uri, value, resolved: value, content: this.contentOf(at) };
    }
    const slot = at * STRIDE;
    const first = this.slots[slot] as KeyValue | Binding;
    if (!isKey(first)) return first;
    // The fields in the resolver's order (one object shape for every binding).
    return { name: first.name, definition: first, uri: this.uri, value: first.value as Value, resolved: this.slots[slot + 1] as Value | undefined, content: this.slots[slot + 2] as Content };
  }

  private nameAt(at: number): string {
    return (this.slots[at * this.stride()] as KeyValue | Binding).name;
  }

  /** The name index, which a map has once it holds more than `INDEX_FROM` keys. */
  private nameIndex(): Map<string, number> | undefined {
    return this.count > INDEX_FROM ? nameIndexes.get(this) : undefined;
  }

  private indexOf(name: string): number {
    const index = this.nameIndex();
    if (index) return index.get(name) ?? -1;
    const slots = this.slots;
    const stride = this.stride();
    const end = this.count * stride;
    for (let slot = 0; slot < end; slot += stride) if ((slots[slot] as KeyValue | Binding).name === name) return slot / stride;
    return -1;
  }
}

function isKey(first: KeyValue | Binding): first is KeyValue {
  return (first as KeyValue).kind === 'keyValue';
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

  /** Forgets a map that left the tree (parser/patch.ts removed the list element it was). */
  delete(node: MapValue): void {
    if (this.all) {
      this.all.delete(node);
      return;
    }
    const at = this.nodes.lastIndexOf(node);
    if (at < 0) return;
    this.nodes.splice(at, 1);
    this.contents.splice(at, 1);
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
