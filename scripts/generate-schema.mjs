#!/usr/bin/env node
// Generates server/src/knowledge/schema.generated.ts from ../shared/reference/nats-options.json
// (the key inventory of nats-server: contexts, keys, aliases, kinds, first versions, 2.9.10
// results). The output keeps what analysis, hover and completion need, in the JSON's order.
//
//   node scripts/generate-schema.mjs            write the file (npm run generate:schema)
//   node scripts/generate-schema.mjs --stdout   print it instead (the sync test uses this)
//   node scripts/generate-schema.mjs --check    exit 1 when the committed file is stale
//
// NATS_OPTIONS_JSON=<path> overrides where the JSON is read from.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(fileURLToPath(import.meta.url), '..', '..');
const jsonPath = process.env.NATS_OPTIONS_JSON ?? join(root, '..', 'shared', 'reference', 'nats-options.json');
const outPath = join(root, 'server', 'src', 'knowledge', 'schema.generated.ts');

/**
 * Freeform maps that are values of a key but not contexts of the JSON get a context of their own
 * here, so analysis can descend into them and know that no key is unknown inside. The id is the
 * pathIndex entry that names them.
 */
const ACCOUNT_NAME_MAP = 'accounts';

/**
 * Facts the JSON states only in prose, checked against that prose so a new inventory that drops
 * them fails loudly instead of silently keeping stale data.
 */
const SUPPLEMENTS = {
  // nats-config-reference.md §1.17 and verifiedBehaviours2_9_10.var_in_tls_used: before v2.10.8
  // parseTLS printed the key in brackets.
  tlsLegacyMessage: { context: 'tls', before: 'v2.10.8', message: 'error parsing tls config, unknown field ["<key>"]' },
  // globalRules.keyCase.exceptions["system_account / system (top level)"].
  exactCaseEffect: { context: 'top', key: 'system_account', exception: 'system_account / system (top level)' },
};

function fail(message) {
  throw new Error(`generate-schema: ${message}`);
}

function loadInventory() {
  if (!existsSync(jsonPath)) {
    fail(
      `the key inventory is missing: ${jsonPath}\n` +
        'It lives in shared/reference/nats-options.json beside the repository (set NATS_OPTIONS_JSON to read it from elsewhere).',
    );
  }
  return JSON.parse(readFileSync(jsonPath, 'utf8'));
}

// ---------------------------------------------------------------------------------------------
// Value forms

/** Flattens a JSON type node into the normalised forms of schema.ts `ValueForm`. */
function formsOf(type, where) {
  switch (type.kind) {
    case 'union':
      return type.oneOf.flatMap((member) => formsOf(member, where));
    case 'string':
      return [type.format === '<integer><K|M|G|T>' ? 'size-string' : 'string'];
    case 'integer':
      return [type.unit === 'seconds' ? 'seconds' : 'integer'];
    case 'float':
      if (type.unit !== 'seconds') fail(`${where}: a float that is not seconds`);
      return ['float-seconds'];
    case 'boolean':
    case 'duration':
    case 'size':
    case 'enum':
    case 'map':
    case 'array<string>':
    case 'array<map>':
    case 'array<duration>':
      return [type.kind];
    default:
      return fail(`${where}: unknown type kind ${JSON.stringify(type.kind)}`);
  }
}

function membersOf(type) {
  return type.kind === 'union' ? type.oneOf.flatMap(membersOf) : [type];
}

function deprecatedFormsOf(type, where) {
  return membersOf(type)
    .filter((member) => member.deprecatedForm)
    .flatMap((member) => formsOf(member, where));
}

function enumOf(key, where) {
  const enums = membersOf(key.type).filter((member) => member.kind === 'enum');
  if (enums.length > 1) fail(`${where}: more than one enum`);
  if (enums.length === 1) return { values: enums[0].values, caseInsensitive: enums[0].caseInsensitive === true };
  if (Array.isArray(key.values)) return { values: key.values, caseInsensitive: key.valuesCaseInsensitive === true };
  return undefined;
}

function unique(list) {
  return [...new Set(list)];
}

// ---------------------------------------------------------------------------------------------
// Contexts

const KEY_CASE = { insensitive: 'insensitive', sensitive: 'sensitive', 'preserved (subjects)': 'sensitive' };
const UNKNOWN_KEYS = { error: 'error', ignored: 'ignored', 'not-applicable': 'freeform' };

/**
 * Turns the JSON's message (a template with <key>, or the Go format call) into a template with
 * `<key>` (the key as written) and `<parentKey>` (the written key of the enclosing block).
 */
