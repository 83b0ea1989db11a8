/**
 * Variables and includes, resolved the way nats-server's config parser does it
 * (`conf/parse.go`, verified against the 2.9.10 binary; reference §1.10-§1.12).
 *
 * The walk replays the Go parser's bookkeeping over the tree, in document order:
 * - a stack of contexts (maps and arrays); a `$NAME` looks in the enclosing MAPS from the
 *   innermost outwards (arrays skipped), seeing only keys whose value was already set
 *   (a map or array value is set when it closes), then in the environment;
 * - a stack of pending keys: a value pops the newest key when it lands in a map, so a value
 *   nats-server drops (`1kbb`) leaves its key behind, exactly as in Go;
 * - `include` parses the file separately (it cannot see the includer's variables) and sets
 *   each of its top-level keys into the current map at that point (later keys override).
 * - an environment value is parsed as the text `pk=<value>` by the same parser and walk (no
 *   config variables visible); a reference cycle among environment variables is reported
 *   (2.9.10 itself crashes with a stack overflow).
 *
 * Everything is iterative (explicit stacks): 100,000 nested maps or 10,000 includes are fine.
 * Unlike nats-server, the walk does not stop at the first problem; after an unresolvable
 * reference the key is still defined (with an unknown value) so one mistake reports once.
 */
import type { Environment } from '../environment';
import type {
  ArrayValue,
  Document,
  Entry,
  Include,
  KeyValue,
  MapValue,
  Range,
  RelatedInformation,
  Severity,
  Value,
  VariableValue,
} from '../parser/ast';
import { NatsLines, parse } from '../parser/parser';
import { SyntaxCode } from '../parser/syntaxCodes';
import type { ElementsChange, KeyRename, StatementsChange } from '../parser/patch';
import { diagnosticOf, type Diagnostic } from './diagnostic';
import * as nodePath from 'path';
import { fileUri, IncludeCode, includeNotFoundMessage, resolveIncludePath, type IncludeCache } from './includes';
import { BindingMap, MapContents } from './bindingMap';
import { containersAround } from './patchScope';

export { BindingMap };

/** Stable codes of the variable diagnostics. */
export const VariableCode = {
  /** No earlier key in scope and no environment variable has the name. */
  undefined: 'variable-undefined',
  /** The environment variable's value does not parse as a config value. */
  parseError: 'variable-parse-error',
  /** Environment variables that refer to each other in a cycle (2.9.10 crashes). */
  cycle: 'variable-cycle',
} as const;

/** A file taking part in the resolution. */
export interface SourceFile {
  /** The document's URI (`file://` for files reached through include). */
  uri: string;
  /** File-system path; includes resolve against its folder. Absent for untitled documents. */
  path?: string;
  document: Document;
  /** The text, when known: line numbers in messages then count `\n` only, as nats-server does. */
  text?: string;
}

/** A key set in a map, as a later `$NAME` sees it. */
export interface Binding {
  name: string;
  /**
   * The key nats-server files the value under (the one marked "used as variable" when
   * referenced). Normally the KeyValue holding `value`; after a dropped value it is the
   * key the Go parser's key stack pops instead.
   */
  definition: KeyValue;
  /** URI of the document holding `definition`; `''` for a value parsed from the environment. */
  uri: string;
  /** The value node as written (a VariableValue when the key was set from a reference). */
  value: Value;
  /** The value after following references; undefined when a reference could not be resolved. */
  resolved: Value | undefined;
  /**
   * What the block walk descends into, so it need not look `resolved` up in `Resolution.maps`:
   * for a map, its content; for a list, the content of each element that is a map (undefined
   * for other elements). Undefined for other values and for values parsed from the environment,
   * which `Resolution.maps` does not hold either.
   */
  content?: Content;
}

/** See {@link Binding.content}. */
export type Content = BindingMap | readonly (BindingMap | undefined)[] | undefined;

/** The content of a binding whose value is a map (see {@link Binding.content}). */
export function mapContent(binding: Binding): BindingMap | undefined {
  return binding.content instanceof BindingMap ? binding.content : undefined;
}

/** The content of each map element of a binding whose value is a list (see {@link Binding.content}). */
export function elementContents(binding: Binding): readonly (BindingMap | undefined)[] | undefined {
  return Array.isArray(binding.content) ? binding.content : undefined;
}

/** Where one `$NAME` reference resolved. */
export type VariableResolution =
  | {
      source: 'config';
      name: string;
      /** The defining key (in `uri`'s document, which may be an included file). */
      definition: KeyValue;
      uri: string;
      /** The value the reference stands for; undefined when that key's value is unresolved. */
      value: Value | undefined;
    }
  | {
      source: 'environment';
      name: string;
      /** The environment variable's text. */
      raw: string;
      /** The value parsed from `pk=<raw>`; its offsets are into `document`'s text. */
      value: Value;
      document: Document;
    }
  | {
      source: 'unresolved';
      name: string;
      code: string;
      message: string;
      /** The environment variable's text, when one is set. */
      raw?: string;
    };

