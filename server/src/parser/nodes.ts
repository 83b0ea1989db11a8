/**
 * The syntax tree's node classes and the decoding of scalar values, shared by the two ways a
 * text is parsed (parser.ts): the fast reader for ordinary configs and the state machine that
 * mirrors nats-server's lexer for everything else. Both must build the very same tree.
 */
import type { Entry, Include, Key, Position, Range, Separator, StringValue, Value } from './ast';

/** LSP line starts: `\r\n`, `\n` and a lone `\r` each end a line, as in editors. */
export function computeLineStarts(text: string): number[] {
  const starts = [0];
  if (text.indexOf('\r') < 0) {
    // The usual file: searching for '\n' is several times faster than testing every character.
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    return starts;
  }
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) starts.push(i + 1);
    else if (c === 13) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    }
  }
  return starts;
}

/** The 0-based line holding `offset`, by binary search over a document's line starts. */
export function lineAt(lineStarts: readonly number[], offset: number): number {
  let low = 0;
  let high = lineStarts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (lineStarts[mid] <= offset) low = mid;
    else high = mid - 1;
  }
  return low;
}

/**
 * The line nats-server prints for an offset: it counts `\n` only (a lone `\r` starts no line).
 * The newlines are found when the first line is asked for: most texts have no problem to place.
 */
export class NatsLines {
  private newlines: number[] | undefined;
  constructor(private readonly text: string) {}

  /** The 1-based nats-server line of `offset`. */
  lineOf(offset: number): number {
    if (!this.newlines) {
      this.newlines = [];
      for (let i = this.text.indexOf('\n'); i >= 0; i = this.text.indexOf('\n', i + 1)) this.newlines.push(i);
    }
    // The number of newlines before the offset.
    let low = 0;
    let high = this.newlines.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (this.newlines[mid] < offset) low = mid + 1;
      else high = mid;
    }
    return low + 1;
  }
}

/** Converts offsets to positions; fast for the mostly increasing offsets a parse produces. */
export class PositionMapper {
  private hint = 0;
  /** With the text, an offset between the `\r` and `\n` of a CRLF maps to the end of its line. */
  constructor(private readonly lineStarts: number[], private text?: string) {}

  /** Whether `lineStarts` is the very array this maps with (patch.ts shifts it in place). */
  hasLineStarts(lineStarts: readonly number[]): boolean {
    return this.lineStarts === lineStarts;
  }

  /** The text from `from` to `to` (StringNode values); only for a mapper made with the text. */
  textBetween(from: number, to: number): string {
    return (this.text as string).slice(from, to);
  }

  /** Whether `value` is the text from `from` to `to`; false for a mapper made without the text. */
  holdsText(value: string, from: number, to: number): boolean {
    const text = this.text;
    return text !== undefined && value.length === to - from && text.startsWith(value, from);
  }

  /** The text after an edit that patch.ts applied to the tree in place (its line starts included). */
  retext(text: string): void {
    if (this.text !== undefined) this.text = text;
    this.hint = 0;
  }

  positionAt(offset: number): Position {
    const starts = this.lineStarts;
    let line = this.hint;
    if (offset >= starts[line] && (line + 1 >= starts.length || offset < starts[line + 1])) {
      // same line as last time
    } else if (line + 1 < starts.length && offset >= starts[line + 1] && (line + 2 >= starts.length || offset < starts[line + 2])) {
      line++;
    } else {
      line = lineAt(starts, offset);
    }
    this.hint = line;
    const character = offset - starts[line];
    // Between `\r` and `\n` is no editor position (a key can end there: `{/\r\n` reads `\r` as a key).
    if (this.text !== undefined && this.text.charCodeAt(offset) === 10 && this.text.charCodeAt(offset - 1) === 13) return { line, character: character - 1 };
    return { line, character };
  }

