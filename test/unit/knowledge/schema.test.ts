import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import {
  acceptedLiteralTypes,
  allContexts,
  childContext,
  contextAtPath,
  contextById,
  type ContextData,
  entryContext,
  formsForLiteral,
  hasVariableExemption,
  isContextAvailable,
  isFreeform,
  type KeyData,
  keysOf,
  lookupKey,
  lookupName,
  rootContext,
  SCHEMA_SOURCE,
  stopsAtFirstUnknown,
  unknownFieldMessage,
  unknownKeyPolicy,
} from '../../../server/src/knowledge/schema';
import { isAvailable, SERVER_VERSIONS } from '../../../server/src/knowledge/versions';

// Test bundles run from out/test/unit/knowledge/; the repository root is four levels up, and CI
// clones the repository with shared/ beside it.
const repoRoot = path.resolve(__dirname, '..', '..', '..', '..');
const inventoryPath = path.join(repoRoot, '..', 'shared', 'reference', 'nats-options.json');
const generatedPath = path.join(repoRoot, 'server', 'src', 'knowledge', 'schema.generated.ts');

interface InventoryName {
  name: string;
  sinceVersion: string;
  acceptedBy2_9_10: boolean | 'unknown';
  in2_9_10Source: boolean;
}
interface InventoryKey extends InventoryName {
  aliases: string[];
  kindSummary: string;
  aliasDetails?: InventoryName[];
}
interface Inventory {
  generatedFrom: { 'nats-server': { commit: string } };
  totals: { contexts: number; keys: number; aliases: number; names: number };
  pathIndex: Record<string, string>;
  freeformMaps: Record<string, string>;
  contexts: Record<string, { id: string; keyCase: string; sinceVersion: string; keys: InventoryKey[]; counts: { keys: number; aliases: number } }>;
}

function loadInventory(): Inventory {
  assert.ok(
    existsSync(inventoryPath),
    `the key inventory is missing: ${inventoryPath}. It lives in shared/reference/ beside the repository.`,
  );
  return JSON.parse(readFileSync(inventoryPath, 'utf8')) as Inventory;
}

function context(id: string): ContextData {
  const found = contextById(id);
  assert.ok(found, `no context ${id}`);
  return found;
}

function key(contextId: string, written: string): KeyData {
  const found = lookupKey(context(contextId), written);
  assert.ok(found, `no key ${written} in ${contextId}`);
  return found;
}

const inventoryContexts = () => allContexts().filter((candidate) => !candidate.synthetic);

// ---------------------------------------------------------------------------------------------
// The generated file

test('schema.generated.ts is in sync with shared/reference/nats-options.json', () => {
  loadInventory();
  const fresh = execFileSync(process.execPath, [path.join(repoRoot, 'scripts', 'generate-schema.mjs'), '--stdout'], {
    cwd: repoRoot,
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
  });
  const committed = readFileSync(generatedPath, 'utf8');
  assert.ok(
    fresh === committed,
    'server/src/knowledge/schema.generated.ts is stale: run `npm run generate:schema` and commit the result',
  );
});

test('the generator fails clearly when the inventory is missing', () => {
  assert.throws(
    () =>
      execFileSync(process.execPath, [path.join(repoRoot, 'scripts', 'generate-schema.mjs'), '--stdout'], {
        cwd: repoRoot,
        encoding: 'utf8',
        stdio: 'pipe',
        env: { ...process.env, NATS_OPTIONS_JSON: path.join(repoRoot, 'no-such-dir', 'nats-options.json') },
      }),
    (error: { status?: number; stderr?: string }) =>
      error.status === 1 && /the key inventory is missing: .*no-such-dir/.test(error.stderr ?? ''),
  );
});

test('the schema names the nats-server commit it comes from', () => {
  const inventory = loadInventory();
  assert.equal(SCHEMA_SOURCE.commit, inventory.generatedFrom['nats-server'].commit);
  assert.match(readFileSync(generatedPath, 'utf8'), /^\/\/ GENERATED FILE: do not edit\./);
});

