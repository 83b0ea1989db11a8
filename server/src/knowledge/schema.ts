/**
 * The whole-config schema: which keys each block of a nats-server config accepts, what kinds of
 * value they take, since which release, and how the server treats keys it does not know.
 *
 * The data is `schema.generated.ts` (from shared/reference/nats-options.json, see
 * scripts/generate-schema.mjs); this module only types it and answers questions about it with
 * pure functions. Analysis, hover and completion all read it from here.
 *
 * Vocabulary:
 * - A **context** is a kind of block: `top`, `cluster`, `tls`, `leafnodes.remotes[]` (one element
 *   of the `remotes` array), `accounts.<name>` (one account block)… Several places can share one
 *   context (every `tls {}` block is the context `tls`); `paths` lists them.
 * - A **key** has a canonical name and aliases. Aliases are extra names of the very same option
 *   (extra `case` labels in the server's switch), each with its own first release.
 * - A **freeform** context has no fixed keys: every key is user data (account names, subjects,
 *   metadata keys, header names), so no key in it is ever unknown.
 */
import { CONTEXT_DATA } from './schema.generated';
import { availableTargets, isAvailable, type ServerVersion, targetIncludes } from './versions';

export { SCHEMA_SOURCE } from './schema.generated';

// ---------------------------------------------------------------------------------------------
// Data types (the generated module is typed by these)

/**
 * What a value may be, normalised from the inventory's type descriptions. Each form implies the
 * literal the conf parser must produce (see {@link literalTypeOf}):
 *
 * | form              | literal | meaning                                                          |
 * |-------------------|---------|------------------------------------------------------------------|
 * | `string`          | string  | any string                                                       |
 * | `duration`        | string  | Go duration (`"2s"`, `"1m30s"`, `500ms`)                         |
 * | `enum`            | string  | one of `enumValues` (case per `enumCaseInsensitive`)             |
 * | `size-string`     | string  | storage size `"<int>K|M|G|T"` (binary multiples; getStorageSize) |
 * | `integer`         | integer | any integer (the lexer applies size suffixes: `1k` = 1000)       |
 * | `size`            | integer | a number of bytes; size suffixes are the point                   |
 * | `seconds`         | integer | a number of seconds                                              |
 * | `float-seconds`   | float   | a number of seconds with a fraction                              |
 * | `boolean`         | boolean | `true/false/yes/no/on/off`, unquoted                             |
 * | `map`             | map     | a block, checked against the key's child context                 |
 * | `array<string>`   | array   | array of strings                                                 |
 * | `array<duration>` | array   | array of duration strings                                        |
 * | `array<map>`      | array   | array of blocks, each checked against the key's child context    |
 */
export type ValueForm =
  | 'string'
  | 'duration'
  | 'enum'
  | 'size-string'
  | 'integer'
  | 'size'
  | 'seconds'
  | 'float-seconds'
  | 'boolean'
  | 'map'
  | 'array<string>'
  | 'array<duration>'
  | 'array<map>';

/** The literal types of the conf parser (dates never match an option). */
export type LiteralType = 'string' | 'integer' | 'float' | 'boolean' | 'map' | 'array';

/** `true`/`false` as measured with the Debian 2.9.10 binary; `unknown` where it cannot tell. */
export type Accepted2_9_10 = boolean | 'unknown';

export interface AliasData {
  readonly name: string;
  readonly sinceVersion: string;
  readonly acceptedBy2_9_10: Accepted2_9_10;
  /** The v2.9.10 source's answer, present where the binary could not tell. */
  readonly in2_9_10Source?: boolean;
}

