/**
 * Prints a syntax tree back to config text in one canonical layout: one statement per line,
 * `key: value`, two-space indentation, strings double-quoted with the escapes nats-server knows,
 * numbers as written (so the value nats-server computes is kept bit for bit), comments on their
 * own lines in their original order. Parsing the printed text gives the same tree up to positions
 * and spelling (quotes, separators, layout).
 *
 * Not every tree has such a text: a key that contains both kinds of quote and a space, or a key
 * without a value in the middle of a map, cannot be written so nats-server reads them back. The
 * printer throws `UnprintableError` for those rather than print something that means another thing.
 * Works without recursion, so a 100,000-deep tree prints like a flat one.
 */
import type { ArrayValue, Comment, Document, Entry, KeyValue, MapValue, Value } from './ast';

export class UnprintableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnprintableError';
  }
}

export interface PrintOptions {
  /** One level of indentation; two spaces by default. */
  indent?: string;
  /** Print the document's comments (default true). */
  comments?: boolean;
}

interface Frame {
  items: ReadonlyArray<Entry | Value>;
  index: number;
  depth: number;
  /** Comments that start before this offset belong inside the container. */
  end: number;
  closer: '' | '}' | ']';
}

/** The config text of `document`; throws `UnprintableError` when no text reads back the same. */
export function printDocument(document: Document, options: PrintOptions = {}): string {
  const unit = options.indent ?? '  ';
  const comments: readonly Comment[] = options.comments === false ? [] : document.comments;
  let nextComment = 0;
  const out: string[] = [];
  const indents: string[] = [''];
  const indent = (depth: number): string => {
    while (indents.length <= depth) indents.push(indents[indents.length - 1] + unit);
    return indents[depth];
  };
  const flushComments = (before: number, depth: number): void => {
    while (nextComment < comments.length && comments[nextComment].start < before) {
      const comment = comments[nextComment++];
      out.push(indent(depth), comment.style, comment.text, '\n');
    }
  };

  const stack: Frame[] = [{ items: document.entries, index: 0, depth: 0, end: Infinity, closer: '' }];
  while (stack.length > 0) {
    const frame = stack[stack.length - 1];
    if (frame.index >= frame.items.length) {
      flushComments(frame.end, frame.depth);
      stack.pop();
      if (frame.closer) out.push(indent(frame.depth - 1), frame.closer, '\n');
      continue;
    }
    const item = frame.items[frame.index++];
    flushComments(item.start, frame.depth);
    out.push(indent(frame.depth));
    let value: Value | undefined;
    if (item.kind === 'include') {
      if (!item.path) throw new UnprintableError('an include without a path');
      out.push('include ', quoteIncludePath(item.path.value), '\n');
      continue;
    } else if (item.kind === 'keyValue') {
      out.push(printKey(item));
      if (!item.value) {
        // A key without a value reads back only where nothing but the container's end follows.
        const commentFollows = nextComment < comments.length && comments[nextComment].start < frame.end;
        if (frame.index < frame.items.length || commentFollows) {
          throw new UnprintableError(`the key '${item.name}' has no value and is not the last thing in its block`);
        }
        out.push('\n');
        continue;
      }
      out.push(': ');
      value = item.value;
    } else {
      value = item;
    }
    if (value.kind === 'map' || value.kind === 'array') {
      out.push(value.kind === 'map' ? '{' : '[', '\n');
      stack.push(containerFrame(value, frame.depth + 1));
    } else {
      out.push(printScalar(value), '\n');
    }
  }
  return out.join('');
}

function containerFrame(value: MapValue | ArrayValue, depth: number): Frame {
  return value.kind === 'map'
    ? { items: value.entries, index: 0, depth, end: value.end, closer: '}' }
    : { items: value.elements, index: 0, depth, end: value.end, closer: ']' };
}

