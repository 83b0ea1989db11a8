/**
 * Shared helpers for the parser tests.
 *
 * Every `accepts` / `rejects` / `warns` call states what nats-server 2.9.10 does with the text.
 * Those statements are recorded (only when `oracle/record.cjs` is preloaded) so that
 * `oracle/replay.mjs` can run each text through the real `nats-server -t` and confirm the
 * verdict, the line it prints and the message behind each code. Normal test runs record nothing.
 */
import assert from 'node:assert/strict';
import { parse } from '../../../server/src/parser/parser';
import type {
  ArrayValue,
  Comment,
  Document,
  Entry,
  Include,
  IntegerValue,
  KeyValue,
  MapValue,
  Position,
  Range,
  StringValue,
  SyntaxProblem,
  Value,
} from '../../../server/src/parser/ast';
import { SyntaxCode } from '../../../server/src/parser/syntaxCodes';

export { parse, SyntaxCode };

// ---------------------------------------------------------------------------------------------
// Recording what nats-server is claimed to do (inert unless the oracle preload is active)

type Claim =
  | { verdict: 'accept' }
  | { verdict: 'reject'; natsLine: number; code: string }
  | { verdict: 'parser-error'; code: string }
  | { verdict: 'integer'; token: string; value: string };

function claim(text: string, c: Claim): void {
  const sink = (globalThis as { __natsOracle?: Array<{ text: string } & Claim> }).__natsOracle;
  if (sink) sink.push({ text, ...c });
}

/** Codes nats-server reports without a line number (parser, not lexer, messages). */
const parserLevelCodes = new Set<string>([
  SyntaxCode.integerOutOfRange,
  SyntaxCode.floatOutOfRange,
]);

/** Codes that are warnings; every other code is an error. */
export const warningCodes = new Set<string>([
  SyntaxCode.droppedValue,
  SyntaxCode.keyWithoutValue,
  SyntaxCode.nulByte,
  SyntaxCode.danglingKey,
]);

// ---------------------------------------------------------------------------------------------
// Positions computed independently of the parser

/** The offset where nats-server's 0-based line `line` starts (lines end at \n only). */
function nthNewline(text: string, line: number): number {
  let offset = 0;
  for (let i = 0; i < line; i++) {
    const next = text.indexOf('\n', offset);
    if (next < 0) return text.length;
    offset = next + 1;
  }
  return offset;
}

/** Editor line starts: `\r\n`, `\n` and a lone `\r` each end a line (LSP positions). */
export function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 13 && text.charCodeAt(i + 1) === 10) continue;
    if (c === 10 || c === 13) starts.push(i + 1);
  }
  return starts;
}

function positionIn(starts: number[], offset: number): Position {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo, character: offset - starts[lo] };
}

export function positionAt(text: string, offset: number): Position {
  return positionIn(lineStartsOf(text), offset);
}

export function rangeOf(text: string, start: number, end: number): Range {
  const starts = lineStartsOf(text);
  return { start: positionIn(starts, start), end: positionIn(starts, end) };
}

/** Offset of the `nth` (0-based) occurrence of `needle` in `text`; fails when absent. */
export function at(text: string, needle: string, nth = 0): number {
  let from = 0;
  for (let i = 0; ; i++) {
    const found = text.indexOf(needle, from);
    assert.ok(found >= 0, `${JSON.stringify(needle)} (occurrence ${nth}) not in ${JSON.stringify(text)}`);
    if (i === nth) return found;
    from = found + 1;
  }
}

/** `[start, end)` of the `nth` occurrence of `needle`. */
export function spanOf(text: string, needle: string, nth = 0): [number, number] {
  const start = at(text, needle, nth);
  return [start, start + needle.length];
}

interface Spanned {
  start: number;
  end: number;
  range: Range;
}

/** A position as a plain object (ranges may be built lazily or by a class). */
export function pos(p: Position): Position {
  return { line: p.line, character: p.character };
}

function plainRange(r: Range | undefined): Range | undefined {
  return r && { start: pos(r.start), end: pos(r.end) };
}