export interface KeyData {
  /** Canonical name, lower case in case-insensitive contexts. */
  readonly name: string;
  readonly aliases?: readonly AliasData[];
  /** Kind summary for people: `integer`, `union<duration|integer(seconds)>`, `map:tls`… */
  readonly kind: string;
  /** Every value form the server accepts. */
  readonly accepts: readonly ValueForm[];
  /** Forms accepted with a warning ("should be converted to a duration"); they fail `-t`. */
  readonly deprecatedForms?: readonly ValueForm[];
  /** Allowed strings for the `enum` form (or the elements of a string list). */
  readonly enumValues?: readonly string[];
  readonly enumCaseInsensitive?: boolean;
  /** Context of a block value, or of the block elements of an array value. */
  readonly context?: string;
  readonly sinceVersion: string;
  readonly acceptedBy2_9_10: Accepted2_9_10;
  readonly in2_9_10Source?: boolean;
  /** Deprecated in favour of `replacement` (a config path) when given. */
  readonly deprecated?: { readonly replacement?: string };
  /**
   * The key matches in any case, but its value is only read when written in lower case
   * (`SYSTEM_ACCOUNT: X` passes `-t` and does nothing).
   */
  readonly exactCaseEffect?: boolean;
  /** Constraints on the value, as prose (hover). */
  readonly constraints?: string;
  /** What the server does with the key in this context when that is unusual (hover). */
  readonly effect?: string;
  readonly notes?: readonly string[];
}

/**
 * What happens to a key the context does not know:
 * - `error`: reported (`unknown field "x"`), unless the variable exemption applies;
 * - `ignored`: silently ignored by the server (exact-case map lookups: resolver, latency…);
 * - `freeform`: there are no fixed keys; every key is user data.
 */
export type UnknownKeyPolicy = 'error' | 'ignored' | 'freeform';

export interface FreeformData {
  /** What the keys are: `account name`, `source subject (validated)`… */
  readonly keyDescription: string;
  /** Forms of the entry values. */
  readonly values: readonly ValueForm[];
  /** Context of the block values (or block elements of array values) of the entries. */
  readonly entryContext?: string;
}

export interface ContextData {
  readonly id: string;
  /** Config paths that lead here, as in the inventory's pathIndex (`cluster.tls`, `leafnodes.remotes[]`). */
  readonly paths: readonly string[];
  /** `insensitive`: keys are lower-cased before matching. `sensitive`: exact match only. */
  readonly keyCase: 'insensitive' | 'sensitive';
  readonly unknownKeys: UnknownKeyPolicy;
  /** A key referenced elsewhere as `$key` is a variable definition, not an unknown key. */
  readonly variableExemption: boolean;
  /** The server reports only the first unknown key of the block (and stops parsing it). */
  readonly stopsAtFirstUnknown: boolean;
  readonly sinceVersion: string;
  /** The server's message for an unknown key: `<key>` is the key as written, `<parentKey>` the block's key. */
  readonly unknownFieldMessage?: string;
  /** Older wordings: `message` applies to releases before `before`. */
  readonly unknownFieldMessageBefore?: readonly { readonly before: string; readonly message: string }[];
  readonly freeform?: FreeformData;
  /** Not a context of the inventory: a freeform map (or the account-name map) given a context here. */
  readonly synthetic?: boolean;
  readonly notes?: readonly string[];
  readonly keys: readonly KeyData[];
}

export interface SchemaSource {
  readonly repo: string;
  readonly commit: string;
  readonly version: string;
  readonly commitDate: string;
}

// ---------------------------------------------------------------------------------------------
// Indexes (built once, on first use)

/** One name a key can be written as: the canonical name or one of its aliases. */
export interface KeyName {
  /** The name as the schema spells it. */
  readonly name: string;
  readonly key: KeyData;
  /** Set when `name` is an alias of `key`. */
  readonly alias?: AliasData;
  /** The first release of this very name (an alias may be younger or older than its key). */
  readonly sinceVersion: string;
  readonly acceptedBy2_9_10: Accepted2_9_10;
  readonly in2_9_10Source?: boolean;
  /** What the block walk and the schema rules ask of this name, answered once. */
  readonly facts: KeyFacts;
}

/**
 * What the block walk and the schema rules ask of every key of a big config, answered once per
 * name and kept in one object shape: the schema's key records come in many shapes (optional
 * fields), and reading them for every key cost more than the checks themselves.
 */
