/**
 * Completion: keys valid at the cursor, values, cipher and curve names, certificate paths, variables.
 *
 * The tree says which block the cursor is in (and which array); the text of the current line
 * says what is being typed, because a half-typed line is exactly where the tree is least sure
 * (`verify: ` has no value node, `ver` alone may swallow the next line as its value).
 */
import {
  CompletionItemKind,
  CompletionItemTag,
  InsertTextFormat,
  MarkupKind,
  type CompletionItem,
  type CompletionList,
  type Range,
} from 'vscode-languageserver-types';
import * as nodePath from 'path';
import type { ArrayValue, Document, Entry, MapValue, Position, Value } from '../parser/ast';
import { parse, PositionMapper } from '../parser/parser';
import { isFreeform, keysOf, lookupName, type ContextData, type KeyData, type KeyName } from '../knowledge/schema';
import { introducedIn, targetIncludes, type ServerVersion } from '../knowledge/versions';
import { tlsOption, tlsOptionEffect, type TlsContextEffect, type TlsOption } from '../knowledge/tlsOptions';
import { tlsContextForKeys, type TlsContextId } from '../knowledge/tlsContexts';
import { cipherLineFor, ciphersFor, defaultCiphers, insecureReasonText } from '../knowledge/ciphers';
import { curvesFor, defaultCurves } from '../knowledge/curves';
import type { Analysis } from '../languageService';
import { offsetAt, pathBase, type ServiceContext } from './context';
import { innermostBlock, locate, type BlockStep } from './locate';
import { completePath, type PathPurpose } from './pathCompletion';
import { looksSecretName, looksSecretValue } from '../knowledge/secrets';
import { secretMasker } from '../analysis/redactSecrets';

const EMPTY: CompletionList = { isIncomplete: false, items: [] };

const TRIGGER_SUGGEST = { title: 'Suggest', command: 'editor.action.triggerSuggest' };