  range(start: number, end: number): Range {
    return { start: this.positionAt(start), end: this.positionAt(end) };
  }
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

export const SIZE_MULTIPLIERS: Record<string, number> = {
  '': 1,
  k: 1e3, kb: 2 ** 10, ki: 2 ** 10, kib: 2 ** 10,
  m: 1e6, mb: 2 ** 20, mi: 2 ** 20, mib: 2 ** 20,
  g: 1e9, gb: 2 ** 30, gi: 2 ** 30, gib: 2 ** 30,
  t: 1e12, tb: 2 ** 40, ti: 2 ** 40, tib: 2 ** 40,
  p: 1e15, pb: 2 ** 50, pi: 2 ** 50, pib: 2 ** 50,
  e: 1e18, eb: 2 ** 60, ei: 2 ** 60, eib: 2 ** 60,
};

/**
 * One class per node kind, every field set in the constructor in one order, so the nodes of a
 * kind share one shape (a big file has millions of nodes; mixed shapes made every walk over
 * them slow and cost memory). The classes are shared by all documents: classes made per parse
 * gave each document its own shapes, and code that saw several documents went megamorphic.
 * A `range` is computed from the offsets when read (few are ever needed) through the
 * document's line table, held in a private field so that it stays out of enumerations.
 */
/** The document's line table, on every node, for `range` (a symbol: it stays out of JSON and key lists). */
export const LINES = Symbol('lines');

/**
 * What every node has. The node classes set these fields in their own constructors and inherit
 * from Spanned through their prototypes only (see `inheritsSpanned`): with `extends`, one shared
 * constructor stored the fields of all kinds of nodes, its stores went megamorphic and it was
 * the parser's hottest function.
 */
export class Spanned {
  declare [LINES]: PositionMapper;
  declare start: number;
  declare end: number;
  constructor(lines: PositionMapper, start: number, end: number) {
    this[LINES] = lines;
    this.start = start;
    this.end = end;
  }
  get range(): Range {
    return this[LINES].range(this.start, this.end);
  }
}

export interface KeyNode extends Spanned {}
export class KeyNode {
  declare name: string;
  declare quote: '"' | "'" | undefined;
  declare readonly kind: 'key';
  constructor(lines: PositionMapper, start: number, end: number, name: string, quote: '"' | "'" | undefined) {
    this[LINES] = lines;
    this.start = start;
    this.end = end;
    this.name = name;
    this.quote = quote;
  }
}

export interface SeparatorNode extends Spanned {}
export class SeparatorNode {
  declare text: '=' | ':';
  declare readonly kind: 'separator';
  constructor(lines: PositionMapper, start: number, end: number, text: '=' | ':') {
    this[LINES] = lines;
    this.start = start;
    this.end = end;
    this.text = text;
  }
}

/** `KeyValueNode.keyForm`: the key's quote (bits 0-1), `=` as the separator (bit 2), the separator's distance from the entry's start (the rest). */
const QUOTE_BITS = 3;
const DOUBLE_QUOTED = 1;
const SINGLE_QUOTED = 2;
const EQUALS_BIT = 4;
const GAP_SHIFT = 3;
/** The distance stored for a separator farther than fits a small integer; the place is then in `farSeparators`. */
const FAR = 2 ** 27 - 1;
/** The separators of entries whose separator is `FAR` or more characters after their start (a key or blanks that long). */
const farSeparators = new WeakMap<KeyValueNode, number>();

export interface KeyValueNode extends Spanned {}
/**
 * A key and its value. The entry holds what its key is (name and quote), and the key's node is
 * made when `key` is read: most keys are only ever read by name, and a node per key was a
 * quarter of a big tree's objects. The separator's node is made the same way.
 *
 * The key's quote and the separator's kind and place are one small integer (`keyForm`), and
 * the key's end follows from its start, name and quotes (a key holds no escapes): as four fields
 * they were 24 bytes more on each of a big config's hundreds of thousands of entries. The
 * separator is kept as its distance from the entry's start, so `separatorAt` moves with
 * `start`: read it before moving `start`.
 */
export class KeyValueNode {
  declare name: string;
  declare keyForm: number;
  declare readonly kind: 'keyValue';
  declare value: Value | undefined;
  constructor(lines: PositionMapper, start: number, name: string, keyQuote: '"' | "'" | undefined) {
    this[LINES] = lines;
    this.start = start;
    this.name = name;
    this.keyForm = keyQuote === undefined ? 0 : keyQuote === '"' ? DOUBLE_QUOTED : SINGLE_QUOTED;
    this.value = undefined;
  }
  /** Where the entry ends: with its value, else its separator, else its key (not a field: see below). */
  declare readonly end: number;
  /** Where the key ends: its name, and its quotes when it has them (the parsers guarantee it). */
  get keyEnd(): number {
    return this.start + this.name.length + ((this.keyForm & QUOTE_BITS) === 0 ? 0 : 2);
  }
  get keyQuote(): '"' | "'" | undefined {
    const quote = this.keyForm & QUOTE_BITS;
    return quote === 0 ? undefined : quote === DOUBLE_QUOTED ? '"' : "'";
  }
  /** Where the separator is; -1 when there is none. */
  get separatorAt(): number {
    const gap = this.keyForm >>> GAP_SHIFT;
    if (gap === 0) return -1;
    return gap === FAR ? (farSeparators.get(this) as number) : this.start + gap - 1;
  }
  set separatorAt(at: number) {
    let gap = at < 0 ? 0 : at - this.start + 1;
    if (gap >= FAR) {
      farSeparators.set(this, at);
      gap = FAR;
    } else if (this.keyForm >>> GAP_SHIFT === FAR) farSeparators.delete(this);
    this.keyForm = (this.keyForm & (QUOTE_BITS | EQUALS_BIT)) | (gap << GAP_SHIFT);
  }
  get separatorText(): '=' | ':' {
    return (this.keyForm & EQUALS_BIT) !== 0 ? '=' : ':';
  }
  set separatorText(text: '=' | ':') {
    this.keyForm = text === '=' ? this.keyForm | EQUALS_BIT : this.keyForm & ~EQUALS_BIT;
  }
  /** A new node on each read: compare keys by offset, not identity. */
  get key(): Key {
    return new KeyNode(this[LINES], this.start, this.keyEnd, this.name, this.keyQuote) as Key;
  }
  get separator(): Separator | undefined {
    return this.separatorAt < 0 ? undefined : (new SeparatorNode(this[LINES], this.separatorAt, this.separatorAt + 1, this.separatorText) as Separator);
  }
}

/** `StringNode.form`: the style (bits 0-1, as in STYLES) and whether the value is kept apart (bit 2). */
const STYLES: readonly StringValue['style'][] = ['double', 'single', 'unquoted', 'raw'];
const STYLE_BITS = 3;
const UNQUOTED = 2;
const RAW = 3;
const VALUE_APART = 4;
/** The values of strings whose value is not their text (escapes, raw blocks, `$` words): few. */
const valuesApart = new WeakMap<StringNode, string>();

export interface StringNode extends Spanned {}
/**
 * A string value. Its `value` is nearly always the text between its quotes (or the word itself),
 * and then it is not kept but cut from the document's text when read: a big config's string
 * values were a tenth of its memory, as slices of the text or copies of it. A value that differs
 * from its text is kept apart. The style is a number in `form`.
 */
export class StringNode {
  declare form: number;
  declare readonly kind: 'string';
  /** `value` undefined: the text between the quotes (the fast reader reads no other strings). */
  constructor(lines: PositionMapper, start: number, end: number, value: string | undefined, style: StringValue['style']) {
    this[LINES] = lines;
    this.start = start;
    this.end = end;
    this.form = style === 'double' ? 0 : style === 'single' ? 1 : style === 'unquoted' ? UNQUOTED : RAW;
    if (value !== undefined) this.value = value;
  }
  get style(): StringValue['style'] {
    return STYLES[this.form & STYLE_BITS];
  }
  get value(): string {
    const form = this.form;
    if ((form & VALUE_APART) !== 0) return valuesApart.get(this) as string;
    const quote = (form & STYLE_BITS) === UNQUOTED ? 0 : 1;
    return this[LINES].textBetween(this.start + quote, this.end - quote);
  }
  /** Kept apart only when it differs from the text between the quotes as they are now. */
  set value(value: string) {
    const style = this.form & STYLE_BITS;
    const quote = style === UNQUOTED ? 0 : 1;
    if (style !== RAW && this[LINES].holdsText(value, this.start + quote, this.end - quote)) {
      if ((this.form & VALUE_APART) !== 0) valuesApart.delete(this);
      this.form = style;
      return;
    }
    valuesApart.set(this, value);
    this.form = style | VALUE_APART;
  }
}

export interface IntegerNode extends Spanned {}
export class IntegerNode {
  declare value: number;
  declare digits: string;
  declare suffix: string;
  declare multiplier: number;
  declare readonly kind: 'integer';
  declare dropped: boolean | undefined;
  constructor(lines: PositionMapper, start: number, end: number, value: number, digits: string, suffix: string, multiplier: number) {
    this[LINES] = lines;
    this.start = start;
    this.end = end;
    this.value = value;
    this.digits = digits;
    this.suffix = suffix;
    this.multiplier = multiplier;
    this.dropped = undefined;
  }
}

/** A float, boolean or datetime: a value and nothing else. */
export interface ScalarNode<K extends 'float' | 'boolean' | 'datetime', V> extends Spanned {}
export class ScalarNode<K extends 'float' | 'boolean' | 'datetime', V> {
  declare readonly kind: K;
  declare value: V;
  constructor(lines: PositionMapper, start: number, end: number, value: V) {
    this[LINES] = lines;
    this.start = start;
    this.end = end;
    this.value = value;
  }
}

export class FloatNode extends ScalarNode<'float', number> {}
export class BooleanNode extends ScalarNode<'boolean', boolean> {}
export class DateTimeNode extends ScalarNode<'datetime', string> {}

export interface VariableNode extends Spanned {}
export class VariableNode {
  declare name: string;
  declare readonly kind: 'variable';
  constructor(lines: PositionMapper, start: number, end: number, name: string) {
    this[LINES] = lines;
    this.start = start;
    this.end = end;
    this.name = name;
  }
}

/**
 * Maps and arrays the input ended in (the state machine parser marks them when it finishes):
 * few, so a container is closed unless it is here, and no container spends a field on it.
 */
const unclosedContainers = new WeakSet<MapNode | ArrayNode>();

/** `closed` of a map or array (see unclosedContainers). */
const closedProperty: PropertyDescriptor = {
  get(this: MapNode | ArrayNode): boolean {
    return !unclosedContainers.has(this);
  },
  set(this: MapNode | ArrayNode, closed: boolean) {
    if (closed) unclosedContainers.delete(this);
    else unclosedContainers.add(this);
  },
  enumerable: true,
};

export interface MapNode extends Spanned {}
export class MapNode {
  declare readonly kind: 'map';
  declare entries: Entry[];
  /** True unless set to false (see unclosedContainers). */
  declare closed: boolean;
  constructor(lines: PositionMapper, start: number, end: number) {
    this[LINES] = lines;
    this.start = start;
    this.end = end;
    this.entries = EMPTY;
  }
}
Object.defineProperty(MapNode.prototype, 'closed', closedProperty);

export interface ArrayNode extends Spanned {}
export class ArrayNode {
  declare readonly kind: 'array';
  declare elements: Value[];
  /** True unless set to false (see unclosedContainers). */
  declare closed: boolean;
  constructor(lines: PositionMapper, start: number, end: number) {
    this[LINES] = lines;
    this.start = start;
    this.end = end;
    this.elements = EMPTY;
  }
}
Object.defineProperty(ArrayNode.prototype, 'closed', closedProperty);

export interface CommentNode extends Spanned {}
export class CommentNode {
  declare style: '#' | '//';
  declare text: string;
  declare readonly kind: 'comment';
  constructor(lines: PositionMapper, start: number, end: number, style: '#' | '//', text: string) {
    this[LINES] = lines;
    this.start = start;
    this.end = end;
    this.style = style;
    this.text = text;
  }
}

/**
 * An entry ends where its value ends, or after its separator, or with its key: a field for it was
 * 8 bytes on each of a big config's hundreds of thousands of entries, and one more offset for
 * each edit to move.
 */
Object.defineProperty(KeyValueNode.prototype, 'end', {
  get(this: KeyValueNode): number {
    const value = this.value;
    if (value !== undefined) return value.end;
    const separatorAt = this.separatorAt;
    return separatorAt >= 0 ? separatorAt + 1 : this.keyEnd;
  },
  enumerable: true,
});

/** The classes' own interfaces extend Spanned (declaration merging); their prototypes do so here. */
function inheritsSpanned(...nodes: (abstract new (...args: never[]) => Spanned)[]): void {
  for (const node of nodes) Object.setPrototypeOf(node.prototype, Spanned.prototype);
}
inheritsSpanned(KeyNode, SeparatorNode, KeyValueNode, StringNode, IntegerNode, ScalarNode, VariableNode, MapNode, ArrayNode, CommentNode);

/**
 * Each class's `kind` lives on its prototype: a field on every node cost 8 bytes per node (a
 * big file has over a million) and a store in every constructor.
 */
function kindOnPrototype(node: abstract new (...args: never[]) => Spanned, kind: string): void {
  Object.defineProperty(node.prototype, 'kind', { value: kind, enumerable: true });
}
kindOnPrototype(KeyNode, 'key');
kindOnPrototype(SeparatorNode, 'separator');
kindOnPrototype(KeyValueNode, 'keyValue');
kindOnPrototype(StringNode, 'string');
kindOnPrototype(IntegerNode, 'integer');
kindOnPrototype(VariableNode, 'variable');
kindOnPrototype(MapNode, 'map');
kindOnPrototype(ArrayNode, 'array');
kindOnPrototype(CommentNode, 'comment');
kindOnPrototype(FloatNode, 'float');
kindOnPrototype(BooleanNode, 'boolean');
kindOnPrototype(DateTimeNode, 'datetime');

/** Placeholder for a container's items until it closes (never written to). */
export const EMPTY: never[] = [];

/** Key names repeat thousands of times in a big file; one copy of each is kept. */
export const MAX_SHARED_NAMES = 10000;

/** How nats-server reads an integer token (digits, an optional size suffix). */
export type IntegerReading =
  | { kind: 'ok'; value: number; digits: string; suffix: string; multiplier: number }
  /** Digits other than ASCII 0-9 (Go's lexer takes any Unicode digit, its parser does not). */
  | { kind: 'notDigits' }
  | { kind: 'outOfRange'; value: number; digits: string; suffix: string }
  /** A suffix nats-server does not know: it silently drops the value. */
  | { kind: 'unknownSuffix'; value: number; digits: string; suffix: string };

export function readInteger(text: string): IntegerReading {
  let lastDigit = 0;
  while (lastDigit < text.length) {
    const c = text.charCodeAt(lastDigit);
    if (!((c >= 48 && c <= 57) || c === 45 || (c > 0x7f && /\p{Nd}/u.test(text[lastDigit])))) break;
    lastDigit++;
  }
  const digits = text.slice(0, lastDigit);
  const suffix = text.slice(lastDigit);
  if (!/^-?[0-9]+$/.test(digits)) return { kind: 'notDigits' };
  // Exact in a double: no need for the int64 arithmetic below (and int64 has no -0).
  if (suffix === '' && digits.length <= 15) return { kind: 'ok', value: Number(digits) || 0, digits, suffix, multiplier: 1 };
  const number = BigInt(digits);
  if (number < INT64_MIN || number > INT64_MAX) return { kind: 'outOfRange', value: Number(number), digits, suffix };
  const multiplier = SIZE_MULTIPLIERS[suffix.toLowerCase()];
  if (multiplier === undefined) return { kind: 'unknownSuffix', value: Number(number), digits, suffix };
  // Go multiplies in int64 and wraps silently on overflow (10e is negative); so do we.
  return { kind: 'ok', value: Number(BigInt.asIntN(64, number * BigInt(multiplier))), digits, suffix, multiplier };
}

/** A float token's value; NaN when it has digits other than ASCII 0-9. */
export function readFloat(text: string): number {
  return /^-?[0-9]+\.[0-9]+$/.test(text) ? Number(text) : NaN;
}

/** nats-server's boolean words, in lower case (it reads them in any case). */
export const BOOLEAN_WORDS: ReadonlySet<string> = new Set(['true', 'false', 'yes', 'no', 'on', 'off']);

/** The value of one of nats-server's boolean words (true, yes, on / false, no, off, any case). */
export function readBoolean(text: string): boolean {
  const lower = text.toLowerCase();
  return lower === 'true' || lower === 'yes' || lower === 'on';
}

/**
 * A node whose `range` is computed from its offsets when read. A big file has millions of nodes
 * and few of their ranges are ever needed; eager ranges tripled the parse time.
 */
export function spanned<T extends { start: number; end: number }>(lines: PositionMapper, fields: Omit<T, 'range'>): T {
  return Object.assign(new Spanned(lines, fields.start, fields.end), fields) as unknown as T;
}

/** The line table a parsed node holds: its document's, shared by every node of one parse. */
export function lineTableOf(node: object): PositionMapper | undefined {
  return (node as Partial<Spanned>)[LINES];
}

/** An `include` directive; `pathStart` is -1 when its quote is never closed (no path). */
export function includeNode(
  lines: PositionMapper, keywordStart: number, keywordEnd: number, pathStart: number, pathEnd: number, path: string, quote: '"' | "'" | undefined,
): Include {
  const node = spanned<Include>(lines, {
    kind: 'include',
    keyword: spanned<Include['keyword']>(lines, { start: keywordStart, end: keywordEnd }),
    start: keywordStart,
    end: Math.max(keywordEnd, pathEnd),
  });
  // An empty unquoted path still counts: nats-server then opens the including file's folder.
  if (pathStart >= 0) {
    const style = quote === '"' ? 'double' : quote === "'" ? 'single' : 'unquoted';
    node.path = spanned<StringValue>(lines, { kind: 'string', value: path, style, start: pathStart, end: pathEnd });
  }
  return node;
}