/** What one `include` directive led to. */
export type IncludeResolution =
  | {
      status: 'ok';
      written: string;
      path: string;
      uri: string;
      document: Document;
      /** The file (or a file it includes) has an error; nats-server would reject the config. */
      hasErrors: boolean;
    }
  | { status: 'not-found' | 'unreadable'; written: string; path: string; uri: string; message: string }
  | { status: 'cycle'; written: string; path: string; uri: string; chain: string[] }
  | { status: 'limit'; written: string; path: string; uri: string }
  | { status: 'no-base'; written: string };

export interface Resolution {
  root: SourceFile;
  /** Variable and include diagnostics of the root document (syntax errors are not repeated). */
  diagnostics: Diagnostic[];
  /** Every reference in the root and included files (and inside environment values). */
  variables: Map<VariableValue, VariableResolution>;
  /** Every include directive with a path, in the root and included files. */
  includes: Map<Include, IncludeResolution>;
  /**
   * Keys whose value was referenced as `$NAME` (nats-server's "used as variable" flag): such a
   * key is exempt from "unknown field". The flag belongs to the key that was visible at the
   * reference, so with `X: 1; a: $X; X: 2` only the first X is marked (2.9.10 reports the
   * second as unknown). Keys of included files are marked where they are defined.
   */
  usedAsVariable: ReadonlySet<KeyValue>;
  /**
   * The final content of every map (and of each document's top level) after duplicates were
   * overridden and included files merged, keyed by name: what nats-server's option
   * processing sees. A binding's `definition` may live in an included file (see `uri`).
   */
  maps: ReadonlyMap<MapValue | Document, BindingMap>;
  /** Every included file that was read and walked, by path. */
  files: Map<string, SourceFile>;
}

export interface ResolveOptions {
  /** A file ending in a key without value is an error (nats-server >= 2.9.22). */
  rejectDanglingKey?: boolean;
  /** Longest chain of environment variables referring to each other that is followed. */
  maxEnvDepth?: number;
}

interface Problem {
  code: string;
  message: string;
  severity: Severity;
  range: Range;
  /** 1-based line as nats-server counts it (`\n` only). */
  line: number;
  related?: RelatedInformation[];
  data?: unknown;
}

interface FileCtx {
  source: SourceFile;
  kind: 'root' | 'include' | 'environment';
  /** Include chain from the root to this file (paths), this file last. */
  chain: string[];
  /** The Go parser's pending-key stack. */
  keys: KeyValue[];
  problems: Problem[];
  /** Top-level bindings, filled as the walk proceeds. */
  top: BindingMap;
  /** An include of this file could not be followed (so a variable may be missing). */
  unloadedInclude: boolean;
  /** nats-server's line numbers of the text, set up when a problem first needs one. */
  natsLines?: NatsLines;
}

interface MapFrame {
  kind: 'map';
  ctx: FileCtx;
  node: MapValue | Document;
  index: number;
  /** The keys set so far: what a `$NAME` further down this map sees of it. */
  bindings: BindingMap;
  /** Where `bindings` of the maps this frame serves keep their keys until they close. */
  buffer: unknown[];
}

interface ArrayFrame {
  kind: 'array';
  ctx: FileCtx;
  node: ArrayValue;
  index: number;
  /** The content of each element that is a map, by position; created at the first one. */
  elementContents: (BindingMap | undefined)[] | undefined;
}

interface FileEndFrame {
  kind: 'file-end';
  ctx: FileCtx;
  parent: MapFrame;
  include: Include;
  path: string;
}

type Frame = MapFrame | ArrayFrame | FileEndFrame;

interface FileResult {
  source: SourceFile;
  top: BindingMap;
  /** Sorted by position; syntax errors included. */
  problems: Problem[];
}

type EnvResult =
  | { status: 'absent' }
  | { status: 'ok'; raw: string; value: Value; document: Document }
  | { status: 'no-value'; raw: string }
  | { status: 'error'; raw: string; code: string; message: string; chain?: string[] };

const MAX_RELATED = 20;

/** What a `$NAME` stands for (a Binding is one). */
interface ReferenceTarget {
  resolved: Value | undefined;
  content?: Content;
}

const UNRESOLVED: ReferenceTarget = { resolved: undefined, content: undefined };

/**
 * Resolves variables and includes of `root`. Included files must already be in `includes`
 * (see prefetchIncludes); a missing entry is reported as past the include limit.
 */
export function resolveConfig(
  root: SourceFile,
  includes: IncludeCache,
  environment: Pick<Environment, 'getEnv'>,
  options: ResolveOptions = {},
): Resolution {
  return new Resolver(root, includes, environment, options).run();
}

/**
 * Adjusts `resolution` in place to a key renamed by parser/patch.ts, when the rename changes
 * nothing but that binding's name. Not when a `$NAME` of the old or the new name is anywhere (it
 * could resolve differently now), another entry of the map had the old name (the duplicate the key
 * replaced would show again), the map has an include or a dropped value (keys pair up with
 * values differently there), or another binding of the map has the new name. Then it returns
 * false, changing nothing, and the tree must be resolved afresh.
 */
