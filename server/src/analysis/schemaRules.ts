/**
 * Checks every block against the whole-config schema: keys nats-server does not know in that
 * block, keys newer than the target server, and values of a kind the key does not take. The
 * `tls` blocks' values are left to the TLS rules, which know nats-server's exact messages.
 */
import type { Document, Range, Value } from '../parser/ast';
import type { ServerVersion } from '../knowledge/versions';
import { describeTarget, introducedIn, targetBit } from '../knowledge/versions';
import {
  hasVariableExemption, keysOf, unknownKeyPolicy,
  type ContextData, type KeyData, type KeyFacts, type LiteralFit, type LiteralType,
} from '../knowledge/schema';
import { rankSuggestions } from '../knowledge/suggest';
import type { Block, BlockKeys, BlockWalker } from './blocks';
import type { Diagnostic } from './diagnostic';
import type { Binding, Resolution } from './resolve';
import { entryRemovalRange } from './tlsRules';

export const SchemaCode = {
  /** A key the block does not have (nats-server: `unknown field "x"`). */
  unknownField: 'unknown-field',
  /** A key the block ignores silently (exact-case lookups such as the resolver map). */
  ignoredField: 'ignored-field',
  /** A key newer than the targeted nats-server. */
  fieldTooNew: 'field-too-new',
  /** A value of a kind the key does not take. */
  wrongType: 'wrong-type',
  /** A value form nats-server accepts with a warning, which makes `nats-server -t` fail. */
  deprecatedForm: 'deprecated-value-form',
  /** A deprecated key: newer nats-server releases warn about it (a warning fails `nats-server -t`). */
  deprecatedKey: 'deprecated-key',
} as const;

/** Blocks whose deprecation warning nats-server attaches to the block's own key (`authorization`). */
const DEPRECATION_SHOWN_AT_BLOCK_KEY = new Set(['cluster.authorization']);

/** Contexts whose values the TLS rules check (with nats-server's own wording). */
const TLS_OWNED_CONTEXTS = new Set(['tls', 'tls.certs[]', 'tls.ocsp_peer']);

export interface SchemaCheckInput {
  walker: BlockWalker;
  resolution: Resolution;
  target: ServerVersion;
}

export function checkBlockAgainstSchema(input: SchemaCheckInput, block: Block, bindings: readonly Binding[], keys: BlockKeys, out: Diagnostic[]): void {
  const { walker, resolution, target } = input;
  const policy = unknownKeyPolicy(block.context);
  const checksKinds = !TLS_OWNED_CONTEXTS.has(block.context.id);
  const bit = targetBit(target);
  for (let i = 0; i < bindings.length; i++) {
    const binding = bindings[i];
    const name = keys[i];
    if (!name) {
      if (policy === 'freeform') continue;
      if (hasVariableExemption(block.context) && resolution.usedAsVariable.has(binding.definition)) continue;
      const where = walker.where(block, binding.uri);
      const suggestions = suggestKeys(block.context, binding.name, target);
      const hint = suggestions.length > 0 ? ` Did you mean ${suggestions.map((s) => `'${s}'`).join(' or ')}?` : '';
      if (policy === 'ignored') {
        out.push(finding(walker, block, binding.definition.key, binding.uri, {
          code: SchemaCode.ignoredField,
          severity: 'warning',
          message: `'${binding.name}' is not a key of ${describeBlock(block)}; nats-server ignores it without a word${where}.${hint}`,
          data: { key: binding.name, suggestions, ...keyLocation(binding) },
        }));
        continue;
      }
      out.push(finding(walker, block, binding.definition.key, binding.uri, {
        code: SchemaCode.unknownField,
        severity: 'error',
        message: `Unknown key '${binding.name}' in ${describeBlock(block)}${where}: nats-server rejects it ("unknown field").${hint}`,
        data: { key: binding.name, suggestions, ...keyLocation(binding) },
      }));
      continue;
    }
    const facts = name.facts;
    if ((facts.targets & bit) === 0) {
      // Blocks that drop unknown keys silently do not reject a key they do not know yet.
      const ignored = policy === 'ignored';
      out.push(finding(walker, block, binding.definition.key, binding.uri, {
        code: SchemaCode.fieldTooNew,
        severity: ignored ? 'warning' : 'error',
        message: `'${binding.name}' was introduced in nats-server ${introducedIn(name)}; the targeted ${describeTarget(target)} ${ignored ? 'silently ignores' : 'rejects'} it as an unknown field${walker.where(block, binding.uri)}. Upgrade the server or change natsConf.serverVersion.`,
        data: { key: binding.name, since: name.sinceVersion, ...removalLocation(resolution, binding) },
      }));
      continue;
    }
    // The key's own record is read only for the few deprecated keys (see KeyFacts).
    const deprecation = facts.deprecated ? name.key.deprecated : undefined;
    if (deprecation) {
      // The inventory records deprecations of the newest server only; older releases may not
      // warn yet, so this stays a warning. nats-server names the block's key for some of them.
      const replacement = deprecation.replacement ? ` Use '${deprecation.replacement}' instead.` : '';
      const at = DEPRECATION_SHOWN_AT_BLOCK_KEY.has(block.context.id) && block.owner ? block.owner.definition.key : binding.definition.key;
      out.push(finding(walker, block, at, binding.uri, {
        code: SchemaCode.deprecatedKey,
        severity: 'warning',
        message: `'${binding.name}' in ${describeBlock(block)} is deprecated: nats-server still reads it but prints a warning, and a warning makes 'nats-server -t' fail${walker.where(block, binding.uri)}.${replacement}`,
        data: { key: binding.name, replacement: deprecation.replacement },
      }));
    }
    if (checksKinds && facts.knowsValue) checkKind(input, block, binding, facts, name.key, out);
  }
}