function messageTemplate(raw, where) {
  if (raw === null || raw === undefined) return undefined;
  const goCall = /^"(.*)",\s*(.*?)\s*,?$/.exec(raw);
  if (!goCall) return raw;
  const args = goCall[2] === '' ? [] : goCall[2].split(/\s*,\s*/);
  const names = { k: '<key>', topKey: '<parentKey>' };
  let index = 0;
  const template = goCall[1].replace(/%q/g, () => {
    const arg = args[index++] ?? 'k';
    if (!names[arg]) fail(`${where}: message argument ${arg} has no placeholder`);
    return `"${names[arg]}"`;
  });
  if (/%[a-z]/.test(template)) fail(`${where}: message ${raw} has an unhandled verb`);
  return template;
}

/** acceptedBy2_9_10, plus the v2.9.10 source's answer where the binary could not tell. */
function in2_9_10(item) {
  if (typeof item.acceptedBy2_9_10 === 'boolean') return { acceptedBy2_9_10: item.acceptedBy2_9_10 };
  if (item.acceptedBy2_9_10 !== 'unknown' || typeof item.in2_9_10Source !== 'boolean') {
    fail(`${item.name}: acceptedBy2_9_10 ${JSON.stringify(item.acceptedBy2_9_10)} without a source answer`);
  }
  return { acceptedBy2_9_10: 'unknown', in2_9_10Source: item.in2_9_10Source };
}

function convertKey(key, contextId, inventory) {
  const where = `${contextId}.${key.name}`;
  const details = new Map((key.aliasDetails ?? []).map((alias) => [alias.name, alias]));
  const aliases = key.aliases.map((name) => {
    const detail = details.get(name) ?? fail(`${where}: alias ${name} has no aliasDetails`);
    return {
      name,
      sinceVersion: detail.sinceVersion,
      ...in2_9_10(detail),
    };
  });
  const accepts = unique(formsOf(key.type, where));
  const deprecatedForms = unique(deprecatedFormsOf(key.type, where));
  const enumeration = enumOf(key, where);
  const out = {
    name: key.name,
    ...(aliases.length > 0 ? { aliases } : {}),
    kind: key.kindSummary,
    accepts,
    ...(deprecatedForms.length > 0 ? { deprecatedForms } : {}),
    ...(enumeration ? { enumValues: enumeration.values, enumCaseInsensitive: enumeration.caseInsensitive } : {}),
    ...childContextOf(key, contextId, inventory),
    sinceVersion: key.sinceVersion,
    ...in2_9_10(key),
  };
  if (key.deprecated?.value) {
    out.deprecated = key.deprecated.replacement ? { replacement: key.deprecated.replacement } : {};
  }
  const { exactCaseEffect } = SUPPLEMENTS;
  if (contextId === exactCaseEffect.context && key.name === exactCaseEffect.key) {
    if (!inventory.globalRules?.keyCase?.exceptions?.[exactCaseEffect.exception]) {
      fail(`globalRules.keyCase.exceptions no longer names "${exactCaseEffect.exception}"`);
    }
    out.exactCaseEffect = true;
  }
  if (key.constraints) out.constraints = key.constraints;
  if (key.effect) out.effect = key.effect;
  const notes = [...(key.notes ?? []), ...(key.valuesNote ? [key.valuesNote] : [])];
  if (notes.length > 0) out.notes = notes;
  return out;
}

/** The context a block value (or the map elements of an array value) is checked against. */
function childContextOf(key, contextId, inventory) {
  const where = `${contextId}.${key.name}`;
  const maps = membersOf(key.type).flatMap((member) =>
    member.kind === 'map' ? [member] : member.kind === 'array<map>' ? [member.items] : [],
  );
  if (maps.length === 0) return {};
  if (maps.length > 1) fail(`${where}: more than one map form`);
  const [map] = maps;
  if (map.freeform) {
    const id = freeformIdFor(contextId, key.name, inventory);
    return { context: id };
  }
  if (contextId === 'top' && key.name === 'accounts') return { context: ACCOUNT_NAME_MAP };
  if (!inventory.contexts[map.context]) fail(`${where}: unknown context ${map.context}`);
  if (key.context !== undefined && key.context !== map.context) fail(`${where}: context and type.context differ`);
  return { context: map.context };
}

function freeformIdFor(contextId, keyName, inventory) {
  const path = contextId === 'top' ? keyName : `${inventory.contexts[contextId].path}.${keyName}`;
  if (inventory.pathIndex[path] !== '#freeform') fail(`${path}: a freeform map that pathIndex does not mark #freeform`);
  if (!inventory.freeformMaps[path]) fail(`${path}: a freeform map missing from freeformMaps`);
  return path;
}

function pathsOf(contextId, inventory) {
  return Object.entries(inventory.pathIndex)
    .filter(([, id]) => id === contextId)
    .map(([path]) => path);
}

