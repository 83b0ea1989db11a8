/**
 * Hover: what a key, value, cipher, curve, variable or path means to nats-server.
 *
 * Everything shown is read from the knowledge tables (schema, TLS options and contexts, ciphers,
 * curves, key docs) and from the analysis (variables, includes); this module only picks what
 * applies at the cursor and lays it out. The layout is the same everywhere: a bold title line,
 * then short sections.
 */
import * as nodePath from 'path';
import type { Hover } from 'vscode-languageserver-types';
import type { Include, IntegerValue, KeyValue, Range, Value, VariableValue } from '../parser/ast';
import type { Analysis } from '../languageService';
import {
  isFreeform,
  keysOf,
  unknownFieldMessage,
  type ContextData,
  type KeyData,
  type KeyName,
  type ValueForm,
} from '../knowledge/schema';
import { describeTarget, introducedIn, isAvailable, type ServerVersion, type Versioned } from '../knowledge/versions';
import { tlsEnumValue, tlsOption, type TlsEffect, type TlsOption } from '../knowledge/tlsOptions';
import { TLS_CONTEXTS, tlsContextForKeys, type TlsContext } from '../knowledge/tlsContexts';
import {
  cipherInfo,
  cipherLineFor,
  closestCiphers,
  defaultCiphers,
  insecureReasonText,
  isKnownCipher,
  renamedCipher,
} from '../knowledge/ciphers';
import { closestCurves, curveInfo, defaultCurves, isKnownCurve } from '../knowledge/curves';
import { keyDoc } from '../knowledge/keyDocs';
import { rankSuggestions } from '../knowledge/suggest';
import { describeDurationProblem, parseGoDuration } from '../analysis/goDuration';
import { offsetAt, pathBase, type ServiceContext } from './context';
import { locateFile } from '../analysis/certificates';
import { certificateContentMarkdown } from './certificateHover';
import { innermostBlock, locate, type BlockStep } from './locate';
import { bold, bullets, code, escapeMarkdown, formatInteger, link, orList, sections } from './markdown';
import { looksSecretName, SECRET_MASK } from '../knowledge/secrets';
import { secretMasker } from '../analysis/redactSecrets';

export async function hover(context: ServiceContext, position: { line: number; character: number }): Promise<Hover | undefined> {
  const result = await unmaskedHover(context, position);
  // A value that is a secret elsewhere (a seed used as a cipher name, a password as a path).
  const contents = result?.contents;
  if (!result || typeof contents !== 'object' || contents === null || !('value' in contents) || Array.isArray(contents)) return result;
  return { ...result, contents: { ...contents, value: secretMasker(context.analysis.resolution)(contents.value) } as typeof contents };
}

async function unmaskedHover(context: ServiceContext, position: { line: number; character: number }): Promise<Hover | undefined> {
  const { analysis } = context;
  const location = locate(analysis.tree, offsetAt(analysis, position));
  if (location.include) return includeHover(analysis, location.include);
  const keyValue = location.keyValue;
  if (!keyValue) return undefined;
  const step = innermostBlock(location);
  if (location.onKey) return keyHover(analysis, step, keyValue);
  const value = location.value;
  if (!value) return undefined;
  if (value.kind === 'variable') return variableHover(analysis, value, keyValue);
  return valueHover(context, step, keyValue, value, location.array !== undefined);
}

function markdownHover(value: string, range: Range): Hover {
  return { contents: { kind: 'markdown', value }, range };
}

// ---------------------------------------------------------------------------------------------
// Keys

function keyHover(analysis: Analysis, step: BlockStep, keyValue: KeyValue): Hover | undefined {
  const block = step.context;
  if (!block) return undefined;
  const keyName = step.keyName;
  if (!keyName) return unknownKeyHover(analysis, step, block, keyValue);
  const option = block.id === 'tls' ? tlsOption(keyName.key.name) : undefined;
  const text = option
    ? tlsOptionMarkdown(analysis, step, keyName, option)
    : schemaKeyMarkdown(analysis, step, block, keyName);
  return markdownHover(text, keyValue.key.range);
}

/** `cluster.port`, or just `port` at the top level. */
function configPath(blockPath: string, name: string): string {
  return blockPath === '' ? name : `${blockPath}.${name}`;
}

function blockLabel(blockPath: string): string {
  return blockPath === '' ? 'the top level' : code(blockPath);
}

