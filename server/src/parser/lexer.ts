/**
 * The lexer: a state machine that follows nats-server's `conf/lex.go` state for state, so that
 * every text is accepted or rejected exactly where nats-server accepts or rejects it, and every
 * error is counted on the line nats-server prints. Unlike nats-server it does not stop at the
 * first error: it reports the error to the sink and resumes (see `recover`).
 *
 * Characters are UTF-16 code units. Every character the state machine tests for is in the BMP,
 * so this matches nats-server's rune-by-rune reading.
 */
import { BOOLEAN_WORDS } from './nodes';

/** What the lexer hands to the parser. Offsets are UTF-16 offsets, `end` exclusive. */
export interface TokenSink {
  key(start: number, end: number, name: string, quote: '"' | "'" | undefined): void;
  separator(offset: number, text: '=' | ':'): void;
  string(start: number, end: number, value: string, style: 'double' | 'single' | 'unquoted' | 'raw'): void;
  integer(start: number, end: number, text: string): void;
  float(start: number, end: number, text: string): void;
  boolean(start: number, end: number, text: string): void;
  datetime(start: number, end: number, text: string): void;
  variable(start: number, end: number, name: string): void;
  mapStart(offset: number): void;
  mapEnd(offset: number): void;
  arrayStart(offset: number): void;
  arrayEnd(offset: number): void;
  /** `pathStart` is -1 when the directive has no path (its quote is never closed). */
  include(keywordStart: number, keywordEnd: number, pathStart: number, pathEnd: number, path: string, quote: '"' | "'" | undefined): void;
  comment(start: number, end: number, style: '#' | '//'): void;
  /**
   * A lexer error covering `start..end` (the offending text; empty at the end of input);
   * `natsLine` is the 1-based line nats-server prints.
   */
  error(kind: LexErrorKind, start: number, end: number, natsLine: number, detail: LexErrorDetail): void;
  /**
   * The last value was read from a line after its key's and did not end there (see
   * `Lexer.readAgainAsStatement`): its key keeps no value, and the value's text is read again.
   */
  retractValue(): void;
  /** The input ended (or a NUL byte stopped the lexer the way nats-server stops). */
  end(offset: number): void;
}

export type LexErrorKind =
  | 'eof' // "Unexpected EOF."
  | 'topValueEnd'
  | 'keySeparatorTop'
  | 'keySeparatorMap'
  | 'includeEofSingle'
  | 'includeEofDouble'
  | 'includeArray'
  | 'includeMap'
  | 'includeBlock'
  | 'includeNumber'
  | 'includeEscape'
  | 'includeNewline'
  | 'floatStartsWithDot'
  | 'valueNewline'
  | 'arrayLeadingComma'
  | 'arrayValueEnd'
  | 'arrayEndInMap'
  | 'mapEof'
  | 'mapQuotedKeyEof'
  | 'mapDoubleQuotedKeyEof'
  | 'mapKeyEof'
  | 'mapLeadingComma'
  | 'mapValueEnd'
  | 'blockEof'
  | 'invalidEscape'
  | 'hexEscapeEol'
  | 'hexEscapeBad'
  | 'negativeFloatDot'
  | 'expectedDigit'
  | 'dateNotZulu'
  | 'dateDigit'
  | 'dateChar'
  | 'floatDigit';

export interface LexErrorDetail {
  /** The offending character (`undefined` at the end of input). */
  char?: string;
  /** Extra text: the bad hex pair, the expected datetime character. */
  text?: string;
  /** Where the unterminated construct (string, block, map, array, key) started. */
  openedAt?: number;
  /** The value that did not end was read from a line after its key's (a key alone on its line). */
  valueOnLaterLine?: boolean;
}

const EOF = -1; // end of input; a NUL byte is returned as 0 and also counts as EOF
const NUL = 0;

const enum St {
  Top,
  TopValueEnd,
  KeyStart,
  DubQuotedKey,
  QuotedKey,
  Key,
  KeyEnd,
  Value,
  ArrayValue,
  ArrayValueEnd,
  ArrayEnd,
  MapKeyStart,
  MapQuotedKey,
  MapDubQuotedKey,
  MapKey,
  MapKeyEnd,
  MapValue,
  MapValueEnd,
  MapEnd,
  String,
  DubQuotedString,
  QuotedString,
  StringEscape,
  StringBinary,
  Block,
  NumberStart,
  Number,
  ConvenientNumber,
  DateAfterYear,
  NegNumberStart,
  NegNumber,
  FloatStart,
  Float,
  IPAddr,
  CommentStart,
  Comment,
  IncludeStart,
  Include,
  IncludeQuotedString,
  IncludeDubQuotedString,
  IncludeString,
  Done,
}

const CH_NL = 10;
const CH_CR = 13;
const CH_SPACE = 32;
const CH_TAB = 9;

function isEof(r: number): boolean {
  return r <= NUL;
}

function isWhitespace(r: number): boolean {
  return r === CH_SPACE || r === CH_TAB;
}

