/**
 * The inputs the fuzzer feeds the parser and the analysis:
 * - `generatedConfig`: configs written from the grammar and the schema (keys of each block, values
 *   of the forms each key takes, TLS keys, ciphers and curves), spelled every way the language
 *   allows: separators, terminators, quoting, escapes, comments, line ends, a BOM, top-level
 *   braces, includes and variables; a share of them carries a deliberate mistake;
 * - `mutatedSeed`: a corpus or fixture config with a few edits (insertions, deletions,
 *   duplications, splices from another seed, truncation, bracket and quote flips, line-end changes);
 * - `rawText`: random strings, token soup and decoded random bytes.
 * All shrink: a failure is reported as a small input.
 */
import fc from 'fast-check';
import { allContexts, contextById, rootContext, type ContextData, type KeyData, type ValueForm } from '../../server/src/knowledge/schema';
import { CIPHER_SUITES } from '../../server/src/knowledge/ciphers';
import { CURVES } from '../../server/src/knowledge/curves';
import { SERVER_VERSIONS, type ServerVersion } from '../../server/src/languageService';
import type { Seed } from './seeds';

// ---------------------------------------------------------------------------------------------
// Drawing from fast-check's generator, so that the imperative grammar below still shrinks

interface Draw {
  /** An integer in min..max; shrinks towards min. */
  int(min: number, max: number): number;
  /** True with probability p; shrinks towards false. */
  chance(p: number): boolean;
  /** An element; shrinks towards the first, so lists start with the simplest choice. */
  pick<T>(items: readonly T[]): T;
}

const integerArbitraries = new Map<string, fc.Arbitrary<number>>();
/** One builder per range, so fast-check's generator cache finds it by identity. */
function rangeBuilder(min: number, max: number): () => fc.Arbitrary<number> {
  const key = `${min}:${max}`;
  let arbitrary = integerArbitraries.get(key);
  if (!arbitrary) integerArbitraries.set(key, (arbitrary = fc.integer({ min, max })));
  const found = arbitrary;
  let builder = builders.get(key);
  if (!builder) builders.set(key, (builder = () => found));
  return builder;
}
const builders = new Map<string, () => fc.Arbitrary<number>>();

function drawFrom(g: fc.GeneratorValue): Draw {
  const int = (min: number, max: number): number => (max <= min ? min : g(rangeBuilder(min, max)));
  return {
    int,
    chance: (p) => int(0, 999) >= Math.round((1 - p) * 1000),
    pick: (items) => items[int(0, items.length - 1)],
  };
}

// ---------------------------------------------------------------------------------------------
// Vocabulary