function schemaKeyMarkdown(analysis: Analysis, step: BlockStep, block: ContextData, keyName: KeyName): string {
  const key = keyName.key;
  const target = analysis.settings.serverVersion;
  const tlsBlock = key.context === 'tls' ? tlsContextOfBlockPath(configPath(step.path, keyName.name)) : undefined;
  const doc = keyDoc(block.id, key.name);
  const description = tlsBlock ? tlsBlockDescription(tlsBlock) : doc?.description ?? subKeyDescription(block.id, key.name);
  const docsUrl = tlsBlock?.docsUrl ?? doc?.docsUrl;
  return sections(
    `${bold(escapeMarkdown(keyName.name))} · ${step.path === '' ? 'top-level key' : code(configPath(step.path, keyName.name))}`,
    keyName.alias ? `${code(keyName.name)} is another name for ${code(key.name)}.` : undefined,
    description,
    bullets([
      `${bold('Value:')} ${kindInWords(key)}`,
      `${bold('Block:')} ${blockLabel(step.path)}`,
      otherNamesLine(keyName),
      `${bold('Since:')} ${availability(keyName, target)}`,
      key.deprecated ? `${bold('Deprecated')}${key.deprecated.replacement ? `: use ${code(key.deprecated.replacement)}` : ''}.` : undefined,
      key.constraints ? `${bold('Constraints:')} ${key.constraints}` : undefined,
      key.effect ? `${bold('Effect:')} ${key.effect}` : undefined,
      ...(key.notes ?? []).map((note) => `${bold('Note:')} ${note}`),
    ]),
    docsUrl ? link('Documentation', docsUrl) : undefined,
  );
}

/** What a `tls` key opens: the kind of connections its block secures. */
function tlsBlockDescription(context: TlsContext): string {
  return sections(`TLS for ${context.name}. ${context.tlsConfigHandling}`, bullets(context.notes));
}

/** The `ocsp_peer { }` and `certs [ { } ]` keys are described with their TLS option. */
function subKeyDescription(contextId: string, keyName: string): string | undefined {
  const owner = contextId === 'tls.ocsp_peer' ? 'ocsp_peer' : contextId === 'tls.certs[]' ? 'certs' : undefined;
  if (!owner) return undefined;
  const subKey = tlsOption(owner)?.subKeys?.find((candidate) => candidate.name === keyName);
  return subKey ? `${subKey.description} Default: ${subKey.default}.` : undefined;
}

function otherNamesLine(keyName: KeyName): string | undefined {
  const key = keyName.key;
  const names = [key.name, ...(key.aliases ?? []).map((alias) => alias.name)].filter((name) => name !== keyName.name);
  if (names.length === 0) return undefined;
  return `${bold(keyName.alias ? 'Other names:' : 'Aliases:')} ${names.map(code).join(', ')}`;
}

/** `v2.12.0 — not in nats-server 2.11.x (the target)`. */
function availability(item: Versioned, target: ServerVersion): string {
  const since = introducedIn(item);
  return isAvailable(item, target)
    ? `${since} — available in the target, ${describeTarget(target)}`
    : `${since} — ${bold(`not in the target, ${describeTarget(target)}`)}`;
}

const FORM_WORDS: Readonly<Record<ValueForm, string>> = {
  string: 'a string',
  duration: 'a duration such as `"30s"` or `"1m30s"`',
  enum: 'one of its named values',
  'size-string': 'a size string such as `"10G"` (K, M, G, T: powers of 1024)',
  integer: 'an integer',
  size: 'a number of bytes (`1k` = 1,000, `1KB` = 1,024)',
  seconds: 'a number of seconds',
  'float-seconds': 'a number of seconds (fractions allowed)',
  boolean: '`true` or `false`',
  map: 'a block `{ … }`',
  'array<string>': 'a list of strings',
  'array<duration>': 'a list of durations',
  'array<map>': 'a list of blocks',
};

function kindInWords(key: KeyData): string {
  const deprecated = new Set(key.deprecatedForms ?? []);
  let forms = key.accepts.filter((form) => !deprecated.has(form));
  // Whole and fractional seconds read as one choice to people.
  if (forms.includes('float-seconds')) forms = forms.filter((form) => form !== 'seconds');
  const words = forms.map((form) =>
    form === 'enum' && key.enumValues ? `one of ${key.enumValues.map(code).join(', ')}` : FORM_WORDS[form],
  );
  let text = orList([...new Set(words)]);
  if (deprecated.size > 0) {
    text += ` (${orList([...deprecated].map((form) => FORM_WORDS[form]))} still works, but is deprecated)`;
  }
  return text;
}