/** Checks a value against a key that has value forms. Most values fit: told by the kind alone. */
function checkKind(input: SchemaCheckInput, block: Block, binding: Binding, facts: KeyFacts, key: KeyData, out: Diagnostic[]): void {
  const value = binding.resolved;
  if (!value) return;
  let fit: LiteralFit;
  switch (value.kind) {
    case 'string': fit = facts.stringFit; break;
    case 'integer':
      if (value.dropped) return;
      fit = facts.integerFit;
      break;
    case 'float': fit = facts.floatFit; break;
    case 'boolean': fit = facts.booleanFit; break;
    case 'map': fit = facts.mapFit; break;
    case 'array':
      if (facts.takesOnlyBlocks) checkBlockElements(input, block, binding, value.elements, out);
      fit = facts.arrayFit;
      break;
    // A datetime matches no form.
    case 'datetime': fit = 'wrong'; break;
    default: return;
  }
  // A form the server reads with a warning still fails `-t`.
  if (fit === 'accepted') return;
  const literal = literalOf(value) as LiteralType | 'datetime'; // the switch let only literals through
  if (fit === 'deprecated') {
    out.push(finding(input.walker, block, binding.definition.key, binding.uri, {
      code: SchemaCode.deprecatedForm,
      severity: 'error',
      message: `'${binding.name}' should be ${describeForms(key.accepts.filter((form) => !key.deprecatedForms?.includes(form)))}; nats-server still reads ${describeLiteral(literal)} here but warns that it should be converted, and any warning makes 'nats-server -t' fail${input.walker.where(block, binding.uri)}.${durationHint(value)}`,
      data: { key: binding.name, ...durationReplacement(binding, value) },
    }));
    return;
  }
  out.push(finding(input.walker, block, binding.definition.key, binding.uri, {
    code: SchemaCode.wrongType,
    severity: 'error',
    message: `'${binding.name}' takes ${describeForms(key.accepts)}, not ${describeLiteral(literal)}${input.walker.where(block, binding.uri)}: nats-server rejects it.${durationHint(value)}`,
    data: { key: binding.name, expected: key.kind, found: literal },
  }));
}

/** Every element of a list of blocks (`gateways`, `remotes`, `users`) must be a block. */
function checkBlockElements(input: SchemaCheckInput, block: Block, binding: Binding, elements: readonly Value[], out: Diagnostic[]): void {
  for (const element of elements) {
    const resolved = element.kind === 'variable' ? input.resolution.variables.get(element) : undefined;
    const value = resolved ? (resolved.source === 'unresolved' ? undefined : resolved.value) : element;
    const literal = value ? literalOf(value) : undefined;
    if (!literal || literal === 'map') continue;
    out.push(finding(input.walker, block, element, binding.uri, {
      code: SchemaCode.wrongType,
      severity: 'error',
      message: `Each entry of '${binding.name}' must be a block { ... }, not ${describeLiteral(literal)}${input.walker.where(block, binding.uri)}: nats-server rejects it.`,
      data: { key: binding.name, expected: 'map', found: literal },
    }));
  }
}

// ---- facts for quick fixes (so code actions never read the text again)

/** Where the key is written, and its quote, for replacing it by a suggestion. */
function keyLocation(binding: Binding): { uri?: string; keyRange?: Range; keyQuote?: string } {
  if (binding.uri === '') return {}; // parsed from the environment: no text to edit
  const key = binding.definition.key;
  return { uri: binding.uri, keyRange: key.range, ...(key.quote ? { keyQuote: key.quote } : {}) };
}

/** What deleting the key-value removes (its whole line when it stands alone). */
function removalLocation(resolution: Resolution, binding: Binding): { uri?: string; removeRange?: Range } {
  const source = sourceOf(resolution, binding.uri);
  if (!source) return {};
  return { uri: binding.uri, removeRange: entryRemovalRange(source, binding.definition) };
}