/** A scalar or variable as text; maps and arrays are laid out by `printDocument`. */
export function printScalar(value: Exclude<Value, MapValue | ArrayValue>): string {
  switch (value.kind) {
    case 'string':
      return quoteString(value.value);
    case 'integer':
      // The digits and suffix as written: nats-server's value (wraparound included) follows from them.
      return value.digits + value.suffix;
    case 'float':
      return formatFloat(value.value);
    case 'boolean':
      return value.value ? 'true' : 'false';
    case 'datetime':
      return value.value;
    case 'variable':
      if (!isVariableName(value.name)) throw new UnprintableError(`'$${value.name}' cannot be written as a variable reference`);
      return '$' + value.name;
  }
}

/** Double-quoted text with the escapes nats-server decodes; every other character is literal. */
export function quoteString(value: string): string {
  let result = '"';
  let from = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    let escape: string | undefined;
    if (c === 34) escape = '\\"';
    else if (c === 92) escape = '\\\\';
    else if (c === 10) escape = '\\n';
    else if (c === 13) escape = '\\r';
    else if (c === 9) escape = '\\t';
    else if (c === 0) escape = '\\x00'; // a literal NUL would end the input for nats-server
    if (escape === undefined) continue;
    result += value.slice(from, i) + escape;
    from = i + 1;
  }
  return result + value.slice(from) + '"';
}

/** Digits, a point and digits: the only float form the lexer reads; exponents are spelled out. */
export function formatFloat(value: number): string {
  if (!Number.isFinite(value)) throw new UnprintableError(`the float ${value} has no config spelling`);
  if (Object.is(value, -0)) return '-0.0';
  const shortest = String(value);
  const plain = shortest.includes('e') ? expandExponent(shortest) : shortest;
  return plain.includes('.') ? plain : plain + '.0';
}

/** `1.5e+21` → `1500000000000000000000`, `1e-7` → `0.0000001`. */
function expandExponent(text: string): string {
  const match = /^(-?)(\d+)(?:\.(\d+))?e([+-]\d+)$/.exec(text);
  if (!match) throw new UnprintableError(`cannot expand ${text}`);
  const [, sign, whole, fraction = '', exponentText] = match;
  const digits = whole + fraction;
  const point = whole.length + Number(exponentText);
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return sign + digits + '0'.repeat(point - digits.length);
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

/** Go's unicode.IsSpace, which ends an unquoted key. */
function isGoSpace(c: number): boolean {
  if (c <= 0xff) return c === 32 || (c >= 9 && c <= 13) || c === 0x85 || c === 0xa0;
  return c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000;
}

/** A key nats-server reads back unquoted: no character that ends it, none that means something else first. */
function isPlainKey(name: string): boolean {
  if (name.length === 0 || name.toLowerCase() === 'include') return false;
  if ('{}[]#/"\''.includes(name[0])) return false;
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c === 0 || c === 61 || c === 58 || isGoSpace(c)) return false;
  }
  return true;
}

function printKey(entry: KeyValue): string {
  const name = entry.name;
  if (isPlainKey(name)) return name;
  if (name.includes('\0')) throw new UnprintableError('a key with a NUL byte');
  // Quoted keys are raw: no escapes, they end at their own quote.
  if (!name.includes('"')) return `"${name}"`;
  if (!name.includes("'")) return `'${name}'`;
  throw new UnprintableError(`the key ${JSON.stringify(name)} holds both quotes and characters that need quoting`);
}

/** Include paths take no escapes: a quote style the path does not contain. */
function quoteIncludePath(path: string): string {
  if (path.includes('\0')) throw new UnprintableError('an include path with a NUL byte');
  if (!path.includes('"')) return `"${path}"`;
  if (!path.includes("'")) return `'${path}'`;
  throw new UnprintableError(`the include path ${JSON.stringify(path)} holds both quotes`);
}

/** The characters an unquoted variable name may hold (it is read like an unquoted string). */
function isVariableName(name: string): boolean {
  if (name.startsWith('2a$')) return false; // read back as bcrypt text, not as a variable
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c === 0 || c === 9 || c === 10 || c === 13 || c === 32 || c === 92 || c === 59 || c === 44 || c === 93 || c === 125 || c === 39) return false;
  }
  return true;
}