export function renameResolvedKey(resolution: Resolution, rename: KeyRename): boolean {
  const { entry, parent, oldName } = rename;
  const newName = entry.name;
  for (const reference of resolution.variables.keys()) if (reference.name === oldName || reference.name === newName) return false;
  for (const other of parent.entries) {
    if (other.kind === 'include') return false;
    if (other.value?.kind === 'integer' && other.value.dropped) return false;
    if (other !== entry && other.name === oldName) return false;
  }
  return resolution.maps.get(parent)?.renameKey(entry, oldName) ?? false;
}

/**
 * Adjusts `resolution` in place to statements of a map read again by parser/patch.ts (lines
 * added or removed), when that changes nothing but the map's bindings: every removed and added
 * entry is a key with a scalar value of its own (no `$NAME`, no map or list, whose resolution
 * would be new), no `$NAME` anywhere has one of their names (it could resolve differently now),
 * and the map has no dropped value and no name twice. A map with an include takes them only at
 * the top level, where no included file sets one of their names either (its bindings sit among
 * the entries': see BindingMap.spliceKeys). Otherwise it returns false, changing nothing, and the
 * tree must be resolved afresh.
 */
export function patchResolvedStatements(resolution: Resolution, change: StatementsChange): boolean {
  const content = resolution.maps.get(change.map);
  if (!content) return false;
  const names = new Set<string>();
  for (const entry of [...change.removed, ...change.added]) {
    // A key without a value sets nothing, unless it is the map's last (see keyTakesMap: checked below).
    if (entry.kind !== 'keyValue' || (entry.value !== undefined && !isOwnScalar(entry.value))) return false;
    names.add(entry.name);
  }
  for (const reference of resolution.variables.keys()) if (names.has(reference.name)) return false;
  const entries = change.map.entries;
  const seen = new Set<string>();
  let includes = false;
  for (const entry of entries) {
    if (entry.kind === 'include') {
      includes = true;
      continue;
    }
    if (seen.has(entry.name)) return false;
    if (entry.value?.kind === 'integer' && entry.value.dropped) return false;
    seen.add(entry.name);
  }
  const added = change.added as KeyValue[];
  const removed = change.removed as KeyValue[];
  const valueless = (entry: Entry | undefined): boolean => entry?.kind === 'keyValue' && !entry.value;
  if (entries.some(valueless) || removed.some(valueless)) {
    // The last entry, before the patch or after it, may take the map: resolved afresh.
    const before = [...entries.slice(0, change.at), ...removed, ...entries.slice(change.at + added.length)];
    if (includes || valueless(entries[entries.length - 1]) || valueless(before[before.length - 1])) return false;
    // Bindings only for the keys with a value: no longer entry i at binding i (a plain map's layout).
    const hasValue = (entry: Entry): boolean => !valueless(entry);
    // No name twice and no include: one binding per key with a value (no test reaches a map that has other bindings).
    if (content.size !== before.filter(hasValue).length) return false;
    content.unpackFrom(before);
    content.spliceEntries(before.slice(0, change.at).filter(hasValue).length, removed.filter(hasValue).length, added.filter(hasValue));
    return true;
  }
  if (!includes) {
    // One binding per entry before the patch: no name twice then either.
    if (content.size !== entries.length - added.length + change.removed.length) return false;
    content.spliceEntries(change.at, change.removed.length, added);
    return true;
  }
  if (change.map.kind !== 'document') return false;
  // A name set elsewhere too: removing one setter could bring the other's binding back.
  const addedNames = new Set(added.map((entry) => entry.name));
  for (const entry of change.removed as KeyValue[]) if (seen.has(entry.name) && !addedNames.has(entry.name)) return false;
  for (const file of resolution.files.values()) {
    for (const entry of file.document.entries) if (entry.kind === 'keyValue' && names.has(entry.name)) return false;
  }
  return content.spliceKeys(change.removed as KeyValue[], added, entries[change.at - 1], entries[change.at + added.length]);
}

/**
 * Adjusts `resolution` to elements of a list read again by parser/patch.ts, when it can:
 * - a list of scalars of their own, before and after (no `$NAME`, map or list, for which the
 *   resolution keeps references or contents), holds as it is: its binding has no content, and
 *   the list node stays the same;
 * - maps that went or came, each of keys with scalars of their own, lists of them or maps like
 *   it (a user on a line, with its permissions), in a list of a key of its own map whose binding
 *   already holds contents for its maps, and that no `$NAME` reads: the contents follow, each
 *   new map resolved in place.
 * Otherwise it returns false, changing nothing, and the tree must be resolved afresh.
 */
export function patchResolvedElements(resolution: Resolution, change: ElementsChange): boolean {
  const { array, removed, added } = change;
  if (array.elements.every(isOwnScalar) && removed.every(isOwnScalar)) return true;
  if (![...removed, ...added].every((value) => value.kind === 'map' && isPlainSubtree(value, 0))) return false;
  for (const resolved of resolution.variables.values()) if (resolved.source === 'config' && resolved.value === array) return false;
  const path = containersAround(resolution.root.document, array);
  const owner = path?.entries[path.entries.length - 1];
  if (!path || owner?.value !== array) return false;
  const parent = [...path.containers].pop() ?? resolution.root.document;
  if (parent.kind !== 'map' && parent.kind !== 'document') return false;
  const binding = resolution.maps.get(parent)?.get(owner.name);
  const contents = binding && binding.definition === owner && binding.resolved === array ? elementContents(binding) : undefined;
  // The length check guards the contents' alignment with the elements; no patch today leaves them apart.
  if (!contents || contents.length !== array.elements.length - added.length + removed.length) return false;
  const uri = resolution.root.uri;
  const maps = resolution.maps as MapContents;
  for (const map of removed as MapValue[]) forgetMaps(map, maps);
  const made = (added as MapValue[]).map((map) => resolvePlainMap(map, uri, maps));
  (contents as (BindingMap | undefined)[]).splice(change.at, removed.length, ...made);
  return true;
}