function convertContext(context, inventory) {
  const where = `context ${context.id}`;
  const keyCase = KEY_CASE[context.keyCase] ?? fail(`${where}: keyCase ${context.keyCase}`);
  const unknownKeys = UNKNOWN_KEYS[context.unknownKeys.behavior] ?? fail(`${where}: behavior ${context.unknownKeys.behavior}`);
  const paths = pathsOf(context.id, inventory);
  if (paths.length === 0) fail(`${where}: no pathIndex entry`);
  const out = {
    id: context.id,
    paths,
    keyCase,
    unknownKeys,
    variableExemption: context.unknownKeys.variableExemption === true,
    stopsAtFirstUnknown: context.unknownKeys.stopsAtFirstUnknown === true,
    sinceVersion: context.sinceVersion,
  };
  const message = messageTemplate(context.unknownKeys.message, where);
  if (unknownKeys === 'error') {
    if (!message) fail(`${where}: unknown keys are errors but there is no message`);
    out.unknownFieldMessage = message;
  }
  const { tlsLegacyMessage } = SUPPLEMENTS;
  if (context.id === tlsLegacyMessage.context) {
    const observed = inventory.verifiedBehaviours2_9_10?.var_in_tls_used?.output ?? '';
    if (!observed.includes('error parsing tls config, unknown field ["')) {
      fail('verifiedBehaviours2_9_10.var_in_tls_used no longer shows the bracketed 2.9.10 tls message');
    }
    out.unknownFieldMessageBefore = [{ before: tlsLegacyMessage.before, message: tlsLegacyMessage.message }];
  }
  if (context.freeform) {
    out.freeform = {
      keyDescription: context.keyDescription,
      values: unique(formsOf(context.values, where)),
      ...entryContextOf(context.values, where),
    };
  }
  if (context.notes) out.notes = context.notes;
  out.keys = context.keys.map((key) => convertKey(key, context.id, inventory));
  return out;
}

function entryContextOf(type, where) {
  const contexts = unique(
    membersOf(type).flatMap((member) =>
      member.kind === 'map' && member.context ? [member.context] : member.kind === 'array<map>' ? [member.items.context] : [],
    ),
  );
  if (contexts.length > 1) fail(`${where}: entries with more than one context`);
  return contexts.length === 1 ? { entryContext: contexts[0] } : {};
}

/** The freeform maps that are not contexts of the JSON, and the account-name map. */
function syntheticContexts(inventory) {
  const out = [];
  const accounts = inventory.contexts.top.keys.find((key) => key.name === 'accounts');
  if (inventory.pathIndex.accounts !== '#account-name-map-or-array') fail('pathIndex.accounts changed meaning');
  const accountMap = membersOf(accounts.type).find((member) => member.kind === 'map');
  out.push({
    id: ACCOUNT_NAME_MAP,
    paths: ['accounts'],
    keyCase: 'sensitive',
    unknownKeys: 'freeform',
    variableExemption: false,
    stopsAtFirstUnknown: false,
    sinceVersion: accounts.sinceVersion,
    synthetic: true,
    freeform: { keyDescription: 'account name', values: ['map'], entryContext: accountMap.context },
    notes: ['map form of top-level accounts: account name -> account block; the array form lists account names'],
    keys: [],
  });
  for (const [path, description] of Object.entries(inventory.freeformMaps)) {
    if (inventory.contexts[path]) continue; // mappings is a context of its own
    const dot = path.lastIndexOf('.');
    const parentPath = dot < 0 ? '' : path.slice(0, dot);
    const parentId = inventory.pathIndex[parentPath] ?? fail(`freeform map ${path}: no parent in pathIndex`);
    const key = inventory.contexts[parentId].keys.find((candidate) => candidate.name === path.slice(dot + 1));
    if (!key || !key.type.freeform) fail(`freeform map ${path}: no freeform key ${path} in ${parentId}`);
    out.push({
      id: path,
      paths: [path],
      keyCase: 'sensitive',
      unknownKeys: 'freeform',
      variableExemption: false,
      stopsAtFirstUnknown: false,
      sinceVersion: key.sinceVersion,
      synthetic: true,
      freeform: { keyDescription: key.type.keyDescription, values: unique(formsOf(key.type.values, path)) },
      notes: [description],
      keys: [],
    });
  }
  return out;
}