test('counts: 44 contexts, 373 keys, 145 aliases (plus 6 synthetic freeform maps)', () => {
  const inventory = loadInventory();
  const contexts = inventoryContexts();
  const keys = contexts.flatMap((candidate) => candidate.keys);
  const aliases = keys.flatMap((candidate) => candidate.aliases ?? []);
  assert.equal(contexts.length, 44);
  assert.equal(keys.length, 373);
  assert.equal(aliases.length, 145);
  assert.equal(contexts.length, inventory.totals.contexts);
  assert.equal(keys.length + aliases.length, inventory.totals.names);
  for (const candidate of contexts) {
    const counts = inventory.contexts[candidate.id].counts;
    assert.equal(candidate.keys.length, counts.keys, candidate.id);
    assert.equal(candidate.keys.flatMap((entry) => entry.aliases ?? []).length, counts.aliases, candidate.id);
  }
  assert.deepEqual(
    allContexts()
      .filter((candidate) => candidate.synthetic)
      .map((candidate) => candidate.id),
    ['accounts', 'server_metadata', 'feature_flags', 'default_js_domain', 'resolver_preload', 'websocket.headers'],
  );
  assert.equal(new Set(allContexts().map((candidate) => candidate.id)).size, allContexts().length, 'ids are unique');
});

test('every name of the inventory is found in its context, with its own first release and 2.9.10 result', () => {
  const inventory = loadInventory();
  for (const source of Object.values(inventory.contexts)) {
    const target = context(source.id);
    for (const sourceKey of source.keys) {
      const names: InventoryName[] = [sourceKey, ...(sourceKey.aliasDetails ?? [])];
      for (const name of names) {
        const written = source.keyCase === 'insensitive' ? name.name.toUpperCase() : name.name;
        const match = lookupName(target, written);
        assert.ok(match, `${source.id}: ${written}`);
        assert.equal(match.key.name, sourceKey.name, `${source.id}: ${written} is ${sourceKey.name}`);
        assert.equal(match.name, name.name);
        assert.equal(match.sinceVersion, name.sinceVersion, `${source.id}.${name.name}`);
        assert.equal(match.acceptedBy2_9_10, name.acceptedBy2_9_10, `${source.id}.${name.name}`);
        assert.equal(match.key.kind, sourceKey.kindSummary);
      }
    }
  }
});

test('every pathIndex entry leads to its context', () => {
  const inventory = loadInventory();
  for (const [configPath, id] of Object.entries(inventory.pathIndex)) {
    const found = contextAtPath(configPath);
    assert.ok(found, `no context at ${JSON.stringify(configPath)}`);
    if (id === '#freeform') {
      assert.equal(found.id, configPath, configPath);
      assert.ok(isFreeform(found), configPath);
    } else if (id === '#account-name-map-or-array') {
      assert.equal(found.id, 'accounts');
    } else {
      assert.equal(found.id, id, configPath);
    }
    if (!id.startsWith('#')) assert.ok(found.paths.includes(configPath), `${id}.paths has ${configPath}`);
  }
});

test('every freeform map of the inventory is freeform here', () => {
  const inventory = loadInventory();
  for (const configPath of Object.keys(inventory.freeformMaps)) {
    const found = contextAtPath(configPath);
    assert.ok(found && isFreeform(found), configPath);
    assert.equal(unknownKeyPolicy(found), 'freeform');
    assert.equal(lookupKey(found, 'anything'), undefined);
  }
});

// ---------------------------------------------------------------------------------------------
// Lookups

test('top-level port in any case', () => {
  const top = rootContext();
  assert.equal(top.id, 'top');
  assert.equal(lookupKey(top, 'port')?.name, 'port');
  assert.equal(lookupKey(top, 'PORT')?.name, 'port');
  assert.equal(lookupKey(top, 'Port')?.name, 'port');
  assert.deepEqual(key('top', 'port').accepts, ['integer']);
  assert.equal(lookupKey(top, 'no_such_key'), undefined);
  assert.equal(lookupKey(top, 'a.b'), undefined, 'dotted keys are not paths');
});

test('aliases resolve to their canonical key, with their own first release', () => {
  assert.equal(key('top', 'leaf').name, 'leafnodes');
  assert.equal(key('top', 'ws').name, 'websocket');
  assert.equal(key('top', 'WS').name, 'websocket');
  assert.equal(key('tls', 'first').name, 'handshake_first');
  assert.equal(key('tls', 'immediate').name, 'handshake_first');
  assert.equal(key('tls', 'certificates').name, 'certs');
  assert.equal(key('top', 'account_resolver').name, 'resolver');
  assert.equal(key('users[]', 'authorization').name, 'permissions');
  const reject = lookupName(context('gateway'), 'reject_unknown');
  assert.ok(reject);
  assert.equal(reject.key.name, 'reject_unknown_cluster');
  assert.equal(reject.alias?.name, 'reject_unknown');
  assert.equal(reject.sinceVersion, 'v2.0.0', 'the alias is older than its key');
  assert.equal(reject.key.sinceVersion, 'v2.2.0');
  const canonical = lookupName(context('gateway'), 'reject_unknown_cluster');
  assert.equal(canonical?.alias, undefined);
});

