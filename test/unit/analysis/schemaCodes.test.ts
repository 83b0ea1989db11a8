/**
 * Each schema diagnostic code on a minimal config, and its absence on the fixed config. Every
 * verdict was checked with nats-server 2.9.10 (`nats-server -t -c`), noted per case.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createLanguageService } from '../../../server/src/languageService';
import type { ServerVersion } from '../../../server/src/knowledge/versions';
import type { Diagnostic } from '../../../server/src/analysis/diagnostic';
import { fakeEnvironment } from './helpers';

const SCHEMA_CODE = /^(unknown-field|ignored-field|field-too-new|wrong-type|deprecated-value-form)$/;

async function schemaFindings(text: string, serverVersion: ServerVersion = '2.9', files: Record<string, string> = {}): Promise<Diagnostic[]> {
  const service = createLanguageService(fakeEnvironment(files));
  const diagnostics = await service.validate({ uri: 'file:///conf/main.conf', path: '/conf/main.conf', text }, { serverVersion });
  return diagnostics.filter((d) => SCHEMA_CODE.test(d.code));
}

function at(d: Diagnostic): string {
  return `${d.code}@${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character}`;
}

describe('unknown-field', () => {
  test('an unknown top-level key, with did-you-mean (2.9.10: unknown field "prot")', async () => {
    const [d, ...rest] = await schemaFindings('prot: 4222\n');
    assert.deepEqual(rest, []);
    assert.equal(at(d), 'unknown-field@0:0-0:4');
    assert.equal(d.severity, 'error');
    assert.match(d.message, /Unknown key 'prot' in the top level/);
    assert.match(d.message, /Did you mean 'port'/);
    assert.deepEqual((d.data as { suggestions: string[] }).suggestions[0], 'port');
  });

  test('fixed: the known key, in any case, and an alias (2.9.10: valid)', async () => {
    assert.deepEqual(await schemaFindings('port: 4222\nPORT: 4222\nnet: 127.0.0.1\n'), []);
  });

  test('inside blocks: cluster and leafnodes remotes (2.9.10: unknown field "routs", "urll")', async () => {
    const text = 'cluster {\n  routs: []\n}\nleafnodes {\n  remotes: [ { urll: "nats://a:7422" } ]\n}\n';
    assert.deepEqual((await schemaFindings(text)).map(at), ['unknown-field@1:2-1:7', 'unknown-field@4:15-4:19']);
  });

  test('a key used only as a variable is exempt; unused it is unknown (2.9.10)', async () => {
    assert.deepEqual(await schemaFindings('P: 4222\nport: $P\n'), []);
    assert.deepEqual((await schemaFindings('P: 4222\nport: 4222\n')).map(at), ['unknown-field@0:0-0:1']);
  });

  test('no variable exemption inside tls (2.9.10: error parsing tls config, unknown field ["C"])', async () => {
    const text = 'tls {\n  C: "a.pem"\n  cert_file: $C\n  key_file: "b.pem"\n}\n';
    assert.deepEqual((await schemaFindings(text)).map(at), ['unknown-field@1:2-1:3']);
  });

  test('freeform maps take any key (2.9.10: valid)', async () => {
    assert.deepEqual(await schemaFindings('accounts {\n  ANY_NAME { users: [ { user: a, password: b } ] }\n}\n'), []);
  });

  test('a key from an included file is shown at the include directive', async () => {
    const [d] = await schemaFindings('port: 4222\ninclude "extra.conf"\n', '2.9', { '/conf/extra.conf': 'bogus_key: 1\n' });
    assert.equal(at(d), 'unknown-field@1:0-1:20');
    assert.match(d.message, /in the included file extra\.conf/);
    assert.equal(d.related?.[0].uri, 'file:///conf/extra.conf');
  });
});

describe('field-too-new', () => {
  test('min_version in tls needs 2.10.21 (2.9.10: unknown field ["min_version"])', async () => {
    const text = 'tls {\n  cert_file: "a.pem"\n  key_file: "b.pem"\n  min_version: "1.3"\n}\n';
    const [d] = await schemaFindings(text, '2.9');
    assert.equal(at(d), 'field-too-new@3:2-3:13');
    assert.equal(d.severity, 'error');
    assert.match(d.message, /introduced in nats-server v2\.10\.21; the targeted nats-server v2\.9\.10 rejects it/);
    assert.deepEqual((await schemaFindings(text, '2.10')).filter((f) => f.code === 'field-too-new'), []);
    assert.deepEqual((await schemaFindings(text, 'latest')).filter((f) => f.code === 'field-too-new'), []);
  });

  test('a block that silently ignores unknown keys gets a warning, not an error', async () => {
    const text = 'leafnodes {\n  remotes: [ { url: "nats://a:7422", jetstream_cluster_migrate: { leader_migrate_delay: "5s" } } ]\n}\n';
    const findings = (await schemaFindings(text, '2.9')).filter((f) => f.range.start.line === 1 && f.message.includes('leader_migrate_delay'));
    assert.ok(findings.every((f) => f.severity !== 'error'), JSON.stringify(findings));
  });
});

describe('wrong-type and deprecated-value-form', () => {
  test('a string for an integer key (2.9.10: interface conversion: interface {} is string, not int64)', async () => {
    const [d] = await schemaFindings('http_port: "8222"\n');
    assert.equal(at(d), 'wrong-type@0:0-0:9');
    assert.match(d.message, /'http_port' takes an integer, not a string/);
    assert.deepEqual(await schemaFindings('http_port: 8222\n'), []);
  });

  test('a plain number for a duration warns in nats-server, so -t fails (2.9.10: invalid use of field "ping_interval")', async () => {
    const [d] = await schemaFindings('ping_interval: 60\n');
    assert.equal(at(d), 'deprecated-value-form@0:0-0:13');
    assert.equal(d.severity, 'error');
    assert.match(d.message, /duration string/);
    assert.deepEqual(await schemaFindings('ping_interval: "60s"\n'), []);
  });

  test('unquoted 1m for a duration says what it really is', async () => {
    const [d] = await schemaFindings('write_deadline: 1m\n');
    assert.match(d.message, /Unquoted 1m is the number 1,000,000; write "1m"/);
  });
});