/** How deep {@link isPlainSubtree} looks (a user's permissions are three maps deep). */
const MAX_PLAIN_DEPTH = 8;

/**
 * A value the resolver resolves to itself with nothing around it to look up: a scalar of its own,
 * a list of such scalars, or a map of keys with such values (no `$NAME`, include, dropped value,
 * map in a list or name twice), up to a few maps deep.
 */
function isPlainSubtree(value: Value | undefined, depth: number): boolean {
  if (!value) return false;
  if (value.kind === 'array') return value.elements.every(isOwnScalar);
  if (value.kind !== 'map') return isOwnScalar(value);
  if (depth >= MAX_PLAIN_DEPTH) return false;
  const names = new Set<string>();
  for (const entry of value.entries) {
    if (entry.kind !== 'keyValue' || names.has(entry.name) || !isPlainSubtree(entry.value, depth + 1)) return false;
    names.add(entry.name);
  }
  return true;
}

/** The content of a map that {@link isPlainSubtree} took, as the resolver makes it; every map in it is added to `maps`, inner ones first. */
function resolvePlainMap(map: MapValue, uri: string, maps: MapContents): BindingMap {
  const content = new BindingMap([], uri);
  for (const entry of map.entries as KeyValue[]) {
    const value = entry.value as Value;
    content.setKey(entry, uri, value, value, value.kind === 'map' ? resolvePlainMap(value, uri, maps) : undefined);
  }
  content.close(map.entries);
  maps.add(map, content);
  return content;
}

/** Forgets `map` and the maps inside it (a subtree {@link isPlainSubtree} took). */
function forgetMaps(map: MapValue, maps: MapContents): void {
  maps.delete(map);
  for (const entry of map.entries) if (entry.kind === 'keyValue' && entry.value?.kind === 'map') forgetMaps(entry.value, maps);
}

/**
 * Whether nats-server pairs `entry`, the last of `map` and without a value, with the map itself:
 * Go pushes every key and pops one for every value, so a key the `}` follows stays pending and
 * the closing map pops it (the map's own key is popped by the next value further out). Not in a
 * map the input or an error cut short, nor when an error comes between the key and the `}`.
 */
function keyTakesMap(document: Document, map: MapValue | Document, entry: KeyValue): boolean {
  if (map.kind !== 'map' || !map.closed || entry.value) return false;
  const from = entry.end;
  const to = map.end;
  const lineStarts = document.lineStarts;
  for (const problem of document.errors) {
    if (problem.severity !== 'error') continue;
    const at = lineStarts[problem.range.start.line] + problem.range.start.character;
    if (at >= from && at < to) return false;
  }
  return true;
}

/** A value that resolves to itself and holds no other: not a `$NAME`, a map or a list. */
export function isOwnScalar(value: Value | undefined): boolean {
  if (!value) return false;
  switch (value.kind) {
    case 'string':
    case 'float':
    case 'boolean':
    case 'datetime':
      return true;
    case 'integer':
      return !value.dropped;
    default:
      return false;
  }
}

class Resolver {
  private readonly variables = new Map<VariableValue, VariableResolution>();
  private readonly includeResults = new Map<Include, IncludeResolution>();
  private readonly used = new Set<KeyValue>();
  private readonly maps = new MapContents();
  private readonly files = new Map<string, SourceFile>();
  private readonly fileResults = new Map<string, FileResult>();
  private readonly envResults = new Map<string, EnvResult>();
  private readonly envStack: string[] = [];
  private readonly maxEnvDepth: number;
  /**
   * Frames of closed maps and arrays, reused for the next ones: a big config has hundreds of
   * thousands of containers, and the walk needs only as many frames as they nest deep.
   */
  private readonly spareMapFrames: MapFrame[] = [];
  private readonly spareArrayFrames: ArrayFrame[] = [];

  constructor(
    private readonly root: SourceFile,
    private readonly includes: IncludeCache,
    private readonly environment: Pick<Environment, 'getEnv'>,
    private readonly options: ResolveOptions,
  ) {
    this.maxEnvDepth = options.maxEnvDepth ?? 200;
  }

  run(): Resolution {
    const ctx = this.newCtx(this.root, 'root', this.root.path !== undefined ? [this.root.path] : []);
    this.walk([this.documentFrame(ctx)]);
    const diagnostics: Diagnostic[] = sortProblems(ctx.problems).map(diagnosticOf);
    return {
      root: this.root,
      diagnostics,
      variables: this.variables,
      includes: this.includeResults,
      usedAsVariable: this.used,
      maps: this.maps,
      files: this.files,
    };
  }