function isNL(r: number): boolean {
  return r === CH_NL || r === CH_CR;
}

/** Go's unicode.IsSpace. */
function isSpace(r: number): boolean {
  if (r <= 0xff) return r === CH_SPACE || (r >= 9 && r <= 13) || r === 0x85 || r === 0xa0;
  return r === 0x1680 || (r >= 0x2000 && r <= 0x200a) || r === 0x2028 || r === 0x2029 || r === 0x202f || r === 0x205f || r === 0x3000;
}

const unicodeDigit = /\p{Nd}/u;
/** Go's unicode.IsDigit (any decimal digit, not only ASCII). */
function isDigit(r: number): boolean {
  if (r >= 48 && r <= 57) return true;
  return r > 0x7f && unicodeDigit.test(String.fromCharCode(r));
}

function isKeySeparator(r: number): boolean {
  return r === 61 /* = */ || r === 58 /* : */;
}

function isNumberSuffix(r: number): boolean {
  switch (r) {
    case 107: case 75: // k K
    case 109: case 77: // m M
    case 103: case 71: // g G
    case 116: case 84: // t T
    case 112: case 80: // p P
    case 101: case 69: // e E
      return true;
  }
  return false;
}


// The datetime shape after `YYYY-`: '0' stands for a digit, anything else must match exactly.
const DATE_TAIL = '00-00T00:00:00Z';

export class Lexer {
  private pos = 0;
  private start = 0;
  /** nats-server's line counter: incremented when a `\n` is consumed, decremented on backup over one. */
  private line = 1;
  private width = 0;
  private readonly stack: St[] = [];
  private parts: string[] = [];
  /** Where the current value token began (string parts move `start`). */
  private tokenStart = 0;
  /** The string state to return to after an escape (unquoted or double-quoted). */
  private stringState: St = St.String;
  private dateIndex = 0;
  /** Start of the `include` keyword being processed. */
  private includeKeyword = 0;
  private includeKeywordEnd = 0;
  /** Offsets of the open `{` / `[`, innermost last, for messages about unterminated containers. */
  private readonly openers: { offset: number; kind: 'map' | 'array'; stackDepth: number }[] = [];
  /** Where the last key ended. */
  private keyEnd = -1;
  /**
   * Where the value read since the last key starts, when it is a string (quoted or not, which
   * the parser takes with no problem of its own); -1 otherwise.
   */
  private stringValueStart = -1;
  /** `nextNul`'s memory: where it last searched from and what it found. */
  private nulSearchedFrom = Infinity;
  private nulFound = -1;

  constructor(private readonly text: string, private readonly sink: TokenSink) {}

  run(): void {
    let state: St = St.Top;
    while (state !== St.Done) state = this.step(state);
    this.sink.end(this.pos);
  }

  /**
   * Reads statements from `from`, on nats-server line `line`, in the map whose `{` is at
   * `mapOpener` (undefined: the top level), as a run over the whole text does from there (see
   * parser.ts readStatementsAgain); returns where it stopped: where `stopsAt` says a statement
   * starts, or the map's `}`, which it does not read. Undefined when the text leaves the map,
   * or ends, before, or when `stopsAt` gives up (undefined).
   */
  runStatements(from: number, line: number, mapOpener: number | undefined, stopsAt: (offset: number) => boolean | undefined): number | undefined {
    this.pos = from;
    this.start = from;
    this.line = line;
    let state: St = St.Top;
    if (mapOpener !== undefined) {
      this.openers.push({ offset: mapOpener, kind: 'map', stackDepth: 0 });
      state = St.MapKeyStart;
    }
    const between = state;
    while (state !== St.Done) {
      if (state === between && this.stack.length === 0) {
        const stops = stopsAt(this.pos);
        if (stops === undefined) return undefined;
        if (stops) return this.pos;
      }
      // The map's `}`, just read: where the statements end, or the text closes the map too soon.
      if (state === St.MapEnd && mapOpener !== undefined && this.openers.length === 1) return stopsAt(this.pos - 1) ? this.pos - 1 : undefined;
      state = this.step(state);
    }
    return undefined;
  }

  // --- primitive moves, mirroring lex.go -------------------------------------------------

  private next(): number {
    if (this.pos >= this.text.length) {
      this.width = 0;
      return EOF;
    }
    const r = this.text.charCodeAt(this.pos);
    if (r === CH_NL) this.line++;
    this.width = 1;
    this.pos++;
    return r;
  }

  private backup(): void {
    this.pos -= this.width;
    if (this.width > 0 && this.pos < this.text.length && this.text.charCodeAt(this.pos) === CH_NL) this.line--;
  }

  private peek(): number {
    const r = this.next();
    this.backup();
    return r;
  }

  private ignore(): void {
    this.start = this.pos;
  }

  private push(state: St): void {
    this.stack.push(state);
  }

  private pop(): St {
    // lex.go reports "BUG in lexer: no states to pop." here; the states below always push first.
    return this.stack.length > 0 ? (this.stack.pop() as St) : St.Top;
  }