function checkNames(contexts) {
  for (const context of contexts) {
    const seen = new Map();
    for (const key of context.keys) {
      for (const name of [key.name, ...(key.aliases ?? []).map((alias) => alias.name)]) {
        const folded = context.keyCase === 'insensitive' ? name.toLowerCase() : name;
        if (context.keyCase === 'insensitive' && folded !== name) fail(`${context.id}.${name}: not lower case`);
        if (seen.has(folded)) fail(`${context.id}: ${name} clashes with ${seen.get(folded)}`);
        seen.set(folded, name);
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Output

const WIDTH = 160;

/** A TypeScript literal: on one line when it fits in WIDTH columns, else one entry a line. */
function literal(value, indent) {
  const flat = flatLiteral(value);
  if (indent.length + flat.length <= WIDTH || value === null || typeof value !== 'object') return flat;
  const inner = indent + '  ';
  if (Array.isArray(value)) {
    return `[\n${value.map((item) => `${inner}${literal(item, inner)},\n`).join('')}${indent}]`;
  }
  const entries = Object.entries(value).filter(([, item]) => item !== undefined);
  return `{\n${entries.map(([key, item]) => `${inner}${property(key)}: ${literal(item, inner)},\n`).join('')}${indent}}`;
}

function flatLiteral(value) {
  if (Array.isArray(value)) return `[${value.map(flatLiteral).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, item]) => item !== undefined);
    if (entries.length === 0) return '{}';
    return `{ ${entries.map(([key, item]) => `${property(key)}: ${flatLiteral(item)}`).join(', ')} }`;
  }
  if (typeof value === 'string') return quote(value);
  return String(value);
}

function property(name) {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? name : quote(name);
}

function quote(text) {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'`;
}

/** A context as one object literal per key: keys stay one line each where they fit. */
function contextLiteral(context) {
  const { keys, ...head } = context;
  const lines = Object.entries(head).map(([name, value]) => `    ${property(name)}: ${literal(value, '    ')},`);
  if (keys.length === 0) {
    lines.push('    keys: [],');
  } else {
    lines.push('    keys: [');
    for (const key of keys) lines.push(`      ${literal(key, '      ')},`);
    lines.push('    ],');
  }
  return `  {\n${lines.join('\n')}\n  },`;
}

export function generateSchemaSource(inventory = loadInventory()) {
  const contexts = Object.values(inventory.contexts).map((context) => convertContext(context, inventory));
  const all = [...contexts, ...syntheticContexts(inventory)];
  checkNames(all);
  const ids = new Set(all.map((context) => context.id));
  for (const context of all) {
    for (const key of context.keys) {
      if (key.context && !ids.has(key.context)) fail(`${context.id}.${key.name}: no context ${key.context}`);
    }
    if (context.freeform?.entryContext && !ids.has(context.freeform.entryContext)) fail(`${context.id}: no entry context`);
  }
  const keys = contexts.reduce((sum, context) => sum + context.keys.length, 0);
  const aliases = contexts.reduce(
    (sum, context) => sum + context.keys.reduce((count, key) => count + (key.aliases?.length ?? 0), 0),
    0,
  );
  const totals = inventory.totals;
  if (contexts.length !== totals.contexts || keys !== totals.keys || aliases !== totals.aliases) {
    fail(`counts ${contexts.length}/${keys}/${aliases} differ from totals ${totals.contexts}/${totals.keys}/${totals.aliases}`);
  }
  const source = inventory.generatedFrom['nats-server'];
  const header = [
    '// GENERATED FILE: do not edit. Regenerate with `npm run generate:schema`',
    '// (scripts/generate-schema.mjs) from shared/reference/nats-options.json.',
    `// Source: ${source.repo} commit ${source.commit} (${source.version}, ${source.commitDate}).`,
    `// 2.9.10 results: ${inventory.generatedFrom.binaryChecked.version}.`,
    `// ${totals.contexts} contexts (+${all.length - contexts.length} synthetic freeform maps), ${keys} keys, ${aliases} aliases.`,
    '',
    "import type { ContextData, SchemaSource } from './schema';",
    '',
    `export const SCHEMA_SOURCE: SchemaSource = ${literal(
      { repo: source.repo, commit: source.commit, version: source.version, commitDate: source.commitDate },
      '',
    )};`,
    '',
    'export const CONTEXT_DATA: readonly ContextData[] = [',
  ];
  return `${header.join('\n')}\n${all.map(contextLiteral).join('\n')}\n];\n`;
}

function main() {
  const args = new Set(process.argv.slice(2));
  const text = generateSchemaSource();
  if (args.has('--stdout')) {
    process.stdout.write(text);
  } else if (args.has('--check')) {
    const current = existsSync(outPath) ? readFileSync(outPath, 'utf8') : '';
    if (current !== text) {
      console.error(`${relative(root, outPath)} is stale: run npm run generate:schema`);
      process.exit(1);
    }
  } else {
    writeFileSync(outPath, text);
    console.log(`wrote ${relative(root, outPath)} (${Buffer.byteLength(text)} bytes)`);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    main();
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