test('case-sensitive contexts: ocsp, tls.certs[], resolver, latency, jetstream_cluster_migrate', () => {
  for (const [id, lower] of [
    ['ocsp', 'mode'],
    ['tls.certs[]', 'cert_file'],
    ['resolver', 'dir'],
    ['accounts.<name>.exports[].latency', 'sampling'],
    ['leafnodes.remotes[].jetstream_cluster_migrate', 'leader_migrate_delay'],
  ] as const) {
    const found = context(id);
    assert.equal(found.keyCase, 'sensitive', id);
    assert.equal(lookupKey(found, lower)?.name, lower, id);
    assert.equal(lookupKey(found, lower.toUpperCase()), undefined, `${id}: ${lower.toUpperCase()}`);
  }
  assert.equal(context('ocsp').unknownKeys, 'error');
  assert.equal(context('tls.certs[]').unknownKeys, 'error');
  assert.equal(context('tls').keyCase, 'insensitive');
  assert.equal(key('tls', 'CIPHER_SUITES').name, 'cipher_suites');
});

test('contexts that silently ignore unknown keys', () => {
  const ignoring = allContexts()
    .filter((candidate) => unknownKeyPolicy(candidate) === 'ignored')
    .map((candidate) => candidate.id);
  assert.deepEqual(ignoring, [
    'leafnodes.remotes[].jetstream_cluster_migrate',
    'accounts.<name>.exports[].latency',
    'resolver',
  ]);
  for (const id of ignoring) {
    assert.equal(context(id).unknownFieldMessage, undefined);
    assert.equal(unknownFieldMessage(context(id), 'x'), undefined);
  }
});

test('variable exemption and stop-at-first-unknown per context', () => {
  const notExempt = allContexts()
    .filter((candidate) => unknownKeyPolicy(candidate) === 'error' && !hasVariableExemption(candidate))
    .map((candidate) => candidate.id)
    .sort();
  assert.deepEqual(notExempt, ['mapping_destination', 'ocsp', 'ocsp_cache', 'tls', 'tls.certs[]', 'tls.ocsp_peer']);
  assert.ok(hasVariableExemption(rootContext()));
  assert.ok(hasVariableExemption(context('cluster')));
  const stopping = allContexts()
    .filter(stopsAtFirstUnknown)
    .map((candidate) => candidate.id)
    .sort();
  assert.deepEqual(stopping, [
    'accounts.<name>.msg_trace',
    'compression',
    'mapping_destination',
    'ocsp',
    'ocsp_cache',
    'tls',
    'tls.certs[]',
    'tls.ocsp_peer',
  ]);
});

test('unknown-field messages per context and release', () => {
  assert.equal(unknownFieldMessage(rootContext(), 'Foo_Bar'), 'unknown field "Foo_Bar"');
  assert.equal(unknownFieldMessage(context('tls'), 'X'), 'error parsing tls config, unknown field "X"');
  assert.equal(unknownFieldMessage(context('tls'), 'X', '2.10'), 'error parsing tls config, unknown field "X"');
  assert.equal(unknownFieldMessage(context('tls'), 'X', '2.9'), 'error parsing tls config, unknown field ["X"]');
  assert.equal(unknownFieldMessage(context('ocsp'), 'Mode'), 'error parsing ocsp config: unsupported field string');
  assert.equal(unknownFieldMessage(context('permissions'), 'x'), 'Unknown field "x" parsing permissions');
  assert.equal(
    unknownFieldMessage(context('subject_permission'), 'x'),
    `Unknown field name "x" parsing subject permissions, only 'allow' or 'deny' are permitted`,
  );
  assert.equal(
    unknownFieldMessage(context('accounts.<name>.msg_trace'), 'x', 'latest', 'msg_trace'),
    'Unknown field "x" parsing account message trace map/struct "msg_trace"',
  );
  assert.equal(unknownFieldMessage(context('ocsp_cache'), 'x'), 'error parsing OCSP peer cache config, unknown field ["x"]');
  assert.equal(unknownFieldMessage(context('mappings'), 'foo.>'), undefined);
  for (const candidate of allContexts()) {
    assert.equal(candidate.unknownFieldMessage !== undefined, unknownKeyPolicy(candidate) === 'error', candidate.id);
  }
});

