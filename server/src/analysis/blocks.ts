/**
 * Walks the resolved config block by block, giving each map the schema context nats-server's
 * option parser reads it in (top level, `cluster`, `tls`, `leafnodes.remotes[]`, ...). Rules
 * (schema checks, TLS checks) look at one block at a time.
 *
 * It walks what nats-server sees: each map's final content after duplicate keys and included
 * files were merged, with `$VAR` values followed. A problem found in text that is not in the
 * checked document (an included file, a map given through a variable) is reported where
 * nats-server reports it — at the include directive or at the key that references the variable —
 * with a related location pointing at the real text.
 */
import type { Document, Include, MapValue, Range, RelatedInformation } from '../parser/ast';
import type { ContextData, KeyFacts, KeyName } from '../knowledge/schema';
import { entryContext, keyNamesOf, rootContext } from '../knowledge/schema';
import type { BindingMap } from './bindingMap';
import { elementContents, mapContent, type Binding, type Resolution } from './resolve';
import { targetBit, type ServerVersion } from '../knowledge/versions';

/** Where findings inside a block are shown when its text is in no document (an environment value). */
export interface Anchor {
  /** A range in the checked document. */
  readonly range: Range;
  /** Why the finding is shown here, e.g. "in $TLS_OPTS (line 3)". */
  readonly describe: string;
}

export class Block {
  private pathText: string | undefined;

  constructor(
    readonly context: ContextData,
    /** The map as written (the document itself for the top level). */
    readonly node: MapValue | Document,
    /** The block's final content, by key as written (each binding knows its document). */
    readonly bindings: BindingMap,
    /** The key holding this block in its parent block; absent for the top level. */
    readonly owner: Binding | undefined,
    /** Set when the block came through a `$NAME` reference; see {@link Anchor}. */
    readonly anchor: Anchor | undefined,
    /** The block this one is a value of (through its owner key); absent for the top level. */
    readonly parent: Block | undefined,
    /** The element's position when the owner's value is a list of blocks; -1 otherwise. */
    private readonly elementIndex: number,
  ) {}

  /** The config path, for messages: `cluster.tls`, `leafnodes.remotes[1].tls` (built when read). */
  get path(): string {
    if (this.pathText === undefined) {
      const name = this.owner ? joinPath(this.parent?.path ?? '', this.owner.name) : '';
      this.pathText = this.elementIndex >= 0 ? `${name}[${this.elementIndex}]` : name;
    }
    return this.pathText;
  }
}

/** What the schema says about each key of a block, parallel to the block's bindings (undefined: a key the context lacks). */
export type BlockKeys = readonly (KeyName | undefined)[];

/** Called for each block of a walk with its bindings (`block.bindings.bindings()`) and their keys. */
export type BlockVisitor = (block: Block, bindings: readonly Binding[], keys: BlockKeys) => void;

export interface BlockWalkInput {
  tree: Document;
  uri: string;
  resolution: Resolution;
}

/**
 * The blocks one walk visited, in its order (parents before children), and their depths (the
 * top level is 0): what checkSemantics keeps so that a recheck after an edit (analysis/
 * recheck.ts) visits again only the blocks the edit can change.
 */
export interface WalkRecord {
  blocks: Block[];
  depths: number[];
  /**
   * Whether which blocks the walk visited depended on its order: it left out a map it had
   * reached before, not through a variable (see walkFrom). For part of a walk (walkPartFor),
   * also whether the part reached a map of a block outside it in a way that could.
   */
  orderDependent: boolean;
}

/**
 * walkPartFor's marks on the maps of the earlier walk's blocks outside the part: `plain` for a
 * map some block there has not through a variable, `anchored` for one only given through one.
 */
interface OtherMarks {
  plain: number;
  anchored: number;
}

/** Blocks nested deeper than this are not examined (nats-server would take minutes anyway). */
const MAX_BLOCK_DEPTH = 1000;

export class BlockWalker {
  private includeOfUri: Map<string, Include> | undefined;
  private readonly tlsBlocks = new Map<ServerVersion, readonly Block[]>();
  /**
   * Set whenever a check reads the top level's bindings through {@link topLevelBinding}. The
   * semantic checks clear it before each block and note it after (recheck.ts: an edit of the top
   * level's own keys visits again the blocks whose checks read them).
   */
  topLevelRead = false;

  constructor(private readonly input: BlockWalkInput) {}