export async function complete(context: ServiceContext, position: Position): Promise<CompletionList> {
  const { analysis } = context;
  const text = analysis.document.text;
  const offset = offsetAt(analysis, position);
  const mapper = new PositionMapper(analysis.tree.lineStarts);
  const lineStart = analysis.tree.lineStarts[mapper.positionAt(offset).line];
  const line = scanLine(text, lineStart, offset);
  if (line.inComment) return EMPTY;

  const location = locate(analysis.tree, offset);
  const steps = trimSteps(location.steps, offset);
  const trimmed = steps.length !== location.steps.length;
  const block = innermostBlock({ ...location, steps });
  const target = analysis.settings.serverVersion;
  const token = tokenAt(text, offset, line);
  const range = (start: number, end: number) => mapper.range(start, end);
  const request: Request = { context, analysis, offset, token, block, target, range };

  // `$NAME`: variables in scope (quoted text is literal, so not there).
  if (!line.quote) {
    const variable = /\$([A-Za-z0-9_]*)$/.exec(text.slice(token.start, offset));
    if (variable) {
      const start = token.start + variable.index;
      return list(variableItems(analysis, steps, offset, range(start, token.end)));
    }
  }

  const statement = text.slice(line.statementStart, offset);
  const include = /^\s*include\s+(["']?)/.exec(statement);
  if (include) {
    if (include[1] === '' && line.quote) return EMPTY;
    return list(await pathItems(request, 'include'));
  }

  // Inside an array value: its elements (cipher names, curves, enum lists).
  if (!trimmed && location.array && location.keyValue && insideArray(location.array, offset)) {
    const keyName = block.context ? lookupName(block.context, location.keyValue.name) : undefined;
    if (!keyName || !block.context) return EMPTY;
    const listed = new Set(
      location.array.elements.filter((element) => element !== location.value && element.kind === 'string').map((element) => (element as { value: string }).value),
    );
    return list(arrayItems(request, block.context, keyName, listed));
  }

  const value = VALUE_STATEMENT.exec(statement);
  if (value) {
    const keyText = value[1] ?? value[2] ?? value[3];
    const keyName = block.context ? lookupName(block.context, keyText) : undefined;
    if (!keyName || !block.context) return EMPTY;
    return list(await valueItems(request, block.context, keyName));
  }

  if (!line.quote && KEY_STATEMENT.test(statement)) return list(keyItems(request, text));
  return EMPTY;
}

function list(items: CompletionItem[]): CompletionList {
  return { isIncomplete: false, items };
}

interface Request {
  context: ServiceContext;
  analysis: Analysis;
  offset: number;
  token: Token;
  block: BlockStep;
  target: ServerVersion;
  range: (start: number, end: number) => Range;
}

// ---------------------------------------------------------------------------------------------
// Reading the current line

/** Characters that end a bare word (key or unquoted value). */
const BARE_STOP = /[\s,[\]{}:=;"'#]/;
/** A key and its separator (`:`, `=` or blanks), then whatever of the value is typed. */
const VALUE_STATEMENT = /^\s*(?:"([^"]*)"|'([^']*)'|([^\s:="'[\]{},;#]+))(?:\s*[:=]\s*|\s+)([^\s]*|["'].*)$/;
/** Nothing but (part of) a key. */
const KEY_STATEMENT = /^\s*[^\s:="'[\]{},;#$]*$/;

interface LineScan {
  /** Where the current statement starts: after the last `{ } [ ] , ;` outside quotes, else the line start. */
  statementStart: number;
  /** The quote the cursor is inside, and where it opened. */
  quote?: { char: '"' | "'"; start: number };
  inComment: boolean;
}

/** Blank characters (what `String.prototype.trim` strips). */
const BLANK = /\s/;
/** Characters after which `//` starts a comment. */
const AFTER_BLANK = /[\s,[\]{};]/;

function scanLine(text: string, lineStart: number, offset: number): LineScan {
  // Character codes, no per-character allocation: a line can be megabytes long.
  const scan: LineScan = { statementStart: lineStart, inComment: false };
  let quote = 0;
  let quoteStart = 0;
  for (let i = lineStart; i < offset; i++) {
    const c = text.charCodeAt(i);
    if (quote !== 0) {
      if (c === BACKSLASH && quote === DOUBLE_QUOTE) i++;
      else if (c === quote) quote = 0;
      continue;
    }
    if (c === HASH || (c === SLASH && text.charCodeAt(i + 1) === SLASH && (i === lineStart || AFTER_BLANK.test(text[i - 1])))) {
      scan.inComment = true;
      return scan;
    }
    if (c === DOUBLE_QUOTE || c === SINGLE_QUOTE) {
      quote = c;
      quoteStart = i;
    } else if (c === 0x7b || c === 0x7d || c === 0x5b || c === 0x5d || c === 0x2c || c === 0x3b) {
      scan.statementStart = i + 1; // { } [ ] , ;
    }
  }
  if (quote !== 0) scan.quote = { char: quote === DOUBLE_QUOTE ? '"' : "'", start: quoteStart };
  return scan;
}

const BACKSLASH = 0x5c;
const DOUBLE_QUOTE = 0x22;
const SINGLE_QUOTE = 0x27;
const HASH = 0x23;
const SLASH = 0x2f;

interface Token {
  /** Start of the text being completed (after an opening quote). */
  start: number;
  /** Where a completion's edit ends: the closing quote, or the end of the bare word. */
  end: number;
  quote?: '"' | "'";
}

function tokenAt(text: string, offset: number, line: LineScan): Token {
  if (line.quote) {
    const start = line.quote.start + 1;
    let end = offset;
    while (end < text.length && text[end] !== line.quote.char && text[end] !== '\n' && text[end] !== '\r') end++;
    if (text[end] !== line.quote.char) {
      // No closing quote on the line: replace only the word under the cursor.
      end = offset;
      while (end < text.length && !/\s/.test(text[end])) end++;
    }
    return { start, end, quote: line.quote.char };
  }
  let start = offset;
  while (start > 0 && !BARE_STOP.test(text[start - 1])) start--;
  let end = offset;
  while (end < text.length && !BARE_STOP.test(text[end])) end++;
  return { start, end };
}

/** Drops blocks the cursor is not really inside (right after a closing `}`). */
function trimSteps(steps: BlockStep[], offset: number): BlockStep[] {
  let count = steps.length;
  while (count > 1) {
    const block = steps[count - 1].block as MapValue;
    if (offset > block.start && !(block.closed && offset >= block.end)) break;
    count--;
  }
  return count === steps.length ? steps : steps.slice(0, count).map((step, index) =>
    index === count - 1 ? { block: step.block, context: step.context, path: step.path } : step,
  );
}

function insideArray(array: ArrayValue, offset: number): boolean {
  return offset > array.start && !(array.closed && offset >= array.end);
}

// ---------------------------------------------------------------------------------------------
// Keys

function keyItems(request: Request, text: string): CompletionItem[] {
  const { block, token, target } = request;
  const context = block.context;
  if (!context || isFreeform(context)) return [];
  const present = presentKeys(request, context);
  // Editing the key of an existing line: insert the name only, keep what follows.
  // Only the first non-blank character of the rest of the line matters.
  let next = token.end;
  while (next < text.length && text[next] !== '\r' && text[next] !== '\n' && BLANK.test(text[next])) next++;
  const nextChar = next < text.length && text[next] !== '\r' && text[next] !== '\n' ? text[next] : undefined;
  const nameOnly = nextChar !== undefined && nextChar !== '#' && nextChar !== '}';
  const tlsContext = context.id === 'tls' ? tlsContextOf(block.path) : undefined;
  const items: CompletionItem[] = [];
  keysOf(context, target).forEach((keyName, index) => {
    // Aliases are other spellings of the same option; offering both only doubles the list.
    if (keyName.alias || present.has(keyName.key)) return;
    const key = keyName.key;
    const option = context.id === 'tls' ? tlsOption(key.name) : undefined;
    const effect = option && tlsContext ? tlsOptionEffect(option, tlsContext) : undefined;
    const demoted = key.deprecated !== undefined || effect?.effect === 'ignored';
    const item: CompletionItem = {
      label: keyName.name,
      kind: CompletionItemKind.Property,
      detail: key.kind + (effect?.effect === 'ignored' ? ' (no effect here)' : ''),
      documentation: { kind: MarkupKind.Markdown, value: keyDocumentation(keyName, option, effect) },
      sortText: `${demoted ? 1 : 0}-${String(index).padStart(4, '0')}`,
    };
    if (key.deprecated) item.tags = [CompletionItemTag.Deprecated];
    const editRange = request.range(token.start, token.end);
    if (nameOnly) {
      item.textEdit = { range: editRange, newText: keyName.name };
    } else {
      const snippet = keySnippet(keyName.name, key, option);
      item.textEdit = { range: editRange, newText: snippet.text };
      item.insertTextFormat = InsertTextFormat.Snippet;
      if (snippet.retrigger) item.command = TRIGGER_SUGGEST;
    }
    items.push(item);
  });
  return items;
}

/** The keys the block already has (written here or merged in from includes), other than the one being typed. */
function presentKeys(request: Request, context: ContextData): Set<KeyData> {
  const present = new Set<KeyData>();
  const add = (name: string) => {
    const found = lookupName(context, name);
    if (found) present.add(found.key);
  };
  const block = request.block.block;
  for (const key of writtenKeys(request)) {
    if (key.start <= request.offset && request.offset <= key.end) continue;
    add(key.name);
  }
  for (const [name, binding] of request.analysis.resolution.maps.get(block) ?? []) {
    const definition = binding.definition;
    if (definition.key.start <= request.offset && request.offset <= definition.key.end && binding.uri === request.analysis.document.uri) continue;
    add(name);
  }
  return present;
}

/** A written key: its name and where the key sits in the document. */
interface WrittenKey {
  name: string;
  start: number;
  end: number;
}

/**
 * The keys of the cursor's block. A half-typed key reads as a key whose value is the next
 * line (`ver` + newline + `cert_file: a` is `ver = "cert_file:"`), hiding that line's key; the
 * block is read again with the word blanked out, which keeps every offset.
 *
 * Only a window of the block is read again, so the cost follows the block, not the document:
 * from two entries before the word to one entry after it. Blanking a bare word changes nothing
 * before it, and once the re-read window starts an entry exactly where the next untouched entry
 * starts, everything from there on reads as before. Until it does, the window widens (to the
 * whole block at most); when the block's bounds cannot be trusted, the whole document is read.
 */
function writtenKeys(request: Request): WrittenKey[] {
  const { token, offset } = request;
  const block = request.block.block;
  if (token.end === token.start) return keysIn(block.entries, 0);
  const text = request.analysis.document.text;
  return windowKeys(text, block, token, offset) ?? fullKeys(text, token, offset);
}

function keysIn(entries: readonly Entry[], shift: number): WrittenKey[] {
  const keys: WrittenKey[] = [];
  for (const entry of entries) {
    if (entry.kind === 'keyValue') keys.push({ name: entry.name, start: entry.key.start + shift, end: entry.key.end + shift });
  }
  return keys;
}

function blankedSlice(text: string, token: Token, from: number, to: number): string {
  return text.slice(from, token.start) + ' '.repeat(token.end - token.start) + text.slice(token.end, to);
}

function fullKeys(text: string, token: Token, offset: number): WrittenKey[] {
  const location = locate(parse(blankedSlice(text, token, 0, text.length)), offset);
  return keysIn(trimSteps(location.steps, offset).at(-1)!.block.entries, 0);
}

function windowKeys(text: string, block: Document | MapValue, token: Token, offset: number): WrittenKey[] | undefined {
  const entries = block.entries;
  const contentStart = block.kind === 'map' ? block.start + 1 : 0;
  if (block.kind === 'map' && (!block.closed || text[block.start] !== '{' || text[block.end - 1] !== '}')) return undefined;
  const contentEnd = block.kind === 'map' ? block.end - 1 : text.length;
  if (token.start < contentStart || token.end > contentEnd) return undefined;
  // The entries touching the word: [first, last].
  let first = 0;
  while (first < entries.length && entries[first].end < token.start) first++;
  let last = entries.length - 1;
  while (last >= 0 && entries[last].start > token.end) last--;
  const before = Math.max(0, first - 2);
  const windowStart = first - 2 >= 0 ? entries[before].start : contentStart;
  if (windowStart > token.start) return undefined;
  // A blanked key can make the rest of its line unreadable; widen the window until it meets an untouched entry.
  for (let step = 1; ; step *= 2) {
    const resume = last + step < entries.length ? last + step : entries.length;
    const after = resume < entries.length ? entries[resume] : undefined;
    const windowEnd = after ? after.end : contentEnd;
    if (windowEnd < token.end) return undefined;
    const tree = parse(blankedSlice(text, token, windowStart, windowEnd));
    // The window must read its first entry where the document does.
    if (first - 2 >= 0 && tree.entries[0]?.start !== 0) return undefined;
    const cut = after ? tree.entries.findIndex((entry) => entry.start + windowStart === after.start) : tree.entries.length;
    if (cut < 0) continue;
    const local = offset - windowStart;
    const location = locate({ ...tree, entries: tree.entries.slice(0, cut) }, local);
    const steps = trimSteps(location.steps, local);
    if (steps.length > 1) return keysIn(steps.at(-1)!.block.entries, windowStart);
    return [...keysIn(entries.slice(0, before), 0), ...keysIn(tree.entries.slice(0, cut), windowStart), ...keysIn(entries.slice(resume), 0)];
  }
}

function tlsContextOf(path: string): TlsContextId | undefined {
  const keys: string[] = [];
  for (const segment of path.split('.')) {
    if (segment.endsWith('[]')) keys.push(segment.slice(0, -2), '[]');
    else keys.push(segment);
  }
  return tlsContextForKeys(keys)?.id;
}

const BOOLEAN_WORDS = new Set(['true', 'false', 'on', 'off', 'yes', 'no']);
const NUMERIC_FORMS = new Set(['integer', 'size', 'seconds', 'float-seconds']);
const STRING_FORMS = new Set(['string', 'duration', 'size-string']);

/** The key followed by a value template that fits its shape. */
function keySnippet(name: string, key: KeyData, option: TlsOption | undefined): { text: string; retrigger: boolean } {
  const label = escapeSnippet(name);
  const forms = key.accepts;
  const first = forms[0];
  if (key.kind.startsWith('map:')) return { text: `${label} {\n\t$0\n}`, retrigger: false };
  if (first === 'array<map>') return { text: `${label}: [\n\t{\n\t\t$0\n\t}\n]`, retrigger: false };
  if (forms.includes('boolean')) return { text: `${label}: \${1|true,false|}`, retrigger: false };
  if (forms.includes('map')) return { text: `${label} {\n\t$0\n}`, retrigger: false };
  if (first === 'enum' && key.enumValues && key.enumValues.length > 0) {
    return { text: `${label}: "\${1|${key.enumValues.map(escapeChoice).join(',')}|}"`, retrigger: false };
  }
  if (first === 'array<string>' || first === 'array<duration>') {
    return { text: `${label}: [ "$1" ]`, retrigger: hasArrayValues(key) };
  }
  if (first !== undefined && STRING_FORMS.has(first)) return { text: `${label}: "$1"`, retrigger: option?.isPath === true };
  if (first !== undefined && NUMERIC_FORMS.has(first) && typeof option?.default.value === 'number') {
    return { text: `${label}: \${1:${option.default.value}}`, retrigger: false };
  }
  return { text: `${label}: $1`, retrigger: false };
}

function hasArrayValues(key: KeyData): boolean {
  return key.name === 'cipher_suites' || key.name === 'curve_preferences' || (key.enumValues?.length ?? 0) > 0;
}

function escapeSnippet(text: string): string {
  return text.replace(/[\\$}]/g, '\\$&');
}