export class KeyFacts {
  /** The context of the key's block value or block elements ({@link childContext}). */
  readonly childContext: ContextData | undefined;
  /** The key takes a list of blocks (`array<map>`). */
  readonly takesBlockList: boolean;
  /** Every element of a list value must be a block (`array<map>` and no `array<string>`). */
  readonly takesOnlyBlocks: boolean;
  /** The key has value forms: something is known about its value. */
  readonly knowsValue: boolean;
  readonly deprecated: boolean;
  /** {@link LiteralFit} of the key for each literal type. */
  readonly stringFit: LiteralFit;
  readonly integerFit: LiteralFit;
  readonly floatFit: LiteralFit;
  readonly booleanFit: LiteralFit;
  readonly mapFit: LiteralFit;
  readonly arrayFit: LiteralFit;

  constructor(
    key: KeyData,
    /** The targets that have the name, as bits ({@link availableTargets}). */
    readonly targets: number,
  ) {
    this.childContext = key.context === undefined ? undefined : byId().get(key.context);
    this.takesBlockList = key.accepts.includes('array<map>');
    this.takesOnlyBlocks = this.takesBlockList && !key.accepts.includes('array<string>');
    this.knowsValue = key.accepts.length > 0;
    this.deprecated = key.deprecated !== undefined;
    this.stringFit = literalFit(key, 'string');
    this.integerFit = literalFit(key, 'integer');
    this.floatFit = literalFit(key, 'float');
    this.booleanFit = literalFit(key, 'boolean');
    this.mapFit = literalFit(key, 'map');
    this.arrayFit = literalFit(key, 'array');
  }
}

interface ContextIndex {
  readonly names: ReadonlyMap<string, KeyName>;
  readonly lookup: KeyNames;
  readonly list: readonly KeyName[];
}

let contextsById: ReadonlyMap<string, ContextData> | undefined;
// A Map, not a WeakMap: contexts live as long as the module, and a Map lookup is the faster one.
const indexes = new Map<ContextData, ContextIndex>();

function byId(): ReadonlyMap<string, ContextData> {
  contextsById ??= new Map(CONTEXT_DATA.map((context) => [context.id, context]));
  return contextsById;
}

/** A written key as the context matches it: lower-cased where keys are case-insensitive. */
export function foldKey(context: ContextData, writtenName: string): string {
  return context.keyCase === 'insensitive' ? writtenName.toLowerCase() : writtenName;
}

function indexOf(context: ContextData): ContextIndex {
  let index = indexes.get(context);
  if (!index) {
    const list: KeyName[] = [];
    for (const key of context.keys) {
      list.push(nameEntry(key.name, key, key));
      for (const alias of key.aliases ?? []) list.push(nameEntry(alias.name, key, alias, alias));
    }
    const names = new Map(list.map((entry) => [foldKey(context, entry.name), entry]));
    index = { list, names, lookup: new KeyNames(context, names) };
    indexes.set(context, index);
  }
  return index;
}

function nameEntry(name: string, key: KeyData, own: KeyData | AliasData, alias?: AliasData): KeyName {
  return {
    name,
    key,
    ...(alias ? { alias } : {}),
    sinceVersion: own.sinceVersion,
    acceptedBy2_9_10: own.acceptedBy2_9_10,
    ...(own.in2_9_10Source === undefined ? {} : { in2_9_10Source: own.in2_9_10Source }),
    // The name's first release and 2.9.10 answers are its own (an alias's, not its key's).
    facts: new KeyFacts(key, availableTargets(own)),
  };
}

// ---------------------------------------------------------------------------------------------
// Contexts

/** Every context: the inventory's 44, then the synthetic freeform maps. */
export function allContexts(): readonly ContextData[] {
  return CONTEXT_DATA;
}

export function contextById(id: string): ContextData | undefined {
  return byId().get(id);
}