const WORDS = ['a', 'x', 'foo', 'bar', 'nats', 'server', 'east', 'us-west-2', 'user1', 'ACC', '$SYS', 'orders.>', 'foo.*.bar', 'ünïcödé', '日本', '😀', 'a#b', 'a//b', 'C:\\path'];
const HOSTS = ['127.0.0.1', '0.0.0.0', 'localhost', '::1', '10.0.0.1:4222', 'nats.example.com', '[::]:4222'];
const URLS = ['nats://127.0.0.1:4222', 'nats-route://a:6222', 'tls://leaf.example.com:7422', 'ws://127.0.0.1:8080', 'nats://user:pass@host:4222', 'https://ocsp.example.com'];
/** Paths relative to the corpus folder generated configs live in: some exist, some do not. */
const FILE_PATHS = [
  './configs/certs/server-cert.pem', './configs/certs/server-key.pem', './configs/certs/ca.pem',
  './configs/certs/client-cert.pem', './configs/certs/client-key.pem', './configs/certs/tlsauth/server.pem',
  './configs/certs/tlsauth/server-key.pem', './configs/certs/tlsauth/ca.pem', './configs/certs/srva-cert.pem',
  './configs/certs/missing.pem', './configs/certs', '', 'server-cert.pem', '/etc/nats/certs/server.pem',
];
const INCLUDE_PATHS = ['configs/tls.conf', './configs/srv_a.conf', 'missing.conf', 'generated.conf', 'configs/tls.conf', '../test/configs/auths.conf', 'configs', '', 'configs/certs/server-cert.pem'];
const ENV_NAMES = ['PORT', 'HOST', 'CIPHERS', 'TLS_BLOCK', 'SELF', 'EMPTY', 'BROKEN', 'NOT_SET'];
/** What the in-memory environment answers for ENV_NAMES. */
export const ENV_VALUES: Readonly<Record<string, string>> = {
  PORT: '4222',
  HOST: '127.0.0.1',
  CIPHERS: '[ "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "NOPE" ]',
  TLS_BLOCK: '{ cert_file: "./configs/certs/server-cert.pem", key_file: "./configs/certs/server-key.pem" }',
  SELF: '$SELF',
  EMPTY: '',
  BROKEN: 'a b {',
};
const DURATION_UNITS = ['s', 'ms', 'm', 'h', 'us', 'µs', 'ns', 'x', ''];
const SIZE_SUFFIXES = ['', '', '', 'k', 'K', 'kb', 'KB', 'Ki', 'kib', 'm', 'M', 'MB', 'mi', 'g', 'GB', 'GiB', 't', 'tb', 'p', 'PiB', 'e', 'eb', 'kbb', 'kbi', 'x'];
const BOOLEANS = ['true', 'false', 'yes', 'no', 'on', 'off', 'TRUE', 'False', 'Yes', 'nO', 'On', 'OFF'];
const DATETIMES = ['2016-01-02T03:04:05Z', '2024-02-29T23:59:59Z', '1999-12-31T00:00:00Z'];
const STRING_PIECES = [
  'a', 'text', ' ', 'with space', '\\t', '\\n', '\\r', '\\"', '\\\\', '\\x41', '\\x00', '\\xff', '\\x7F', 'é', '日本', '😀',
  '\u2028', '\u00a0', '$X', '#', '//', "'", '{', '}', '[', ']', ':', '=', ';', ',', '(', ')',
];
const BROKEN_TOKENS = [
  '.5', '1.', '-', '-.5', '12-34', '"open', "'open", '\\q', '"\\q"', '"\\x4g"', '(no end', '[1]', '{', '}', ']', '[', ',,', '= x',
  ': y', '9223372036854775808', '1K8', 'a b', '"a"b', 'include [', 'include', '\0', '2016-13-45T10:00:00Z', '2023-02-29T00:00:00Z',
  '2016-01-02T03:04:05', 'x: "C:\\path"',
];
const COMMENT_TEXTS = ['', ' note', ' TODO: fix }', ' ] [ { ', ' "quoted"', ' é 😀', '#', ' //'];
const RANDOM_KEYS = ['foo', 'bar', 'x', 'a.b', 'a-b', 'A', 'ünï', '日本', '$x', 'k1', 'include', 'INCLUDE', 'tls{', 'a"b', "a'b", 'with space', 'a:b', 'a=b', '', '}', '#k', '//k', '\ufeffport'];

const TLS_PATH_KEYS = ['tls', 'cluster', 'gateway', 'leafnodes', 'remotes', 'websocket', 'mqtt', 'https_port', 'cert_file', 'key_file', 'ca_file', 'cipher_suites', 'curve_preferences', 'verify', 'timeout', 'min_version', 'pinned_certs', 'verify_and_map', 'insecure'];
const ALL_KEYS = [...new Set(allContexts().flatMap((context) => context.keys.flatMap((key) => [key.name, ...(key.aliases ?? []).map((alias) => alias.name)])))].sort();
const CIPHER_NAMES = CIPHER_SUITES.map((cipher) => cipher.name);
const CURVE_NAMES = CURVES.map((curve) => curve.name);

// ---------------------------------------------------------------------------------------------
// The grammar

interface Style {
  nl: string;
  indent: string;
  /** Probability that a token is replaced by a mistake. */
  breakage: number;
}

class ConfigWriter {
  /** Keys defined so far at the top level: candidates for `$references`. */
  private readonly defined: string[] = [];
  private budget: number;

  constructor(private readonly d: Draw, private readonly style: Style, size: number) {
    this.budget = size;
  }