  /** The top level's binding of `name` (case-insensitive), for a check of any block; see {@link topLevelRead}. */
  topLevelBinding(name: string): Binding | undefined {
    this.topLevelRead = true;
    const top = this.input.resolution.maps.get(this.input.tree);
    return top ? findBinding(top, name) : undefined;
  }

  /**
   * `walk` over what the target server reads: keys the target does not have are not descended
   * into (the key itself is the error). Keeps the `tls` blocks for {@link tlsBlocksFor}, so the
   * certificate check does not walk again. With `record`, notes the blocks visited (see
   * {@link WalkRecord}).
   */
  walkFor(target: ServerVersion, visit: BlockVisitor, record?: WalkRecord): void {
    const tlsBlocks: Block[] = [];
    this.walk(
      (block, bindings, keys) => {
        if (isTlsBlock(block)) tlsBlocks.push(block);
        visit(block, bindings, keys);
      },
      descendFor(target),
      record,
    );
    this.tlsBlocks.set(target, tlsBlocks);
  }

  /** The `tls` and `tls.certs[]` blocks the target server reads, in walk order. */
  tlsBlocksFor(target: ServerVersion): readonly Block[] {
    let blocks = this.tlsBlocks.get(target);
    if (!blocks) {
      this.walkFor(target, () => {});
      blocks = this.tlsBlocks.get(target) ?? [];
    }
    return blocks;
  }

  /**
   * The blocks of a `walkFor` that was not walked here (a recheck kept most of an earlier walk):
   * `tlsBlocksFor` takes its `tls` blocks from them.
   */
  adoptWalk(target: ServerVersion, blocks: readonly Block[]): void {
    this.tlsBlocks.set(target, blocks.filter(isTlsBlock));
  }

  /**
   * Calls `visit` for every block that has a schema context, parents before children. Blocks
   * under a key for which `descend` says no (a key the target server does not have) are skipped.
   */
  walk(visit: BlockVisitor, descend: (name: KeyName) => boolean = () => true, record?: WalkRecord): void {
    const { tree, resolution } = this.input;
    const top = resolution.maps.get(tree);
    if (!top) return;
    // The maps this walk has pushed are marked on their BindingMap: a big config has hundreds of
    // thousands, and a Set of them cost more than the rest of the walk. A walk started by a
    // visitor while another is under way (none is today) keeps a Set, so the marks stay valid.
    const mark = nextWalkMark();
    const pushed = walksUnderWay > 0 ? new Set<BindingMap>() : undefined;
    walksUnderWay++;
    try {
      this.walkFrom(new Block(rootContext(), tree, top, undefined, undefined, undefined, -1), 0, visit, descend, mark, pushed, record);
    } finally {
      walksUnderWay--;
    }
  }

  /**
   * Part of an earlier `walkFor` walk of the same resolution again: its block `from` and the
   * blocks under it, up to `to`, recorded in `record`. False when which blocks the whole walk
   * would visit could differ from the earlier walk's outside the part and this part (see
   * {@link WalkRecord.orderDependent}): then only a whole walk tells.
   */
  walkPartFor(target: ServerVersion, earlier: WalkRecord, from: number, to: number, visit: BlockVisitor, record: WalkRecord): boolean {
    // The marks of a walk under way (none is today) must stay as they are.
    if (walksUnderWay > 0) return false;
    const elsewhere: OtherMarks = { plain: nextWalkMark(), anchored: nextWalkMark() };
    for (let i = 0; i < earlier.blocks.length; i++) {
      if (i >= from && i < to) continue;
      const block = earlier.blocks[i];
      if (block.anchor === undefined) block.bindings.walkMark = elsewhere.plain;
      else if (block.bindings.walkMark !== elsewhere.plain) block.bindings.walkMark = elsewhere.anchored;
    }
    const part: WalkRecord = { blocks: [], depths: [], orderDependent: false };
    walksUnderWay++;
    try {
      this.walkFrom(earlier.blocks[from], earlier.depths[from], visit, descendFor(target), nextWalkMark(), undefined, part, elsewhere);
    } finally {
      walksUnderWay--;
    }
    for (let i = 0; i < part.blocks.length; i++) {
      record.blocks.push(part.blocks[i]);
      record.depths.push(part.depths[i]);
    }
    return !part.orderDependent;
  }

  /** Visits a block of an earlier walk of the same resolution again, as that walk did. */
  visitAgain(block: Block, visit: BlockVisitor): void {
    const bindings = block.bindings.bindings();
    visit(block, bindings, keysOf(block.context, bindings));
  }

