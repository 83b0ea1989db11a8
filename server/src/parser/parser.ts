/**
 * Builds the syntax tree from the lexer's tokens, the way nats-server's `conf/parse.go` turns
 * items into values: size suffixes multiplied with int64 wraparound, booleans decoded, dates
 * checked against the calendar, the bcrypt `$2a$` exception. Variables and includes are left
 * for the analysis layer, which needs the file system and the environment.
 */
import type {
  ArrayValue, BooleanValue, Comment, DateTimeValue, Document, Entry, FloatValue, Include, IntegerValue, Key,
  KeyValue, MapValue, Position, Range, RelatedInformation, Separator, Severity, StringValue, SyntaxProblem,
  Value, VariableValue,
} from './ast';
import { Lexer, type LexErrorDetail, type LexErrorKind, type TokenSink } from './lexer';
import { SyntaxCode } from './syntaxCodes';

export interface ParseOptions {
  /** Stop collecting problems after this many (a garbage file would otherwise report one per line). */
  maxProblems?: number;
}

/** Parses a NATS config text into a tree. Never throws. */
export function parse(text: string, options: ParseOptions = {}): Document {
  const builder = new TreeBuilder(text, options.maxProblems ?? 1000);
  try {
    new Lexer(text, builder).run();
  } catch (error) {
    // A bug must not take the editor down: keep what was built and say what happened.
    builder.internalError(error);
  }
  return builder.finish();
}