/** Asserts a node's offsets and its LSP range. */
export function assertSpan(text: string, node: Spanned | undefined, span: [number, number], what = 'node'): void {
  assert.ok(node, `${what} is missing`);
  assert.deepEqual(
    { start: node.start, end: node.end, range: plainRange(node.range) },
    { start: span[0], end: span[1], range: rangeOf(text, span[0], span[1]) },
    `${what} span in ${JSON.stringify(text.length > 200 ? text.slice(0, 200) + '…' : text)}`,
  );
}

// ---------------------------------------------------------------------------------------------
// Parsing with a claim about nats-server

function errorsOf(doc: Document): SyntaxProblem[] {
  return doc.errors.filter((e) => e.severity === 'error');
}

function describeProblems(doc: Document): string {
  return JSON.stringify(doc.errors.map((e) => ({ code: e.code, natsLine: e.natsLine, severity: e.severity, range: e.range })));
}

function byPosition(a: SyntaxProblem, b: SyntaxProblem): number {
  return a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character;
}

/** nats-server 2.9.10 reads the text without a syntax error; the parser reports no problem at all. */
export function accepts(text: string): Document {
  claim(text, { verdict: 'accept' });
  const doc = parseChecked(text);
  assert.deepEqual(doc.errors, [], `expected no problems for ${JSON.stringify(text)}`);
  return doc;
}

/**
 * nats-server 2.9.10 accepts the text; the parser reports exactly the given warnings (by code, in
 * document order) and no errors.
 */
export function warns(text: string, codes: string[]): Document {
  claim(text, { verdict: 'accept' });
  const doc = parseChecked(text);
  assert.deepEqual(errorsOf(doc), [], `expected no errors for ${JSON.stringify(text)}: ${describeProblems(doc)}`);
  const warnings = doc.errors.filter((e) => e.severity === 'warning').sort(byPosition);
  assert.deepEqual(warnings.map((w) => w.code), codes, `warnings for ${JSON.stringify(text)}`);
  return doc;
}

/**
 * nats-server 2.9.10 accepts the text; the parser reports no error (any warnings are allowed, for
 * cases where the exact set of warnings is not the point).
 */
export function acceptsWithWarnings(text: string): Document {
  claim(text, { verdict: 'accept' });
  const doc = parseChecked(text);
  assert.deepEqual(errorsOf(doc), [], `expected no errors for ${JSON.stringify(text)}: ${describeProblems(doc)}`);
  return doc;
}

export interface ErrorExpectation {
  /** The range must start exactly here (the offending character). */
  at?: number;
  /** The range must contain this offset (or be empty exactly at it). */
  covers?: number;
}

/**
 * nats-server 2.9.10 rejects the text with `Parse error on line natsLine` (or, for parser-level
 * codes, with a message that carries no line). The first error of the parser (in document order)
 * has this code and natsLine, and its range touches line natsLine - 1.
 */
export function rejects(text: string, code: string, natsLine: number, expect: ErrorExpectation = {}): Document {
  claim(text, parserLevelCodes.has(code) ? { verdict: 'parser-error', code } : { verdict: 'reject', natsLine, code });
  const doc = parseChecked(text);
  const errors = errorsOf(doc).sort(byPosition);
  assert.ok(errors.length > 0, `expected ${code} for ${JSON.stringify(text)}, got no error: ${describeProblems(doc)}`);
  const first = errors[0];
  assert.equal(first.code, code, `first error code for ${JSON.stringify(text)}: ${describeProblems(doc)}`);
  assert.equal(first.natsLine, natsLine, `natsLine for ${JSON.stringify(text)}`);
  assert.equal(first.severity, 'error');
  assertProblemRange(text, first, expect);
  return doc;
}

/**
 * nats-server 2.9.10 rejects the text at the first of these errors; the parser reports exactly
 * these errors (error severity, in document order): it recovers and reports later independent
 * errors too. Each later error must be confirmed separately (with the earlier lines fixed).
 */