  document(): string {
    const d = this.d;
    let text = d.chance(0.05) ? '\ufeff' : '';
    const braces = d.chance(0.05);
    if (braces) text += '{' + this.style.nl;
    const count = d.int(0, 10);
    for (let i = 0; i < count && this.budget > 0; i++) text += this.statement(rootContext(), 0, true);
    if (braces) text += '}' + (d.chance(0.5) ? this.style.nl : '');
    return text;
  }

  private broken(): string | undefined {
    return this.style.breakage > 0 && this.d.chance(this.style.breakage) ? this.d.pick(BROKEN_TOKENS) : undefined;
  }

  private pad(depth: number): string {
    return this.style.indent.repeat(depth);
  }

  private comment(): string {
    return this.d.pick(['#', '//']) + this.d.pick(COMMENT_TEXTS);
  }

  /** One line (or more) inside the top level or a map, with its terminator. */
  private statement(context: ContextData | undefined, depth: number, top: boolean): string {
    const d = this.d;
    this.budget--;
    const pad = this.pad(depth);
    const kind = d.int(0, 19);
    if (kind === 19) return pad + this.comment() + this.style.nl;
    if (kind === 18) return this.style.nl;
    if (kind === 17) {
      const path = d.pick(INCLUDE_PATHS);
      const spelled = d.pick([`"${path}"`, `'${path}'`, path]);
      return `${pad}${d.pick(['include', 'include', 'INCLUDE'])} ${spelled}${this.terminator(top)}`;
    }
    const broken = this.broken();
    if (broken !== undefined) return pad + broken + this.terminator(top);
    const { name, key } = this.keyFor(context);
    const written = this.spellKey(name);
    const value = this.valueFor(key, context, depth);
    const startsBlock = value.startsWith('{');
    const separator = d.pick(startsBlock ? [' ', ': ', ' = ', ':', '='] : [': ', ' = ', ' ', ':', '=', ' : ', '\t', ': \t']);
    if (top && depth === 0 && /^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) this.defined.push(name);
    // A raw block ends only at ')' followed by '\n': nothing may follow it on its line.
    if (value.endsWith('\n)')) return pad + written + separator + value + '\n';
    const trailing = d.chance(0.1) ? d.pick([' ', '\t']) + this.comment() : '';
    // A comment after an unquoted scalar needs the space before it, which `trailing` has.
    return pad + written + separator + value + trailing + this.terminator(top);
  }

  private terminator(top: boolean): string {
    const d = this.d;
    if (top) return d.pick([this.style.nl, this.style.nl, ';' + this.style.nl, ',' + this.style.nl, '; ', ', ', this.style.nl + this.style.nl]);
    return d.pick([this.style.nl, this.style.nl, ',' + this.style.nl, ';' + this.style.nl, ', ', '; ']);
  }

  private keyFor(context: ContextData | undefined): { name: string; key?: KeyData } {
    const d = this.d;
    if (context && !context.freeform && d.chance(0.3)) {
      // TLS is what most of the analysis is about: lean towards the keys that lead to it.
      const key = context.keys.find((candidate) => candidate.name === d.pick(TLS_PATH_KEYS));
      if (key) return { name: key.name, key };
    }
    if (context && !context.freeform && context.keys.length > 0 && d.chance(0.85)) {
      const key = d.pick(context.keys);
      let name = key.aliases && d.chance(0.1) ? d.pick(key.aliases).name : key.name;
      if (context.keyCase === 'insensitive' && d.chance(0.1)) name = name.toUpperCase();
      return { name, key };
    }
    if (d.chance(0.3)) {
      const name = d.pick(ALL_KEYS);
      return { name, key: context ? context.keys.find((key) => key.name === name) : undefined };
    }
    return { name: d.chance(0.5) ? d.pick(RANDOM_KEYS) : this.word() };
  }