  /** The walk itself: `start`, at `startDepth`, and the blocks under it. */
  private walkFrom(
    start: Block,
    startDepth: number,
    visit: BlockVisitor,
    descend: (name: KeyName) => boolean,
    mark: number,
    pushed: Set<BindingMap> | undefined,
    record: WalkRecord | undefined,
    elsewhere?: OtherMarks,
  ): void {
    const blocks: Block[] = [start];
    const depths: number[] = [startDepth];
    const children: Block[] = [];
    while (blocks.length > 0) {
      const block = blocks.pop() as Block;
      const depth = depths.pop() as number;
      const context = block.context;
      const bindings = block.bindings.bindings();
      const keys = keysOf(context, bindings);
      if (record) {
        record.blocks.push(block);
        record.depths.push(depth);
      }
      visit(block, bindings, keys);
      if (depth >= MAX_BLOCK_DEPTH) continue;
      for (let i = 0; i < bindings.length; i++) {
        const name = keys[i];
        // Most keys take no block: known from the schema without looking at the value.
        const valueContext = name ? name.facts.childContext : entryContext(context);
        if (!valueContext) continue;
        const binding = bindings[i];
        // Only maps and lists of maps hold blocks: most values are neither.
        const kind = binding.resolved?.kind;
        if (kind !== 'map' && kind !== 'array') continue;
        if (name && !descend(name)) continue;
        this.childBlocks(block, binding, name?.facts, valueContext, children);
      }
      // A map reached twice (one variable used in two places) is checked in each context,
      // but the same block in the same place is not walked again. Children are taken from the
      // last (so the first is walked first) with pop: setting an array's length is slow.
      while (children.length > 0) {
        const child = children.pop() as Block;
        const content = child.bindings;
        if (elsewhere && record && (content.walkMark === elsewhere.plain || (content.walkMark === elsewhere.anchored && child.anchor === undefined))) {
          record.orderDependent = true;
        }
        const reached = pushed ? pushed.has(content) : content.walkMark === mark;
        if (reached && child.anchor === undefined) {
          if (record) record.orderDependent = true;
          continue;
        }
        if (pushed) pushed.add(content);
        else content.walkMark = mark;
        blocks.push(child);
        depths.push(depth + 1);
      }
    }
  }

  /**
   * Where a finding about `node` (in the document `uri`, usually a binding's) is shown, and the
   * related location when that is not the node itself.
   */
  place(block: Block, node: { range: Range }, uri: string): { range: Range; related?: RelatedInformation[] } {
    // nats-server positions every value by the token it came from: text of the checked file
    // (also inside a map given as $NAME) is shown where it is.
    if (uri === this.input.uri) return { range: node.range };
    // A value parsed from an environment variable has no text: shown at the $NAME reference.
    if (uri === '') return { range: block.anchor?.range ?? ORIGIN };
    const include = this.includeIndex().get(uri);
    return { range: include ? include.range : ORIGIN, related: [{ uri, range: node.range, message: 'the value in question' }] };
  }

  /** Says where a finding shown away from its text really is, for the message. */
  where(block: Block, uri: string): string {
    if (uri === '') return block.anchor ? ` (${block.anchor.describe}, set from the environment)` : ' (set from the environment)';
    if (uri !== this.input.uri) return ` (in the included file ${fileName(uri)})`;
    return '';
  }

  private childBlocks(parent: Block, binding: Binding, key: KeyFacts | undefined, context: ContextData, out: Block[]): void {
    const value = binding.resolved;
    if (!value) return;
    const anchor = this.anchorFor(parent, binding);
    if (value.kind === 'map') {
      const content = mapContent(binding);
      if (content) out.push(new Block(context, value, content, binding, anchor, parent, -1));
      return;
    }
    if (value.kind === 'array' && (key === undefined || key.takesBlockList)) {
      const contents = elementContents(binding);
      if (!contents) return;
      const elements = value.elements;
      for (let index = 0; index < elements.length; index++) {
        const content = contents[index];
        if (!content) continue; // not a map
        const element = elements[index];
        const resolved = element.kind === 'variable' ? this.input.resolution.variables.get(element) : undefined;
        const target = resolved && resolved.source !== 'unresolved' ? resolved.value : element;
        if (target?.kind !== 'map') continue;
        const elementAnchor = anchor ?? (element.kind === 'variable' && binding.uri === this.input.uri ? new ReferenceAnchor(element, element.name) : undefined);
        out.push(new Block(context, target, content, binding, elementAnchor, parent, index));
      }
    }
  }