export function rejectsAll(text: string, expected: Array<{ code: string; natsLine: number } & ErrorExpectation>): Document {
  const [first] = expected;
  claim(text, parserLevelCodes.has(first.code) ? { verdict: 'parser-error', code: first.code } : { verdict: 'reject', natsLine: first.natsLine, code: first.code });
  const doc = parseChecked(text);
  const errors = errorsOf(doc).sort(byPosition);
  assert.deepEqual(
    errors.map((e) => ({ code: e.code, natsLine: e.natsLine })),
    expected.map((e) => ({ code: e.code, natsLine: e.natsLine })),
    `errors for ${JSON.stringify(text)}`,
  );
  errors.forEach((e, i) => assertProblemRange(text, e, expected[i]));
  return doc;
}

/** A calendar-invalid datetime: nats-server's parser rejects it (no line printed). */
export function rejectsDate(text: string, natsLine: number, expect: ErrorExpectation = {}): Document {
  claim(text, { verdict: 'parser-error', code: SyntaxCode.invalidDateTime });
  const doc = parseChecked(text);
  const errors = errorsOf(doc).sort(byPosition);
  assert.ok(errors.length > 0, `expected an invalid datetime error for ${JSON.stringify(text)}`);
  assert.equal(errors[0].code, SyntaxCode.invalidDateTime);
  assert.equal(errors[0].natsLine, natsLine);
  assertProblemRange(text, errors[0], expect);
  return doc;
}

export function assertProblemRange(text: string, problem: SyntaxProblem, expect: ErrorExpectation = {}): void {
  const lineStarts = lineStartsOf(text);
  const natsLineStart = nthNewline(text, problem.natsLine - 1);
  const newline = text.indexOf('\n', natsLineStart);
  const natsLineEnd = newline < 0 ? text.length : newline;
  assert.ok(
    offsetIn(lineStarts, problem.range.start) <= natsLineEnd && offsetIn(lineStarts, problem.range.end) >= natsLineStart,
    `range ${JSON.stringify(problem.range)} of ${problem.code} must touch nats-server's line ${problem.natsLine}`,
  );
  const starts = lineStartsOf(text);
  const start = offsetIn(starts, problem.range.start);
  const end = offsetIn(starts, problem.range.end);
  if (expect.at !== undefined) {
    assert.equal(start, expect.at, `${problem.code} range ${JSON.stringify(problem.range)} must start at offset ${expect.at}`);
  }
  if (expect.covers !== undefined) {
    const c = expect.covers;
    assert.ok(
      (start <= c && c < end) || (start === c && end === c),
      `${problem.code} range [${start}, ${end}) must cover offset ${c}`,
    );
  }
}

function offsetIn(starts: number[], p: Position): number {
  return starts[p.line] + p.character;
}

/** Records the int64 value nats-server computes for an integer token (verified at runtime by the oracle). */
export function claimInteger(text: string, token: string, value: bigint): void {
  claim(text, { verdict: 'integer', token, value: value.toString() });
}

// ---------------------------------------------------------------------------------------------
// Tree access

export function kv(entry: Entry | undefined, what = 'entry'): KeyValue {
  assert.ok(entry, `${what} is missing`);
  assert.equal(entry.kind, 'keyValue', `${what} kind`);
  return entry as KeyValue;
}

export function include(entry: Entry | undefined, what = 'entry'): Include {
  assert.ok(entry, `${what} is missing`);
  assert.equal(entry.kind, 'include', `${what} kind`);
  return entry as Include;
}

export function mapOf(value: Value | undefined, what = 'value'): MapValue {
  assert.ok(value, `${what} is missing`);
  assert.equal(value.kind, 'map', `${what} kind`);
  return value as MapValue;
}

export function arrayOf(value: Value | undefined, what = 'value'): ArrayValue {
  assert.ok(value, `${what} is missing`);
  assert.equal(value.kind, 'array', `${what} kind`);
  return value as ArrayValue;
}

export function stringOf(value: Value | undefined, what = 'value'): StringValue {
  assert.ok(value, `${what} is missing`);
  assert.equal(value.kind, 'string', `${what} kind`);
  return value as StringValue;
}

export function integerOf(value: Value | undefined, what = 'value'): IntegerValue {
  assert.ok(value, `${what} is missing`);
  assert.equal(value.kind, 'integer', `${what} kind`);
  return value as IntegerValue;
}