function unknownKeyHover(analysis: Analysis, step: BlockStep, block: ContextData, keyValue: KeyValue): Hover | undefined {
  const name = keyValue.name;
  const range = keyValue.key.range;
  if (isFreeform(block)) {
    const what = block.freeform?.keyDescription ?? 'a name';
    return markdownHover(`${bold(escapeMarkdown(name))} · ${escapeMarkdown(what)} in ${blockLabel(step.path)}`, range);
  }
  if (analysis.resolution.usedAsVariable.has(keyValue)) {
    return markdownHover(
      sections(`${bold(escapeMarkdown(name))} · variable`, `Not an option of ${blockLabel(step.path)}: a value the config refers to as ${code(`$${name}`)}.`),
      range,
    );
  }
  const target = analysis.settings.serverVersion;
  const message = unknownFieldMessage(block, name, target);
  const consequence =
    block.unknownKeys === 'ignored'
      ? 'nats-server ignores it.'
      : message
        ? `nats-server rejects it: ${code(message)}.`
        : undefined;
  const suggestion = rankSuggestions(name, keysOf(block, target).map((entry) => entry.name), 1)[0];
  return markdownHover(
    sections(
      `${bold(escapeMarkdown(name))} · not a key of ${blockLabel(step.path)}`,
      [consequence, suggestion ? `Did you mean ${code(suggestion)}?` : undefined].filter(Boolean).join(' '),
    ),
    range,
  );
}

// ---------------------------------------------------------------------------------------------
// TLS options

const EFFECT_WORDS: Readonly<Record<TlsEffect, string>> = {
  effective: 'takes effect',
  forced: 'always on, whatever the value',
  'rejected-when-true': '`true` is rejected',
  ignored: 'ignored (accepted without effect)',
};

const EFFECT_ORDER: readonly TlsEffect[] = ['effective', 'forced', 'rejected-when-true', 'ignored'];

function tlsContextOfBlockPath(path: string): TlsContext | undefined {
  const keys: string[] = [];
  for (const segment of path.split('.')) {
    if (segment.endsWith('[]')) keys.push(segment.slice(0, -2), '[]');
    else keys.push(segment);
  }
  return tlsContextForKeys(keys);
}

function tlsOptionMarkdown(analysis: Analysis, step: BlockStep, keyName: KeyName, option: TlsOption): string {
  const target = analysis.settings.serverVersion;
  const here = tlsContextOfBlockPath(step.path);
  const formNotes = Object.entries(option.formsSince ?? {}).map(
    ([form, since]) => `${form === 'duration-string' ? 'Duration strings' : `The ${form} form`} since ${introducedIn({ sinceVersion: since })}.`,
  );
  return sections(
    `${bold(escapeMarkdown(keyName.name))} · TLS option in ${code(step.path || 'tls')}`,
    keyName.alias ? `${code(keyName.name)} is another name for ${code(option.name)}.` : undefined,
    option.description,
    bullets([
      `${bold('Value:')} ${code(option.kind)}`,
      `${bold('Default:')} ${option.default.text}`,
      `${bold('Since:')} ${availability(keyName, target)}${formNotes.length ? `. ${formNotes.join(' ')}` : ''}`,
      option.platform === 'windows' ? `${bold('Windows only:')} elsewhere the configuration is rejected.` : undefined,
    ]),
    applicability(option, here),
    `${bold('Example:')} ${code(option.example)}`,
    option.docsUrl === option.referenceUrl
      ? link('Documentation', option.docsUrl)
      : `${link('Documentation', option.docsUrl)} · ${link('Reference', option.referenceUrl)}`,
  );
}