/** The top level of a config file. */
export function rootContext(): ContextData {
  const top = byId().get('top');
  if (!top) throw new Error('schema: no top context');
  return top;
}

/**
 * The context of a key's value: of the block when the value is a map, of each block element when
 * it is an array of maps (`leafnodes.remotes` → `leafnodes.remotes[]`, `users` → `users[]`).
 * For a freeform map value it is a freeform context (`server_metadata`, `websocket.headers`,
 * `mappings`), and for top-level `accounts` the account-name map `accounts`, whose entries are
 * `accounts.<name>` blocks (see {@link entryContext}). Undefined for keys with no block value.
 * (`context` is there for symmetry: a key's spec already names its child context.)
 */
export function childContext(_context: ContextData, key: KeyData): ContextData | undefined {
  return key.context === undefined ? undefined : byId().get(key.context);
}

/**
 * For a freeform context, the context of its entries' block values (and block elements of array
 * values): `accounts` → `accounts.<name>`, `mappings` → `mapping_destination`. Undefined when
 * entries are plain values (`server_metadata`) or the context is not freeform.
 */
export function entryContext(context: ContextData): ContextData | undefined {
  const id = context.freeform?.entryContext;
  return id === undefined ? undefined : byId().get(id);
}

/**
 * The context at a config path in the inventory's pathIndex notation: `cluster.tls`,
 * `leafnodes.remotes[]`, `accounts.<name>.users[].permissions`, `mappings.<subject>`,
 * `<permissions>.publish` (a leading `<id>` starts at that context). `''` is the top level.
 * Undefined when a step does not exist.
 */
export function contextAtPath(path: string): ContextData | undefined {
  let segments = path === '' ? [] : path.split('.');
  let context: ContextData | undefined = rootContext();
  const start = /^<(.+)>$/.exec(segments[0] ?? '');
  if (start && byId().has(start[1])) {
    context = byId().get(start[1]);
    segments = segments.slice(1);
  }
  for (const segment of segments) {
    if (!context) return undefined;
    if (/^<.+>$/.test(segment)) {
      context = entryContext(context);
      continue;
    }
    const isElement = segment.endsWith('[]');
    const key = lookupKey(context, isElement ? segment.slice(0, -2) : segment);
    if (!key || (isElement && !key.accepts.includes('array<map>'))) return undefined;
    context = childContext(context, key);
  }
  return context;
}

// ---------------------------------------------------------------------------------------------
// Keys

/**
 * The key a written name means in the context, aliases resolved to their key; matched per the
 * context's case rule. Undefined when the context has no such key (always, in freeform contexts).
 */
export function lookupKey(context: ContextData, writtenName: string): KeyData | undefined {
  return lookupName(context, writtenName)?.key;
}

/** Like {@link lookupKey}, but tells which name matched (canonical or alias) and its first release. */
export function lookupName(context: ContextData, writtenName: string): KeyName | undefined {
  return indexOf(context).names.get(foldKey(context, writtenName));
}

/**
 * {@link lookupName} for one context, for callers that look up every key of a block (a big
 * config has hundreds of thousands): no per-call index lookup, and no lower-casing of the many
 * names already written in lower case.
 */
export function keyNamesOf(context: ContextData): KeyNames {
  return indexOf(context).lookup;
}

export class KeyNames {
  constructor(
    private readonly context: ContextData,
    /** By {@link foldKey}ed name. */
    private readonly names: ReadonlyMap<string, KeyName>,
  ) {}

  lookup(writtenName: string): KeyName | undefined {
    // Most keys are written as the index holds them (folded): found without lower-casing.
    const asWritten = this.names.get(writtenName);
    if (asWritten !== undefined || this.context.keyCase !== 'insensitive' || this.names.size === 0) return asWritten;
    return this.names.get(writtenName.toLowerCase());
  }
}

/**
 * The names that can be written in the context (each key, then its aliases, in the server's
 * order), for completion. With a target, only the names that release accepts.
 */