// ---------------------------------------------------------------------------------------------
// Child contexts

test('block values lead to their context', () => {
  const top = rootContext();
  assert.equal(childContext(top, key('top', 'cluster'))?.id, 'cluster');
  assert.equal(childContext(context('cluster'), key('cluster', 'tls'))?.id, 'tls');
  assert.equal(childContext(context('cluster'), key('cluster', 'authorization'))?.id, 'cluster.authorization');
  assert.equal(childContext(top, key('top', 'authorization'))?.id, 'authorization');
  assert.equal(childContext(top, key('top', 'resolver_tls'))?.id, 'tls');
  assert.equal(childContext(top, key('top', 'resolver'))?.id, 'resolver');
  assert.equal(childContext(context('websocket'), key('websocket', 'authorization'))?.id, 'simple_authorization');
  assert.equal(childContext(context('cluster'), key('cluster', 'compression'))?.id, 'compression');
  assert.equal(childContext(top, key('top', 'port')), undefined);
  assert.equal(childContext(top, key('top', 'operator')), undefined, 'strings and string lists have no context');
});

test('array elements: leafnodes.remotes[] and gateways[]', () => {
  const leafnodes = context('leafnodes');
  const remotes = key('leafnodes', 'remotes');
  assert.deepEqual(remotes.accepts, ['array<map>']);
  const element = childContext(leafnodes, remotes);
  assert.equal(element?.id, 'leafnodes.remotes[]');
  assert.equal(childContext(element!, key('leafnodes.remotes[]', 'tls'))?.id, 'tls');
  assert.equal(contextAtPath('leafnodes.remotes[]')?.id, 'leafnodes.remotes[]');
  assert.equal(contextAtPath('leaf.remotes[]')?.id, 'leafnodes.remotes[]', 'through an alias');
  assert.equal(contextAtPath('gateway.gateways[].tls')?.id, 'tls');
  assert.equal(contextAtPath('tls.certs[]')?.id, 'tls.certs[]');
  assert.equal(contextAtPath('cluster.port'), undefined, 'port has no block');
  assert.equal(contextAtPath('cluster.tls[]'), undefined, 'tls is not an array of blocks');
  assert.equal(contextAtPath('cluster.nope'), undefined);
});

test('accounts: an account-name map whose entries are account blocks', () => {
  const accountsKey = key('top', 'accounts');
  assert.deepEqual(accountsKey.accepts, ['array<string>', 'map']);
  const accounts = childContext(rootContext(), accountsKey);
  assert.equal(accounts?.id, 'accounts');
  assert.ok(isFreeform(accounts!));
  assert.equal(lookupKey(accounts!, 'users'), undefined, 'account names are user data');
  const account = entryContext(accounts!);
  assert.equal(account?.id, 'accounts.<name>');
  const users = childContext(account!, key('accounts.<name>', 'users'));
  assert.equal(users?.id, 'users[]');
  assert.equal(childContext(users!, key('users[]', 'permissions'))?.id, 'permissions');
  assert.equal(contextAtPath('accounts.<name>.users[].permissions')?.id, 'permissions');
  assert.equal(contextAtPath('accounts.<name>.users[].permissions.publish')?.id, 'subject_permission');
  assert.equal(contextAtPath('accounts.<name>.mappings.<subject>')?.id, 'mapping_destination');
  assert.equal(contextAtPath('accounts.<name>.exports[].latency')?.id, 'accounts.<name>.exports[].latency');
  assert.equal(contextAtPath('accounts.<name>.imports[].stream')?.id, 'import_source');
});