  private current(): string {
    return this.text.slice(this.start, this.pos);
  }

  private takeString(): string {
    const value = this.parts.length > 0 ? this.parts.join('') + this.current() : this.current();
    this.parts = [];
    return value;
  }

  private charAt(r: number): string | undefined {
    return isEof(r) ? undefined : String.fromCharCode(r);
  }

  /** Reports an error and returns the state to resume in. */
  private fail(kind: LexErrorKind, r: number, detail: LexErrorDetail = {}): St {
    // Every caller has consumed the offending character (nothing is consumed at the end).
    const end = this.pos;
    const start = r === EOF ? end : end - 1;
    this.sink.error(kind, start, end, this.line, { char: this.charAt(r), ...detail });
    return this.recover(r);
  }

  /**
   * Resumes after an error, where nats-server would have stopped. Skips the rest of the line
   * (stopping early at a bracket that closes the innermost open map or array, so one-line
   * blocks stay balanced) and continues in the state that reads the next statement, map key or
   * array element. At the end of input there is nothing to resume.
   */
  private recover(offending: number): St {
    this.parts = [];
    if (offending === EOF || (offending === NUL && this.pos >= this.text.length)) return St.Done;
    const opener = this.openers[this.openers.length - 1];
    const closer = opener ? (opener.kind === 'map' ? 125 /* } */ : 93 /* ] */) : -2;
    if (offending !== CH_NL) {
      for (;;) {
        const c = this.pos < this.text.length ? this.text.charCodeAt(this.pos) : EOF;
        if (c === EOF || c === CH_NL || c === closer) break;
        this.pos++;
      }
    }
    this.ignore();
    this.stack.length = opener ? opener.stackDepth : 0;
    if (!opener) return St.Top;
    if (this.pos < this.text.length && this.text.charCodeAt(this.pos) === closer) {
      return opener.kind === 'map' ? St.MapValueEnd : St.ArrayValueEnd;
    }
    return opener.kind === 'map' ? St.MapKeyStart : St.ArrayValue;
  }

  /**
   * Whether the string value just read, which `r` does not end, started on a line after its
   * key's: a key alone on its line (being typed, or its value forgotten) took the next line's
   * first word as its value.
   */
  private valueOnLaterLine(r: number): boolean {
    if (isEof(r) || this.stringValueStart < 0) return false;
    for (let i = this.keyEnd; i < this.stringValueStart; i++) if (isNL(this.text.charCodeAt(i))) return true;
    return false;
  }

  /**
   * Reports the error where nats-server stops, as `fail` does; then, rather than skip the rest
   * of the line, leaves the key without a value and reads the value's text again as the next
   * statement, which it almost always is. The error then stays on its line, and the statements
   * after it are read as they are meant.
   */
  private readAgainAsStatement(kind: LexErrorKind, r: number, opener: { offset: number; stackDepth: number } | undefined): St {
    const end = this.pos;
    this.sink.error(kind, end - 1, end, this.line, { char: this.charAt(r), openedAt: opener?.offset, valueOnLaterLine: true });
    this.sink.retractValue();
    const from = this.stringValueStart;
    for (let i = from; i < this.pos; i++) if (this.text.charCodeAt(i) === CH_NL) this.line--;
    this.pos = from;
    this.start = from;
    this.parts = [];
    this.stringValueStart = -1;
    this.stack.length = opener ? opener.stackDepth : 0;
    return opener ? St.MapKeyStart : St.Top;
  }

  // --- emitters ---------------------------------------------------------------------------

  private emitKey(quote: '"' | "'" | undefined): void {
    this.sink.key(this.start, this.pos, this.current(), quote);
    this.start = this.pos;
    this.keyEnd = this.pos;
    this.stringValueStart = -1;
  }

  private emitUnquoted(): void {
    const hadEscapes = this.parts.length > 0;
    const value = this.takeString();
    const start = this.tokenStart;
    const end = this.pos;
    this.start = this.pos;
    this.stringValueStart = start;
    if (!hadEscapes) {
      if (BOOLEAN_WORDS.has(value.toLowerCase())) {
        this.sink.boolean(start, end, value);
        return;
      }
      if (value.length > 0 && value.charCodeAt(0) === 36 /* $ */) {
        this.sink.variable(start, end, value.slice(1));
        return;
      }
    }
    this.sink.string(start, end, value, 'unquoted');
  }

  // --- the states -------------------------------------------------------------------------

