/**
 * The content of one map as nats-server sees it: each key's binding, in the order the keys were
 * first set, a later duplicate replacing the earlier one in place (the order of a JS Map).
 *
 * A big config has hundreds of thousands of small maps (a user, its permissions, ...), so this
 * keeps the bindings in one plain array and searches it; a name index is built only when a map
 * grows past a few keys.
 */
import type { Binding } from './resolve';

/** Up to this many keys a linear search beats hashing; the index is built beyond it. */
const INDEX_FROM = 12;

export class BindingMap implements ReadonlyMap<string, Binding> {
  private list: Binding[] = [];
  private index: Map<string, number> | undefined;

  get size(): number {
    return this.list.length;
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
    this.list.push(binding);
    if (this.index) this.index.set(binding.name, this.list.length - 1);
    else if (this.list.length > INDEX_FROM) {
      this.index = new Map();
      for (let i = 0; i < this.list.length; i++) this.index.set(this.list[i].name, i);
    }
  }

  /**
   * Called when the map is complete: a growing array keeps room for more than a dozen entries,
   * which for the many small maps of a big config is most of their memory.
   */
  trim(): void {
    if (this.list.length > 0 && this.list.length < INDEX_FROM) this.list = this.list.slice();
  }

  /** The bindings in order (no copy: do not modify). */
  bindings(): readonly Binding[] {
    return this.list;
  }

  values(): MapIterator<Binding> {
    return this.list.values();
  }

  *keys(): MapIterator<string> {
    for (const binding of this.list) yield binding.name;
  }

  *entries(): MapIterator<[string, Binding]> {
    for (const binding of this.list) yield [binding.name, binding];
  }

  [Symbol.iterator](): MapIterator<[string, Binding]> {
    return this.entries();
  }

  forEach(callback: (value: Binding, key: string, map: ReadonlyMap<string, Binding>) => void, thisArg?: unknown): void {
    for (const binding of this.list) callback.call(thisArg, binding, binding.name, this);
  }

  private indexOf(name: string): number {
    if (this.index) return this.index.get(name) ?? -1;
    const list = this.list;
    for (let i = 0; i < list.length; i++) if (list[i].name === name) return i;
    return -1;
  }
}