export function keysOf(context: ContextData, target?: ServerVersion): readonly KeyName[] {
  const list = indexOf(context).list;
  return target === undefined ? list : list.filter((entry) => isAvailable(entry, target));
}

/** Whether some key of the context takes a block of context `childId` (such as `tls`); answered once per pair. */
export function hasKeyOfContext(context: ContextData, childId: string): boolean {
  let answers = childIdsOf.get(context);
  if (!answers) childIdsOf.set(context, (answers = new Set(context.keys.flatMap((key) => (key.context === undefined ? [] : [key.context])))));
  return answers.has(childId);
}

const childIdsOf = new Map<ContextData, ReadonlySet<string>>();

/** Whether the release the target stands for has this kind of block at all. */
export function isContextAvailable(context: ContextData, target: ServerVersion): boolean {
  return isAvailable(context, target);
}

// ---------------------------------------------------------------------------------------------
// Unknown keys

export function isFreeform(context: ContextData): boolean {
  return context.unknownKeys === 'freeform';
}

export function unknownKeyPolicy(context: ContextData): UnknownKeyPolicy {
  return context.unknownKeys;
}

/** Whether a key used elsewhere as `$key` is exempt from unknown-key errors in this context. */
export function hasVariableExemption(context: ContextData): boolean {
  return context.variableExemption;
}

export function stopsAtFirstUnknown(context: ContextData): boolean {
  return context.stopsAtFirstUnknown;
}

/**
 * The server's text for an unknown key in this context and release, the key as written; undefined
 * where unknown keys are not errors. `parentKey` is the written key of the block (only the
 * account `msg_trace` message names it). No `FILE:LINE:COL:` prefix.
 */
export function unknownFieldMessage(
  context: ContextData,
  writtenKey: string,
  target: ServerVersion = 'latest',
  parentKey = '',
): string | undefined {
  let template = context.unknownFieldMessage;
  if (template === undefined) return undefined;
  for (const older of context.unknownFieldMessageBefore ?? []) {
    if (!targetIncludes(target, older.before)) template = older.message;
  }
  return template.replace(/<key>/g, () => writtenKey).replace(/<parentKey>/g, () => parentKey);
}

// ---------------------------------------------------------------------------------------------
// Values

const LITERAL_OF: Readonly<Record<ValueForm, LiteralType>> = {
  string: 'string',
  duration: 'string',
  enum: 'string',
  'size-string': 'string',
  integer: 'integer',
  size: 'integer',
  seconds: 'integer',
  'float-seconds': 'float',
  boolean: 'boolean',
  map: 'map',
  'array<string>': 'array',
  'array<duration>': 'array',
  'array<map>': 'array',
};

/** The conf-parser literal a value form needs. */
export function literalTypeOf(form: ValueForm): LiteralType {
  return LITERAL_OF[form];
}

/** The literal types a key accepts (for "wrong kind" checks). */
export function acceptedLiteralTypes(key: KeyData): ReadonlySet<LiteralType> {
  return new Set(key.accepts.map(literalTypeOf));
}

/** The forms of the key a literal of this type can be (empty: a wrong kind of value). */
export function formsForLiteral(key: KeyData, literal: LiteralType): readonly ValueForm[] {
  return key.accepts.filter((form) => LITERAL_OF[form] === literal);
}

/**
 * How a key takes a literal of this type: as one of its forms, only as a form the server reads
 * with a warning (`deprecatedForms`, which fails `nats-server -t`), or not at all.
 */
export type LiteralFit = 'accepted' | 'deprecated' | 'wrong';

/** {@link LiteralFit} of the key for the literal (kept in {@link KeyFacts}). */
function literalFit(key: KeyData, literal: LiteralType): LiteralFit {
  let fit: LiteralFit = 'wrong';
  for (const form of key.accepts) {
    if (LITERAL_OF[form] !== literal) continue;
    if (!key.deprecatedForms?.includes(form)) return 'accepted';
    fit = 'deprecated';
  }
  return fit;
}