  private spellKey(name: string): string {
    const d = this.d;
    const plain = /^[^\s=:"'{}[\]#/]+$/u.test(name) && name.toLowerCase() !== 'include';
    const choice = d.int(0, 9);
    if (plain && choice < 7) return name;
    if (!name.includes('"') && choice < 9) return `"${name}"`;
    if (!name.includes("'")) return `'${name}'`;
    return name; // breaks, on purpose
  }

  private word(): string {
    const d = this.d;
    const length = d.int(1, 8);
    let word = '';
    for (let i = 0; i < length; i++) word += d.pick('abcdefghijklmnopqrstuvwxyz_0123456789-.'.split(''));
    return /^[0-9.-]/.test(word) ? 'k' + word : word;
  }

  private valueFor(key: KeyData | undefined, context: ContextData | undefined, depth: number): string {
    const d = this.d;
    if (key && d.chance(0.85)) {
      const form = d.pick(key.accepts);
      return this.valueOfForm(form, key, depth);
    }
    if (context?.freeform && d.chance(0.7)) {
      const form = d.pick(context.freeform.values);
      const entry = context.freeform.entryContext ? contextById(context.freeform.entryContext) : undefined;
      if ((form === 'map' || form === 'array<map>') && entry) return form === 'map' ? this.map(entry, depth) : this.arrayOf(() => this.map(entry, depth + 1), depth);
      return this.valueOfForm(form, undefined, depth);
    }
    return this.anyValue(depth);
  }

  private valueOfForm(form: ValueForm, key: KeyData | undefined, depth: number): string {
    const d = this.d;
    const child = key?.context ? contextById(key.context) : undefined;
    switch (form) {
      case 'string':
        if (key && /file|path|dir/.test(key.name)) return this.quoted(d.pick(FILE_PATHS));
        if (key && /url|host|listen|routes/.test(key.name)) return d.chance(0.5) ? this.quoted(d.pick(URLS)) : d.pick(HOSTS);
        return this.stringValue();
      case 'duration':
        return this.duration();
      case 'enum':
        if (key?.enumValues && key.enumValues.length > 0) {
          const value = d.pick(key.enumValues);
          return this.quoted(d.chance(0.1) ? value.toUpperCase() : value);
        }
        return this.stringValue();
      case 'size-string':
        return this.quoted(`${d.int(0, 64)}${d.pick(['GB', 'MB', 'K', 'G', 'TB', 'x', ''])}`);
      case 'integer':
      case 'size':
      case 'seconds':
        return this.integer();
      case 'float-seconds':
        return this.float();
      case 'boolean':
        return d.chance(0.9) ? d.pick(BOOLEANS) : this.quoted(d.pick(BOOLEANS));
      case 'map':
        return this.map(child, depth);
      case 'array<string>':
        if (key && /cipher/.test(key.name)) return this.arrayOf(() => this.quotedOrNot(d.pick(CIPHER_NAMES) + (d.chance(0.05) ? 'X' : '')), depth);
        if (key && /curve/.test(key.name)) return this.arrayOf(() => this.quotedOrNot(d.pick(CURVE_NAMES)), depth);
        return this.arrayOf(() => this.stringValue(), depth);
      case 'array<duration>':
        return this.arrayOf(() => this.duration(), depth);
      case 'array<map>':
        return this.arrayOf(() => this.map(child, depth + 1), depth);
    }
  }

  private anyValue(depth: number): string {
    const d = this.d;
    switch (d.int(0, 13)) {
      case 0: return this.stringValue();
      case 1: return this.integer();
      case 2: return this.float();
      case 3: return d.pick(BOOLEANS);
      case 4: return d.pick(DATETIMES);
      case 5: return this.variable();
      case 6: return this.duration();
      case 7: return d.pick(HOSTS);
      case 8: return this.quoted(d.pick(URLS));
      case 9: return this.rawBlock();
      case 10: return this.budget > 0 ? this.map(undefined, depth) : '{}';
      case 11: return this.budget > 0 ? this.arrayOf(() => this.anyValue(depth + 1), depth) : '[]';
      case 12: return `$2a$11$${this.word()}`;
      default: return this.quotedOrNot(this.word());
    }
  }

  private variable(): string {
    const d = this.d;
    if (this.defined.length > 0 && d.chance(0.6)) return '$' + d.pick(this.defined);
    return '$' + d.pick(ENV_NAMES);
  }

  private quoted(text: string): string {
    return this.d.chance(0.8) ? `"${text.replace(/[\\"]/g, (c) => '\\' + c)}"` : text.includes("'") ? `"${text}"` : `'${text}'`;
  }

  private quotedOrNot(text: string): string {
    return this.d.chance(0.5) ? text : this.quoted(text);
  }

  private stringValue(): string {
    const d = this.d;
    const style = d.int(0, 9);
    if (style <= 5) {
      let body = '';
      const pieces = d.int(0, 5);
      for (let i = 0; i < pieces; i++) body += d.pick(STRING_PIECES);
      return `"${body}"`; // no piece holds a bare '"' or ends in a lone backslash
    }
    if (style <= 7) {
      let body = '';
      const pieces = d.int(0, 4);
      for (let i = 0; i < pieces; i++) body += d.pick(STRING_PIECES).replace(/'/g, '"');
      return `'${body}'`;
    }
    if (style === 8) return this.rawBlock();
    return d.pick(WORDS);
  }

  private rawBlock(): string {
    const d = this.d;
    const lines = d.int(0, 3);
    let body = '';
    for (let i = 0; i < lines; i++) body += d.pick(['line one', '  indented', ' ) not the end', 'a "q" \\x', '']) + '\n';
    // Raw blocks end at "\n)" followed by a line break, whatever the file's line ends are.
    return `(\n${body})`;
  }

  private duration(): string {
    const d = this.d;
    let text = `${d.int(0, 120)}${d.pick(DURATION_UNITS)}`;
    if (d.chance(0.15)) text += `${d.int(1, 59)}${d.pick(DURATION_UNITS)}`;
    return d.chance(0.7) ? `"${text}"` : text;
  }

  private integer(): string {
    const d = this.d;
    const magnitude = d.pick(['0', '1', '2', '42', '4222', '65536', '0012', '9223372036854775807', '1000000', String(d.int(0, 1_000_000))]);
    return (d.chance(0.1) ? '-' : '') + magnitude + d.pick(SIZE_SUFFIXES);
  }

  private float(): string {
    const d = this.d;
    return `${d.chance(0.1) ? '-' : ''}${d.int(0, 1000)}.${d.pick(['0', '5', '0001', '25', '999999999999999999999'])}`;
  }

  private map(context: ContextData | undefined, depth: number): string {
    const d = this.d;
    const nl = this.style.nl;
    const count = this.budget > 0 ? d.int(0, 5) : 0;
    if (count === 0) return d.pick(['{}', '{ }', `{${nl}}`]);
    if (d.chance(0.3)) {
      // One line, `{ a: 1, b: 2 }`, when every value fits on one line.
      const entries: string[] = [];
      for (let i = 0; i < count && this.budget > 0; i++) {
        this.budget--;
        const { name, key } = this.keyFor(context);
        entries.push(`${this.spellKey(name)}${d.pick([': ', ' = ', ' '])}${this.valueFor(key, context, depth + 1)}`);
      }
      if (!entries.some((entry) => /[\r\n]/.test(entry))) return `{ ${entries.join(d.pick([', ', '; ', ',']))}${d.pick([' ', ', ', ';'])}}`;
      return `{${nl}${entries.map((entry) => this.pad(depth + 1) + entry + (entry.endsWith('\n)') ? '\n' : nl)).join('')}${this.pad(depth)}}`;
    }
    let text = '{' + nl;
    for (let i = 0; i < count && this.budget > 0; i++) text += this.statement(context, depth + 1, false);
    return text + (text.endsWith(nl) ? '' : nl) + this.pad(depth) + '}';
  }

  private arrayOf(element: () => string, depth: number): string {
    const d = this.d;
    const nl = this.style.nl;
    const count = this.budget > 0 ? d.int(0, 4) : 0;
    if (count === 0) return d.pick(['[]', '[ ]', `[${nl}]`]);
    const items: string[] = [];
    for (let i = 0; i < count && this.budget >= -4; i++) {
      this.budget--;
      items.push(d.chance(0.05) ? this.comment() + nl + this.pad(depth + 1) + element() : element());
    }
    if (d.chance(0.5)) {
      const inner = items.map((item) => this.pad(depth + 1) + item);
      return `[${nl}${inner.join(d.pick([nl, ',' + nl, ', ' + nl]))}${d.chance(0.3) ? ',' : ''}${nl}${this.pad(depth)}]`;
    }
    // Elements on one line need ',' between them and a space before ']' (`[1]` is a nats-server quirk).
    return `[ ${items.join(', ')}${d.chance(0.2) ? ',' : ''} ]`;
  }
}

/** Generated configs, and how broken they are meant to be. */
export function generatedConfig(options: { maxStatements?: number } = {}): fc.Arbitrary<string> {
  const maxStatements = options.maxStatements ?? 40;
  return fc.gen().map((g) => {
    const d = drawFrom(g);
    const nl = d.pick(['\n', '\n', '\n', '\r\n', '\r']);
    const style: Style = { nl, indent: d.pick(['  ', '\t', '    ', '']), breakage: d.pick([0, 0, 0, 0.02, 0.1]) };
    return new ConfigWriter(d, style, d.int(1, maxStatements)).document();
  });
}

// ---------------------------------------------------------------------------------------------
// Mutation of seeds

const FRAGMENTS = [
  '{', '}', '[', ']', '(', ')', '\n)', '"', "'", '\\', '#', '//', '/', ':', '=', ';', ',', '\n', '\r', '\r\n', ' ', '\t',
  '\0', '\ufeff', '\u00a0', '\u2028', '\u0085', '$', '$X', '$PORT', 'include ', 'include "a.conf"\n', '1', '-', '.', '1kb', '1kbb',
  '1.5', '2016-01-02T03:04:05Z', 'tls {', 'tls {\n cert_file: "x"\n}\n', '}\n', '\ud800', '\udc00', '😀', 'é', '٣', 'x', 'true', '\\x4', '\\q', '(\n', '\n)\n',
];
const FLIPS = ['{', '}', '[', ']', '(', ')', '"', "'", ':', '=', ',', ';', '#', '\n', ' '];

export type Mutation =
  | { kind: 'insert'; at: number; fragment: string }
  | { kind: 'insertChar'; at: number; char: string }
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'duplicate'; at: number; length: number; times: number }
  | { kind: 'splice'; other: number; from: number; length: number; at: number }
  | { kind: 'truncate'; at: number }
  | { kind: 'flip'; at: number; to: string }
  | { kind: 'lineEnds'; to: '\r\n' | '\r' };

const position = fc.nat({ max: 1 << 20 });

function mutationArbitrary(seedCount: number): fc.Arbitrary<Mutation> {
  return fc.oneof(
    { weight: 4, arbitrary: fc.record({ kind: fc.constant('insert' as const), at: position, fragment: fc.constantFrom(...FRAGMENTS) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('insertChar' as const), at: position, char: fc.string({ unit: 'binary', minLength: 1, maxLength: 2 }) }) },
    { weight: 3, arbitrary: fc.record({ kind: fc.constant('delete' as const), at: position, length: fc.integer({ min: 1, max: 40 }) }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('duplicate' as const), at: position, length: fc.integer({ min: 1, max: 200 }), times: fc.integer({ min: 1, max: 4 }) }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('splice' as const), other: fc.nat({ max: seedCount - 1 }), from: position, length: fc.integer({ min: 1, max: 300 }), at: position }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('truncate' as const), at: position }) },
    { weight: 3, arbitrary: fc.record({ kind: fc.constant('flip' as const), at: position, to: fc.constantFrom(...FLIPS) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('lineEnds' as const), to: fc.constantFrom('\r\n' as const, '\r' as const) }) },
  );
}