  private step(state: St): St {
    switch (state) {
      case St.Top: {
        const r = this.next();
        if (isSpace(r)) {
          this.ignore();
          return St.Top;
        }
        switch (r) {
          case 123: // { — JSON-style top-level braces are skipped
            this.ignore();
            return St.Top;
          case 35: // #
            this.push(St.Top);
            return St.CommentStart;
          case 47: { // /
            const rn = this.next();
            if (rn === 47) {
              this.push(St.Top);
              return St.CommentStart;
            }
            this.backup();
            return this.topEof(r);
          }
        }
        if (isEof(r)) return this.topEof(r);
        this.backup();
        this.push(St.TopValueEnd);
        return St.KeyStart;
      }

      case St.TopValueEnd: {
        const r = this.next();
        if (r === 35) {
          this.push(St.Top);
          return St.CommentStart;
        }
        if (r === 47) {
          const rn = this.next();
          if (rn === 47) {
            this.push(St.Top);
            return St.CommentStart;
          }
          this.backup();
          return St.TopValueEnd;
        }
        if (isWhitespace(r)) return St.TopValueEnd;
        if (isNL(r) || isEof(r) || r === 59 /* ; */ || r === 44 /* , */ || r === 125 /* } */) {
          this.ignore();
          return St.Top;
        }
        if (this.valueOnLaterLine(r)) return this.readAgainAsStatement('topValueEnd', r, undefined);
        return this.fail('topValueEnd', r);
      }

      case St.KeyStart: {
        this.stringValueStart = -1;
        const r = this.peek();
        if (isKeySeparator(r)) {
          this.next();
          return this.fail('keySeparatorTop', r);
        }
        if (isSpace(r)) {
          this.next();
          this.ignore();
          return St.KeyStart;
        }
        if (r === 34) {
          this.next();
          this.ignore();
          return St.DubQuotedKey;
        }
        if (r === 39) {
          this.next();
          this.ignore();
          return St.QuotedKey;
        }
        this.ignore();
        this.next();
        return St.Key;
      }

      case St.DubQuotedKey:
      case St.QuotedKey: {
        const quote = state === St.DubQuotedKey ? 34 : 39;
        // Fast path: jump to the closing quote or the end of input.
        const close = this.text.indexOf(String.fromCharCode(quote), this.pos);
        const nul = this.nextNul(this.pos);
        const stop = close < 0 ? nul : nul < 0 ? close : Math.min(close, nul);
        if (stop < 0 || this.text.charCodeAt(stop) === NUL) {
          // lex.go peeks at the end: an empty unterminated key ends the input silently.
          this.advanceTo(stop < 0 ? this.text.length : stop);
          if (this.pos > this.start) {
            this.sink.error('eof', this.pos, this.pos, this.line, { openedAt: this.start - 1 });
          }
          return St.Done;
        }
        this.advanceTo(stop);
        this.emitKey(quote === 34 ? '"' : "'");
        this.next();
        this.ignore();
        return St.KeyEnd;
      }

      case St.Key: {
        this.pos = this.scanKey(this.pos);
        const r = this.peek();
        if (isSpace(r)) return this.keyCheckKeyword(St.KeyEnd, undefined);
        if (isKeySeparator(r) || isEof(r)) {
          this.emitKey(undefined);
          return St.KeyEnd;
        }
        this.next();
        return St.Key;
      }

      case St.KeyEnd: {
        const r = this.next();
        if (isSpace(r)) {
          this.ignore();
          return St.KeyEnd;
        }
        if (isKeySeparator(r)) {
          this.sink.separator(this.pos - 1, r === 61 ? '=' : ':');
          this.ignore();
          return St.Value;
        }
        if (isEof(r)) return St.Done;
        this.backup();
        return St.Value;
      }

      case St.Value: {
        const r = this.next();
        if (isWhitespace(r)) {
          this.ignore();
          return St.Value;
        }
        this.tokenStart = this.pos - this.width;
        switch (r) {
          case 91: // [
            this.ignore();
            this.openers.push({ offset: this.pos - 1, kind: 'array', stackDepth: this.stack.length });
            this.sink.arrayStart(this.pos - 1);
            return St.ArrayValue;
          case 123: // {
            this.ignore();
            this.openers.push({ offset: this.pos - 1, kind: 'map', stackDepth: this.stack.length });
            this.sink.mapStart(this.pos - 1);
            return St.MapKeyStart;
          case 39: // '
            this.ignore();
            return St.QuotedString;
          case 34: // "
            this.ignore();
            this.stringState = St.DubQuotedString;
            return St.DubQuotedString;
          case 45: // -
            return St.NegNumberStart;
          case 40: // (
            this.ignore();
            return St.Block;
          case 46: // .
            return this.fail('floatStartsWithDot', r);
        }
        if (isDigit(r)) {
          this.backup();
          return St.NumberStart;
        }
        if (isNL(r)) return this.fail('valueNewline', r);
        this.backup();
        this.tokenStart = this.pos;
        this.stringState = St.String;
        return St.String;
      }

      case St.ArrayValue: {
        const r = this.next();
        if (isSpace(r)) {
          this.ignore();
          return St.ArrayValue;
        }
        if (r === 35) {
          this.push(St.ArrayValue);
          return St.CommentStart;
        }
        if (r === 47) {
          const rn = this.next();
          if (rn === 47) {
            this.push(St.ArrayValue);
            return St.CommentStart;
          }
          this.backup();
          return this.fail('arrayLeadingComma', r);
        }
        if (r === 44) return this.fail('arrayLeadingComma', r);
        if (r === 93) return St.ArrayEnd;
        this.backup();
        this.push(St.ArrayValueEnd);
        return St.Value;
      }

      case St.ArrayValueEnd: {
        const r = this.next();
        if (isWhitespace(r)) {
          this.ignore();
          return St.ArrayValueEnd;
        }
        if (r === 35) {
          this.push(St.ArrayValueEnd);
          return St.CommentStart;
        }
        if (r === 47) {
          const rn = this.next();
          if (rn === 47) {
            this.push(St.ArrayValueEnd);
            return St.CommentStart;
          }
          this.backup();
          this.ignore();
          return St.ArrayValue;
        }
        if (r === 44 || isNL(r)) {
          this.ignore();
          return St.ArrayValue;
        }
        if (r === 93) return St.ArrayEnd;
        const opener = this.openers[this.openers.length - 1];
        return this.fail('arrayValueEnd', r, { openedAt: opener?.offset });
      }

      case St.ArrayEnd:
        this.ignore();
        this.stringValueStart = -1;
        this.openers.pop();
        this.sink.arrayEnd(this.pos - 1);
        return this.pop();

      case St.MapKeyStart: {
        this.stringValueStart = -1;
        const r = this.peek();
        if (isKeySeparator(r)) {
          this.next();
          return this.fail('keySeparatorMap', r);
        }
        if (r === 93) {
          this.next();
          return this.fail('arrayEndInMap', r);
        }
        if (isSpace(r)) {
          this.next();
          this.ignore();
          return St.MapKeyStart;
        }
        if (r === 125) {
          this.next();
          this.ignore();
          return St.MapEnd;
        }
        if (r === 35) {
          this.next();
          this.push(St.MapKeyStart);
          return St.CommentStart;
        }
        if (r === 47) {
          this.next();
          const rn = this.next();
          if (rn === 47) {
            this.push(St.MapKeyStart);
            return St.CommentStart;
          }
          this.backup();
          // lex.go drops the lone '/' and takes the next character as the key's first.
          this.ignore();
          this.next();
          return St.MapKey;
        }
        if (r === 39) {
          this.next();
          this.ignore();
          return St.MapQuotedKey;
        }
        if (r === 34) {
          this.next();
          this.ignore();
          return St.MapDubQuotedKey;
        }
        if (isEof(r)) {
          this.next();
          const opener = this.openers[this.openers.length - 1];
          return this.fail('mapEof', r, { openedAt: opener?.offset });
        }
        this.ignore();
        this.next();
        return St.MapKey;
      }

      case St.MapQuotedKey:
      case St.MapDubQuotedKey: {
        const quote = state === St.MapDubQuotedKey ? 34 : 39;
        const r = this.peek();
        if (isEof(r)) {
          this.next();
          return this.fail(quote === 34 ? 'mapDoubleQuotedKeyEof' : 'mapQuotedKeyEof', r, { openedAt: this.start - 1 });
        }
        if (r === quote) {
          this.emitKey(quote === 34 ? '"' : "'");
          this.next();
          this.ignore();
          return St.MapKeyEnd;
        }
        this.next();
        return state;
      }

      case St.MapKey: {
        this.pos = this.scanKey(this.pos);
        const r = this.peek();
        if (isEof(r)) {
          this.next();
          return this.fail('mapKeyEof', r, { openedAt: this.start });
        }
        if (isSpace(r)) return this.keyCheckKeyword(St.MapKeyEnd, St.MapValueEnd);
        if (isKeySeparator(r)) {
          this.emitKey(undefined);
          return St.MapKeyEnd;
        }
        this.next();
        return St.MapKey;
      }

      case St.MapKeyEnd: {
        const r = this.next();
        if (isSpace(r)) {
          this.ignore();
          return St.MapKeyEnd;
        }
        if (isKeySeparator(r)) {
          this.sink.separator(this.pos - 1, r === 61 ? '=' : ':');
          this.ignore();
          return St.MapValue;
        }
        this.backup();
        return St.MapValue;
      }

      case St.MapValue: {
        const r = this.next();
        if (isSpace(r)) {
          this.ignore();
          return St.MapValue;
        }
        if (r === 44) return this.fail('mapLeadingComma', r);
        if (r === 125) {
          this.ignore();
          return St.MapEnd;
        }
        this.backup();
        this.push(St.MapValueEnd);
        return St.Value;
      }

      case St.MapValueEnd: {
        const r = this.next();
        if (isWhitespace(r)) {
          this.ignore();
          return St.MapValueEnd;
        }
        if (r === 35) {
          this.push(St.MapValueEnd);
          return St.CommentStart;
        }
        if (r === 47) {
          const rn = this.next();
          if (rn === 47) {
            this.push(St.MapValueEnd);
            return St.CommentStart;
          }
          this.backup();
          this.ignore();
          return St.MapKeyStart;
        }
        if (r === 59 || r === 44 || isNL(r)) {
          this.ignore();
          return St.MapKeyStart;
        }
        if (r === 125) {
          this.ignore();
          return St.MapEnd;
        }
        const opener = this.openers[this.openers.length - 1];
        if (this.valueOnLaterLine(r)) return this.readAgainAsStatement('mapValueEnd', r, opener);
        return this.fail('mapValueEnd', r, { openedAt: opener?.offset });
      }

      case St.MapEnd:
        this.ignore();
        this.stringValueStart = -1;
        this.openers.pop();
        this.sink.mapEnd(this.pos - 1);
        return this.pop();

      case St.String: {
        // Fast path over ordinary characters.
        this.pos = this.scanUnquoted(this.pos);
        const r = this.next();
        if (r === 92 /* \ */) {
          this.parts.push(this.text.slice(this.start, this.pos - 1));
          this.start = this.pos;
          return St.StringEscape;
        }
        if (isNL(r) || isEof(r) || r === 59 || r === 44 || r === 93 || r === 125 || isWhitespace(r)) {
          this.backup();
          this.emitUnquoted();
          return this.pop();
        }
        if (r === 39) {
          // A single quote ends an unquoted string and is swallowed.
          this.backup();
          this.emitUnquoted();
          this.next();
          this.ignore();
          return this.pop();
        }
        return St.String;
      }

      case St.DubQuotedString: {
        const stop = this.scanDoubleQuoted(this.pos);
        this.advanceTo(stop);
        const r = this.next();
        if (r === 92) {
          this.parts.push(this.text.slice(this.start, this.pos - 1));
          this.start = this.pos;
          return St.StringEscape;
        }
        if (r === 34) {
          this.backup();
          const value = this.takeString();
          this.next();
          this.sink.string(this.tokenStart, this.pos, value, 'double');
          this.stringValueStart = this.tokenStart;
          this.ignore();
          return this.pop();
        }
        if (isEof(r)) {
          // lex.go compares against the start of the last string part, so `"abc\t` right at
          // the end of input passes silently; we mirror it.
          if (this.pos > this.start) {
            this.sink.error('eof', r === NUL ? this.pos - 1 : this.pos, this.pos, this.line, { openedAt: this.tokenStart });
          }
          this.parts = [];
          return St.Done;
        }
        return St.DubQuotedString;
      }

      case St.QuotedString: {
        const close = this.text.indexOf("'", this.pos);
        const nul = this.nextNul(this.pos);
        const stop = close < 0 ? nul : nul < 0 ? close : Math.min(close, nul);
        this.advanceTo(stop < 0 ? this.text.length : stop);
        const r = this.next();
        if (r === 39) {
          this.sink.string(this.tokenStart, this.pos, this.text.slice(this.start, this.pos - 1), 'single');
          this.stringValueStart = this.tokenStart;
          this.ignore();
          return this.pop();
        }
        if (this.pos > this.start) {
          this.sink.error('eof', r === NUL ? this.pos - 1 : this.pos, this.pos, this.line, { openedAt: this.tokenStart });
        }
        return St.Done;
      }

      case St.StringEscape: {
        const r = this.next();
        switch (r) {
          case 120: // x
            return St.StringBinary;
          case 116: return this.addStringPart('\t');
          case 110: return this.addStringPart('\n');
          case 114: return this.addStringPart('\r');
          case 34: return this.addStringPart('"');
          case 92: return this.addStringPart('\\');
        }
        // nats-server stops here; we report and keep reading the string with the character kept.
        this.sink.error('invalidEscape', this.start - 1, this.pos, this.line, { char: this.charAt(r) });
        if (isEof(r)) return this.stringState;
        if (isNL(r)) {
          this.backup();
          return this.stringState;
        }
        return this.addStringPart('\\' + String.fromCharCode(r));
      }

      case St.StringBinary: {
        const escapeAt = this.pos - 2;
        let r = this.next();
        if (isNL(r)) return this.hexFailure('hexEscapeEol', escapeAt, r);
        r = this.next();
        if (isNL(r)) return this.hexFailure('hexEscapeEol', escapeAt, r);
        const offset = this.pos - 2;
        const pair = this.text.slice(Math.max(0, offset), this.pos);
        if (!/^[0-9A-Fa-f]{2}$/.test(pair)) {
          this.sink.error('hexEscapeBad', escapeAt, this.pos, this.line, { text: pair });
          if (isEof(r)) return this.stringState;
          return this.addStringPart('');
        }
        return this.addStringPart(String.fromCharCode(parseInt(pair, 16)));
      }

      case St.Block: {
        // The block ends only at "\n)" followed by "\n" or the end of input.
        let search = this.pos;
        for (;;) {
          const close = this.text.indexOf('\n)', search);
          const nul = this.nextNul(this.pos);
          if (close < 0 || (nul >= 0 && nul < close)) {
            const stop = nul >= 0 ? nul : this.text.length;
            this.advanceTo(stop);
            this.sink.error('blockEof', stop, Math.min(stop + 1, this.text.length), this.line, { openedAt: this.tokenStart });
            return St.Done;
          }
          const after = close + 2;
          if (after >= this.text.length || this.text.charCodeAt(after) === CH_NL || this.text.charCodeAt(after) === NUL) {
            this.advanceTo(close + 1);
            // lex.go backs up by the width of the last read, which is 0 at the true end of input:
            // a ')' that is the file's last character stays in the value.
            const valueEnd = after >= this.text.length ? close + 2 : close + 1;
            this.sink.string(this.tokenStart, close + 2, this.text.slice(this.start, valueEnd), 'raw');
            this.next(); // the ')'
            this.ignore();
            return this.pop();
          }
          search = close + 1;
        }
      }

      case St.NumberStart: {
        const r = this.next();
        this.tokenStart = this.pos - 1;
        if (!isDigit(r)) {
          if (r === 46) return this.fail('negativeFloatDot', r);
          return this.fail('expectedDigit', r);
        }
        return St.Number;
      }

      case St.Number: {
        const r = this.next();
        if (r === 45) {
          if (this.pos - this.start !== 5) return this.fail('dateNotZulu', r);
          this.dateIndex = 0;
          return St.DateAfterYear;
        }
        if (isDigit(r)) return St.Number;
        if (r === 46) return St.FloatStart;
        if (isNumberSuffix(r)) return St.ConvenientNumber;
        if (!(isNL(r) || isEof(r) || r === 125 || r === 59 || r === 44 || isWhitespace(r))) {
          this.stringState = St.String;
          return St.String;
        }
        this.backup();
        this.sink.integer(this.start, this.pos, this.current());
        this.ignore();
        return this.pop();
      }

      case St.ConvenientNumber: {
        const r = this.next();
        if (r === 98 || r === 66 || r === 105 || r === 73) return St.ConvenientNumber; // b B i I
        this.backup();
        if (isNL(r) || isEof(r) || r === 125 || r === 59 || r === 44 || isWhitespace(r) || isDigit(r)) {
          this.sink.integer(this.start, this.pos, this.current());
          this.ignore();
          return this.pop();
        }
        this.stringState = St.String;
        return St.String;
      }

      case St.DateAfterYear: {
        while (this.dateIndex < DATE_TAIL.length) {
          const expected = DATE_TAIL.charCodeAt(this.dateIndex++);
          const r = this.next();
          if (expected === 48 /* 0 */) {
            if (!isDigit(r)) return this.fail('dateDigit', r);
          } else if (expected !== r) {
            return this.fail('dateChar', r, { text: String.fromCharCode(expected) });
          }
        }
        this.sink.datetime(this.start, this.pos, this.current());
        this.ignore();
        return this.pop();
      }

      case St.NegNumberStart: {
        const r = this.next();
        if (!isDigit(r)) {
          if (r === 46) return this.fail('negativeFloatDot', r);
          return this.fail('expectedDigit', r);
        }
        return St.NegNumber;
      }

      case St.NegNumber: {
        const r = this.next();
        if (isDigit(r)) return St.NegNumber;
        if (r === 46) return St.FloatStart;
        if (isNumberSuffix(r)) return St.ConvenientNumber;
        this.backup();
        this.sink.integer(this.start, this.pos, this.current());
        this.ignore();
        return this.pop();
      }

      case St.FloatStart: {
        const r = this.next();
        if (!isDigit(r)) return this.fail('floatDigit', r);
        return St.Float;
      }

      case St.Float: {
        const r = this.next();
        if (isDigit(r)) return St.Float;
        if (r === 46) return St.IPAddr;
        this.backup();
        this.sink.float(this.start, this.pos, this.current());
        this.ignore();
        return this.pop();
      }

      case St.IPAddr: {
        const r = this.next();
        if (isDigit(r) || r === 46 || r === 58 || r === 45) return St.IPAddr;
        this.backup();
        this.sink.string(this.start, this.pos, this.current(), 'unquoted');
        this.ignore();
        return this.pop();
      }

      case St.CommentStart:
        this.ignore();
        return St.Comment;

      case St.Comment: {
        const commentStart = this.start;
        let end = this.pos;
        while (end < this.text.length) {
          const c = this.text.charCodeAt(end);
          if (c === CH_NL || c === CH_CR || c === NUL) break;
          end++;
        }
        this.pos = end;
        const marker = this.text.charCodeAt(commentStart - 1) === 35 ? 1 : 2;
        this.sink.comment(commentStart - marker, end, marker === 1 ? '#' : '//');
        this.ignore();
        return this.pop();
      }

      case St.IncludeStart: {
        const r = this.next();
        if (isWhitespace(r)) {
          this.ignore();
          return St.IncludeStart;
        }
        this.backup();
        return St.Include;
      }

      case St.Include: {
        const r = this.next();
        this.tokenStart = this.pos - this.width;
        switch (r) {
          case 39:
            this.ignore();
            return St.IncludeQuotedString;
          case 34:
            this.ignore();
            return St.IncludeDubQuotedString;
          case 91: return this.includeFailure('includeArray', r);
          case 123: return this.includeFailure('includeMap', r);
          case 40: return this.includeFailure('includeBlock', r);
          case 92: return this.includeFailure('includeEscape', r);
          case 45: return this.includeFailure('includeNumber', r);
        }
        if (isDigit(r)) return this.includeFailure('includeNumber', r);
        if (isNL(r)) return this.includeFailure('includeNewline', r);
        this.backup();
        this.tokenStart = this.pos;
        return St.IncludeString;
      }

      case St.IncludeQuotedString:
      case St.IncludeDubQuotedString: {
        const quote = state === St.IncludeDubQuotedString ? 34 : 39;
        const r = this.next();
        if (r === quote) {
          this.sink.include(this.includeKeyword, this.includeKeywordEnd, this.tokenStart, this.pos, this.text.slice(this.start, this.pos - 1), quote === 34 ? '"' : "'");
          this.ignore();
          return this.pop();
        }
        if (isEof(r)) {
          // Keep the directive in the tree, without a path: the error below says what is wrong.
          this.sink.include(this.includeKeyword, this.includeKeywordEnd, -1, -1, '', undefined);
          return this.fail(quote === 34 ? 'includeEofDouble' : 'includeEofSingle', r, { openedAt: this.tokenStart });
        }
        return state;
      }

      case St.IncludeString: {
        const r = this.next();
        if (isNL(r) || isEof(r) || r === 59 || r === 125 || isWhitespace(r)) {
          this.backup();
          this.sink.include(this.includeKeyword, this.includeKeywordEnd, this.tokenStart, this.pos, this.current(), undefined);
          this.ignore();
          return this.pop();
        }
        if (r === 39) {
          this.backup();
          this.sink.include(this.includeKeyword, this.includeKeywordEnd, this.tokenStart, this.pos, this.current(), undefined);
          this.next();
          this.ignore();
          return this.pop();
        }
        return St.IncludeString;
      }

      case St.Done:
        return St.Done;
    }
  }

