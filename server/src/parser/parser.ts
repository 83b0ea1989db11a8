/**
 * Builds the syntax tree from the lexer's tokens, the way nats-server's `conf/parse.go` turns
 * items into values: size suffixes multiplied with int64 wraparound, booleans decoded, dates
 * checked against the calendar, the bcrypt `$2a$` exception. Variables and includes are left
 * for the analysis layer, which needs the file system and the environment.
 */
import type {
  ArrayValue, BooleanValue, Comment, DateTimeValue, Document, Entry, FloatValue, Include, IntegerValue,
  KeyValue, MapValue, Position, Range, RelatedInformation, Separator, Severity, StringValue, SyntaxProblem,
  Value, VariableValue,
} from './ast';
import { Lexer, type LexErrorDetail, type LexErrorKind, type TokenSink } from './lexer';
import { SyntaxCode } from './syntaxCodes';
import { readOrdinaryConfig } from './fastReader';
import {
  ArrayNode, BooleanNode, CommentNode, computeLineStarts, DateTimeNode, FloatNode, IntegerNode, includeNode, KeyValueNode, MapNode, MAX_SHARED_NAMES,
  NatsLines, PositionMapper, readBoolean, readFloat, readInteger, spanned, StringNode, VariableNode,
} from './nodes';

export { computeLineStarts, lineAt, NatsLines, PositionMapper } from './nodes';

/** The related information of a problem about a container that points at its opener. */
export const OPENED_HERE = 'opened here';

export interface ParseOptions {
  /** Stop collecting problems after this many (a garbage file would otherwise report one per line). */
  maxProblems?: number;
}

/** Parses a NATS config text into a tree. Never throws. */
export function parse(text: string, options: ParseOptions = {}): Document {
  // Ordinary configs take the fast reader; anything it does not know, the state machine.
  return readOrdinaryConfig(text) ?? parseWithStateMachine(text, options);
}

/** `parse` through the lexer's state machine alone (tests compare it with the fast reader). */
export function parseWithStateMachine(text: string, options: ParseOptions = {}): Document {
  const builder = new TreeBuilder(text, options.maxProblems ?? 1000);
  try {
    new Lexer(text, builder).run();
  } catch (error) {
    // A bug must not take the editor down: keep what was built and say what happened.
    builder.internalError(error);
  }
  return builder.finish();
}

/** What {@link readStatementsAgain} read: the statements, the comments and problems among them, where it stopped. */
export interface StatementsReadAgain {
  entries: Entry[];
  comments: Comment[];
  includes: Include[];
  /** In the order a parse of the whole text reports them. */
  errors: SyntaxProblem[];
  /** Where the next statement starts, or the map's `}`. */
  end: number;
}

/**
 * Statements of one map (or the top level, `mapOpener` undefined) read with the state machine,
 * for parser/patch.ts: from `from`, where a statement may start, to the first place after it at
 * which `stopsAt` says the next one starts (or the map's `}` is). The lexer is in the state a
 * parse of the whole text is in there, so it reads the same tokens and reports the same
 * problems, in the same order. The nodes map positions with `nodeLines` (the tree's line
 * table, not yet moved to the new text) and the problems with `problemLines` (one that is).
 * Undefined when the text leaves the map or ends before anything stops it, or `stopsAt` gives
 * up (returns undefined).
 */
export function readStatementsAgain(
  text: string, nodeLines: PositionMapper, problemLines: PositionMapper, lineStarts: number[],
  from: number, mapOpener: number | undefined, stopsAt: (offset: number) => boolean | undefined, maxProblems: number,
): StatementsReadAgain | undefined {
  const builder = new TreeBuilder(text, maxProblems, { nodeLines, problemLines, lineStarts });
  const lexer = new Lexer(text, builder);
  let end: number | undefined;
  // nats-server counts `\n` only: without a `\r` in the text, its line is the editor's.
  const natsLine = text.indexOf('\r') < 0 ? problemLines.positionAt(from).line + 1 : new NatsLines(text).lineOf(from);
  try {
    end = lexer.runStatements(from, natsLine, mapOpener, stopsAt);
  } catch {
    return undefined;
  }
  return end === undefined ? undefined : builder.statementsRead(end, mapOpener !== undefined && text.charCodeAt(end) === 125 /* } */);
}