/** Where the option works: the block at the cursor first, then the other TLS blocks by effect. */
function applicability(option: TlsOption, here: TlsContext | undefined): string {
  const lines: string[] = [];
  if (here) {
    const effect = option.contexts[here.id];
    lines.push(`${bold('Here')} (${code(here.path)}, ${here.name}): ${EFFECT_WORDS[effect.effect]}.${effect.note ? ` ${effect.note}` : ''}`);
  }
  const others = TLS_CONTEXTS.filter((context) => context !== here);
  const groups: string[] = [];
  for (const effect of EFFECT_ORDER) {
    const members = others.filter((context) => option.contexts[context.id].effect === effect);
    if (members.length === 0) continue;
    const listed = members.map((context) => {
      const note = effect === 'effective' ? undefined : option.contexts[context.id].note;
      return note ? `${code(context.path)} (${note.replace(/\.$/, '')})` : code(context.path);
    });
    groups.push(`${EFFECT_WORDS[effect]}: ${listed.join(', ')}`);
  }
  if (groups.length === 1 && others.every((context) => option.contexts[context.id].effect === 'effective')) {
    lines.push(`${here ? 'Every other TLS block' : 'Every TLS block'}: takes effect.`);
  } else {
    lines.push(`${bold(here ? 'Other TLS blocks' : 'TLS blocks')}\n${bullets(groups)}`);
  }
  return lines.join('\n\n');
}

// ---------------------------------------------------------------------------------------------
// Values

async function valueHover(
  context: ServiceContext,
  step: BlockStep,
  keyValue: KeyValue,
  value: Value,
  inArray: boolean,
): Promise<Hover | undefined> {
  const { analysis } = context;
  const block = step.context;
  const keyName = step.keyName;
  if (!block || !keyName) return undefined;
  const target = analysis.settings.serverVersion;
  const inTls = block.id === 'tls';
  if (inTls && inArray && value.kind === 'string') {
    if (keyName.key.name === 'cipher_suites') return markdownHover(cipherMarkdown(value.value, target), value.range);
    if (keyName.key.name === 'curve_preferences') return markdownHover(curveMarkdown(value.value, target), value.range);
  }
  if (value.kind === 'string' && isCertificatePathKey(block, keyName)) {
    return markdownHover(await certificatePathMarkdown(context, keyName, value.value), value.range);
  }
  const quantity = quantityMarkdown(keyName, value);
  if (quantity) return markdownHover(quantity, value.range);
  if (inTls && value.kind !== 'map' && value.kind !== 'array') {
    const option = tlsOption(keyName.key.name);
    const written = value.kind === 'string' ? value.value : 'value' in value ? String(value.value) : undefined;
    const described = option && written !== undefined ? tlsEnumValue(option, written) : undefined;
    if (option && described) {
      return markdownHover(
        sections(
          `${code(described.value)} · value of ${code(option.name)}`,
          `${described.description}${described.isDefault ? ' (the default)' : ''}`,
          described.since ? `Since ${introducedIn({ sinceVersion: described.since })}.` : undefined,
        ),
        value.range,
      );
    }
  }
  return undefined;
}

function isCertificatePathKey(block: ContextData, keyName: KeyName): boolean {
  if (block.id === 'tls.certs[]') return true;
  return block.id === 'tls' && tlsOption(keyName.key.name)?.isPath === true;
}

// Ciphers and curves -----------------------------------------------------------------------