/** The value of the first entry, which must be a KeyValue named `key`. */
export function firstValue(doc: Document, key = 'x'): Value {
  const entry = kv(doc.entries[0], 'first entry');
  assert.equal(entry.key.name, key);
  assert.ok(entry.value, `value of ${key} is missing`);
  return entry.value;
}

/** Finds a KeyValue by key name among entries. */
export function findKey(entries: Entry[], name: string): KeyValue | undefined {
  return entries.find((e): e is KeyValue => e.kind === 'keyValue' && e.key.name === name);
}

/** The comparable content of a value (kind and decoded value), for deepEqual on nested values. */
export function plain(value: Value | undefined): unknown {
  if (!value) return undefined;
  switch (value.kind) {
    case 'map':
      return {
        map: value.entries.map((e) => (e.kind === 'keyValue' ? [e.key.name, plain(e.value)] : ['include', e.path?.value])),
      };
    case 'array':
      return { array: value.elements.map(plain) };
    case 'variable':
      return { variable: value.name };
    case 'string':
      return value.value;
    case 'integer':
      return { integer: value.value };
    case 'float':
      return { float: value.value };
    case 'boolean':
      return value.value;
    case 'datetime':
      return { datetime: value.value };
  }
}

// ---------------------------------------------------------------------------------------------
// Structural invariants, checked on every parse made through these helpers

const multipliers: Record<string, bigint> = {
  '': 1n,
  k: 10n ** 3n, kb: 1n << 10n, ki: 1n << 10n, kib: 1n << 10n,
  m: 10n ** 6n, mb: 1n << 20n, mi: 1n << 20n, mib: 1n << 20n,
  g: 10n ** 9n, gb: 1n << 30n, gi: 1n << 30n, gib: 1n << 30n,
  t: 10n ** 12n, tb: 1n << 40n, ti: 1n << 40n, tib: 1n << 40n,
  p: 10n ** 15n, pb: 1n << 50n, pi: 1n << 50n, pib: 1n << 50n,
  e: 10n ** 18n, eb: 1n << 60n, ei: 1n << 60n, eib: 1n << 60n,
};

const boolWords: Record<string, boolean> = { true: true, yes: true, on: true, false: false, no: false, off: false };
const codeValues = new Set<string>(Object.values(SyntaxCode));

/** Parses, checks every structural invariant, returns the document. */
export function parseChecked(text: string): Document {
  let doc: Document;
  try {
    doc = parse(text);
  } catch (e) {
    assert.fail(`parse threw for ${JSON.stringify(text.length > 200 ? text.slice(0, 200) + '…' : text)}: ${(e as Error)?.stack ?? e}`);
  }
  checkDocument(text, doc);
  return doc;
}

function fail(text: string, message: string): never {
  assert.fail(`${message} (text ${JSON.stringify(text.length > 120 ? text.slice(0, 120) + '…' : text)})`);
}

/**
 * Checks, without recursion (documents may be 100,000 levels deep):
 * - lineStarts, hasBom;
 * - every node's offsets lie in the text, are ordered, and its range matches its offsets;
 * - children lie inside their parents, siblings do not overlap and come in order;
 * - a KeyValue starts at its key and ends at its value; an Include starts at its keyword;
 * - token texts agree with decoded values (key names, integers, booleans, datetimes, variables,
 *   unquoted strings without escapes, and quoted strings when the document has no error);
 * - comments: the marker plus `text` is exactly the source slice;
 * - problems: known code, severity by code, natsLine >= 1, a valid range touching natsLine - 1.
 */
