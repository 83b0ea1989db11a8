/**
 * The fast path of `parse`: a direct reader for the syntax ordinary configs are written in.
 *
 * The state machine in lexer.ts mirrors nats-server's lexer state for state, so that every
 * quirk and every error is where nats-server has it; handing each token to the tree builder
 * through a sink costs several calls per character. This reader walks the text once with
 * tight loops and builds the very same tree (the same node classes, fields and offsets) for
 * the texts it understands, following the lexer's states for each construct it accepts. At
 * anything else — an error, an escape sequence, a raw `(...)` block, a date, an odd control
 * character, a NUL or a BOM, deep nesting — it gives up, and `parse` reads the text again with
 * the state machine, which reports the problem. Tests check that both paths build equal trees.
 */
import type { Comment, Document, Entry, Include, KeyValue, Value } from './ast';
import {
  ArrayNode, BOOLEAN_WORDS, BooleanNode, CommentNode, computeLineStarts, FloatNode, includeNode, IntegerNode, KeyValueNode, MapNode, MAX_SHARED_NAMES,
  PositionMapper, readBoolean, readFloat, readInteger, spanned, StringNode, VariableNode,
} from './nodes';

/** Thrown (and caught in {@link readOrdinaryConfig}) where the text needs the state machine. */
const GIVE_UP = Symbol('give up');

/** Maps and arrays nested deeper than this go to the state machine (no deep recursion here). */
const MAX_DEPTH = 200;

const TAB = 9;
const NL = 10;
const CR = 13;
const SPACE = 32;
const DOUBLE_QUOTE = 34;
const HASH = 35;
const DOLLAR = 36;
const SINGLE_QUOTE = 39;
const COMMA = 44;
const MINUS = 45;
const DOT = 46;
const SLASH = 47;
const COLON = 58;
const SEMICOLON = 59;
const EQUALS = 61;
const BACKSLASH = 92;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const END = -1;

/** The tree of `text`, or undefined when the text needs the state machine (see the file comment). */
export function readOrdinaryConfig(text: string): Document | undefined {
  if (text.indexOf('\0') >= 0 || text.charCodeAt(0) === 0xfeff) return undefined;
  try {
    return new FastReader(text).document();
  } catch {
    // GIVE_UP, or a bug here: either way the state machine reads the text.
    return undefined;
  }
}

/** The statements {@link readMapStatements} read, and the comments between them. */
export interface MapStatements {
  entries: Entry[];
  comments: Comment[];
}

/**
 * The statements of a map's body in `text` from `from` to `to`, where `from` is where a
 * statement may start (the start of one, or just after the map's `{`) and `to` where the next
 * one starts or, with `closes`, the map's `}`. For parser/patch.ts, which reads again the part of
 * a map an edit changed; the nodes map positions with `lines`, the tree's line table, and the
 * map is `depth` maps and arrays deep (0: the top level, read as top-level statements, and never
 * `closes`). Undefined when the text there is anything but whole statements this reader knows
 * that end exactly at `to` (then the whole text must be parsed).
 */
export function readMapStatements(text: string, lines: PositionMapper, from: number, to: number, closes: boolean, depth: number): MapStatements | undefined {
  return readPart(text, from, to, () => new FastReader(text, lines).statements(from, to, closes, depth));
}

/** The elements {@link readArrayElements} read, and the comments between them. */
export interface ArrayElements {
  elements: Value[];
  comments: Comment[];
}

/**
 * The elements of a list in `text` from `from` to `to`, as {@link readMapStatements} reads a
 * map's statements: `from` is where an element may start (the start of one, or just after the
 * `[`), `to` where the next one starts or, with `closes`, the list's `]`; the list is `depth`
 * maps and lists deep, itself counted. Undefined when the text there is anything but whole
 * elements this reader knows that end exactly at `to`.
 */