/** LSP line starts: `\r\n`, `\n` and a lone `\r` each end a line, as in editors. */
export function computeLineStarts(text: string): number[] {
  const starts = [0];
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

/** Converts offsets to positions; fast for the mostly increasing offsets a parse produces. */
export class PositionMapper {
  private hint = 0;
  /** With the text, an offset between the `\r` and `\n` of a CRLF maps to the end of its line. */
  constructor(private readonly lineStarts: number[], private readonly text?: string) {}

  positionAt(offset: number): Position {
    const starts = this.lineStarts;
    let line = this.hint;
    if (offset >= starts[line] && (line + 1 >= starts.length || offset < starts[line + 1])) {
      // same line as last time
    } else if (line + 1 < starts.length && offset >= starts[line + 1] && (line + 2 >= starts.length || offset < starts[line + 2])) {
      line++;
    } else {
      let low = 0;
      let high = starts.length - 1;
      while (low < high) {
        const mid = (low + high + 1) >> 1;
        if (starts[mid] <= offset) low = mid;
        else high = mid - 1;
      }
      line = low;
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

type Container =
  | { kind: 'top'; entries: Entry[]; pending?: KeyValue }
  | { kind: 'map'; node: MapValue; owner?: KeyValue; pending?: KeyValue; base: number }
  | { kind: 'array'; node: ArrayValue; owner?: KeyValue; base: number; quirkScanned?: number; quirk?: string };

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

const SIZE_MULTIPLIERS: Record<string, number> = {
  '': 1,
  k: 1e3, kb: 2 ** 10, ki: 2 ** 10, kib: 2 ** 10,
  m: 1e6, mb: 2 ** 20, mi: 2 ** 20, mib: 2 ** 20,
  g: 1e9, gb: 2 ** 30, gi: 2 ** 30, gib: 2 ** 30,
  t: 1e12, tb: 2 ** 40, ti: 2 ** 40, tib: 2 ** 40,
  p: 1e15, pb: 2 ** 50, pi: 2 ** 50, pib: 2 ** 50,
  e: 1e18, eb: 2 ** 60, ei: 2 ** 60, eib: 2 ** 60,
};

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * One class per node kind, every field set in the constructor in one order, so the nodes of a
 * kind share one shape (a big file has millions of nodes; mixed shapes made every walk over
 * them slow and cost memory). The classes are shared by all documents: classes made per parse
 * gave each document its own shapes, and code that saw several documents went megamorphic.
 * A `range` is computed from the offsets when read (few are ever needed) through the
 * document's line table, held in a private field so that it stays out of enumerations.
 */
/** The document's line table, on every node, for `range` (a symbol: it stays out of JSON and key lists). */
const LINES = Symbol('lines');

class Spanned {
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

class KeyNode extends Spanned {
  declare name: string;
  declare quote: '"' | "'" | undefined;
  declare readonly kind: 'key';
  constructor(lines: PositionMapper, start: number, end: number, name: string, quote: '"' | "'" | undefined) {
    super(lines, start, end);
    this.name = name;
    this.quote = quote;
    this.kind = 'key';
  }
}

class SeparatorNode extends Spanned {
  declare text: '=' | ':';
  declare readonly kind: 'separator';
  constructor(lines: PositionMapper, start: number, end: number, text: '=' | ':') {
    super(lines, start, end);
    this.text = text;
    this.kind = 'separator';
  }
}

class KeyValueNode extends Spanned {
  declare key: Key;
  declare readonly kind: 'keyValue';
  /** Where the separator is (-1: none), `:` or `=`: its node is made only when asked for. */
  declare separatorAt: number;
  declare separatorText: '=' | ':';
  declare value: Value | undefined;
  constructor(lines: PositionMapper, start: number, end: number, key: Key) {
    super(lines, start, end);
    this.key = key;
    this.kind = 'keyValue';
    this.separatorAt = -1;
    this.separatorText = ':';
    this.value = undefined;
  }
  get separator(): Separator | undefined {
    return this.separatorAt < 0 ? undefined : (new SeparatorNode(this[LINES], this.separatorAt, this.separatorAt + 1, this.separatorText) as Separator);
  }
}

class StringNode extends Spanned {
  declare value: string;
  declare style: StringValue['style'];
  declare readonly kind: 'string';
  constructor(lines: PositionMapper, start: number, end: number, value: string, style: StringValue['style']) {
    super(lines, start, end);
    this.value = value;
    this.style = style;
    this.kind = 'string';
  }
}

class IntegerNode extends Spanned {
  declare value: number;
  declare digits: string;
  declare suffix: string;
  declare multiplier: number;
  declare readonly kind: 'integer';
  declare dropped: boolean | undefined;
  constructor(lines: PositionMapper, start: number, end: number, value: number, digits: string, suffix: string, multiplier: number) {
    super(lines, start, end);
    this.value = value;
    this.digits = digits;
    this.suffix = suffix;
    this.multiplier = multiplier;
    this.kind = 'integer';
    this.dropped = undefined;
  }
}

class ScalarNode<K extends 'float' | 'boolean' | 'datetime', V> extends Spanned {
  declare readonly kind: K;
  declare value: V;
  constructor(lines: PositionMapper, kind: K, start: number, end: number, value: V) {
    super(lines, start, end);
    this.kind = kind;
    this.value = value;
  }
}

class VariableNode extends Spanned {
  declare name: string;
  declare readonly kind: 'variable';
  constructor(lines: PositionMapper, start: number, end: number, name: string) {
    super(lines, start, end);
    this.name = name;
    this.kind = 'variable';
  }
}

class MapNode extends Spanned {
  declare readonly kind: 'map';
  declare entries: Entry[];
  declare closed: boolean;
  constructor(lines: PositionMapper, start: number, end: number) {
    super(lines, start, end);
    this.kind = 'map';
    this.entries = EMPTY;
    this.closed = false;
  }
}

class ArrayNode extends Spanned {
  declare readonly kind: 'array';
  declare elements: Value[];
  declare closed: boolean;
  constructor(lines: PositionMapper, start: number, end: number) {
    super(lines, start, end);
    this.kind = 'array';
    this.elements = EMPTY;
    this.closed = false;
  }
}

class CommentNode extends Spanned {
  declare style: '#' | '//';
  declare text: string;
  declare readonly kind: 'comment';
  constructor(lines: PositionMapper, start: number, end: number, style: '#' | '//', text: string) {
    super(lines, start, end);
    this.style = style;
    this.text = text;
    this.kind = 'comment';
  }
}

/** Placeholder for a container's items until it closes (never written to). */
const EMPTY: never[] = [];

/** Key names repeat thousands of times in a big file; one copy of each is kept. */
const MAX_SHARED_NAMES = 10000;

class TreeBuilder implements TokenSink {
  private readonly lineStarts: number[];
  private readonly mapper: PositionMapper;
  private readonly entries: Entry[] = [];
  private readonly comments: Comment[] = [];
  private readonly includes: Include[] = [];
  private readonly errors: SyntaxProblem[] = [];
  private readonly stack: Container[];
  /**
   * The items of every open map and array, innermost last; a container's own items start at its
   * `base`. They are copied into an array of the exact size when it closes: growing one array
   * per container left most of each with unused room.
   */
  private readonly items: (Entry | Value)[] = [];
  private readonly names = new Map<string, string>();
  private newlineOffsets?: number[];
  private problemsDropped = 0;
  private lastErrorOffset = -1;
  private endOffset = 0;

  constructor(private readonly text: string, private readonly maxProblems: number) {
    this.lineStarts = computeLineStarts(text);
    this.mapper = new PositionMapper(this.lineStarts, text);
    this.stack = [{ kind: 'top', entries: this.entries }];
  }

  // --- TokenSink --------------------------------------------------------------------------

  key(start: number, end: number, name: string, quote: '"' | "'" | undefined): void {
    const container = this.top();
    if (container.kind === 'array') return; // unreachable: keys only start statements
    this.flushPending(container);
    const keyStart = quote ? start - 1 : start;
    const keyEnd = quote ? end + 1 : end;
    const key = new KeyNode(this.mapper, keyStart, keyEnd, this.sharedName(name), quote) as Key;
    container.pending = new KeyValueNode(this.mapper, keyStart, keyEnd, key) as unknown as KeyValue;
  }

  separator(offset: number, text: '=' | ':'): void {
    const container = this.top();
    if (container.kind === 'array' || !container.pending) return;
    const pending = container.pending as unknown as { separatorAt: number; separatorText: '=' | ':'; end: number };
    pending.separatorAt = offset;
    pending.separatorText = text;
    pending.end = offset + 1;
  }

  string(start: number, end: number, value: string, style: StringValue['style']): void {
    this.attach(new StringNode(this.mapper, start, end, value, style) as StringValue);
  }

  integer(start: number, end: number, text: string): void {
    let lastDigit = 0;
    while (lastDigit < text.length) {
      const c = text.charCodeAt(lastDigit);
      if (!((c >= 48 && c <= 57) || c === 45 || (c > 0x7f && /\p{Nd}/u.test(text[lastDigit])))) break;
      lastDigit++;
    }
    const digits = text.slice(0, lastDigit);
    const suffix = text.slice(lastDigit);
    if (!/^-?[0-9]+$/.test(digits)) {
      this.parserProblem(SyntaxCode.integerOutOfRange, `'${text}' is not a number nats-server can read: only the ASCII digits 0-9 are allowed.`, start, end);
      this.attach(new StringNode(this.mapper, start, end, text, 'unquoted') as StringValue);
      return;
    }
    if (suffix === '' && digits.length <= 15) {
      // Exact in a double: no need for the int64 arithmetic below.
      this.attachInteger(start, end, Number(digits) || 0, digits, suffix, 1); // int64 has no -0
      return;
    }
    const number = BigInt(digits);
    if (number < INT64_MIN || number > INT64_MAX) {
      this.parserProblem(SyntaxCode.integerOutOfRange, `The integer ${digits} does not fit in 64 bits (the range is -9223372036854775808 to 9223372036854775807).`, start, end);
      this.attachInteger(start, end, Number(number), digits, suffix, 1);
      return;
    }
    const multiplier = SIZE_MULTIPLIERS[suffix.toLowerCase()];
    if (multiplier === undefined) {
      this.addProblem({
        code: SyntaxCode.droppedValue,
        severity: 'warning',
        message: `'${suffix}' is not a size suffix nats-server knows (use k, kb, ki, kib, m, mb, ... e, eib), yet it does not reject it: it silently drops this value and may attach the next value to the wrong key. Quote the value if it is text.`,
        start, end,
      });
      this.attachInteger(start, end, Number(number), digits, suffix, 1).dropped = true;
      return;
    }
    // Go multiplies in int64 and wraps silently on overflow (10e is negative); so do we.
    this.attachInteger(start, end, Number(BigInt.asIntN(64, number * BigInt(multiplier))), digits, suffix, multiplier);
  }

  private attachInteger(start: number, end: number, value: number, digits: string, suffix: string, multiplier: number): IntegerValue {
    const node = new IntegerNode(this.mapper, start, end, value, digits, suffix, multiplier) as IntegerValue;
    this.attach(node);
    return node;
  }

  float(start: number, end: number, text: string): void {
    const value = /^-?[0-9]+\.[0-9]+$/.test(text) ? Number(text) : NaN;
    if (!Number.isFinite(value)) {
      this.parserProblem(SyntaxCode.floatOutOfRange, Number.isNaN(value)
        ? `'${text}' is not a number nats-server can read: only the ASCII digits 0-9 are allowed.`
        : `The number ${text} is too large for a 64-bit float.`, start, end);
    }
    this.attach(new ScalarNode(this.mapper, 'float', start, end, value) as FloatValue);
  }

  boolean(start: number, end: number, text: string): void {
    const lower = text.toLowerCase();
    this.attach(new ScalarNode(this.mapper, 'boolean', start, end, lower === 'true' || lower === 'yes' || lower === 'on') as BooleanValue);
  }

  datetime(start: number, end: number, text: string): void {
    if (!isCalendarDate(text)) {
      this.parserProblem(SyntaxCode.invalidDateTime, `${text} is not a real date and time (check the month, day, hour, minute and second).`, start, end);
    }
    this.attach(new ScalarNode(this.mapper, 'datetime', start, end, text) as DateTimeValue);
  }

  variable(start: number, end: number, name: string): void {
    if (name.startsWith('2a$')) {
      // parse.go returns bcrypt hashes ($2a$...) as text instead of looking them up.
      this.attach(new StringNode(this.mapper, start, end, '$' + name, 'unquoted') as StringValue);
      return;
    }
    this.attach(new VariableNode(this.mapper, start, end, name) as VariableValue);
  }

  mapStart(offset: number): void {
    const node = new MapNode(this.mapper, offset, offset + 1) as MapValue;
    const owner = this.attach(node);
    this.stack.push({ kind: 'map', node, owner, base: this.items.length });
  }

  mapEnd(offset: number): void {
    const container = this.top();
    if (container.kind !== 'map') return;
    this.flushPending(container);
    container.node.closed = true;
    this.closeContainer(container, offset + 1);
  }

  arrayStart(offset: number): void {
    const node = new ArrayNode(this.mapper, offset, offset + 1) as ArrayValue;
    const owner = this.attach(node);
    this.stack.push({ kind: 'array', node, owner, base: this.items.length });
  }

  arrayEnd(offset: number): void {
    const container = this.top();
    if (container.kind !== 'array') return;
    container.node.closed = true;
    this.closeContainer(container, offset + 1);
  }

  include(keywordStart: number, keywordEnd: number, pathStart: number, pathEnd: number, path: string, quote: '"' | "'" | undefined): void {
    const container = this.top();
    if (container.kind === 'array') return;
    this.flushPending(container);
    const node = this.node<Include>({
      kind: 'include',
      keyword: this.node<Include['keyword']>({ start: keywordStart, end: keywordEnd }),
      start: keywordStart,
      end: Math.max(keywordEnd, pathEnd),
    });
    // An empty unquoted path still counts: nats-server then opens the including file's folder.
    if (pathStart >= 0) {
      const style = quote === '"' ? 'double' : quote === "'" ? 'single' : 'unquoted';
      node.path = this.node<StringValue>({ kind: 'string', value: path, style, start: pathStart, end: pathEnd });
    }
    this.pushEntry(container, node);
    this.includes.push(node);
  }

  comment(start: number, end: number, style: '#' | '//'): void {
    this.comments.push(new CommentNode(this.mapper, start, end, style, this.text.slice(start + style.length, end)) as Comment);
  }

  error(kind: LexErrorKind, start: number, end: number, natsLine: number, detail: LexErrorDetail): void {
    this.lastErrorOffset = Math.max(start, this.lastErrorOffset);
    const { code, message } = this.describe(kind, detail);
    const related: RelatedInformation[] = [];
    if (detail.openedAt !== undefined && detail.openedAt >= 0) {
      // The opener is one character, unless (a key cut short by the end of input) it is the end itself.
      const opened = this.mapper.range(detail.openedAt, Math.min(detail.openedAt + 1, this.text.length));
      related.push({ range: opened, message: 'opened here' });
    }
    this.addProblem({ code, message, severity: 'error', start, end, natsLine, related });
  }

  end(offset: number): void {
    this.endOffset = offset;
  }

  // --- results ----------------------------------------------------------------------------

  internalError(error: unknown): void {
    this.addProblem({
      code: 'syntax-internal-error',
      severity: 'error',
      message: `The NATS config parser failed on this file (${String(error)}). Please report it with the file attached.`,
      start: 0, end: 0,
    });
  }

  finish(): Document {
    const end = this.text.length;
    // Close whatever the input left open (the lexer has reported why).
    while (this.stack.length > 1) {
      const container = this.stack[this.stack.length - 1];
      if (container.kind === 'top') break;
      if (container.kind === 'map') this.flushPending(container);
      this.closeContainer(container, Math.max(container.node.end, this.endOffset));
    }
    const top = this.stack[0];
    if (top.kind === 'top' && top.pending) {
      const dangling = top.pending;
      this.flushPending(top);
      if (dangling.key.start > this.lastErrorOffset && dangling.key.name !== '}' && !dangling.separator) {
        this.addProblem({
          code: SyntaxCode.danglingKey,
          severity: 'warning',
          message: `'${dangling.key.name}' has no value. nats-server 2.9.10 ignores a key at the very end of the file; 2.9.22 and later reject the file ("config is invalid").`,
          start: dangling.key.start, end: dangling.key.end,
        });
      }
    }
    if (this.problemsDropped > 0) {
      const last = this.errors[this.errors.length - 1];
      last.message += ` (${this.problemsDropped} more problems were not listed)`;
    }
    const hasBom = this.text.charCodeAt(0) === 0xfeff;
    if (this.text.indexOf('\0') >= 0) {
      const at = this.text.indexOf('\0');
      this.addProblem({
        code: SyntaxCode.nulByte,
        severity: 'warning',
        message: 'The file contains a NUL byte; nats-server treats it as the end of the input, which can hide the rest of the file or make it fail with "Unexpected EOF".',
        start: at, end: at + 1,
      }, true);
    }
    return this.node<Document>({
      kind: 'document',
      entries: this.entries,
      comments: this.comments,
      errors: this.errors,
      lineStarts: this.lineStarts,
      hasBom,
      includes: this.includes,
      start: 0,
      end,
    });
  }

  // --- tree helpers -----------------------------------------------------------------------

  /**
   * Creates a node whose `range` is computed from its offsets when read. A big file has millions
   * of nodes and few of their ranges are ever needed; eager ranges tripled the parse time.
   */
  private node<T extends { start: number; end: number }>(fields: Omit<T, 'range'>): T {
    return Object.assign(new Spanned(this.mapper, fields.start, fields.end), fields) as unknown as T;
  }

  private sharedName(name: string): string {
    const shared = this.names.get(name);
    if (shared !== undefined) return shared;
    if (this.names.size < MAX_SHARED_NAMES) this.names.set(name, name);
    return name;
  }

  private top(): Container {
    return this.stack[this.stack.length - 1];
  }

  private pushEntry(container: Container, entry: Entry): void {
    if (container.kind === 'top') container.entries.push(entry);
    else if (container.kind === 'map') this.items.push(entry);
  }

  /** A key that never got its value (an error, the end of a map) still belongs to the tree. */
  private flushPending(container: Container): void {
    if (container.kind === 'array' || !container.pending) return;
    this.pushEntry(container, container.pending);
    container.pending = undefined;
  }

  /** Places a value: the next element of an array, or the value of the pending key. Returns the key. */
  private attach(value: Value): KeyValue | undefined {
    const container = this.top();
    if (container.kind === 'array') {
      this.items.push(value);
      return undefined;
    }
    const pending = container.pending;
    if (!pending) return undefined; // unreachable: the lexer reads values only after keys
    pending.value = value;
    pending.end = value.end;
    this.pushEntry(container, pending);
    container.pending = undefined;
    return pending;
  }

  private closeContainer(container: Container, end: number): void {
    if (container.kind === 'top') return;
    this.stack.pop();
    const items = this.items.length > container.base ? this.items.slice(container.base) : [];
    this.items.length = container.base;
    if (container.kind === 'map') container.node.entries = items as Entry[];
    else container.node.elements = items as Value[];
    container.node.end = end;
    if (container.owner) container.owner.end = end;
  }

  // --- problems ---------------------------------------------------------------------------

  private natsLineAt(offset: number): number {
    if (!this.newlineOffsets) {
      this.newlineOffsets = [];
      for (let i = this.text.indexOf('\n'); i >= 0; i = this.text.indexOf('\n', i + 1)) this.newlineOffsets.push(i);
    }
    let low = 0;
    let high = this.newlineOffsets.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (this.newlineOffsets[mid] < offset) low = mid + 1;
      else high = mid;
    }
    return low + 1;
  }

  private parserProblem(code: string, message: string, start: number, end: number): void {
    this.addProblem({ code, message, severity: 'error', start, end });
  }

  private addProblem(
    problem: { code: string; message: string; severity: Severity; start: number; end: number; natsLine?: number; related?: RelatedInformation[] },
    always = false,
  ): void {
    if (!always && this.errors.length >= this.maxProblems) {
      this.problemsDropped++;
      return;
    }
    const entry: SyntaxProblem = {
      code: problem.code,
      message: problem.message,
      severity: problem.severity,
      range: this.mapper.range(problem.start, problem.end),
      natsLine: problem.natsLine ?? this.natsLineAt(problem.start),
    };
    if (problem.related && problem.related.length > 0) entry.related = problem.related;
    this.errors.push(entry);
  }

  private lineOf(offset: number): number {
    return this.mapper.positionAt(offset).line + 1;
  }

  /** Our own wording for each lexer error, with what to do about it. */
  private describe(kind: LexErrorKind, detail: LexErrorDetail): { code: string; message: string } {
    const found = showChar(detail.char);
    const opened = detail.openedAt !== undefined ? this.lineOf(detail.openedAt) : undefined;
    switch (kind) {
      case 'eof':
        if (detail.char === '/') {
          return { code: SyntaxCode.unexpectedEof, message: "A single '/' cannot start a setting (nats-server reports it as an unexpected end of file). Comments start with '#' or '//'." };
        }
        if (detail.char === '\0') {
          return { code: SyntaxCode.unexpectedEof, message: 'A NUL byte where a setting should start: nats-server reports an unexpected end of file here.' };
        }
        return {
          code: SyntaxCode.unexpectedEof,
          message: opened !== undefined
            ? `The file ends inside the quoted text opened on line ${opened}: add the closing quote.`
            : 'The file ends in the middle of a setting.',
        };
      case 'topValueEnd': {
        const hint = detail.char === "'"
          ? " An unquoted value ends at a single quote; quote the whole value instead."
          : ' Put each setting on its own line, or separate settings on one line with \';\' or \',\'.';
        return { code: SyntaxCode.expectedValueEnd, message: `Expected the end of the line, ';', ',' or a comment after this value, but found ${found}.${hint}` };
      }
      case 'keySeparatorTop':
      case 'keySeparatorMap':
        return { code: SyntaxCode.unexpectedSeparator, message: `A setting cannot start with ${found}: the key before it is missing.` };
      case 'includeEofSingle':
      case 'includeEofDouble':
        return { code: SyntaxCode.unterminatedInclude, message: `The file ends inside the quoted path of this 'include'${opened !== undefined ? ` (opened on line ${opened})` : ''}: add the closing quote.` };
      case 'includeArray':
      case 'includeMap':
      case 'includeBlock':
      case 'includeNumber':
      case 'includeEscape':
      case 'includeNewline': {
        const what = { includeArray: 'an array', includeMap: 'a map', includeBlock: "a '(' block", includeNumber: 'a number', includeEscape: 'an escape sequence', includeNewline: 'the end of the line' }[kind];
        return { code: SyntaxCode.invalidIncludeValue, message: `'include' must be followed by a file path, but found ${what}. Write include "file.conf" (a path that starts with a digit or '-' must be quoted).` };
      }
      case 'floatStartsWithDot':
      case 'negativeFloatDot':
        return { code: SyntaxCode.floatLeadingDot, message: "A number cannot start with '.': write a digit before it (0.5, -0.5), or quote the value if it is text." };
      case 'floatDigit':
        return { code: SyntaxCode.floatMissingDigit, message: `A '.' in a number must be followed by a digit, but found ${found}. Write 1.0 instead of 1., or quote the value if it is text.` };
      case 'valueNewline':
        return { code: SyntaxCode.missingValue, message: 'The value is missing: the line ends right after the key and its separator. At the top level, nats-server needs the value on the same line.' };
      case 'arrayLeadingComma':
        return detail.char === '/'
          ? { code: SyntaxCode.arrayLeadingComma, message: "A single '/' is not allowed here; comments start with '#' or '//'." }
          : { code: SyntaxCode.arrayLeadingComma, message: "Unexpected ',' in an array: an element is missing before it (a trailing ',' before ']' is fine, a doubled one is not)." };
      case 'arrayValueEnd': {
        const quirk = this.integerBeforeArrayEnd();
        if (detail.char === undefined && !quirk) {
          return { code: SyntaxCode.arrayValueEnd, message: `The array opened on line ${opened ?? '?'} is never closed with ']'.` };
        }
        return {
          code: SyntaxCode.arrayValueEnd,
          message: quirk
            ? `Expected ',' or ']' but found ${found}: nats-server reads '${quirk}' as text, not as a number followed by ']', so the array never ends. Put a space before ']' (write [ 1 ] instead of [1]).`
            : `Expected ',' or ']' after this array element, but found ${found}. Separate array elements with ',' or newlines (';' and spaces do not separate them).`,
        };
      }
      case 'arrayEndInMap':
        return { code: SyntaxCode.arrayEndInMap, message: "Unexpected ']' where a key was expected inside a map ('{ ... }' is closed with '}')." };
      case 'mapEof': {
        const swallowed = this.commentSwallowedBrace(detail.openedAt);
        return {
          code: SyntaxCode.unterminatedMap,
          message: swallowed
            ? `The map opened on line ${opened ?? '?'} is never closed: the '}' on line ${swallowed} is inside a comment, which runs to the end of its line. Put the '}' before the comment or on the next line.`
            : `The map opened on line ${opened ?? '?'} is never closed: add the missing '}'.`,
        };
      }
      case 'mapQuotedKeyEof':
      case 'mapDoubleQuotedKeyEof':
        return { code: SyntaxCode.unterminatedMapKey, message: `The file ends inside the quoted key opened on line ${opened ?? '?'}: add the closing quote.` };
      case 'mapKeyEof':
        return { code: SyntaxCode.unterminatedMapKey, message: 'The file ends inside a map key: a key needs a value, and the map needs its closing \'}\'.' };
      case 'mapLeadingComma':
        return { code: SyntaxCode.mapLeadingComma, message: "Unexpected ',' where a value was expected: the value is missing." };
      case 'mapValueEnd':
        if (detail.char === undefined) return { ...this.describe('mapEof', detail), code: SyntaxCode.mapValueEnd };
        return {
          code: SyntaxCode.mapValueEnd,
          message: `Expected the end of the line, ',', ';' or '}' after this value, but found ${found}. Put each setting of a map on its own line, or separate them with ',' or ';'.`,
        };
      case 'blockEof': {
        const crlf = /\r\n\)|\)\r\n/.test(this.text);
        return {
          code: SyntaxCode.unterminatedBlock,
          message: `The raw block opened with '(' on line ${opened ?? '?'} never ends: nats-server ends it only at a ')' that stands alone at the very start of a line, with nothing after it on that line${crlf ? ' — and never in a file with Windows (CRLF) line endings; convert the file to LF' : ''}.`,
        };
      }
      case 'invalidEscape':
        return { code: SyntaxCode.invalidEscape, message: `'\\${detail.char === undefined ? '' : detail.char === '\n' ? '' : detail.char}' is not an escape nats-server knows. Only \\t, \\n, \\r, \\", \\\\ and \\xHH are allowed; use single quotes for text with backslashes (e.g. Windows paths).` };
      case 'hexEscapeEol':
        return { code: SyntaxCode.invalidHexEscape, message: "'\\x' must be followed by two hexadecimal digits, but the line ends." };
      case 'hexEscapeBad':
        return { code: SyntaxCode.invalidHexEscape, message: `'\\x' must be followed by two hexadecimal digits, but found ${showText(detail.text ?? '')}.` };
      case 'expectedDigit':
        return { code: SyntaxCode.expectedDigit, message: `A '-' starts a negative number and must be followed by a digit, but found ${found}. Quote the value if it is text.` };
      case 'dateNotZulu':
        return { code: SyntaxCode.invalidDateTime, message: "A number followed by '-' is read as a date, which must be written in full as YYYY-MM-DDTHH:MM:SSZ. Quote the value if it is text." };
      case 'dateDigit':
        return { code: SyntaxCode.invalidDateTime, message: `Expected a digit in this date (form YYYY-MM-DDTHH:MM:SSZ), but found ${found}. Quote the value if it is text.` };
      case 'dateChar':
        return { code: SyntaxCode.invalidDateTime, message: `Expected '${detail.text}' in this date (form YYYY-MM-DDTHH:MM:SSZ), but found ${found}. Quote the value if it is text.` };
    }
  }

  /** The `[1]` quirk: the last array element is unquoted text like `1]`. */
  private integerBeforeArrayEnd(): string | undefined {
    const container = this.top();
    if (container.kind !== 'array') return undefined;
    // Only the elements added since the last call are scanned: an array with an error on every
    // line would otherwise be rescanned whole for each one (quadratic).
    for (let i = container.quirkScanned ?? container.base; i < this.items.length; i++) {
      const element = this.items[i] as Value;
      if (element.kind === 'string' && element.style === 'unquoted' && /^[0-9][^\]]*\]/.test(element.value)) container.quirk = element.value;
    }
    container.quirkScanned = this.items.length;
    return container.quirk;
  }

  /** The line of a comment inside the unclosed map that contains a '}', if any. */
  private commentSwallowedBrace(openedAt: number | undefined): number | undefined {
    if (openedAt === undefined) return undefined;
    for (let i = this.comments.length - 1; i >= 0; i--) {
      const comment = this.comments[i];
      if (comment.start < openedAt) break;
      if (comment.text.includes('}')) return comment.range.start.line + 1;
    }
    return undefined;
  }
}

function showChar(char: string | undefined): string {
  if (char === undefined || char === '\0') return 'the end of the file';
  if (char === '\n') return 'a line break';
  if (char === '\r') return 'a carriage return';
  if (char === '\t') return 'a tab';
  return `'${char}'`;
}

/** Quotes text for a message, spelling out characters that would not show. */
function showText(text: string): string {
  return `'${text.replace(/[\u0000-\u001f]/g, (c) => (c === '\n' ? '\\n' : c === '\t' ? '\\t' : c === '\r' ? '\\r' : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`))}'`;
}

function isCalendarDate(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})Z$/.exec(text);
  if (!match) return false;
  const [year, month, day, hour, minute, second] = match.slice(1).map(Number);
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1];
  return day <= days;
}