function cipherMarkdown(name: string, target: ServerVersion): string {
  const targetName = describeTarget(target);
  const info = cipherInfo(name);
  const title = `${bold(escapeMarkdown(name))} · cipher suite`;
  if (!info) {
    const suggestions = closestCiphers(name, target);
    return sections(
      title,
      `${bold('Unknown')}: ${targetName} (the target) has no cipher suite of this name, so it rejects the configuration.`,
      suggestions.length ? `Did you mean ${orList(suggestions.map(code))}?` : undefined,
    );
  }
  const lines: string[] = [];
  if (info.name !== name) lines.push(`${bold('Wrong case:')} names are case-sensitive; write ${code(info.name)}.`);
  if (!isKnownCipher(info.name, target)) {
    const renamed = renamedCipher(info.name, target);
    lines.push(
      renamed
        ? `${bold(`Unknown to ${targetName}`)} (the target): this release spells it ${code(renamed)}.`
        : `${bold(`Unknown to ${targetName}`)} (the target): ${cipherLineFor(target) === 'go' ? 'only releases before 2.12 accept it' : 'only 2.12 and later accept it'}.`,
    );
  }
  const facts = [
    `TLS ${info.tlsVersion}`,
    info.keyExchange === 'TLS 1.3' ? 'key exchange negotiated separately' : `key exchange ${info.keyExchange}`,
    `${info.cipher} with ${info.mac}`,
    `code point ${code(`0x${info.id.toString(16).toUpperCase().padStart(4, '0')}`)}`,
  ];
  if (info.opensslName) facts.push(`OpenSSL: ${code(info.opensslName)}`);
  if (info.insecureReasons.length > 0) {
    const reasons = info.insecureReasons.map(insecureReasonText).join('; ');
    const consequence =
      cipherLineFor(target) === 'go'
        ? `${targetName} rejects it unless ${code('allow_insecure_cipher_suites: true')} is set.`
        : `${targetName} accepts it; from 2.12 on it needs ${code('allow_insecure_cipher_suites: true')}.`;
    lines.push(`${bold('Insecure:')} ${reasons}. ${consequence}`);
  } else {
    lines.push(`${bold('Secure:')} Go does not flag it as insecure.`);
  }
  if (!info.hasEffect) lines.push('TLS 1.3 suites cannot be restricted: naming it is accepted and changes nothing.');
  lines.push(
    defaultCiphers(target).includes(info.name)
      ? `${bold('Default:')} in the list ${targetName} uses when ${code('cipher_suites')} is absent.`
      : `${bold('Default:')} not in the list ${targetName} uses when ${code('cipher_suites')} is absent.`,
  );
  return sections(title, facts.join(' · '), bullets(lines));
}

function curveMarkdown(name: string, target: ServerVersion): string {
  const targetName = describeTarget(target);
  const info = curveInfo(name);
  const title = `${bold(escapeMarkdown(name))} · curve (key exchange group)`;
  if (!info) {
    const suggestions = closestCurves(name, target);
    return sections(
      title,
      `${bold('Unknown')}: ${targetName} (the target) has no curve of this name, so it rejects the configuration.`,
      suggestions.length ? `Did you mean ${orList(suggestions.map(code))}?` : undefined,
    );
  }
  const lines: string[] = [];
  if (info.name !== name) lines.push(`${bold('Wrong case:')} names are case-sensitive; write ${code(info.name)}.`);
  lines.push(
    isKnownCurve(info.name, target)
      ? `${bold('Accepted')} by ${targetName} (the target).`
      : `${bold(`Unknown to ${targetName}`)} (the target): first accepted by ${introducedIn({ sinceVersion: info.since })}${info.requiresGo ? ` built with Go ${info.requiresGo} or newer` : ''}.`,
  );
  const position = defaultCurves(target).indexOf(info.name);
  lines.push(
    position >= 0
      ? `${bold('Default:')} number ${position + 1} in the order ${targetName} prefers when ${code('curve_preferences')} is absent.`
      : `${bold('Default:')} not used by ${targetName} unless listed.`,
  );
  return sections(
    title,
    `${info.kind === 'classic' ? 'Classic' : 'Post-quantum hybrid'} · code point ${code(`0x${info.id.toString(16).toUpperCase().padStart(4, '0')}`)}`,
    info.description,
    bullets(lines),
  );
}

// Sizes and durations -----------------------------------------------------------------------

const TIME_FORMS: readonly ValueForm[] = ['duration', 'seconds', 'float-seconds', 'array<duration>'];