  // ---------------------------------------------------------------- the walk

  private newCtx(source: SourceFile, kind: FileCtx['kind'], chain: string[]): FileCtx {
    return {
      source,
      kind,
      chain,
      keys: [],
      problems: [],
      top: new BindingMap([], source.uri),
      unloadedInclude: false,
    };
  }

  /** The 1-based line nats-server reports for an offset (it counts `\n` only). */
  private natsLine(ctx: FileCtx, offset: number, range: Range): number {
    const text = ctx.source.text;
    if (text === undefined) return range.start.line + 1;
    ctx.natsLines ??= new NatsLines(text);
    return ctx.natsLines.lineOf(offset);
  }

  private documentFrame(ctx: FileCtx): MapFrame {
    return this.mapFrame(ctx, ctx.source.document, ctx.top);
  }

  /** The frame of a map being entered, a spare one when there is one; `top` for a document. */
  private mapFrame(ctx: FileCtx, node: MapValue | Document, top?: BindingMap): MapFrame {
    const frame = this.spareMapFrames.pop();
    if (!frame) {
      const buffer: unknown[] = [];
      return { kind: 'map', ctx, node, index: 0, bindings: top ?? new BindingMap(buffer, ctx.source.uri), buffer };
    }
    frame.ctx = ctx;
    frame.node = node;
    frame.index = 0;
    frame.bindings = top ?? new BindingMap(frame.buffer, ctx.source.uri);
    return frame;
  }

  /** The frame of an array being entered, a spare one when there is one. */
  private arrayFrame(ctx: FileCtx, node: ArrayValue): ArrayFrame {
    const frame = this.spareArrayFrames.pop();
    if (!frame) return { kind: 'array', ctx, node, index: 0, elementContents: undefined };
    frame.ctx = ctx;
    frame.node = node;
    frame.index = 0;
    frame.elementContents = undefined;
    return frame;
  }

  private walk(stack: Frame[]): void {
    while (stack.length > 0) {
      const frame = stack[stack.length - 1];
      if (frame.kind === 'file-end') {
        stack.pop();
        this.finishInclude(frame);
        continue;
      }
      if (frame.kind === 'map') {
        const entries = frame.node.entries;
        if (frame.index >= entries.length) {
          stack.pop();
          this.closeMap(frame, stack);
          this.spareMapFrames.push(frame);
          continue;
        }
        const entry = entries[frame.index++];
        if (entry.kind === 'include') {
          this.include(frame, entry, stack);
          continue;
        }
        if (!entry.value) {
          // Go keeps a key pending until a value comes: one the map's `}` follows takes the map
          // itself (see keyTakesMap). A key the input or an error cut short has nothing to take.
          if (frame.index === entries.length && keyTakesMap(frame.ctx.source.document, frame.node, entry)) frame.ctx.keys.push(entry);
          continue;
        }
        frame.ctx.keys.push(entry);
        this.value(frame, entry.value, stack);
      } else {
        const elements = frame.node.elements;
        if (frame.index >= elements.length) {
          stack.pop();
          this.setValue(stack[stack.length - 1], frame.node, frame.node, frame.elementContents);
          this.spareArrayFrames.push(frame);
          continue;
        }
        this.value(frame, elements[frame.index++], stack);
      }
    }
  }

  private value(frame: MapFrame | ArrayFrame, value: Value, stack: Frame[]): void {
    const ctx = frame.ctx;
    switch (value.kind) {
      case 'map':
        stack.push(this.mapFrame(ctx, value));
        return;
      case 'array':
        stack.push(this.arrayFrame(ctx, value));
        return;
      case 'variable': {
        const target = this.reference(frame, value, stack);
        this.setValue(frame, value, target.resolved, target.content);
        return;
      }
      case 'integer':
        // nats-server sets no value for an unknown size suffix; its key stays pending.
        if (value.dropped) return;
        this.setValue(frame, value, value, undefined);
        return;
      default:
        this.setValue(frame, value, value, undefined);
    }
  }

  private closeMap(frame: MapFrame, stack: Frame[]): void {
    frame.bindings.close(frame.node.entries);
    // A map parsed from the environment has no place in `maps` (its text is in no file).
    const content = frame.ctx.kind === 'environment' ? undefined : frame.bindings;
    if (content) this.maps.add(frame.node, content);
    if (frame.node.kind === 'document') return;
    this.setValue(stack[stack.length - 1], frame.node, frame.node, content);
  }

  /** Go `setValue`: append to an array, or pop the newest pending key and set it in the map. */
  private setValue(frame: Frame | undefined, node: Value, resolved: Value | undefined, content: Content): void {
    if (!frame) return;
    if (frame.kind === 'array') {
      // Remembered for the block walk (lists of blocks: users, remotes, ...).
      if (content instanceof BindingMap) (frame.elementContents ??= new Array(frame.node.elements.length).fill(undefined))[frame.index - 1] = content;
      return;
    }
    if (frame.kind !== 'map') return;
    const ctx = frame.ctx;
    const key = ctx.keys.pop();
    if (!key) return;
    // A duplicate key replaces the earlier one: the later value wins.
    frame.bindings.setKey(key, ctx.source.uri, node, resolved, content);
  }

