/**
 * The last step of every analysis: no diagnostic may echo a secret. Rules quote the values they
 * complain about ("unknown cipher \"...\"", a path that does not exist, an unknown key), and a
 * value may be a secret in disguise: a `$PASSWORD` used as a cipher name, an environment token
 * used as a certificate path, a key file included as a config (its base64 lines become "keys").
 * Rather than teach each rule, the secrets of the analysis are collected once and masked in
 * every message; `data` properties holding one are dropped (a quick fix then is not offered,
 * which is better than a fix that writes the secret somewhere else).
 */
import type { Document, Entry, MapValue, Value } from '../parser/ast';
import { holdsSecretValue, looksSecretName, looksSecretValue, SECRET_MASK } from '../knowledge/secrets';
import type { Diagnostic } from './diagnostic';
import type { Resolution } from './resolve';
import type { ElementsChange, KeyRename, StatementsChange, TreePatch } from '../parser/patch';
import { containersAround, containersOfMap, readThroughVariable, type ValuePath } from './patchScope';

/** Shorter values are not masked: they would blank ordinary words in the messages. */
const MIN_SECRET_LENGTH = 4;
/** Below this length a secret is masked only as a whole word, not inside other words. */
const MIN_SUBSTRING_LENGTH = 8;
/** How deep the secret collection recurses before it keeps values on a stack of its own. */
const MAX_RECURSION = 200;

/** PEM-like blocks whose body is secret: private keys, nkey seeds, the JWT of a creds file. */
const SECRET_BLOCK = /-{5,}BEGIN ([A-Z0-9 ]*(?:PRIVATE KEY|SEED|JWT))-{5,}([\s\S]*?)(?:-{5,}END \1-{5,}|$)/g;

/** The body lines of every secret block in `text`. */
export function secretBlockLines(text: string): string[] {
  const lines: string[] = [];
  // The expression tries every run of `-`, which configs have plenty of; a search is much faster.
  if (text.indexOf('-----BEGIN') < 0) return lines;
  for (const block of text.matchAll(SECRET_BLOCK)) {
    for (const line of block[2].split(/\r?\n/)) {
      const trimmed = line.trim();
      // Header lines of legacy encrypted keys ("Proc-Type: 4,ENCRYPTED") are not key material.
      if (trimmed !== '' && !/^[A-Za-z-]+: /.test(trimmed)) lines.push(trimmed);
    }
  }
  return lines;
}

/**
 * The secret part of a URL's user information: the password of `user:password@`, or the whole
 * of `token@` (nats-server reads a lone user part as a token).
 */
function urlCredentials(text: string): string | undefined {
  const match = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/([^/@\s]+)@/.exec(text.trim());
  if (!match) return undefined;
  const colon = match[1].indexOf(':');
  return colon >= 0 ? match[1].slice(colon + 1) : match[1];
}

/**
 * The secret strings the walk over the values found, each with how many times it was found: a
 * key renamed out of a secret name takes back what it added, and a string it shares with a
 * secret elsewhere stays.
 */
type SecretCounts = Map<string, number>;

/** Counts `text` found once more (`times` 1), or once less (-1). */
function count(out: SecretCounts, text: string, times: 1 | -1): void {
  const now = (out.get(text) ?? 0) + times;
  if (now === 0) out.delete(text);
  else out.set(text, now);
}

/** Every string the value stands for, variables followed (cycles stop), counted `times` each. */
function valueStrings(start: Value | undefined, resolution: Resolution, out: SecretCounts, times: 1 | -1 = 1): void {
  // The usual secret, a password: no stack for it (a big config has thousands).
  if (start?.kind === 'string') {
    count(out, start.value, times);
    return;
  }
  // An explicit stack: hostile files nest values 100,000 deep, past the call stack.
  const seen = new Set<Value>();
  const stack: Array<Value | undefined> = [start];
  while (stack.length > 0) {
    const value = stack.pop();
    if (!value || seen.has(value)) continue;
    seen.add(value);
    switch (value.kind) {
      case 'string':
        count(out, value.value, times);
        break;
      case 'integer':
        count(out, `${value.digits}${value.suffix}`, times);
        break;
      case 'float':
      case 'datetime':
        count(out, String(value.value), times);
        break;
      case 'array':
        for (const element of value.elements) stack.push(element);
        break;
      case 'map':
        for (const entry of value.entries) if (entry.kind === 'keyValue') stack.push(entry.value);
        break;
      case 'variable': {
        const resolved = resolution.variables.get(value);
        if (resolved?.source === 'environment') {
          count(out, resolved.raw, times);
          stack.push(resolved.value);
        } else if (resolved?.source === 'config') {
          stack.push(resolved.value);
        } else if (resolved?.source === 'unresolved' && resolved.raw !== undefined) {
          count(out, resolved.raw, times);
        }
        break;
      }
      default:
        break;
    }
  }
}