/** What nats-server makes of a number or duration written for this key; undefined when nothing to add. */
function quantityMarkdown(keyName: KeyName, value: Value): string | undefined {
  const key = keyName.key;
  const forms = key.accepts;
  const takesTime = forms.some((form) => TIME_FORMS.includes(form));
  const takesSeconds = forms.includes('seconds') || forms.includes('float-seconds');
  const takesSize = forms.includes('size') || forms.includes('size-string');
  const keyLabel = code(keyName.name);

  if (value.kind === 'integer') {
    if (value.dropped) {
      return sections(
        `${bold(escapeMarkdown(value.digits + value.suffix))} · dropped`,
        `${code(value.suffix)} is not a size suffix nats-server knows; it silently drops this value.`,
      );
    }
    const written = `${value.digits}${value.suffix}`;
    const suffixNote = value.suffix !== '' ? ` (unquoted ${code(written)}: a size suffix, ×${formatInteger(value.multiplier)})` : '';
    if (takesTime) {
      const lines: string[] = [];
      const secondsAccepted = takesSeconds || (key.deprecatedForms ?? []).includes('seconds');
      if (secondsAccepted) {
        const deprecated = !takesSeconds || (key.deprecatedForms ?? []).includes('seconds');
        lines.push(
          `${keyLabel} reads it as ${formatInteger(value.value)} seconds${value.value >= 60 ? ` (${humanDuration(value.value)})` : ''}` +
            `${deprecated ? '; a plain number is deprecated here, write a duration' : ''}.`,
        );
      } else {
        lines.push(`${keyLabel} takes a duration string, not a number.`);
      }
      const suggestion = durationSuggestion(value);
      if (suggestion) lines.push(suggestion);
      return sections(`${bold(formatInteger(value.value))}${suffixNote}`, lines.join(' '));
    }
    if (takesSize) {
      const multiplierNote = value.suffix !== '' ? ` (${code(written)}: ×${formatInteger(value.multiplier)}, ${sizeBase(value)})` : '';
      return sections(
        `${bold(`${formatInteger(value.value)} bytes`)}${multiplierNote}`,
        value.value >= 1024 ? `That is ${humanBytes(value.value)}.` : undefined,
        value.suffix !== '' && value.multiplier % 1024 !== 0 ? `Write ${code(`${value.digits}${value.suffix}b`)} or ${code(`${value.digits}${value.suffix}i`)} for powers of 1024.` : undefined,
      );
    }
    if (value.suffix !== '') return `${bold(formatInteger(value.value))}${suffixNote}`;
    return undefined;
  }

  if (value.kind === 'float' && takesSeconds) {
    return `${bold(`${value.value} seconds`)} (${keyLabel} reads a number as seconds)`;
  }

  if (value.kind === 'string') {
    if (takesTime && !(key.enumValues ?? []).some((allowed) => allowed.toLowerCase() === value.value.toLowerCase())) {
      const parsed = parseGoDuration(value.value);
      if (parsed.ok) {
        const seconds = Number(parsed.seconds.toPrecision(12));
        const human = Math.abs(seconds) >= 60 ? ` (${humanDuration(seconds)})` : '';
        return `${bold(`${formatInteger(seconds)} ${Math.abs(seconds) === 1 ? 'second' : 'seconds'}`)}${human}`;
      }
      return sections(`${bold('Not a duration')}`, `${describeDurationProblem(value.value, parsed)}. Durations look like ${code('"500ms"')}, ${code('"30s"')} or ${code('"1h30m"')}.`);
    }
    if (forms.includes('size-string')) {
      const match = /^(\d+)([KMGT])$/.exec(value.value);
      if (match) {
        const bytes = Number(match[1]) * 1024 ** ('KMGT'.indexOf(match[2]) + 1);
        return sections(`${bold(`${formatInteger(bytes)} bytes`)} (${code(`"${value.value}"`)}: ${match[2]} = ${formatInteger(1024 ** ('KMGT'.indexOf(match[2]) + 1))})`, `That is ${humanBytes(bytes)}.`);
      }
    }
  }
  return undefined;
}

/** `Write "1m" for 1 minute.` when the digits and suffix, quoted, are a Go duration. */
function durationSuggestion(value: IntegerValue): string | undefined {
  if (value.suffix === '') return undefined;
  const written = `${value.digits}${value.suffix}`;
  const parsed = parseGoDuration(written);
  return parsed.ok ? `Write ${code(`"${written}"`)} for ${humanDuration(parsed.seconds)}.` : undefined;
}

function sizeBase(value: IntegerValue): string {
  for (let power = 1; power <= 6; power++) {
    if (value.multiplier === 1024 ** power) return `1024${superscript(power)}`;
    if (value.multiplier === 1000 ** power) return `1000${superscript(power)}`;
  }
  return 'a size suffix';
}

function superscript(power: number): string {
  return '⁰¹²³⁴⁵⁶⁷⁸⁹'[power];
}

function plural(count: number, unit: string): string {
  return `${formatInteger(count)} ${unit}${count === 1 ? '' : 's'}`;
}