function sourceOf(resolution: Resolution, uri: string): { text: string; document: Document } | undefined {
  if (uri === '') return undefined;
  if (resolution.root.uri === uri) return resolution.root.text !== undefined ? { text: resolution.root.text, document: resolution.root.document } : undefined;
  for (const file of resolution.files.values()) {
    if (file.uri === uri && file.text !== undefined) return { text: file.text, document: file.document };
  }
  return undefined;
}

/**
 * Plain seconds where a duration string is wanted (the only deprecated form): the value as a
 * quoted duration (`60` → `"60s"`; an unquoted `1m`, a million, → `"1m"` as surely meant).
 */
function durationReplacement(binding: Binding, value: Value): { uri?: string; valueRange?: Range; replacement?: string } {
  if (binding.uri === '' || binding.value.kind === 'variable' || value.kind !== 'integer' || value.dropped) return {};
  const replacement = value.suffix === '' ? `"${value.digits}s"` : value.suffix === 'm' || value.suffix === 'M' ? `"${value.digits}m"` : undefined;
  if (replacement === undefined) return {};
  return { uri: binding.uri, valueRange: binding.value.range, replacement };
}

/** The conf-parser literal type of a value; datetimes match no option. */
function literalOf(value: Value): LiteralType | 'datetime' | undefined {
  switch (value.kind) {
    case 'string': return 'string';
    case 'integer': return value.dropped ? undefined : 'integer';
    case 'float': return 'float';
    case 'boolean': return 'boolean';
    case 'map': return 'map';
    case 'array': return 'array';
    case 'datetime': return 'datetime';
    default: return undefined;
  }
}

function describeLiteral(literal: LiteralType | 'datetime'): string {
  return { string: 'a string', integer: 'an integer', float: 'a decimal number', boolean: 'a boolean', map: 'a block', array: 'a list', datetime: 'a date' }[literal];
}

const FORM_WORDS: Record<KeyData['accepts'][number], string> = {
  string: 'a string',
  duration: 'a duration string such as "30s" or "2m"',
  enum: 'one of its named values (a string)',
  'size-string': 'a size string such as "1GB"',
  integer: 'an integer',
  size: 'a size in bytes (an integer; suffixes such as 1KB or 1MB work)',
  seconds: 'a number of seconds',
  'float-seconds': 'a number of seconds (decimals allowed)',
  boolean: 'true or false',
  map: 'a block { ... }',
  'array<string>': 'a list of strings',
  'array<duration>': 'a list of duration strings',
  'array<map>': 'a list of blocks',
};

function describeForms(forms: readonly KeyData['accepts'][number][]): string {
  const words = [...new Set(forms.map((form) => FORM_WORDS[form]))];
  return words.length <= 1 ? (words[0] ?? 'another kind of value') : `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`;
}

/** Unquoted `1m` is a million; a duration wants quotes. */
function durationHint(value: Value): string {
  if (value.kind === 'integer' && value.suffix !== '') {
    return ` Unquoted ${value.digits}${value.suffix} is the number ${value.value.toLocaleString('en-US')}; write "${value.digits}${value.suffix}" (quoted) for a duration.`;
  }
  return '';
}

function describeBlock(block: Block): string {
  return block.path === '' ? 'the top level' : `'${block.path}'`;
}

function suggestKeys(context: ContextData, written: string, target: ServerVersion): string[] {
  const cacheKey = `${context.id}\u0000${target}\u0000${written}`;
  let suggestions = suggestionCache.get(cacheKey);
  if (!suggestions) {
    const names = keysOf(context, target).map((name) => name.name);
    suggestions = rankSuggestions(written, names, 2, [], Math.max(2, Math.floor(written.length / 3)));
    if (suggestionCache.size >= MAX_CACHED_SUGGESTIONS) suggestionCache.clear();
    suggestionCache.set(cacheKey, suggestions);
  }
  return suggestions.slice();
}

/**
 * The suggestions for a key, by context, target and the name written: knowledge alone, so shared
 * by every analysis. A misspelt key is often misspelt the same way in every block of its kind,
 * and a half-typed line can leave dozens of keys out of place while the next keystrokes go
 * elsewhere; ranking them against a context's keys again each time took 14 ms a keystroke on a
 * 5,000-line file.
 */
const suggestionCache = new Map<string, readonly string[]>();
const MAX_CACHED_SUGGESTIONS = 4096;

function finding(
  walker: BlockWalker,
  block: Block,
  node: { range: Diagnostic['range'] },
  uri: string,
  fields: Pick<Diagnostic, 'code' | 'severity' | 'message' | 'data'>,
): Diagnostic {
  const placed = walker.place(block, node, uri);
  // Written out, not spread: spreading the differently shaped `fields` of each rule was slow.
  const diagnostic: Diagnostic = {
    code: fields.code,
    severity: fields.severity,
    message: fields.message,
    data: fields.data,
    range: placed.range,
    source: 'nats-conf',
  };
  if (placed.related) diagnostic.related = placed.related;
  return diagnostic;
}

export { finding as blockFinding };