  /**
   * A block whose key is in the checked document but whose map came through a variable is shown
   * at the key; one inside an anchored block keeps its parent's anchor.
   */
  private anchorFor(parent: Block, binding: Binding): Anchor | undefined {
    if (parent.anchor) return parent.anchor;
    if (binding.value.kind !== 'variable') return undefined;
    if (binding.uri !== this.input.uri) return undefined; // shown at the include directive instead
    return new ReferenceAnchor(binding.definition.key, binding.value.name);
  }

  /** Maps each included file to the include directive of the checked document that brings it in. */
  private includeIndex(): Map<string, Include> {
    if (!this.includeOfUri) {
      this.includeOfUri = new Map();
      this.indexIncludes(this.includeOfUri);
    }
    return this.includeOfUri;
  }

  private indexIncludes(includeOfUri: Map<string, Include>): void {
    const { resolution, tree } = this.input;
    if (resolution.includes.size === 0) return;
    const rootIncludes: Include[] = [];
    const stack: (Document | MapValue)[] = [tree];
    while (stack.length > 0) {
      const map = stack.pop() as Document | MapValue;
      for (const entry of map.entries) {
        if (entry.kind === 'include') rootIncludes.push(entry);
        else if (entry.value?.kind === 'map') stack.push(entry.value);
      }
    }
    for (const include of rootIncludes) {
      const queue: Document[] = [];
      const first = resolution.includes.get(include);
      if (first?.status !== 'ok') continue;
      if (!includeOfUri.has(first.uri)) includeOfUri.set(first.uri, include);
      queue.push(first.document);
      while (queue.length > 0) {
        const document = queue.pop() as Document;
        const inner: (Document | MapValue)[] = [document];
        while (inner.length > 0) {
          const map = inner.pop() as Document | MapValue;
          for (const entry of map.entries) {
            if (entry.kind === 'include') {
              const nested = resolution.includes.get(entry);
              if (nested?.status === 'ok' && !includeOfUri.has(nested.uri)) {
                includeOfUri.set(nested.uri, include);
                queue.push(nested.document);
              }
            } else if (entry.value?.kind === 'map') inner.push(entry.value);
          }
        }
      }
    }
  }
}

const ORIGIN: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

/**
 * A map given as `$NAME` from the environment has no text; findings in it are shown at the
 * reference. Most such blocks have no finding: the range and the text are made when first read.
 */
class ReferenceAnchor implements Anchor {
  private shownAt: Range | undefined;

  constructor(
    private readonly reference: { readonly range: Range },
    private readonly variable: string,
  ) {}

  get range(): Range {
    return (this.shownAt ??= this.reference.range);
  }

  get describe(): string {
    return `in the value of $${this.variable}`;
  }
}

/** What the schema says about the key of each of a block's bindings. */
function keysOf(context: ContextData, bindings: readonly Binding[]): BlockKeys {
  const names = keyNamesOf(context);
  const keys: (KeyName | undefined)[] = new Array(bindings.length);
  for (let i = 0; i < bindings.length; i++) keys[i] = names.lookup(bindings[i].name);
  return keys;
}

/** Blocks whose keys `tlsBlocksFor` gives the certificate check. */
function isTlsBlock(block: Block): boolean {
  const id = block.context.id;
  return id === 'tls' || id === 'tls.certs[]';
}

/** `walk`'s `descend` for a target: not into the keys it does not have. */
function descendFor(target: ServerVersion): (name: KeyName) => boolean {
  const bit = targetBit(target);
  return (name) => (name.facts.targets & bit) !== 0;
}

let walkMarks = 0;
let walksUnderWay = 0;

/** A mark no earlier walk used (see {@link BindingMap.walkMark}). */
function nextWalkMark(): number {
  return ++walkMarks;
}

/** The binding of a key, case-insensitively (nats-server's option names are): the last one set. */
export function findBinding(bindings: ReadonlyMap<string, Binding>, name: string): Binding | undefined {
  let found: Binding | undefined;
  for (const [key, binding] of bindings) if (key.toLowerCase() === name) found = binding;
  return found;
}

function joinPath(parent: string, key: string): string {
  return parent === '' ? key : `${parent}.${key}`;
}

function fileName(uri: string): string {
  const slash = uri.lastIndexOf('/');
  return decodeURIComponent(slash >= 0 ? uri.slice(slash + 1) : uri);
}