export function checkDocument(text: string, doc: Document): void {
  const starts = lineStartsOf(text);
  if (doc.kind !== 'document') fail(text, `document kind is ${doc.kind}`);
  assert.deepEqual(doc.lineStarts, starts, 'lineStarts');
  assert.equal(doc.hasBom, text.charCodeAt(0) === 0xfeff, 'hasBom');
  const clean = !doc.errors.some((e) => e.severity === 'error');

  const span = (node: Spanned, what: string, lo: number, hi: number): void => {
    const { start, end, range } = node;
    if (!Number.isInteger(start) || !Number.isInteger(end) || start < lo || end < start || end > hi) {
      fail(text, `${what} offsets [${start}, ${end}) outside [${lo}, ${hi}]`);
    }
    const s = positionIn(starts, start);
    const e = positionIn(starts, end);
    if (
      !range || range.start.line !== s.line || range.start.character !== s.character ||
      range.end.line !== e.line || range.end.character !== e.character
    ) {
      fail(text, `${what} range ${JSON.stringify(range)} does not match offsets [${start}, ${end})`);
    }
  };

  span(doc, 'document', 0, text.length);

  type Work = { node: Entry | Value; lo: number; hi: number };
  const work: Work[] = [];
  const pushChildren = (children: Array<Entry | Value>, what: string, lo: number, hi: number): void => {
    let prevEnd = lo;
    for (const child of children) {
      if (!child) fail(text, `${what} has a missing child`);
      if (child.start < prevEnd) fail(text, `${what}: child at ${child.start} overlaps or precedes ${prevEnd}`);
      prevEnd = child.end;
    }
    for (let i = children.length - 1; i >= 0; i--) work.push({ node: children[i], lo, hi });
  };
  pushChildren(doc.entries, 'document entries', 0, text.length);

  while (work.length > 0) {
    const { node, lo, hi } = work.pop()!;
    const slice = (): string => text.slice(node.start, node.end);
    switch (node.kind) {
      case 'keyValue': {
        span(node, 'keyValue', lo, hi);
        const key = node.key;
        if (!key || key.kind !== 'key') fail(text, 'keyValue without key');
        span(key, 'key', node.start, node.end);
        if (key.start !== node.start) fail(text, `keyValue starts at ${node.start}, its key at ${key.start}`);
        const keyText = text.slice(key.start, key.end);
        if (key.quote === undefined) {
          if (keyText !== key.name) fail(text, `unquoted key text ${JSON.stringify(keyText)} != name ${JSON.stringify(key.name)}`);
        } else {
          if (text[key.start] !== key.quote) fail(text, `quoted key does not start with its quote`);
          if (clean && keyText !== key.quote + key.name + key.quote) fail(text, `quoted key text ${JSON.stringify(keyText)}`);
        }
        let after = key.end;
        if (node.separator) {
          span(node.separator, 'separator', key.end, node.end);
          if (text.slice(node.separator.start, node.separator.end) !== node.separator.text) fail(text, 'separator text');
          after = node.separator.end;
        }
        if (node.value) {
          if (node.value.start < after) fail(text, `value at ${node.value.start} before key/separator end ${after}`);
          if (node.end !== node.value.end) fail(text, `keyValue ends at ${node.end}, its value at ${node.value.end}`);
          work.push({ node: node.value, lo: after, hi: node.end });
        }
        break;
      }
      case 'include': {
        span(node, 'include', lo, hi);
        span(node.keyword, 'include keyword', node.start, node.end);
        if (node.keyword.start !== node.start) fail(text, 'include does not start at its keyword');
        if (text.slice(node.keyword.start, node.keyword.end).toLowerCase() !== 'include') fail(text, 'include keyword text');
        if (node.path) {
          if (node.path.kind !== 'string') fail(text, 'include path is not a string');
          if (node.path.start < node.keyword.end) fail(text, 'include path before keyword end');
          if (node.end !== node.path.end) fail(text, `include ends at ${node.end}, its path at ${node.path.end}`);
          work.push({ node: node.path, lo: node.keyword.end, hi: node.end });
        }
        break;
      }
      case 'map':
        span(node, 'map', lo, hi);
        if (text[node.start] !== '{') fail(text, `map at ${node.start} does not start with {`);
        if (node.closed && text[node.end - 1] !== '}') fail(text, `closed map does not end with }`);
        pushChildren(node.entries, 'map entries', node.start + 1, node.closed ? node.end - 1 : node.end);
        break;
      case 'array':
        span(node, 'array', lo, hi);
        if (text[node.start] !== '[') fail(text, `array at ${node.start} does not start with [`);
        if (node.closed && text[node.end - 1] !== ']') fail(text, `closed array does not end with ]`);
        pushChildren(node.elements, 'array elements', node.start + 1, node.closed ? node.end - 1 : node.end);
        break;
      case 'string': {
        span(node, 'string', lo, hi);
        const s = slice();
        if (typeof node.value !== 'string') fail(text, 'string value is not a string');
        if (node.style === 'double') {
          if (s[0] !== '"') fail(text, 'double-quoted string does not start with "');
          if (clean && !s.includes('\\') && s !== `"${node.value}"`) fail(text, `double-quoted ${JSON.stringify(s)} != value ${JSON.stringify(node.value)}`);
          if (clean && s[s.length - 1] !== '"') fail(text, 'double-quoted string does not end with "');
        } else if (node.style === 'single') {
          if (s[0] !== "'") fail(text, "single-quoted string does not start with '");
          if (clean && s !== `'${node.value}'`) fail(text, `single-quoted ${JSON.stringify(s)} != value ${JSON.stringify(node.value)}`);
        } else if (node.style === 'raw') {
          if (s[0] !== '(') fail(text, 'raw block does not start with (');
          if (clean && s !== `(${node.value})` && s !== `(${node.value}`) fail(text, `raw ${JSON.stringify(s)} != value ${JSON.stringify(node.value)}`);
        } else if (node.style === 'unquoted') {
          if (!s.includes('\\') && s !== node.value && s !== node.value + "'") fail(text, `unquoted ${JSON.stringify(s)} != value ${JSON.stringify(node.value)}`);
        } else {
          fail(text, `unknown string style ${String(node.style)}`);
        }
        break;
      }
      case 'integer': {
        span(node, 'integer', lo, hi);
        if (slice() !== node.digits + node.suffix) fail(text, `integer text ${JSON.stringify(slice())} != digits+suffix`);
        if (!node.dropped) {
          if (node.suffix === '' && node.digits.length <= 15) {
            // The common case, without BigInt (which is slow on millions of elements).
            if (node.multiplier !== 1) fail(text, `multiplier ${node.multiplier} without suffix`);
            if (node.value !== Number(node.digits) || Object.is(node.value, -0)) fail(text, `integer value ${node.value} != ${node.digits}`);
            break;
          }
          const digits = BigInt(node.digits);
          if (digits < -(2n ** 63n) || digits >= 2n ** 63n) break; // out of range: an error, value unspecified
          const m = multipliers[node.suffix.toLowerCase()];
          if (m === undefined) fail(text, `integer with unknown suffix ${node.suffix} is not marked dropped`);
          if (node.multiplier !== Number(m)) fail(text, `multiplier ${node.multiplier} for suffix ${node.suffix}`);
          const expected = BigInt.asIntN(64, digits * m);
          if (node.value !== Number(expected)) fail(text, `integer value ${node.value} != ${expected}`);
        }
        break;
      }
      case 'float':
        span(node, 'float', lo, hi);
        if (Number.isFinite(node.value) && node.value !== Number(slice())) fail(text, `float value ${node.value} != ${slice()}`);
        break;
      case 'boolean': {
        span(node, 'boolean', lo, hi);
        const word = slice().toLowerCase();
        if (!(word in boolWords) || boolWords[word] !== node.value) fail(text, `boolean ${slice()} -> ${node.value}`);
        break;
      }
      case 'datetime':
        span(node, 'datetime', lo, hi);
        if (slice() !== node.value) fail(text, `datetime text ${slice()} != ${node.value}`);
        break;
      case 'variable':
        span(node, 'variable', lo, hi);
        if (slice() !== '$' + node.name) fail(text, `variable text ${JSON.stringify(slice())} != $${node.name}`);
        break;
      default:
        fail(text, `unknown node kind ${(node as { kind: string }).kind}`);
    }
  }

  let prevEnd = 0;
  for (const c of doc.comments as Comment[]) {
    span(c, 'comment', 0, text.length);
    if (c.kind !== 'comment') fail(text, 'comment kind');
    if (c.start < prevEnd) fail(text, 'comments overlap or are out of order');
    prevEnd = c.end;
    if (c.style !== '#' && c.style !== '//') fail(text, `comment style ${String(c.style)}`);
    if (text.slice(c.start, c.end) !== c.style + c.text) fail(text, `comment slice ${JSON.stringify(text.slice(c.start, c.end))} != ${c.style}${c.text}`);
    if (/[\n\r]/.test(c.text)) fail(text, 'comment text contains a newline');
  }

  for (const p of doc.errors) {
    if (!codeValues.has(p.code)) fail(text, `unknown problem code ${p.code}`);
    if (typeof p.message !== 'string' || p.message.length === 0) fail(text, `problem ${p.code} without message`);
    const expected = warningCodes.has(p.code) ? 'warning' : 'error';
    if (p.severity !== expected) fail(text, `${p.code} has severity ${p.severity}, expected ${expected}`);
    if (!Number.isInteger(p.natsLine) || p.natsLine < 1) fail(text, `${p.code} natsLine ${p.natsLine}`);
    for (const pos of [p.range.start, p.range.end]) {
      if (!Number.isInteger(pos.line) || pos.line < 0 || pos.line >= starts.length) fail(text, `${p.code} range line ${pos.line}`);
      const lineEnd = pos.line + 1 < starts.length ? starts[pos.line + 1] - 1 : text.length;
      if (!Number.isInteger(pos.character) || pos.character < 0 || starts[pos.line] + pos.character > lineEnd) {
        fail(text, `${p.code} range character ${pos.character} beyond line ${pos.line}`);
      }
    }
    if (offsetIn(starts, p.range.start) > offsetIn(starts, p.range.end)) fail(text, `${p.code} range is reversed`);
    // nats-server counts lines at \n only; ranges use editor lines (a lone \r breaks one too),
    // so compare in offsets: the range must overlap nats-server's line natsLine.
    const natsLineStart = nthNewline(text, p.natsLine - 1);
    const natsLineEnd = text.indexOf('\n', natsLineStart) < 0 ? text.length : text.indexOf('\n', natsLineStart);
    if (offsetIn(starts, p.range.start) > natsLineEnd || offsetIn(starts, p.range.end) < natsLineStart) {
      fail(text, `${p.code} range ${JSON.stringify(p.range)} does not touch nats-server's line ${p.natsLine}`);
    }
  }
}