  // ---------------------------------------------------------------- variables

  /** Resolves `$NAME`: the value it stands for and that value's content (see Binding.content). */
  private reference(frame: MapFrame | ArrayFrame, node: VariableValue, stack: Frame[]): ReferenceTarget {
    const ctx = frame.ctx;
    const name = node.name;
    const binding = visibleBinding(stack, ctx, name);
    if (binding) {
      if (ctx.kind !== 'environment') this.used.add(binding.definition);
      this.variables.set(node, {
        source: 'config',
        name,
        definition: binding.definition,
        uri: binding.uri,
        value: binding.resolved,
      });
      return binding;
    }

    const env = this.lookupEnv(name);
    if (env.status === 'ok') {
      this.variables.set(node, { source: 'environment', name, raw: env.raw, value: env.value, document: env.document });
      return { resolved: env.value, content: undefined };
    }

    let problem: Problem;
    if (env.status === 'absent') {
      problem = this.undefinedProblem(ctx, node, stack);
    } else if (env.status === 'no-value') {
      problem = {
        code: VariableCode.parseError,
        severity: 'error',
        message:
          `Environment variable ${name} is set to ${quote(env.raw)}, but nats-server sets no value when it parses ` +
          `that text (an unsupported size suffix such as "1kbb"), so the reference cannot be found.`,
        range: node.range,
        line: this.natsLine(ctx, node.start, node.range),
        data: { name, raw: env.raw },
      };
    } else {
      problem = {
        code: env.code,
        severity: 'error',
        message: env.message,
        range: node.range,
        line: this.natsLine(ctx, node.start, node.range),
        data: env.chain ? { name, raw: env.raw, chain: env.chain } : { name, raw: env.raw },
      };
    }
    ctx.problems.push(problem);
    this.variables.set(node, {
      source: 'unresolved',
      name,
      code: problem.code,
      message: problem.message,
      ...(env.status === 'absent' ? {} : { raw: env.raw }),
    });
    return UNRESOLVED;
  }

  private undefinedProblem(ctx: FileCtx, node: VariableValue, stack: Frame[]): Problem {
    const name = node.name;
    let message =
      ctx.kind === 'environment'
        ? `Variable "$${name}" is not defined: no earlier key in this value and no environment variable ${name} defines it ` +
          `(an environment value cannot see the config's variables).`
        : `Variable "$${name}" is not defined: no key "${name}" appears before it in this block or an enclosing one, ` +
          `and no environment variable ${name} is set.`;
    if (ctx.kind !== 'environment') {
      const later = findLaterKey(stack, ctx, name);
      if (later) {
        message +=
          ` A key "${name}" is set later (line ${later.range.start.line + 1}), but nats-server only sees keys ` +
          `that come before the reference.`;
      }
      const other = findOtherCase(stack, ctx, name);
      if (other !== undefined) message += ` Names are case-sensitive: "$${other}" is defined.`;
    }
    let severity: Severity = 'error';
    if (ctx.unloadedInclude) {
      severity = 'warning';
      message += ' It may be set by an include that could not be read.';
    }
    return {
      code: VariableCode.undefined,
      severity,
      message,
      range: node.range,
      line: this.natsLine(ctx, node.start, node.range),
      data: { name },
    };
  }

  /** Reads and parses an environment variable as nats-server does (`pk=<value>`), cached. */
  private lookupEnv(name: string): EnvResult {
    const cached = this.envResults.get(name);
    if (cached) return cached;
    const raw = this.environment.getEnv(name);
    if (raw === undefined) {
      const absent: EnvResult = { status: 'absent' };
      this.envResults.set(name, absent);
      return absent;
    }
    const onStack = this.envStack.indexOf(name);
    if (onStack >= 0) {
      const chain = [...this.envStack.slice(onStack), name];
      // Not cached: every variable on the stack gets its own result when it unwinds.
      return { status: 'error', raw, code: VariableCode.cycle, chain, message: cycleMessage(chain) };
    }
    if (this.envStack.length >= this.maxEnvDepth) {
      return {
        status: 'error',
        raw,
        code: VariableCode.parseError,
        message: `Environment variable ${name} is reached through more than ${this.maxEnvDepth} environment variables referring to each other; it is not followed further.`,
      };
    }

    this.envStack.push(name);
    let result: EnvResult;
    try {
      const text = `pk=${raw}`;
      const document = parse(text);
      const ctx = this.newCtx({ uri: '', document, text }, 'environment', []);
      this.walk([this.documentFrame(ctx)]);
      const problems = sortProblems([...this.syntaxProblems(document), ...ctx.problems]).filter(
        (problem) => problem.severity === 'error',
      );
      if (problems.length > 0) {
        const first = problems[0];
        const chain = (first.data as { chain?: string[] } | undefined)?.chain;
        if (first.code === VariableCode.cycle && chain) {
          const message =
            chain[0] === name
              ? cycleMessage(chain)
              : `Environment variable ${name} (${quote(raw)}) leads into a cycle of environment variables: ${chainText(chain)}. ` +
                cycleTail;
          result = { status: 'error', raw, code: VariableCode.cycle, chain, message };
        } else {
          result = {
            status: 'error',
            raw,
            code: VariableCode.parseError,
            message: `The value of environment variable ${name} (${quote(raw)}) does not parse as a config value: ${first.message}`,
          };
        }
      } else {
        const binding = ctx.top.get('pk');
        if (!binding || binding.resolved === undefined) {
          result = { status: 'no-value', raw };
        } else {
          result = { status: 'ok', raw, value: binding.resolved, document };
        }
      }
    } finally {
      this.envStack.pop();
    }
    this.envResults.set(name, result);
    return result;
  }