export function readArrayElements(text: string, lines: PositionMapper, from: number, to: number, closes: boolean, depth: number): ArrayElements | undefined {
  return readPart(text, from, to, () => new FastReader(text, lines).elements(from, to, closes, depth));
}

/** `read()`, unless `text` has a NUL from `from` to `to`; undefined when the reader gives up there. */
function readPart<T>(text: string, from: number, to: number, read: () => T): T | undefined {
  // Not indexOf: it would search the rest of a text that has none.
  for (let i = from; i < to; i++) if (text.charCodeAt(i) === 0) return undefined;
  try {
    return read();
  } catch {
    return undefined;
  }
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** The size-suffix letters after which the lexer reads a "convenient number" (k, m, g, t, p, e). */
function isNumberSuffix(c: number): boolean {
  switch (c | 0x20) {
    case 107: case 109: case 103: case 116: case 112: case 101:
      return true;
  }
  return false;
}

/** What ends an integer in the lexer's number states: a line end, the end, `}`, `;`, `,`, a space or tab. */
function endsNumber(c: number): boolean {
  return c === NL || c === CR || c === END || c === CLOSE_BRACE || c === SEMICOLON || c === COMMA || c === SPACE || c === TAB;
}

/** A hash of the characters `text[start..end)` for the key-name table. */
function hashOf(text: string, start: number, end: number): number {
  let hash = 0;
  for (let i = start; i < end; i++) hash = (Math.imul(hash, 31) + text.charCodeAt(i)) | 0;
  return hash;
}

/**
 * `items[from..to)` in an array of their exact number. Literals for the usual small numbers are
 * allocated inline, with no call, and V8 learns from their allocation sites that they live long.
 */
function copyItems<T>(items: T[], from: number, to: number): T[] {
  switch (to - from) {
    case 0: return [];
    case 1: return [items[from]];
    case 2: return [items[from], items[from + 1]];
    case 3: return [items[from], items[from + 1], items[from + 2]];
    case 4: return [items[from], items[from + 1], items[from + 2], items[from + 3]];
  }
  return items.slice(from, to);
}

class FastReader {
  private pos = 0;
  private depth = 0;
  private readonly lines: PositionMapper;
  private readonly lineStarts: number[];
  private readonly comments: Comment[] = [];
  private readonly includes: Include[] = [];
  /**
   * The items of every open map and array, innermost last, in `items[0..itemCount)`; copied out
   * at exact size when one closes. The array is not truncated then: setting its length is a call
   * into the runtime, and the items past `itemCount` are in the tree anyway.
   */
  private readonly items: (Entry | Value)[] = [];
  private itemCount = 0;
  /** Key names, each kept once (see {@link sharedName}): a hash table with linear probing. */
  private nameSlots: (string | undefined)[] = new Array<string | undefined>(256).fill(undefined);
  private nameCount = 0;
  /** Where the last search for a backslash found one (-1: none), and from where it searched. */
  private backslashFrom = Infinity;
  private backslashAt = -1;

  constructor(
    private readonly text: string,
    lines?: PositionMapper,
  ) {
    // With the lines of a tree being patched, only part of the text is read (statements).
    this.lineStarts = lines ? [] : computeLineStarts(text);
    this.lines = lines ?? new PositionMapper(this.lineStarts, text);
  }

  /** See {@link readMapStatements}. */
  statements(from: number, to: number, closes: boolean, depth: number): MapStatements {
    const { items, comments } = this.itemsUpTo<Entry>(from, to, closes, depth, CLOSE_BRACE, (c, entries) => {
      if (depth > 0) {
        entries.push(this.readStatement(true));
        return this.endItem(CLOSE_BRACE, true);
      }
      // The top level's braces (skipped, or a dangling key) are left to the state machine.
      if (c === OPEN_BRACE) throw GIVE_UP;
      entries.push(this.readStatement(false));
      this.endTopLevelValue(false);
      return false;
    });
    return { entries: items, comments };
  }

  /** See {@link readArrayElements}. */
  elements(from: number, to: number, closes: boolean, depth: number): ArrayElements {
    const { items, comments } = this.itemsUpTo<Value>(from, to, closes, depth, CLOSE_BRACKET, (c, elements) => {
      elements.push(this.readValue(c));
      return this.endItem(CLOSE_BRACKET, false);
    });
    return { elements: items, comments };
  }

  /**
   * The items of a container from `from` up to exactly `to` (the start of the next item or, with
   * `closes`, the container's `closer`). `read` reads one item at `pos`, whose first character is
   * `c`, and its end; true when that end is the closer.
   */
  private itemsUpTo<T>(from: number, to: number, closes: boolean, depth: number, closer: number, read: (c: number, items: T[]) => boolean): { items: T[]; comments: Comment[] } {
    this.pos = from;
    this.depth = depth;
    const items: T[] = [];
    for (;;) {
      const c = this.skipSpace();
      if (this.pos === to) {
        if (closes ? c !== closer : c === closer || c === END) throw GIVE_UP;
        return { items, comments: this.comments };
      }
      // A comma where an item should start is the state machine's (a leading comma).
      if (this.pos > to || c === END || c === closer || c === COMMA) throw GIVE_UP;
      if (c === HASH || c === SLASH) {
        this.comment(c);
        continue;
      }
      // At the container's closer the items are over: it must be the one at `to`.
      if (read(c, items) && !(closes && this.pos === to)) throw GIVE_UP;
    }
  }

  document(): Document {
    const entries: Entry[] = [];
    this.readTopLevel(entries);
    return spanned<Document>(this.lines, {
      kind: 'document',
      entries,
      comments: this.comments,
      errors: [],
      lineStarts: this.lineStarts,
      hasBom: false,
      includes: this.includes,
      start: 0,
      end: this.text.length,
    });
  }

  private at(offset: number): number {
    return offset < this.text.length ? this.text.charCodeAt(offset) : END;
  }

  /** Skips spaces, tabs and line ends; returns the character after them. Other control characters need the state machine. */
  private skipSpace(): number {
    const text = this.text;
    let i = this.pos;
    let c = END;
    for (; i < text.length; i++) {
      c = text.charCodeAt(i);
      if (c === SPACE || c === NL || c === TAB || c === CR) continue;
      if (c < SPACE || c === 0x85 || c === 0xa0) throw GIVE_UP;
      break;
    }
    this.pos = i;
    return i < text.length ? c : END;
  }

  /** Skips spaces and tabs only; returns the character after them. */
  private skipBlanks(): number {
    const text = this.text;
    let i = this.pos;
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c !== SPACE && c !== TAB) break;
      i++;
    }
    this.pos = i;
    return this.at(i);
  }

  /** A `#` or `//` comment at `pos` (the caller has checked the marker); it runs to the line end. */
  private readComment(marker: 1 | 2): void {
    const text = this.text;
    const start = this.pos;
    let end = start + marker;
    while (end < text.length) {
      const c = text.charCodeAt(end);
      if (c === NL || c === CR) break;
      end++;
    }
    this.comments.push(new CommentNode(this.lines, start, end, marker === 1 ? '#' : '//', text.slice(start + marker, end)) as Comment);
    this.pos = end;
  }

  /** A comment starting at `pos` with `c` (`#` or `/`); a lone `/` needs the state machine. */
  private comment(c: number): void {
    if (c === HASH) this.readComment(1);
    else if (this.at(this.pos + 1) === SLASH) this.readComment(2);
    else throw GIVE_UP;
  }

  // --- statements --------------------------------------------------------------------------

  private readTopLevel(entries: Entry[]): void {
    for (;;) {
      const c = this.skipSpace();
      if (c === END) return;
      if (c === OPEN_BRACE) {
        // JSON-style top-level braces are skipped (the lexer's top state).
        this.pos++;
        continue;
      }
      if (c === HASH || c === SLASH) {
        this.comment(c);
        continue;
      }
      // A key named '}' is a special case of the dangling-key check.
      if (c === CLOSE_BRACE) throw GIVE_UP;
      entries.push(this.readStatement(false));
      this.endTopLevelValue();
    }
  }

  /** After a top-level value: blanks, then a line end, `;`, `,`, `}` (unless not `braceEnds`), a comment or the end. */
  private endTopLevelValue(braceEnds = true): void {
    for (;;) {
      const c = this.at(this.pos);
      switch (c) {
        case SPACE:
        case TAB:
          this.pos++;
          continue;
        case END:
          return;
        case HASH:
        case SLASH:
          this.comment(c);
          return;
        case CLOSE_BRACE:
          if (!braceEnds) throw GIVE_UP;
          this.pos++;
          return;
        case NL:
        case CR:
        case SEMICOLON:
        case COMMA:
          this.pos++;
          return;
      }
      throw GIVE_UP;
    }
  }

  /** A key and its value, or an include directive, at `pos` (a top-level or map statement). */
  private readStatement(inMap: boolean): Entry {
    const text = this.text;
    const keyStart = this.pos;
    const first = text.charCodeAt(keyStart);
    let entry: KeyValueNode;
    if (first === DOUBLE_QUOTE || first === SINGLE_QUOTE) {
      const close = text.indexOf(first === DOUBLE_QUOTE ? '"' : "'", keyStart + 1);
      if (close < 0) throw GIVE_UP;
      entry = new KeyValueNode(this.lines, keyStart, this.sharedName(keyStart + 1, close, hashOf(text, keyStart + 1, close)), first === DOUBLE_QUOTE ? '"' : "'");
      this.pos = close + 1;
    } else {
      if (first <= SPACE || first >= 0x80 || first === EQUALS || first === COLON || first === CLOSE_BRACKET) throw GIVE_UP;
      // An unquoted key runs to a space, `=`, `:` or the end (its first character is taken as it is).
      let end = keyStart + 1;
      let hash = first; // hashOf the key, computed as it is scanned
      for (; end < text.length; end++) {
        const c = text.charCodeAt(end);
        if (c === EQUALS || c === COLON || c <= SPACE) break;
        if (c >= 0x80) throw GIVE_UP; // Unicode spaces end keys too
        hash = (Math.imul(hash, 31) + c) | 0;
      }
      if (end >= text.length) throw GIVE_UP;
      const after = text.charCodeAt(end);
      if (after !== SPACE && after !== TAB && after !== NL && after !== CR && after !== EQUALS && after !== COLON) throw GIVE_UP;
      if (end - keyStart === 7 && after !== EQUALS && after !== COLON && text.slice(keyStart, end).toLowerCase() === 'include') {
        this.pos = end;
        return this.readInclude(keyStart, end);
      }
      entry = new KeyValueNode(this.lines, keyStart, this.sharedName(keyStart, end, hash), undefined);
      this.pos = end;
    }
    let c = this.skipSpace();
    if (c === EQUALS || c === COLON) {
      entry.separatorAt = this.pos;
      entry.separatorText = c === EQUALS ? '=' : ':';
      this.pos++;
      // At the top level the value must be on the separator's line; in a map it may follow on the next.
      c = inMap ? this.skipSpace() : this.skipBlanks();
    }
    if (c === END || c === NL || c === CR || c === COMMA || c === CLOSE_BRACE) throw GIVE_UP;
    const value = this.readValue(c);
    entry.value = value;
    return entry as unknown as KeyValue;
  }

  /** `include` and its path; `pos` is after the keyword. */
  private readInclude(keywordStart: number, keywordEnd: number): Include {
    const text = this.text;
    const c = this.skipBlanks();
    const pathStart = this.pos;
    let node: Include;
    if (c === DOUBLE_QUOTE || c === SINGLE_QUOTE) {
      const close = text.indexOf(c === DOUBLE_QUOTE ? '"' : "'", pathStart + 1);
      if (close < 0) throw GIVE_UP;
      node = includeNode(this.lines, keywordStart, keywordEnd, pathStart, close + 1, text.slice(pathStart + 1, close), c === DOUBLE_QUOTE ? '"' : "'");
      this.pos = close + 1;
    } else {
      if (c === END || c < SPACE || c >= 0x80 || isDigit(c) || c === MINUS || c === OPEN_BRACKET || c === OPEN_BRACE || c === 40 || c === BACKSLASH) throw GIVE_UP;
      let end = pathStart;
      for (; end < text.length; end++) {
        const d = text.charCodeAt(end);
        if (d === NL || d === CR || d === SEMICOLON || d === CLOSE_BRACE || d === SPACE || d === TAB) break;
        if (d === SINGLE_QUOTE || d < SPACE) throw GIVE_UP;
      }
      node = includeNode(this.lines, keywordStart, keywordEnd, pathStart, end, text.slice(pathStart, end), undefined);
      this.pos = end;
    }
    this.includes.push(node);
    return node;
  }

  // --- values ------------------------------------------------------------------------------

  /** The value starting at `pos` with character `c` (blanks already skipped). */
  private readValue(c: number): Value {
    const text = this.text;
    const start = this.pos;
    switch (c) {
      case OPEN_BRACE:
        return this.readMap();
      case OPEN_BRACKET:
        return this.readArray();
      case DOUBLE_QUOTE: {
        const close = text.indexOf('"', start + 1);
        if (close < 0 || this.backslashBefore(start + 1, close)) throw GIVE_UP;
        this.pos = close + 1;
        return new StringNode(this.lines, start, close + 1, undefined, 'double') as Value;
      }
      case SINGLE_QUOTE: {
        const close = text.indexOf("'", start + 1);
        if (close < 0) throw GIVE_UP;
        this.pos = close + 1;
        return new StringNode(this.lines, start, close + 1, undefined, 'single') as Value;
      }
      case MINUS:
        return this.readNegativeNumber(start);
    }
    if (isDigit(c)) return this.readNumber(start);
    // `(` opens a raw block, `.` starts no number; an empty unquoted value and Unicode digits are odd.
    if (c === 40 || c === DOT || c < SPACE || c >= 0x80 || c === SEMICOLON || c === CLOSE_BRACKET || c === BACKSLASH) throw GIVE_UP;
    return this.readUnquoted(start, start);
  }

  /** Whether a backslash (an escape: the state machine's job) is in `from..before`. */
  private backslashBefore(from: number, before: number): boolean {
    if (from < this.backslashFrom || (this.backslashAt >= 0 && this.backslashAt < from)) {
      this.backslashFrom = from;
      this.backslashAt = this.text.indexOf('\\', from);
    }
    return this.backslashAt >= 0 && this.backslashAt < before;
  }

  /**
   * Unquoted text from `tokenStart`, scanned from `from`: it ends at a line end, space, tab, `;`,
   * `,`, `]`, `}` or the end. Booleans and `$VARIABLES` are unquoted words too.
   */
  private readUnquoted(tokenStart: number, from: number): Value {
    const text = this.text;
    let i = from;
    for (; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === SPACE || c === NL || c === TAB || c === CR || c === SEMICOLON || c === COMMA || c === CLOSE_BRACKET || c === CLOSE_BRACE) break;
      // An escape, a single quote (it ends the word and is swallowed) or a control character.
      if (c < SPACE || c === BACKSLASH || c === SINGLE_QUOTE) throw GIVE_UP;
    }
    if (i === tokenStart) throw GIVE_UP;
    this.pos = i;
    const value = text.slice(tokenStart, i);
    if (value.length <= 5 && BOOLEAN_WORDS.has(value.toLowerCase())) {
      return new BooleanNode(this.lines, tokenStart, i, readBoolean(value)) as Value;
    }
    if (value.charCodeAt(0) === DOLLAR && !value.startsWith('$2a$')) {
      return new VariableNode(this.lines, tokenStart, i, value.slice(1)) as Value;
    }
    return new StringNode(this.lines, tokenStart, i, undefined, 'unquoted') as Value;
  }

  /** A number starting with a digit: an integer (with a size suffix), a float, an address, or text. */
  private readNumber(start: number): Value {
    const text = this.text;
    let i = start + 1;
    while (isDigit(this.at(i))) i++;
    const c = this.at(i);
    if (c === DOT) return this.readFloat(start, i);
    if (c >= 0x80) throw GIVE_UP; // a Unicode digit would continue the number
    if (c === MINUS) throw GIVE_UP; // a date
    if (isNumberSuffix(c)) return this.readSuffixed(start, i);
    if (endsNumber(c)) return this.integer(start, i, i);
    // Any other character turns the number into text; it is taken as part of it, whatever it is.
    if (c < SPACE || c === BACKSLASH || c === SINGLE_QUOTE) throw GIVE_UP;
    return this.readUnquoted(start, i + 1);
  }

  private readNegativeNumber(start: number): Value {
    let i = start + 1;
    if (!isDigit(this.at(i))) throw GIVE_UP;
    while (isDigit(this.at(i))) i++;
    const c = this.at(i);
    if (c === DOT) return this.readFloat(start, i);
    if (c >= 0x80) throw GIVE_UP;
    if (isNumberSuffix(c)) return this.readSuffixed(start, i);
    // Unlike a positive number, a negative one simply ends here.
    return this.integer(start, i, i);
  }

  /** Digits, then a size suffix from `suffixAt` (`4MB`, `1k`); followed by other text, it is text. */
  private readSuffixed(start: number, suffixAt: number): Value {
    let i = suffixAt + 1;
    for (;;) {
      const c = this.at(i) | 0x20;
      if (c !== 98 && c !== 105) break; // b, i
      i++;
    }
    const c = this.at(i);
    if (endsNumber(c) || isDigit(c)) return this.integer(start, suffixAt, i);
    if (c >= 0x80) throw GIVE_UP;
    return this.readUnquoted(start, i);
  }

  /** `start..dot` are digits; a float, or an IP address (read as text) after a second `.`. */
  private readFloat(start: number, dot: number): Value {
    let i = dot + 1;
    if (!isDigit(this.at(i))) throw GIVE_UP;
    while (isDigit(this.at(i))) i++;
    let c = this.at(i);
    if (c >= 0x80) throw GIVE_UP;
    if (c === DOT) {
      for (;;) {
        c = this.at(i);
        if (!(isDigit(c) || c === DOT || c === COLON || c === MINUS)) break;
        i++;
      }
      if (c >= 0x80) throw GIVE_UP;
      this.pos = i;
      return new StringNode(this.lines, start, i, undefined, 'unquoted') as Value;
    }
    const value = readFloat(this.text.slice(start, i));
    if (!Number.isFinite(value)) throw GIVE_UP;
    this.pos = i;
    return new FloatNode(this.lines, start, i, value) as Value;
  }

  /** The integer `start..end` whose digits end at `digitsEnd` (the rest is its size suffix). */
  private integer(start: number, digitsEnd: number, end: number): Value {
    this.pos = end;
    if (digitsEnd === end && end - start <= 15) {
      const digits = this.text.slice(start, end);
      return new IntegerNode(this.lines, start, end, Number(digits) || 0, digits, '', 1) as Value;
    }
    const reading = readInteger(this.text.slice(start, end));
    if (reading.kind !== 'ok') throw GIVE_UP;
    return new IntegerNode(this.lines, start, end, reading.value, reading.digits, reading.suffix, reading.multiplier) as Value;
  }

  // --- containers --------------------------------------------------------------------------

  private readMap(): Value {
    if (++this.depth > MAX_DEPTH) throw GIVE_UP;
    const node = new MapNode(this.lines, this.pos, this.pos + 1);
    this.pos++;
    const base = this.itemCount;
    statements: for (;;) {
      const c = this.skipSpace();
      switch (c) {
        case CLOSE_BRACE:
          break statements;
        case HASH:
        case SLASH:
          this.comment(c);
          continue;
        case END:
          throw GIVE_UP;
      }
      this.items[this.itemCount++] = this.readStatement(true);
      if (this.endItem(CLOSE_BRACE, true)) break statements;
    }
    node.entries = this.closeItems<Entry>(base);
    node.end = this.pos;
    return node as Value;
  }

  private readArray(): Value {
    if (++this.depth > MAX_DEPTH) throw GIVE_UP;
    const node = new ArrayNode(this.lines, this.pos, this.pos + 1);
    this.pos++;
    const base = this.itemCount;
    elements: for (;;) {
      const c = this.skipSpace();
      switch (c) {
        case CLOSE_BRACKET:
          break elements;
        case HASH:
        case SLASH:
          this.comment(c);
          continue;
        case END:
        case COMMA:
          throw GIVE_UP;
      }
      this.items[this.itemCount++] = this.readValue(c);
      if (this.endItem(CLOSE_BRACKET, false)) break elements;
    }
    node.elements = this.closeItems<Value>(base);
    node.end = this.pos;
    return node as Value;
  }

  /**
   * After a map's value or an array's element: blanks and comments, then a separator (a line end
   * or `,`, in a map also `;`) or the container's closing bracket. True at the closing bracket.
   */
  private endItem(closer: number, semicolonSeparates: boolean): boolean {
    for (;;) {
      const c = this.at(this.pos);
      if (c === SPACE || c === TAB) {
        this.pos++;
      } else if (c === HASH || c === SLASH) {
        this.comment(c);
      } else if (c === NL || c === CR || c === COMMA || (semicolonSeparates && c === SEMICOLON)) {
        this.pos++;
        return false;
      } else if (c === closer) {
        return true;
      } else {
        throw GIVE_UP;
      }
    }
  }

  /** At the closing bracket: moves past it and takes the container's items, copied at their exact number. */
  private closeItems<T>(base: number): T[] {
    this.pos++;
    this.depth--;
    const items = copyItems(this.items, base, this.itemCount) as T[];
    this.itemCount = base;
    return items;
  }

  /**
   * The one copy of the key name `text[start..end)`, whose {@link hashOf} is `hash`. Found by its
   * characters in the text: a lookup by a sliced string cost a string per key and its hashing.
   */
  private sharedName(start: number, end: number, hash: number): string {
    const text = this.text;
    const slots = this.nameSlots;
    const mask = slots.length - 1;
    let slot = hash & mask;
    for (let name = slots[slot]; name !== undefined; name = slots[slot]) {
      if (name.length === end - start && text.startsWith(name, start)) return name;
      slot = (slot + 1) & mask;
    }
    const name = text.slice(start, end);
    if (this.nameCount < MAX_SHARED_NAMES) {
      slots[slot] = name;
      if (++this.nameCount * 2 > slots.length) this.growNames();
    }
    return name;
  }

  /** Doubles the name table, keeping it at most half full. */
  private growNames(): void {
    const slots = new Array<string | undefined>(this.nameSlots.length * 2).fill(undefined);
    const mask = slots.length - 1;
    for (const name of this.nameSlots) {
      if (name === undefined) continue;
      let slot = hashOf(name, 0, name.length) & mask;
      while (slots[slot] !== undefined) slot = (slot + 1) & mask;
      slots[slot] = name;
    }
    this.nameSlots = slots;
  }
}