/**
 * Every field of a tree as plain data, to compare two trees in full: each node's own enumerable
 * fields (offsets, values, names, keyForm, ...), its kind (on the prototype), its range (a getter
 * over the shared line table), a string's value and style and a container's `closed` (getters
 * too) and, for an entry, the key and separator nodes made on reading.
 */
export function treeDump(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(treeDump);
  if (value === null || typeof value !== 'object') return value;
  const node = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  if ('kind' in node) out.kind = node.kind;
  for (const key of Object.keys(node)) out[key] = treeDump(node[key]);
  // On the prototype (nodes.ts).
  if (node.kind === 'map' || node.kind === 'array') out.closed = node.closed;
  if (node.kind === 'string') {
    // Read through getters; `form` says whether the value is kept apart, which may differ
    // between a patched tree and a fresh parse with the same value.
    out.value = node.value;
    out.style = node.style;
    delete out.form;
  }
  if ('range' in node) out.range = treeDump(node.range);
  if (node.kind === 'keyValue') {
    out.end = node.end; // a getter (nodes.ts)
    out.key = treeDump(node.key);
    out.separator = treeDump(node.separator);
  }
  return out;
}

/**
 * The texts of `typed` typed into `text` at `at` one character at a time, then deleted the same
 * way: the last step is `text` again.
 */
export function typedThenDeleted(text: string, at: number, typed: string): string[] {
  const steps: string[] = [];
  for (let i = 1; i <= typed.length; i++) steps.push(text.slice(0, at) + typed.slice(0, i) + text.slice(at));
  for (let i = typed.length - 1; i >= 0; i--) steps.push(text.slice(0, at) + typed.slice(0, i) + text.slice(at));
  return steps;
}