  // ---------------------------------------------------------------- includes

  private include(frame: MapFrame, include: Include, stack: Frame[]): void {
    const ctx = frame.ctx;
    // An environment value is parsed on its own; nats-server would read its includes relative
    // to its working directory, which the editor does not know.
    if (ctx.kind === 'environment' || !include.path) return;
    const written = include.path.value;
    const range = include.path.range;
    // Counting the lines of a big file is only worth it for a problem.
    const pathStart = include.path.start;
    const line = (): number => this.natsLine(ctx, pathStart, range);

    const base = ctx.source.path;
    if (base === undefined) {
      ctx.unloadedInclude = true;
      this.includeResults.set(include, { status: 'no-base', written });
      ctx.problems.push({
        code: IncludeCode.unresolved,
        severity: 'information',
        message:
          `"${written}" is not checked: this document has not been saved, and nats-server resolves an include ` +
          `relative to the folder of the file that contains it.`,
        range,
        line: line(),
        data: { written },
      });
      return;
    }

    const path = resolveIncludePath(base, written);
    const uri = this.uriOf(path);

    const cycleAt = ctx.chain.indexOf(path);
    if (cycleAt >= 0) {
      ctx.unloadedInclude = true;
      const chain = [...ctx.chain.slice(cycleAt), path];
      this.includeResults.set(include, { status: 'cycle', written, path, uri, chain });
      ctx.problems.push({
        code: IncludeCode.cycle,
        severity: 'error',
        message:
          `Include cycle: ${chain.map((p) => this.displayPath(p)).join(' → ')}. ` +
          `nats-server 2.9.10 follows it until it crashes with a stack overflow.`,
        range,
        line: line(),
        data: { written, path, chain },
      });
      return;
    }

    const memo = this.fileResults.get(path);
    if (memo) {
      this.mergeInclude(frame, include, written, path, memo);
      return;
    }

    const loaded = this.includes.get(path);
    if (!loaded || ctx.chain.length > this.includes.limits.maxDepth) {
      ctx.unloadedInclude = true;
      this.includeResults.set(include, { status: 'limit', written, path, uri });
      const message = !loaded
        ? `"${written}" is not checked: more than ${this.includes.limits.maxFiles} files are included, and the analysis stops reading there.`
        : `"${written}" is not checked: includes nest more than ${this.includes.limits.maxDepth} levels deep, and the analysis stops following them there.`;
      ctx.problems.push({ code: IncludeCode.limit, severity: 'warning', message, range, line: line(), data: { written, path } });
      return;
    }

    if (loaded.status !== 'ok') {
      ctx.unloadedInclude = true;
      this.includeResults.set(include, { status: loaded.status, written, path, uri, message: loaded.message });
      if (loaded.status === 'not-found') {
        ctx.problems.push({
          code: IncludeCode.notFound,
          severity: 'error',
          message: includeNotFoundMessage(base, written, path),
          range,
          line: line(),
          data: { written, path },
        });
      } else {
        ctx.problems.push({
          code: IncludeCode.unreadable,
          severity: 'error',
          message: `Included file ${path} cannot be read: ${loaded.message}.`,
          range,
          line: line(),
          data: { written, path, reason: loaded.reason },
        });
      }
      return;
    }

    const source: SourceFile = { uri: loaded.uri, path, document: loaded.document, text: loaded.text };
    this.files.set(path, source);
    const child = this.newCtx(source, 'include', [...ctx.chain, path]);
    stack.push({ kind: 'file-end', ctx: child, parent: frame, include, path });
    stack.push(this.documentFrame(child));
  }

  private finishInclude(frame: FileEndFrame): void {
    const child = frame.ctx;
    const result: FileResult = {
      source: child.source,
      top: child.top,
      problems: sortProblems([...this.syntaxProblems(child.source.document), ...child.problems]),
    };
    this.fileResults.set(frame.path, result);
    this.mergeInclude(frame.parent, frame.include, frame.include.path?.value ?? '', frame.path, result);
  }