/** Applies the mutations in order; positions wrap around the current text. */
export function mutate(text: string, mutations: readonly Mutation[], seeds: readonly Seed[]): string {
  let result = text;
  for (const m of mutations) {
    const at = 'at' in m ? m.at % (result.length + 1) : 0;
    switch (m.kind) {
      case 'insert':
        result = result.slice(0, at) + m.fragment + result.slice(at);
        break;
      case 'insertChar':
        result = result.slice(0, at) + m.char + result.slice(at);
        break;
      case 'delete':
        result = result.slice(0, at) + result.slice(at + m.length);
        break;
      case 'duplicate':
        result = result.slice(0, at) + result.slice(at, at + m.length).repeat(m.times + 1) + result.slice(at + m.length);
        break;
      case 'splice': {
        const other = seeds[m.other % seeds.length].text;
        const from = m.from % (other.length + 1);
        result = result.slice(0, at) + other.slice(from, from + m.length) + result.slice(at);
        break;
      }
      case 'truncate':
        result = result.slice(0, at);
        break;
      case 'flip':
        if (at < result.length) result = result.slice(0, at) + m.to + result.slice(at + 1);
        break;
      case 'lineEnds':
        result = result.replace(/\r?\n/g, m.to);
        break;
    }
  }
  return result;
}