test('freeform maps: server_metadata, feature_flags, websocket.headers, mappings', () => {
  const metadata = childContext(rootContext(), key('top', 'server_metadata'));
  assert.equal(metadata?.id, 'server_metadata');
  assert.ok(isFreeform(metadata!));
  assert.deepEqual(metadata!.freeform?.values, ['string']);
  assert.equal(entryContext(metadata!), undefined);
  assert.deepEqual(contextAtPath('feature_flags')?.freeform?.values, ['boolean']);
  const headers = childContext(context('websocket'), key('websocket', 'headers'));
  assert.equal(headers?.id, 'websocket.headers');
  assert.ok(isFreeform(headers!));
  const mappings = childContext(rootContext(), key('top', 'mappings'));
  assert.equal(mappings?.id, 'mappings');
  assert.ok(isFreeform(mappings!));
  assert.equal(mappings!.synthetic, undefined, 'mappings is a context of the inventory');
  assert.deepEqual(mappings!.freeform?.values, ['string', 'map', 'array<map>']);
  assert.equal(entryContext(mappings!)?.id, 'mapping_destination');
  assert.equal(entryContext(rootContext()), undefined);
  assert.deepEqual(
    allContexts()
      .filter(isFreeform)
      .map((candidate) => candidate.id),
    ['mappings', 'accounts', 'server_metadata', 'feature_flags', 'default_js_domain', 'resolver_preload', 'websocket.headers'],
  );
  for (const candidate of allContexts().filter(isFreeform)) {
    assert.equal(candidate.keys.length, 0, candidate.id);
    assert.equal(candidate.keyCase, 'sensitive', `${candidate.id}: user keys keep their case`);
  }
});

test('every key context exists and every block value has one', () => {
  for (const candidate of allContexts()) {
    for (const entry of candidate.keys) {
      const blocky = entry.accepts.includes('map') || entry.accepts.includes('array<map>');
      assert.equal(entry.context !== undefined, blocky, `${candidate.id}.${entry.name}`);
      if (entry.context) assert.ok(contextById(entry.context), `${candidate.id}.${entry.name} → ${entry.context}`);
    }
  }
});

// ---------------------------------------------------------------------------------------------
// Values

test('value forms and literal types', () => {
  assert.deepEqual([...acceptedLiteralTypes(key('top', 'port'))], ['integer']);
  assert.deepEqual(key('top', 'ping_interval').accepts, ['duration', 'seconds']);
  assert.deepEqual(key('top', 'ping_interval').deprecatedForms, ['seconds']);
  assert.deepEqual(key('top', 'lame_duck_duration').accepts, ['duration']);
  assert.deepEqual([...acceptedLiteralTypes(key('top', 'lame_duck_duration'))], ['string']);
  assert.deepEqual(key('tls', 'timeout').accepts, ['seconds', 'float-seconds', 'duration']);
  assert.equal(key('tls', 'timeout').deprecatedForms, undefined);
  assert.deepEqual(key('jetstream', 'max_memory_store').accepts, ['size', 'size-string']);
  assert.deepEqual(key('top', 'jetstream').accepts, ['boolean', 'enum', 'map']);
  assert.deepEqual(key('top', 'jetstream').enumValues, ['enabled', 'enable', 'disabled', 'disable']);
  assert.equal(key('top', 'jetstream').enumCaseInsensitive, true);
  assert.deepEqual(key('tls', 'min_version').enumValues, ['1.2', '1.3']);
  assert.equal(key('tls', 'min_version').enumCaseInsensitive, false);
  assert.deepEqual(formsForLiteral(key('tls', 'handshake_first'), 'string'), ['enum', 'duration']);
  assert.deepEqual(formsForLiteral(key('top', 'port'), 'string'), [], 'a quoted port is a wrong kind');
  assert.deepEqual(key('compression', 'rtt_thresholds').accepts, ['array<duration>']);
  assert.deepEqual(key('users[]', 'allowed_connection_types').enumValues?.includes('IN_PROCESS'), true);
  assert.deepEqual(key('cluster.authorization', 'default_permissions').deprecated, { replacement: 'cluster.permissions' });
  assert.deepEqual(key('mqtt', 'consumer_replicas').deprecated, {});
  assert.equal(key('top', 'SYSTEM_ACCOUNT').exactCaseEffect, true);
  assert.equal(key('top', 'system').exactCaseEffect, true, 'through the alias');
});

// ---------------------------------------------------------------------------------------------
// Versions