  /** Sets the included file's top-level keys into the current map and reports its problems. */
  private mergeInclude(frame: MapFrame, include: Include, written: string, path: string, result: FileResult): void {
    // Go pushes each key and sets its value at once, so the pending-key stack is unchanged.
    for (const binding of result.top.values()) frame.bindings.set(binding);

    const errors = result.problems.filter((problem) => problem.severity === 'error');
    this.includeResults.set(include, {
      status: 'ok',
      written,
      path,
      uri: result.source.uri,
      document: result.source.document,
      hasErrors: errors.length > 0,
    });
    const range = include.path?.range ?? include.keyword.range;
    const line = (): number => this.natsLine(frame.ctx, include.path?.start ?? include.keyword.start, range);
    if (errors.length > 0) {
      const first = errors[0];
      let message = `The included file "${written}" has an error on line ${first.line}: ${first.message}`;
      if (errors.length > 1) message += ` (and ${errors.length - 1} more)`;
      frame.ctx.problems.push({
        code: IncludeCode.parseError,
        severity: 'error',
        message,
        range,
        line: line(),
        related: relatedOf(result.source.uri, errors),
        data: { written, path, line: first.line },
      });
      return;
    }
    const limits = result.problems.filter((problem) => problem.code === IncludeCode.limit);
    if (limits.length > 0) {
      frame.ctx.problems.push({
        code: IncludeCode.limit,
        severity: 'warning',
        message: `Some includes of "${written}" are not checked: ${limits[0].message}`,
        range,
        line: line(),
        related: relatedOf(result.source.uri, limits),
        data: { written, path },
      });
    }
  }

  // ---------------------------------------------------------------- helpers

  /** Syntax problems of a separately parsed file that make nats-server reject it. */
  private syntaxProblems(document: Document): Problem[] {
    const problems: Problem[] = [];
    for (const error of document.errors) {
      const fatal =
        error.severity === 'error' || (error.code === SyntaxCode.danglingKey && this.options.rejectDanglingKey === true);
      if (!fatal) continue;
      problems.push({
        code: error.code,
        message: error.message,
        severity: 'error',
        range: error.range,
        line: error.natsLine,
        related: error.related,
      });
    }
    return problems;
  }

  private uriOf(path: string): string {
    return this.includes.get(path)?.uri ?? fileUri(path);
  }

  private displayPath(path: string): string {
    if (this.root.path === undefined) return path;
    const relative = nodePath.relative(nodePath.dirname(this.root.path), path);
    return relative === '' || relative.startsWith('..') ? path : relative;
  }
}

const cycleTail =
  'nats-server 2.9.10 crashes with a stack overflow on this; newer releases report "variable reference cycle".';

function chainText(chain: string[]): string {
  return chain.map((name) => `$${name}`).join(' → ');
}

function cycleMessage(chain: string[]): string {
  const subject =
    chain.length === 2 ? `Environment variable ${chain[0]} refers to itself (${chainText(chain)}).` : `Environment variables refer to each other in a cycle: ${chainText(chain)}.`;
  return `${subject} ${cycleTail}`;
}

function quote(text: string): string {
  return JSON.stringify(text);
}

function comparePositions(a: Range, b: Range): number {
  return (
    a.start.line - b.start.line ||
    a.start.character - b.start.character ||
    a.end.line - b.end.line ||
    a.end.character - b.end.character
  );
}

function sortProblems(problems: Problem[]): Problem[] {
  return problems.slice().sort((a, b) => comparePositions(a.range, b.range));
}

function relatedOf(uri: string, problems: Problem[]): RelatedInformation[] {
  const related: RelatedInformation[] = [];
  for (const problem of problems) {
    if (related.length >= MAX_RELATED) break;
    related.push({ uri, range: problem.range, message: problem.message });
    for (const nested of problem.related ?? []) {
      if (related.length >= MAX_RELATED) break;
      related.push(nested.uri === undefined ? { ...nested, uri } : nested);
    }
  }
  return related;
}

/** A key of that name later in one of the open maps of `ctx` (a forward reference). */
function findLaterKey(stack: Frame[], ctx: FileCtx, name: string): KeyValue | undefined {
  let frames = 0;
  for (let i = stack.length - 1; i >= 0 && frames < 64; i--) {
    const frame = stack[i];
    if (frame.ctx !== ctx) break;
    if (frame.kind !== 'map') continue;
    frames++;
    const entries = frame.node.entries;
    for (let j = frame.index; j < entries.length; j++) {
      const entry = entries[j];
      if (entry.kind === 'keyValue' && entry.name === name) return entry;
    }
  }
  return undefined;
}

/**
 * What `$NAME` sees: the key set last in the innermost open map of the file that has it (maps
 * still open are the ones on the stack; arrays are skipped). Looked up only when a reference
 * appears, so the walk keeps no scope bookkeeping for the many keys nobody refers to.
 */
function visibleBinding(stack: Frame[], ctx: FileCtx, name: string): Binding | undefined {
  for (let i = stack.length - 1; i >= 0; i--) {
    const frame = stack[i];
    if (frame.ctx !== ctx) break;
    if (frame.kind !== 'map') continue;
    const binding = frame.bindings.get(name);
    if (binding) return binding;
  }
  return undefined;
}

/** A visible name that differs from `name` only in case (outer maps first). */
function findOtherCase(stack: Frame[], ctx: FileCtx, name: string): string | undefined {
  const lower = name.toLowerCase();
  let bottom = stack.length;
  while (bottom > 0 && stack[bottom - 1].ctx === ctx) bottom--;
  for (let i = bottom; i < stack.length; i++) {
    const frame = stack[i];
    if (frame.kind !== 'map') continue;
    for (const binding of frame.bindings.bindings()) {
      if (binding.name !== name && binding.name.toLowerCase() === lower) return binding.name;
    }
  }
  return undefined;
}