/** `150` → `2 minutes 30 seconds`; `60` → `1 minute`; `0.5` → `0.5 seconds`. */
export function humanDuration(totalSeconds: number): string {
  const sign = totalSeconds < 0 ? '-' : '';
  let rest = Math.abs(totalSeconds);
  if (rest < 60) return `${sign}${plural(Number(rest.toPrecision(12)), 'second')}`;
  const parts: string[] = [];
  for (const [unit, size] of [['day', 86400], ['hour', 3600], ['minute', 60]] as const) {
    const count = Math.floor(rest / size);
    if (count > 0) parts.push(plural(count, unit));
    rest -= count * size;
  }
  rest = Number(rest.toPrecision(12));
  if (rest > 0) parts.push(plural(rest, 'second'));
  return sign + parts.join(' ');
}

/** `1073741824` → `1 GiB`; `1500000` → `1.43 MiB`. */
function humanBytes(bytes: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'];
  let index = 0;
  let amount = bytes;
  while (Math.abs(amount) >= 1024 && index < units.length - 1) {
    amount /= 1024;
    index++;
  }
  return `${Number(amount.toFixed(2))} ${units[index]}`;
}

// ---------------------------------------------------------------------------------------------
// Variables

const MASK = SECRET_MASK;

function looksSecret(name: string): boolean {
  return looksSecretName(name);
}

function variableHover(analysis: Analysis, variable: VariableValue, keyValue: KeyValue): Hover {
  const resolved = analysis.resolution.variables.get(variable);
  const title = `${bold(escapeMarkdown(`$${variable.name}`))} · variable`;
  let secret = looksSecret(variable.name) || looksSecret(keyValue.name);
  let body: string[];
  if (!resolved) {
    body = ['Not resolved (the reference is in a part of the file the analysis could not read).'];
  } else if (resolved.source === 'config') {
    secret ||= looksSecret(resolved.definition.name);
    const where = definitionPlace(analysis, resolved.uri, resolved.definition);
    body = [
      `${bold('Defined')} ${where}: ${code(resolved.definition.name)}`,
      resolved.value === undefined
        ? `${bold('Value:')} unknown (its own definition could not be resolved)`
        : `${bold('Value:')} ${secret ? maskedNote() : describeValue(resolved.value)}`,
    ];
  } else if (resolved.source === 'environment') {
    body = [
      `${bold('From the environment:')} no key ${code(variable.name)} is in scope, so nats-server reads the environment variable.`,
      `${bold('Value:')} ${secret ? maskedNote() : code(resolved.raw)} (from the environment; read as ${valueKindInWords(resolved.value)})`,
    ];
  } else {
    body = [`${bold('Unresolved:')} ${resolved.message}`];
  }
  return markdownHover(sections(title, bullets(body)), variable.range);
}

function maskedNote(): string {
  return `${code(MASK)} (hidden: the name looks like a secret)`;
}

function definitionPlace(analysis: Analysis, uri: string, definition: KeyValue): string {
  const line = definition.range.start.line + 1;
  if (uri === analysis.document.uri) return `on line ${line} of this file`;
  let file = uri;
  for (const source of analysis.resolution.files.values()) {
    if (source.uri === uri && source.path) file = source.path;
  }
  return `in ${code(file)}, line ${line}`;
}

function valueKindInWords(value: Value): string {
  const words: Readonly<Record<Value['kind'], string>> = {
    string: 'a string',
    integer: 'an integer',
    float: 'a decimal number',
    boolean: 'a boolean',
    datetime: 'a date',
    variable: 'another reference',
    map: 'a block',
    array: 'a list',
  };
  return words[value.kind];
}

/** A value as the config would show it: `"text"`, `4222`, `true`, `{ 3 keys }`. */
function describeValue(value: Value): string {
  switch (value.kind) {
    case 'string': {
      const text = value.value.length > 80 ? `${value.value.slice(0, 77)}...` : value.value;
      return code(JSON.stringify(text));
    }
    case 'integer':
      return value.suffix === '' ? code(value.digits) : `${code(value.digits + value.suffix)} = ${formatInteger(value.value)}`;
    case 'float':
    case 'boolean':
    case 'datetime':
      return code(String(value.value));
    case 'variable':
      return code(`$${value.name}`);
    case 'map':
      return `a block with ${plural(value.entries.length, 'entry').replace('entrys', 'entries')}`;
    case 'array':
      return `a list of ${plural(value.elements.length, 'element')}`;
  }
}

// ---------------------------------------------------------------------------------------------
// Paths