export interface MutatedSeed {
  seed: Seed;
  text: string;
}

/** A seed with one to six mutations. */
export function mutatedSeed(seeds: readonly Seed[]): fc.Arbitrary<MutatedSeed> {
  return fc
    .tuple(fc.nat({ max: seeds.length - 1 }), fc.array(mutationArbitrary(seeds.length), { minLength: 1, maxLength: 6 }))
    .map(([index, mutations]) => ({ seed: seeds[index], text: mutate(seeds[index].text, mutations, seeds) }));
}

// ---------------------------------------------------------------------------------------------
// Raw text

const SOUP = [...FRAGMENTS, ...'abkexT0129-.:= \t\n'.split(''), 'include ', 'true', '1.5', '127.0.0.1', '\r\n'];

/** Random strings over all of Unicode, token soup, and random bytes decoded as UTF-8 or Latin-1. */
export function rawText(): fc.Arbitrary<string> {
  return fc.oneof(
    fc.string({ unit: 'binary', maxLength: 200 }),
    fc.string({ unit: 'grapheme-ascii', maxLength: 200 }),
    fc.array(fc.constantFrom(...SOUP), { maxLength: 80 }).map((tokens) => tokens.join('')),
    fc.uint8Array({ maxLength: 300 }).map((bytes) => new TextDecoder('utf-8').decode(bytes)),
    fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes).toString('latin1')),
  );
}