type Container =
  | { kind: 'top'; entries: Entry[]; pending?: KeyValue }
  | { kind: 'map'; node: MapValue; pending?: KeyValue; base: number }
  | { kind: 'array'; node: ArrayValue; base: number; quirkScanned?: number; quirk?: string };

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

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
  private readonly natsLines: NatsLines;
  private problemsDropped = 0;
  /** The entry that took the last value of a map or the top level. */
  private lastValued?: KeyValue;
  private lastErrorOffset = -1;
  private endOffset = 0;

  /**
   * Positions of problems and the line numbers in messages. The nodes' mapper, except for
   * statements read again into a tree (see readStatementsAgain), whose nodes take the tree's.
   */
  private readonly problemMapper: PositionMapper;

  constructor(private readonly text: string, private readonly maxProblems: number, part?: { nodeLines: PositionMapper; problemLines: PositionMapper; lineStarts: number[] }) {
    this.lineStarts = part?.lineStarts ?? computeLineStarts(text);
    this.mapper = part?.nodeLines ?? new PositionMapper(this.lineStarts, text);
    this.problemMapper = part?.problemLines ?? this.mapper;
    this.natsLines = new NatsLines(text);
    this.stack = [{ kind: 'top', entries: this.entries }];
  }

  // --- TokenSink --------------------------------------------------------------------------

  key(start: number, end: number, name: string, quote: '"' | "'" | undefined): void {
    const container = this.top();
    if (container.kind === 'array') return; // unreachable: keys only start statements
    this.flushPending(container);
    const keyStart = quote ? start - 1 : start;
    container.pending = new KeyValueNode(this.mapper, keyStart, this.sharedName(name), quote) as unknown as KeyValue;
  }

  separator(offset: number, text: '=' | ':'): void {
    const container = this.top();
    if (container.kind === 'array' || !container.pending) return;
    const pending = container.pending as unknown as { separatorAt: number; separatorText: '=' | ':' };
    pending.separatorAt = offset;
    pending.separatorText = text;
  }

  string(start: number, end: number, value: string, style: StringValue['style']): void {
    this.attach(new StringNode(this.mapper, start, end, value, style) as StringValue);
  }

  integer(start: number, end: number, text: string): void {
    const reading = readInteger(text);
    switch (reading.kind) {
      case 'ok':
        this.attachInteger(start, end, reading.value, reading.digits, reading.suffix, reading.multiplier);
        return;
      case 'notDigits':
        this.parserProblem(SyntaxCode.integerOutOfRange, `'${text}' is not a number nats-server can read: only the ASCII digits 0-9 are allowed.`, start, end);
        this.attach(new StringNode(this.mapper, start, end, text, 'unquoted') as StringValue);
        return;
      case 'outOfRange':
        this.parserProblem(SyntaxCode.integerOutOfRange, `The integer ${reading.digits} does not fit in 64 bits (the range is -9223372036854775808 to 9223372036854775807).`, start, end);
        this.attachInteger(start, end, reading.value, reading.digits, reading.suffix, 1);
        return;
      case 'unknownSuffix':
        this.addProblem({
          code: SyntaxCode.droppedValue,
          severity: 'warning',
          message: `'${reading.suffix}' is not a size suffix nats-server knows (use k, kb, ki, kib, m, mb, ... e, eib), yet it does not reject it: it silently drops this value and may attach the next value to the wrong key. Quote the value if it is text.`,
          start, end,
        });
        this.attachInteger(start, end, reading.value, reading.digits, reading.suffix, 1).dropped = true;
        return;
    }
  }

  /** A key the map's `}` follows: analysis/resolve.ts pairs it with the map, as nats-server's key stack does. */
  private warnKeyWithoutValue(pending: KeyValue): void {
    if (pending.start <= this.lastErrorOffset) return;
    this.addProblem({
      code: SyntaxCode.keyWithoutValue,
      severity: 'warning',
      message: `'${pending.name}' has no value. nats-server keeps it waiting and gives it the next value it reads, which is this whole map: the map ends up under '${pending.name}', and the keys after it pair up with the wrong values ("unknown field" errors follow). Give '${pending.name}' a value or remove it.`,
      start: pending.start, end: pending.key.end,
    });
  }

  private attachInteger(start: number, end: number, value: number, digits: string, suffix: string, multiplier: number): IntegerValue {
    const node = new IntegerNode(this.mapper, start, end, value, digits, suffix, multiplier) as IntegerValue;
    this.attach(node);
    return node;
  }

  float(start: number, end: number, text: string): void {
    const value = readFloat(text);
    if (!Number.isFinite(value)) {
      this.parserProblem(SyntaxCode.floatOutOfRange, Number.isNaN(value)
        ? `'${text}' is not a number nats-server can read: only the ASCII digits 0-9 are allowed.`
        : `The number ${text} is too large for a 64-bit float.`, start, end);
    }
    this.attach(new FloatNode(this.mapper, start, end, value) as FloatValue);
  }

  boolean(start: number, end: number, text: string): void {
    this.attach(new BooleanNode(this.mapper, start, end, readBoolean(text)) as BooleanValue);
  }

  datetime(start: number, end: number, text: string): void {
    if (!isCalendarDate(text)) {
      this.parserProblem(SyntaxCode.invalidDateTime, `${text} is not a real date and time (check the month, day, hour, minute and second).`, start, end);
    }
    this.attach(new DateTimeNode(this.mapper, start, end, text) as DateTimeValue);
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
    this.attach(node);
    this.stack.push({ kind: 'map', node, base: this.items.length });
  }

  mapEnd(offset: number): void {
    const container = this.top();
    if (container.kind !== 'map') return;
    if (container.pending) this.warnKeyWithoutValue(container.pending);
    this.flushPending(container);
    this.closeContainer(container, offset + 1);
  }

  arrayStart(offset: number): void {
    const node = new ArrayNode(this.mapper, offset, offset + 1) as ArrayValue;
    this.attach(node);
    this.stack.push({ kind: 'array', node, base: this.items.length });
  }

  arrayEnd(offset: number): void {
    const container = this.top();
    if (container.kind !== 'array') return;
    this.closeContainer(container, offset + 1);
  }

  include(keywordStart: number, keywordEnd: number, pathStart: number, pathEnd: number, path: string, quote: '"' | "'" | undefined): void {
    const container = this.top();
    if (container.kind === 'array') return;
    this.flushPending(container);
    const node = includeNode(this.mapper, keywordStart, keywordEnd, pathStart, pathEnd, path, quote);
    this.pushEntry(container, node);
    this.includes.push(node);
  }

  comment(start: number, end: number, style: '#' | '//'): void {
    this.comments.push(new CommentNode(this.mapper, start, end, style, this.text.slice(start + style.length, end)) as Comment);
  }

  error(kind: LexErrorKind, start: number, end: number, natsLine: number, detail: LexErrorDetail): void {
    this.lastErrorOffset = Math.max(start, this.lastErrorOffset);
    const { code, message } = detail.valueOnLaterLine && this.lastValued ? this.describeValueOnLaterLine(kind, this.lastValued, detail) : this.describe(kind, detail);
    const related: RelatedInformation[] = [];
    if (detail.valueOnLaterLine && this.lastValued) {
      const key = this.lastValued.key;
      related.push({ range: this.problemMapper.range(key.start, key.end), message: `'${key.name}' has no value on its line` });
    }
    if (detail.openedAt !== undefined && detail.openedAt >= 0) {
      // The opener is one character, unless (a key cut short by the end of input) it is the end itself.
      const opened = this.problemMapper.range(detail.openedAt, Math.min(detail.openedAt + 1, this.text.length));
      related.push({ range: opened, message: OPENED_HERE });
    }
    this.addProblem({ code, message, severity: 'error', start, end, natsLine, related });
  }

  retractValue(): void {
    if (this.lastValued) this.lastValued.value = undefined;
  }

  end(offset: number): void {
    this.endOffset = offset;
  }

  // --- results ----------------------------------------------------------------------------

  /**
   * See readStatementsAgain. A key an error left waiting for its value joins the statements, as
   * the next key would make it; at the map's `}`, with what mapEnd gives it.
   */
  statementsRead(end: number, atMapEnd: boolean): StatementsReadAgain | undefined {
    const top = this.stack[0];
    if (this.stack.length !== 1 || top.kind !== 'top') return undefined;
    if (top.pending && atMapEnd) this.warnKeyWithoutValue(top.pending);
    this.flushPending(top);
    if (this.problemsDropped > 0) return undefined;
    return { entries: this.entries, comments: this.comments, includes: this.includes, errors: this.errors, end };
  }

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
      container.node.closed = false;
      this.closeContainer(container, Math.max(container.node.end, this.endOffset));
    }
    const top = this.stack[0];
    if (top.kind === 'top' && top.pending) {
      const dangling = top.pending;
      this.flushPending(top);
      if (dangling.key.start > this.lastErrorOffset && dangling.name !== '}' && !dangling.separator) {
        this.addProblem({
          code: SyntaxCode.danglingKey,
          severity: 'warning',
          message: `'${dangling.name}' has no value. nats-server 2.9.10 ignores a key at the very end of the file; 2.9.22 and later reject the file ("config is invalid").`,
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
    return spanned<Document>(this.mapper, {
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

  /** Places a value: the next element of an array, or the value of the pending key. */
  private attach(value: Value): void {
    const container = this.top();
    if (container.kind === 'array') {
      this.items.push(value);
      return;
    }
    const pending = container.pending;
    if (!pending) return; // unreachable: the lexer reads values only after keys
    pending.value = value;
    this.pushEntry(container, pending);
    container.pending = undefined;
    this.lastValued = pending;
  }

  private closeContainer(container: Container, end: number): void {
    if (container.kind === 'top') return;
    this.stack.pop();
    const items = this.items.length > container.base ? this.items.slice(container.base) : [];
    this.items.length = container.base;
    if (container.kind === 'map') container.node.entries = items as Entry[];
    else container.node.elements = items as Value[];
    // The entry holding it ends with it (nodes.ts).
    container.node.end = end;
  }

  // --- problems ---------------------------------------------------------------------------

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
      range: this.problemMapper.range(problem.start, problem.end),
      natsLine: problem.natsLine ?? this.natsLines.lineOf(problem.start),
    };
    if (problem.related && problem.related.length > 0) entry.related = problem.related;
    this.errors.push(entry);
  }

  private lineOf(offset: number): number {
    return this.problemMapper.positionAt(offset).line + 1;
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

  /**
   * A value that does not end, read from a line after its key's: the key (alone on its line,
   * being typed or its value forgotten) took the next line's first word as its value.
   */
  private describeValueOnLaterLine(kind: LexErrorKind, entry: KeyValue, detail: LexErrorDetail): { code: string; message: string } {
    const value = entry.value as Value;
    const line = this.lineOf(value.start);
    const found = showChar(detail.char);
    const taken = value.end > value.start
      ? `takes ${showText(this.text.slice(value.start, value.end))} on line ${line} as its value, and then expects the end of that value but finds ${found}`
      : `looks for its value on line ${line} and finds ${found}`;
    return {
      code: kind === 'mapValueEnd' ? SyntaxCode.mapValueEnd : SyntaxCode.expectedValueEnd,
      message: `'${entry.name}' on line ${this.lineOf(entry.start)} has no value on its line, so nats-server ${taken}. Give '${entry.name}' its value on its own line, or remove it.`,
    };
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