function includeHover(analysis: Analysis, include: Include): Hover {
  const range = include.path?.range ?? include.keyword.range;
  const resolved = analysis.resolution.includes.get(include);
  const written = include.path?.value ?? '';
  const title = `${bold('include')} ${code(written)}`;
  const rule = 'nats-server resolves an include path against the folder of the file that contains the `include`.';
  if (!resolved) return markdownHover(sections(title, rule), range);
  let status: string[];
  switch (resolved.status) {
    case 'ok':
      status = [
        `${bold('File:')} ${code(resolved.path)}`,
        `${bold('Status:')} found (${plural(resolved.document.entries.length, 'top-level entry').replace('entrys', 'entries')}), merged in at this point.`,
        resolved.hasErrors ? `${bold('Errors:')} it (or a file it includes) has errors, so nats-server would reject the configuration.` : '',
      ];
      break;
    case 'not-found':
      status = [`${bold('File:')} ${code(resolved.path)}`, `${bold('Status:')} not found.`];
      break;
    case 'unreadable':
      status = [`${bold('File:')} ${code(resolved.path)}`, `${bold('Status:')} cannot be read: ${escapeMarkdown(resolved.message)}`];
      break;
    case 'cycle':
      status = [`${bold('File:')} ${code(resolved.path)}`, `${bold('Status:')} include cycle: ${resolved.chain.map(code).join(' → ')}`];
      break;
    case 'limit':
      status = [`${bold('File:')} ${code(resolved.path)}`, `${bold('Status:')} not followed: too many nested includes.`];
      break;
    case 'no-base':
      status = [`${bold('Status:')} not resolved: the document has no folder yet (save it first).`];
      break;
  }
  return markdownHover(sections(title, bullets(status), rule), range);
}

const PATH_TITLES: Readonly<Record<string, string>> = {
  cert_file: 'Certificate file',
  key_file: 'Private key file',
  ca_file: 'CA certificates file',
};

async function certificatePathMarkdown(context: ServiceContext, keyName: KeyName, written: string): Promise<string> {
  const title = `${bold(PATH_TITLES[keyName.key.name] ?? 'File')} ${code(written)}`;
  const workingDirectoryRule =
    'nats-server resolves a relative path against its working directory, not this file\'s folder; ' +
    '`natsConf.paths.base` sets the folder used here.';
  if (written === '') return sections(title, `${bold('Status:')} empty path.`);
  const lines: string[] = [];
  if (written.startsWith('~')) lines.push(`${bold('Note:')} nats-server does not expand ${code('~')}; it is part of the file name.`);
  const base = pathBase(context.analysis);
  const absolute = nodePath.isAbsolute(written) ? written : base !== undefined ? nodePath.join(base, written) : undefined;
  if (absolute === undefined) {
    lines.push(`${bold('Status:')} not resolved: the document has no folder and ${code('natsConf.paths.base')} is not set.`);
    return sections(title, bullets(lines), workingDirectoryRule);
  }
  const stat = await context.environment.stat(absolute);
  lines.unshift(`${bold('Resolved:')} ${code(absolute)}`);
  lines.push(
    `${bold('Status:')} ${
      stat === undefined ? 'not found' : stat.type === 'file' ? 'exists' : stat.type === 'directory' ? 'a folder, not a file' : 'not a regular file'
    }.`,
  );
  let content = stat?.type === 'file' ? absolute : undefined;
  if (stat === undefined && !nodePath.isAbsolute(written)) {
    // Not at the path base: where else the file is (the same candidates as the certificate checks).
    const configFolder = context.analysis.document.path ? nodePath.dirname(context.analysis.document.path) : undefined;
    const others = [
      ...(configFolder ? [{ folder: configFolder, label: "the config file's folder" }] : []),
      ...(context.analysis.settings.workspaceFolder ? [{ folder: context.analysis.settings.workspaceFolder, label: 'the workspace folder' }] : []),
    ];
    const located = await locateFile(context.environment, written, { pathBase: base, others });
    if (located.status === 'found' && !located.atBase) {
      lines.push(`${bold('Found in')} ${located.label}: ${code(located.path)} (nats-server started elsewhere will not find it).`);
      content = located.path;
    }
  }
  const details = content !== undefined ? await certificateContentMarkdown(context.environment, keyName.key.name, content) : undefined;
  return sections(title, bullets(lines), details, nodePath.isAbsolute(written) ? undefined : workingDirectoryRule);
}