function escapeChoice(text: string): string {
  return text.replace(/[\\$},|]/g, '\\$&');
}

function keyDocumentation(keyName: KeyName, option: TlsOption | undefined, effect: TlsContextEffect | undefined): string {
  const key = keyName.key;
  const parts: string[] = [];
  if (option) {
    parts.push(option.description);
    if (effect && effect.effect !== 'effective') {
      parts.push(`**In this block:** ${EFFECT_WORDS[effect.effect]}${effect.note ? ` ${effect.note}` : ''}`);
    }
    parts.push('```nats-conf\n' + option.example + '\n```');
    parts.push(`Default: ${option.default.text}. Since nats-server ${introducedIn(keyName)}. [Documentation](${option.referenceUrl})`);
    return parts.join('\n\n');
  }
  parts.push(`\`${key.kind}\` — since nats-server ${introducedIn(keyName)}`);
  if (key.enumValues && key.enumValues.length > 0) parts.push(`Values: ${key.enumValues.map((v) => `\`${v}\``).join(', ')}`);
  if (key.constraints) parts.push(`Constraints: ${key.constraints}`);
  if (key.effect) parts.push(key.effect);
  for (const note of key.notes ?? []) parts.push(note);
  if (key.deprecated) parts.push(`Deprecated${key.deprecated.replacement ? `: use \`${key.deprecated.replacement}\`` : ''}.`);
  if (key.aliases && key.aliases.length > 0) parts.push(`Also written: ${key.aliases.map((alias) => `\`${alias.name}\``).join(', ')}`);
  return parts.join('\n\n');
}

const EFFECT_WORDS: Readonly<Record<TlsContextEffect['effect'], string>> = {
  effective: 'takes effect.',
  ignored: 'accepted, but has no effect.',
  'rejected-when-true': '`true` is a configuration error here.',
  forced: 'always on, whatever the value.',
};

// ---------------------------------------------------------------------------------------------
// Values

const PATH_PURPOSE: Readonly<Record<string, PathPurpose>> = { cert_file: 'certificate', key_file: 'key', ca_file: 'ca' };

async function valueItems(request: Request, context: ContextData, keyName: KeyName): Promise<CompletionItem[]> {
  const key = keyName.key;
  const isTls = context.id === 'tls' || context.id === 'tls.certs[]';
  const purpose = isTls ? PATH_PURPOSE[key.name] : undefined;
  if (purpose) return pathItems(request, purpose);
  if (!key.accepts.some((form) => form === 'boolean' || form === 'enum')) return [];

  const { token, target } = request;
  const option = context.id === 'tls' ? tlsOption(key.name) : undefined;
  const items: CompletionItem[] = [];
  const seen = new Set<string>();
  const add = (value: string, description: string | undefined, isDefault: boolean) => {
    if (seen.has(value.toLowerCase())) return;
    const isBoolean = BOOLEAN_WORDS.has(value.toLowerCase()) && key.accepts.includes('boolean');
    // A quoted `true` is a string, and a boolean key rejects it.
    if (isBoolean && token.quote && !key.accepts.includes('enum')) return;
    seen.add(value.toLowerCase());
    const newText = token.quote || isBoolean ? value : `"${value}"`;
    const item: CompletionItem = {
      label: value,
      kind: isBoolean ? CompletionItemKind.Value : CompletionItemKind.EnumMember,
      sortText: String(items.length).padStart(3, '0'),
      textEdit: { range: request.range(token.start, token.end), newText },
    };
    if (isDefault) item.detail = 'default';
    if (description) item.documentation = { kind: MarkupKind.Markdown, value: description };
    items.push(item);
  };
  for (const known of option?.values ?? []) {
    if (known.since !== undefined && !targetIncludes(target, known.since)) continue;
    add(known.value, known.description, known.isDefault === true);
  }
  for (const value of key.enumValues ?? []) add(value, undefined, false);
  if (key.accepts.includes('boolean')) {
    const fallback = option?.default.value;
    add('true', undefined, fallback === true);
    add('false', undefined, fallback === false);
  }
  return items;
}

function arrayItems(request: Request, context: ContextData, keyName: KeyName, listed: ReadonlySet<string>): CompletionItem[] {
  const key = keyName.key;
  if (context.id === 'tls' && key.name === 'cipher_suites') return cipherItems(request, listed);
  if (context.id === 'tls' && key.name === 'curve_preferences') return curveItems(request, listed);
  if (!key.accepts.includes('array<string>') || !key.enumValues) return [];
  return key.enumValues
    .filter((value) => !listed.has(value))
    .map((value, index) => stringItem(request, value, CompletionItemKind.EnumMember, String(index).padStart(3, '0')));
}

function stringItem(request: Request, value: string, kind: CompletionItemKind, sortText: string): CompletionItem {
  const { token } = request;
  return {
    label: value,
    kind,
    sortText,
    textEdit: { range: request.range(token.start, token.end), newText: token.quote ? value : `"${value}"` },
  };
}

/** Secure suites first (the target's defaults in its order), then TLS 1.3 names, insecure last. */
function cipherItems(request: Request, listed: ReadonlySet<string>): CompletionItem[] {
  const { target } = request;
  const defaults = defaultCiphers(target);
  const goLine = cipherLineFor(target) === 'go';
  const items: CompletionItem[] = [];
  ciphersFor(target).forEach((info, index) => {
    if (listed.has(info.name)) return;
    const insecure = info.insecureReasons.length > 0;
    const defaultIndex = defaults.indexOf(info.name);
    const group = insecure ? 3 : !info.hasEffect ? 2 : defaultIndex >= 0 ? 0 : 1;
    const order = group === 0 ? defaultIndex : index;
    const item = stringItem(request, info.name, CompletionItemKind.EnumMember, `${group}-${String(order).padStart(3, '0')}`);
    if (insecure) {
      item.detail = goLine ? 'insecure: needs allow_insecure_cipher_suites: true' : 'weak: flagged insecure from nats-server 2.12';
      item.tags = [CompletionItemTag.Deprecated];
    } else if (!info.hasEffect) {
      item.detail = 'TLS 1.3: always enabled, naming it has no effect';
    } else {
      item.detail = `TLS 1.2, ${info.keyExchange}, ${info.cipher}${defaultIndex >= 0 ? ' (default)' : ''}`;
    }
    const reasons = insecure ? `\n\nWeak because of ${info.insecureReasons.map(insecureReasonText).join('; ')}.` : '';
    item.documentation = { kind: MarkupKind.Markdown, value: info.summary + reasons };
    items.push(item);
  });
  return items;
}

/** The target's default preference order first, then the rest. */
function curveItems(request: Request, listed: ReadonlySet<string>): CompletionItem[] {
  const defaults = defaultCurves(request.target);
  const items: CompletionItem[] = [];
  curvesFor(request.target).forEach((curve, index) => {
    if (listed.has(curve.name)) return;
    const defaultIndex = defaults.indexOf(curve.name);
    const sortText = defaultIndex >= 0 ? `0-${defaultIndex}` : `1-${String(index).padStart(3, '0')}`;
    const item = stringItem(request, curve.name, CompletionItemKind.EnumMember, sortText);
    item.detail = curve.kind + (defaultIndex >= 0 ? ' (default)' : '');
    item.documentation = { kind: MarkupKind.Markdown, value: curve.description };
    items.push(item);
  });
  return items;
}

// ---------------------------------------------------------------------------------------------
// Paths

async function pathItems(request: Request, purpose: PathPurpose): Promise<CompletionItem[]> {
  const { analysis, token, offset } = request;
  const typed = analysis.document.text.slice(token.start, offset);
  if (typed.startsWith('$')) return [];
  // Includes resolve against the including file's folder; certificates against the path base.
  const base = purpose === 'include' ? (analysis.document.path ? nodePath.dirname(analysis.document.path) : undefined) : pathBase(analysis);
  const segmentStart = token.start + typed.lastIndexOf('/') + 1;
  let segmentEnd = offset;
  const text = analysis.document.text;
  while (segmentEnd < token.end && text[segmentEnd] !== '/') segmentEnd++;
  return completePath(request.context.environment, {
    purpose,
    typed,
    base,
    segmentRange: request.range(segmentStart, segmentEnd),
    selfPath: analysis.document.path,
  });
}

// ---------------------------------------------------------------------------------------------
// Variables


interface VariableDefinition {
  value: Value | undefined;
  /** Set when the value came from another file. */
  uri?: string;
}

/**
 * What `$NAME` can see at the cursor, as nats-server looks it up: keys already set in the
 * enclosing maps, innermost first (arrays are skipped), keys of files included before the
 * cursor. A block's own key is set only when the block closes, so it is not in scope inside.
 */
function variableItems(analysis: Analysis, steps: readonly BlockStep[], offset: number, editRange: Range): CompletionItem[] {
  const found = new Map<string, VariableDefinition>();
  for (let depth = steps.length - 1; depth >= 0; depth--) {
    const scope = new Map<string, VariableDefinition>();
    for (const entry of steps[depth].block.entries) {
      if (entry.end >= offset) break;
      if (entry.kind === 'keyValue') {
        scope.set(entry.name, { value: entry.value });
        continue;
      }
      const included = analysis.resolution.includes.get(entry);
      if (included?.status !== 'ok') continue;
      for (const [name, binding] of analysis.resolution.maps.get(included.document) ?? []) {
        scope.set(name, { value: binding.resolved ?? binding.value, uri: binding.uri });
      }
    }
    for (const [name, definition] of scope) if (!found.has(name)) found.set(name, definition);
  }
  const items: CompletionItem[] = [];
  for (const [name, definition] of found) {
    // Also masks a value that is a secret elsewhere (a harmless name used for a password).
    const shown = secretMasker(analysis.resolution)(showValue(analysis, name, definition.value));
    const item: CompletionItem = {
      label: `$${name}`,
      kind: CompletionItemKind.Variable,
      detail: shown,
      filterText: `$${name}`,
      sortText: String(items.length).padStart(4, '0'),
      textEdit: { range: editRange, newText: `$${name}` },
    };
    if (definition.uri && definition.uri !== analysis.document.uri) {
      item.documentation = { kind: MarkupKind.Markdown, value: `Defined in \`${decodeURIComponent(definition.uri.replace(/^file:\/\//, ''))}\`.` };
    }
    items.push(item);
  }
  return items;
}

function showValue(analysis: Analysis, name: string, value: Value | undefined): string {
  let shown = value;
  if (shown?.kind === 'variable') {
    const resolved = analysis.resolution.variables.get(shown);
    // An environment value stays hidden: environments hold secrets.
    if (!resolved || resolved.source !== 'config') return `= $${shown.name}`;
    shown = resolved.value;
  }
  if (!shown) return 'no value';
  if (looksSecretName(name)) return '•••••• (hidden)';
  switch (shown.kind) {
    case 'string':
      if (looksSecretValue(shown.value)) return '•••••• (hidden)';
      return JSON.stringify(shown.value.length > 60 ? `${shown.value.slice(0, 57)}...` : shown.value);
    case 'integer':
      return `${shown.digits}${shown.suffix}`;
    case 'float':
    case 'boolean':
    case 'datetime':
      return String(shown.value);
    case 'map':
      return `{ ${shown.entries.length} ${shown.entries.length === 1 ? 'entry' : 'entries'} }`;
    case 'array':
      return `[ ${shown.elements.length} ${shown.elements.length === 1 ? 'element' : 'elements'} ]`;
    default:
      return `$${shown.name}`;
  }
}