// ---------------------------------------------------------------------------------------------
// Inputs of the whole analysis

export const GENERATED_PATH = '/corpus/nats-server/test/generated.conf';
export const GENERATED_PATH_BASE = '/corpus/nats-server/test';

export interface AnalysisCase {
  text: string;
  path: string;
  pathBase?: string;
  offsets: number[];
  serverVersion: ServerVersion;
}

const offsets = fc.array(fc.nat({ max: 1 << 20 }), { minLength: 1, maxLength: 2 });
const serverVersion = fc.constantFrom(...SERVER_VERSIONS);

/** The folder relative certificate paths of a seed resolve against (the Go package folder its test ran in). */
export function pathBaseOf(seed: Seed): string | undefined {
  const match = /^\/corpus\/nats-server(?:-embedded)?\/([^/]+)\//.exec(seed.path);
  return match ? `/corpus/nats-server/${match[1]}` : undefined;
}

export function generatedAnalysisCase(): fc.Arbitrary<AnalysisCase> {
  return fc.record({ text: generatedConfig({ maxStatements: 25 }), offsets, serverVersion }).map((c) => ({ ...c, path: GENERATED_PATH, pathBase: GENERATED_PATH_BASE }));
}

export function mutatedAnalysisCase(seeds: readonly Seed[]): fc.Arbitrary<AnalysisCase> {
  return fc.record({ mutated: mutatedSeed(seeds), offsets, serverVersion }).map(({ mutated, offsets: at, serverVersion: version }) => ({
    text: mutated.text,
    path: mutated.seed.path,
    pathBase: pathBaseOf(mutated.seed),
    offsets: at,
    serverVersion: version,
  }));
}

export function rawAnalysisCase(): fc.Arbitrary<AnalysisCase> {
  return fc.record({ text: rawText(), offsets, serverVersion }).map((c) => ({ ...c, path: GENERATED_PATH, pathBase: GENERATED_PATH_BASE }));
}