/**
 * The secrets of an analysis: values under secret-looking keys, values of secret-looking
 * variables (from the config or the environment), values that look like seeds or password
 * hashes wherever they are, and the body of every private key, seed or JWT block in the texts
 * read as configs.
 */
export function collectSecrets(resolution: Resolution, texts: readonly string[]): Set<string> {
  const found = new Set(valueSecrets(resolution).keys());
  for (const text of texts) for (const line of secretBlockLines(text)) found.add(line);
  for (const value of [...found]) {
    // A quoted environment value ("s3cret") is also echoed without its quotes.
    const trimmed = value.trim();
    const unquoted = trimmed.startsWith('"') || trimmed.startsWith("'") ? /^(["'])(.*)\1$/s.exec(trimmed) : null;
    if (unquoted) found.add(unquoted[2]);
    if (value.length < MIN_SECRET_LENGTH) found.delete(value);
  }
  return found;
}

/** What {@link findValueSecrets} found for each resolution (see keepValueSecrets). */
const valueSecretsOf = new WeakMap<Resolution, SecretCounts>();

function valueSecrets(resolution: Resolution): SecretCounts {
  let found = valueSecretsOf.get(resolution);
  if (!found) valueSecretsOf.set(resolution, (found = findValueSecrets(resolution)));
  return found;
}

/**
 * Lets `next`, the resolution kept for a tree patched by `patch` (analyzer.ts), reuse the
 * secrets `previous` found in the values, a walk over every value, when the patch cannot have
 * changed them, or changed them in a way known without the walk:
 * - blanks typed or deleted between tokens change no key and no value;
 * - a key renamed between two names that both hold a secret value, or both do not, changes
 *   nothing the walk reads (a resolution is kept after a rename only when no `$NAME` refers to
 *   either name). Renamed into or out of such a name, what the walk found under the key before
 *   is taken back and what it finds now is counted (see {@link renamedKeySecrets});
 * - a value edited outside every secret: no key on its way from the top holds a secret value, no
 *   `$NAME` stands for it or for a map or list around it, and neither its old nor its new text
 *   looks like a secret or holds an `@` (a URL's credentials). Then the walk added nothing for
 *   it before and adds nothing now; a string it shares with a secret elsewhere stays a secret.
 * The texts' key blocks are read afresh each time (collectSecrets).
 */
export function keepValueSecrets(previous: Resolution, next: Resolution, patch: TreePatch): void {
  const found = valueSecretsOf.get(previous);
  if (!found) return;
  if (patch.kind === 'key') {
    const renamed = renamedKeySecrets(found, next, patch);
    if (renamed) valueSecretsOf.set(next, renamed);
  } else if (changesNoValueSecret(next, patch)) {
    valueSecretsOf.set(next, found);
  }
}

/**
 * The secrets after `patch` renamed a key, from `found`, those before: unchanged when both names
 * hold a secret value or neither does, or when a key above holds one (all strings below are
 * secrets either way). Otherwise what the walk adds for the key's value under each name:
 * under a secret name, every string the value stands for; under another, what the secret keys
 * inside it add. Undefined when the key cannot be found in the document.
 */
function renamedKeySecrets(found: SecretCounts, resolution: Resolution, patch: KeyRename): SecretCounts | undefined {
  const wasSecret = holdsSecretValue(patch.oldName);
  if (wasSecret === holdsSecretValue(patch.entry.name)) return found;
  const document = resolution.root.document;
  const above = patch.parent === document ? [] : containersOfMap(document, patch.parent as MapValue)?.entries;
  if (above === undefined) return undefined;
  if (above.some((entry) => holdsSecretValue(entry.name))) return found;
  const next = new Map(found);
  const value = patch.entry.value;
  valueStrings(value, resolution, next, wasSecret ? -1 : 1);
  const inside = secretWalk(resolution, next, wasSecret ? 1 : -1, false);
  inside.visitValue(value, false, 0);
  inside.finish();
  return next;
}

function changesNoValueSecret(resolution: Resolution, patch: Exclude<TreePatch, { kind: 'key' }>): boolean {
  switch (patch.kind) {
    case 'blanks':
      return true;
    case 'value': {
      const { value, before } = patch;
      if (value.kind === 'string' && (maySecretText(before) || maySecretText(value.value))) return false;
      const around = containersAround(resolution.root.document, value);
      if (!around) return false;
      for (const entry of around.entries) if (holdsSecretValue(entry.name)) return false;
      return !readThroughVariable(resolution, value, around);
    }
    case 'statements':
      return !itemsHoldSecrets(resolution, patch);
    case 'elements':
      return !itemsHoldSecrets(resolution, patch);
  }
}

/**
 * Whether the walk over the values found, or now finds, anything in the statements or list
 * elements a patch read again: they are under a key that holds a secret or in a map or list a
 * `$NAME` stands for (a secret key elsewhere may hold it), hold such a key, or a string that may
 * be one.
 */
function itemsHoldSecrets(resolution: Resolution, change: StatementsChange | ElementsChange): boolean {
  const document = resolution.root.document;
  let path: ValuePath | undefined;
  if ('map' in change) path = containersOfMap(document, change.map);
  else if ((path = containersAround(document, change.array))) path.containers.add(change.array);
  if (!path || path.entries.some((entry) => holdsSecretValue(entry.name)) || readThroughVariable(resolution, undefined, path)) return true;
  // A removed item's strings read the new text now: their old texts are in removedStrings.
  if (change.removedStrings.some(maySecretText)) return true;
  return mayHoldSecrets(change.removed, false) || mayHoldSecrets(change.added, true);
}

/** Whether entries or values hold a key that holds a secret, a `$NAME`, an include or (`strings`) a string that may be a secret. */
function mayHoldSecrets(entries: readonly (Entry | Value)[], strings: boolean): boolean {
  const stack: (Entry | Value | undefined)[] = [...entries];
  while (stack.length > 0) {
    const item = stack.pop();
    if (!item) continue;
    if (item.kind === 'include' || item.kind === 'variable') return true;
    if (item.kind === 'keyValue') {
      if (holdsSecretValue(item.name)) return true;
      stack.push(item.value);
    } else if (item.kind === 'string') {
      if (strings && maySecretText(item.value)) return true;
    } else if (item.kind === 'map') stack.push(...item.entries);
    else if (item.kind === 'array') stack.push(...item.elements);
  }
  return false;
}

/** Whether the walk may take a string for a secret by its text alone. */
function maySecretText(text: string): boolean {
  return looksSecretValue(text) || text.includes('@');
}

/** The secrets in the values of the resolution's documents and variables (see collectSecrets). */
function findValueSecrets(resolution: Resolution): SecretCounts {
  const found: SecretCounts = new Map();
  const walk = secretWalk(resolution, found, 1, true);
  const documents: Document[] = [resolution.root.document, ...[...resolution.files.values()].map((file) => file.document)];
  for (const document of documents) {
    walk.visitEntries(document.entries, false, 0);
    walk.finish();
  }
  for (const [reference, resolved] of resolution.variables) {
    if (looksSecretName(reference.name)) valueStrings(reference, resolution, found);
    else if (resolved.source === 'environment' && looksSecretValue(resolved.raw)) count(found, resolved.raw, 1);
  }
  return found;
}

/**
 * The walk over values for {@link findValueSecrets}: the strings under secret keys, and (with
 * `byText`) strings that look secret by themselves, counted `times` each into `found`. `finish`
 * walks the values left for later.
 */
function secretWalk(resolution: Resolution, found: SecretCounts, times: 1 | -1, byText: boolean) {
  // Key names repeat (every user has a `publish`): each is tested once.
  const secretKeys = new Map<string, boolean>();
  // Values nested deeper than MAX_RECURSION wait here (hostile files nest 100,000 deep), with
  // whether they are under a secret key.
  const deepValues: Array<Value | undefined> = [];
  const deepUnderSecret: boolean[] = [];
  const visitEntries = (entries: readonly Entry[], underSecret: boolean, depth: number): void => {
    for (let i = 0; i < entries.length; i++) {
      const entry = entries[i];
      if (entry.kind !== 'keyValue') continue;
      let secret = underSecret;
      if (!secret) {
        const name = entry.name;
        let holds = secretKeys.get(name);
        if (holds === undefined) secretKeys.set(name, (holds = holdsSecretValue(name)));
        secret = holds;
        // Under a secret key the enclosing value's strings are all collected already.
        if (secret) valueStrings(entry.value, resolution, found, times);
      }
      // Strings need no visit unless they may look secret, nor anything under a secret key.
      if (byText || !secret) visitValue(entry.value, secret, depth);
    }
  };
  // Recursive: a big config has tens of thousands of values, and a call per value is cheaper
  // than a stack of them.
  const visitValue = (value: Value | undefined, underSecret: boolean, depth: number): void => {
    if (!value) return;
    const kind = value.kind;
    if (kind === 'string') {
      if (!byText) return;
      const text = value.value;
      if (looksSecretValue(text)) count(found, text, times);
      // Credentials need an `@`: most strings are passed over without the regular expression.
      if (text.includes('@')) {
        const credentials = urlCredentials(text);
        if (credentials !== undefined) count(found, credentials, times);
      }
    } else if (kind === 'map' || kind === 'array') {
      if (depth >= MAX_RECURSION) {
        deepValues.push(value);
        deepUnderSecret.push(underSecret);
      } else if (kind === 'map') visitEntries(value.entries, underSecret, depth + 1);
      else for (const element of value.elements) visitValue(element, underSecret, depth + 1);
    }
  };
  const finish = (): void => {
    while (deepValues.length > 0) visitValue(deepValues.pop(), deepUnderSecret.pop() as boolean, 0);
  };
  return { visitEntries, visitValue, finish };
}

/** A function that masks every secret in a text; undefined when there are none. */
function masker(secrets: ReadonlySet<string>): ((text: string) => string) | undefined {
  if (secrets.size === 0) return undefined;
  // Secrets indexed by a hash of their first characters: one lookup per position of the text. A
  // single alternation of every secret made each mask cost (text length × secrets), and thousands
  // of accounts with passwords made the outline and the diagnostics quadratic. Hashing in place
  // (not slicing) allocates nothing per position: a big config can have 100,000 messages.
  const long = new Map<number, string[]>();
  const short = new Map<number, string[]>();
  const firstCodes = new Set<number>();
  for (const secret of secrets) {
    const isLong = secret.length >= MIN_SUBSTRING_LENGTH;
    const key = prefixHash(secret, 0, isLong ? MIN_SUBSTRING_LENGTH : MIN_SECRET_LENGTH);
    const index = isLong ? long : short;
    const bucket = index.get(key);
    if (bucket) bucket.push(secret);
    else index.set(key, [secret]);
    firstCodes.add(secret.charCodeAt(0));
  }
  // Longest first: a secret that contains another is masked whole.
  for (const bucket of [...long.values(), ...short.values()]) bucket.sort((a, b) => b.length - a.length);
  // Only where a secret's first character is can one start: the regular expression skips to the
  // next such position (UTF-16 units, as no `u` flag is given) faster than a loop over the text.
  const nextStart = new RegExp(`[${[...firstCodes].map((code) => `\\u${code.toString(16).padStart(4, '0')}`).join('')}]`, 'g');
  return (text) => {
    let masked = '';
    let copied = 0;
    for (let i = 0; i + MIN_SECRET_LENGTH <= text.length; ) {
      nextStart.lastIndex = i;
      if (!nextStart.test(text)) break;
      i = nextStart.lastIndex - 1;
      if (i + MIN_SECRET_LENGTH > text.length) break;
      let hit: string | undefined;
      if (long.size > 0 && i + MIN_SUBSTRING_LENGTH <= text.length) {
        hit = long.get(prefixHash(text, i, MIN_SUBSTRING_LENGTH))?.find((secret) => text.startsWith(secret, i));
      }
      // Short secrets only as whole words, so a short password does not blank ordinary words.
      if (hit === undefined && short.size > 0 && !isWordChar(text.charCodeAt(i - 1))) {
        hit = short
          .get(prefixHash(text, i, MIN_SECRET_LENGTH))
          ?.find((secret) => text.startsWith(secret, i) && !isWordChar(text.charCodeAt(i + secret.length)));
      }
      if (hit === undefined) {
        i++;
        continue;
      }
      masked += text.slice(copied, i) + SECRET_MASK;
      i += hit.length;
      copied = i;
    }
    return copied === 0 ? text : masked + text.slice(copied);
  };
}

/** A hash of `length` UTF-16 units of `text` from `start` (equal prefixes, equal hashes). */
function prefixHash(text: string, start: number, length: number): number {
  let hash = 0;
  for (let i = start; i < start + length; i++) hash = (Math.imul(hash, 31) + text.charCodeAt(i)) | 0;
  return hash;
}

/** `[A-Za-z0-9_]`; false past either end of the text (NaN). */
function isWordChar(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57) || code === 95;
}

function containsSecret(value: unknown, hasSecret: (text: string) => boolean): boolean {
  if (typeof value === 'string') return hasSecret(value);
  if (Array.isArray(value)) return value.some((item) => containsSecret(item, hasSecret));
  if (typeof value === 'object' && value !== null) {
    // Object.values without its array: asked for the data of every diagnostic.
    for (const key in value) {
      if (Object.prototype.hasOwnProperty.call(value, key) && containsSecret((value as Record<string, unknown>)[key], hasSecret)) return true;
    }
  }
  return false;
}

const maskers = new WeakMap<Resolution, ((text: string) => string) | undefined>();

/**
 * Masks the secrets of an analysis in a text meant for the user (outline details, completion
 * details); computed once per analysis.
 */
export function secretMasker(resolution: Resolution): (text: string) => string {
  if (!maskers.has(resolution)) {
    const texts = [resolution.root.text ?? '', ...[...resolution.files.values()].map((file) => file.text ?? '')];
    maskers.set(resolution, masker(collectSecrets(resolution, texts)));
  }
  return maskers.get(resolution) ?? ((text) => text);
}

/** The diagnostics with every secret of the analysis masked in messages and dropped from `data`. */
export function redactSecrets(diagnostics: Diagnostic[], resolution: Resolution): Diagnostic[] {
  // Collecting the secrets walks every value: not worth it when there is nothing to mask.
  if (diagnostics.length === 0) return diagnostics;
  secretMasker(resolution);
  const mask = maskers.get(resolution);
  if (!mask) return diagnostics;
  // The strings of `data` repeat (the file's URI, one key in many blocks): each is masked once.
  const secretIn = new Map<string, boolean>();
  const hasSecret = (text: string): boolean => {
    let found = secretIn.get(text);
    if (found === undefined) secretIn.set(text, (found = mask(text) !== text));
    return found;
  };
  return diagnostics.map((diagnostic) => {
    const message = mask(diagnostic.message);
    // Copied only when a related message changes (rarely), not for every diagnostic.
    const relatedChanged = diagnostic.related?.some((item) => mask(item.message) !== item.message) ?? false;
    const related = relatedChanged ? diagnostic.related?.map((item) => ({ ...item, message: mask(item.message) })) : diagnostic.related;
    let data = diagnostic.data;
    if (typeof data === 'object' && data !== null && !Array.isArray(data) && containsSecret(data, hasSecret)) {
      data = Object.fromEntries(Object.entries(data).filter(([, item]) => !containsSecret(item, hasSecret)));
    } else if (data !== undefined && containsSecret(data, hasSecret)) {
      data = undefined;
    }
    if (message === diagnostic.message && !relatedChanged && data === diagnostic.data) return diagnostic;
    const redacted: Diagnostic = { ...diagnostic, message };
    if (related) redacted.related = related;
    if (data === undefined) delete redacted.data;
    else redacted.data = data;
    return redacted;
  });
}