  // --- helpers for the states -------------------------------------------------------------

  /**
   * The first NUL at or after `from` (-1: none). Remembered between calls: searching the rest of
   * the text for each quoted string made a file of many of them quadratic.
   */
  private nextNul(from: number): number {
    if (from < this.nulSearchedFrom || (this.nulFound >= 0 && this.nulFound < from)) {
      this.nulSearchedFrom = from;
      this.nulFound = this.text.indexOf('\0', from);
    }
    return this.nulFound;
  }

  /** Moves to `target`, counting the newlines passed like `next()` would. */
  private advanceTo(target: number): void {
    // Only the skipped text is looked at (searching for the next '\n' could run far past it).
    const text = this.text;
    for (let i = this.pos; i < target; i++) if (text.charCodeAt(i) === CH_NL) this.line++;
    this.pos = target;
  }

  /**
   * Where an unquoted key (read from `from`) meets what its state must look at: a space, a
   * separator or the end of input (a NUL counts as the end). The characters skipped are the
   * ones the key states would consume one by one.
   */
  private scanKey(from: number): number {
    const text = this.text;
    let i = from;
    for (; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 61 || c === 58 || c === NUL || isSpace(c)) break;
    }
    return i;
  }

  /** Where an unquoted string (starting at `from`) meets a character its state must look at. */
  private scanUnquoted(from: number): number {
    const text = this.text;
    let i = from;
    for (; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c <= 32 || c === 92 || c === 59 || c === 44 || c === 93 || c === 125 || c === 39) break;
    }
    return i;
  }

  /** Where a double-quoted string meets `"`, `\` or NUL (or the end). */
  private scanDoubleQuoted(from: number): number {
    const text = this.text;
    let i = from;
    for (; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 34 || c === 92 || c === 0) break;
    }
    return i;
  }

  private addStringPart(part: string): St {
    this.parts.push(part);
    this.start = this.pos;
    return this.stringState;
  }

  private hexFailure(kind: LexErrorKind, escapeAt: number, r: number): St {
    this.sink.error(kind, escapeAt, this.pos, this.line, { char: this.charAt(r) });
    this.backup();
    this.start = this.pos;
    return this.stringState;
  }

  private includeFailure(kind: LexErrorKind, r: number): St {
    return this.fail(kind, r);
  }

  private topEof(r: number): St {
    // A lone '/' or a NUL byte where a statement should start is "Unexpected EOF." to lex.go.
    if (this.pos > this.start) return this.fail('eof', r);
    return St.Done;
  }

  private keyCheckKeyword(fallThrough: St, push: St | undefined): St {
    const key = this.current();
    if (key.length === 7 && key.toLowerCase() === 'include') {
      this.includeKeyword = this.start;
      this.includeKeywordEnd = this.pos;
      this.ignore();
      if (push !== undefined) this.push(push);
      return St.IncludeStart;
    }
    this.emitKey(undefined);
    return fallThrough;
  }
}