test('version-gated keys', () => {
  const minVersion = key('tls', 'min_version');
  assert.equal(minVersion.sinceVersion, 'v2.10.21');
  assert.deepEqual(
    SERVER_VERSIONS.map((target) => isAvailable(minVersion, target)),
    [false, true, true, true, true, true],
  );
  assert.ok(isAvailable(key('leafnodes', 'min_version'), '2.9'), 'leafnodes.min_version is an older, different key');
  const certStore = key('tls', 'cert_store');
  assert.equal(certStore.sinceVersion, 'v2.9.20');
  assert.equal(isAvailable(certStore, '2.9'), false);
  assert.equal(isAvailable(certStore, '2.10'), true);
  const insecure = key('tls', 'allow_insecure_cipher_suites');
  assert.deepEqual(
    SERVER_VERSIONS.map((target) => isAvailable(insecure, target)),
    [false, false, false, true, true, true],
  );
  const hardDelete = key('resolver', 'hard_delete');
  assert.equal(hardDelete.acceptedBy2_9_10, 'unknown');
  assert.equal(isAvailable(hardDelete, '2.9'), false, 'v2.9.16: not in the 2.9.10 source');
  assert.equal(isAvailable(key('leafnodes', 'dial_timeout'), '2.12'), false);
  assert.equal(isAvailable(key('leafnodes', 'dial_timeout'), '2.14'), true);
  assert.equal(isAvailable(key('jetstream', 'max_concurrent_io'), '2.12'), true);
  assert.equal(isAvailable(key('jetstream', 'max_concurrent_io'), '2.11'), false);
});

test('contexts are version-gated too', () => {
  assert.equal(isContextAvailable(context('ocsp_cache'), '2.9'), false);
  assert.equal(isContextAvailable(context('ocsp_cache'), '2.10'), true);
  assert.equal(isContextAvailable(context('compression'), '2.9'), false);
  assert.equal(isContextAvailable(context('proxies'), '2.11'), false);
  assert.equal(isContextAvailable(context('proxies'), '2.12'), true);
  assert.equal(isContextAvailable(context('tls'), '2.9'), true);
  for (const candidate of allContexts()) assert.ok(isContextAvailable(candidate, 'latest'), candidate.id);
});

test('2.9 availability is the 2.9.10 measurement for every name', () => {
  let checked = 0;
  for (const candidate of inventoryContexts()) {
    for (const entry of keysOf(candidate)) {
      if (entry.acceptedBy2_9_10 === 'unknown') {
        assert.equal(typeof entry.in2_9_10Source, 'boolean', `${candidate.id}.${entry.name}`);
        assert.equal(isAvailable(entry, '2.9'), entry.in2_9_10Source, `${candidate.id}.${entry.name}`);
      } else {
        assert.equal(isAvailable(entry, '2.9'), entry.acceptedBy2_9_10, `${candidate.id}.${entry.name}`);
        checked += 1;
      }
      // The measurement agrees with the first release everywhere in the inventory.
      assert.equal(isAvailable(entry, '2.9'), isAvailable({ sinceVersion: entry.sinceVersion }, '2.9'), entry.name);
    }
  }
  assert.equal(checked, 518 - 11, 'all but the 11 names of the silently-ignoring contexts were measured');
});

test('everything is available in latest; versions only grow', () => {
  for (const candidate of allContexts()) {
    const all = keysOf(candidate);
    assert.deepEqual(keysOf(candidate, 'latest'), all, candidate.id);
    let previous = -1;
    for (const target of SERVER_VERSIONS) {
      const count = keysOf(candidate, target).length;
      assert.ok(count >= previous, `${candidate.id}: ${target} has fewer names than the target before`);
      previous = count;
    }
  }
});

test('keysOf lists canonical names and aliases in server order, filtered by target', () => {
  const tls = context('tls');
  const all = keysOf(tls).map((entry) => entry.name);
  assert.equal(all.length, 25);
  assert.deepEqual(all.slice(0, 3), ['cert_file', 'key_file', 'ca_file']);
  assert.ok(all.includes('first') && all.includes('certificates'));
  const names29 = keysOf(tls, '2.9').map((entry) => entry.name);
  assert.equal(names29.length, 12);
  assert.ok(!names29.includes('handshake_first'));
  assert.ok(!names29.includes('first'));
  assert.ok(!names29.includes('min_version'));
  assert.ok(keysOf(tls, '2.10').some((entry) => entry.name === 'min_version'));
  assert.ok(!keysOf(tls, '2.11').some((entry) => entry.name === 'allow_insecure_cipher_suites'));
  const top29 = keysOf(rootContext(), '2.9');
  assert.equal(keysOf(rootContext()).length - top29.length, 14, '2.9.10 rejects 14 of the 99 top-level names');
  const ws = keysOf(rootContext()).find((entry) => entry.name === 'ws');
  assert.equal(ws?.key.name, 'websocket');
  assert.equal(ws?.alias?.name, 'ws');
});
