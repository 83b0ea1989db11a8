/**
 * A few schema-rule cases around TLS blocks: unknown keys (also variables defined inside a tls
 * block), keys newer than the target, wrong kinds outside tls blocks, and how the schema rule
 * and the TLS rules share the work (`tls: true` is reported once, by the TLS rule).
 * Verdicts checked with nats-server 2.9.10 (`nats-server -t`) where it can tell.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Diagnostic } from '../../../server/src/analysis/diagnostic';
import { SchemaCode } from '../../../server/src/analysis/schemaRules';
import { TlsCode } from '../../../server/src/analysis/tlsRules';
import { createLanguageService, type ServerVersion } from '../../../server/src/languageService';
import { fakeEnvironment, rangeOf } from './helpers';

async function check(text: string, serverVersion: ServerVersion = 'latest'): Promise<Diagnostic[]> {
  const service = createLanguageService(fakeEnvironment());
  // The certificate files these configs name do not exist: the certificate checks (cert-*) have their own tests.
  return (await service.validate({ uri: 'file:///conf/main.conf', path: '/conf/main.conf', text }, { serverVersion })).filter((d) => !d.code.startsWith('cert-'));
}

const summary = (ds: Diagnostic[]) => ds.map((d) => `${d.code}@${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character}`);

test('an unknown key in a tls block is an error at the key, with a did-you-mean', async () => {
  const text = 'tls {\n  cert_file: "a.pem"\n  key_file: "b.pem"\n  verfy: true\n}\n';
  // 2.9.10: t.conf:4:3: error parsing tls config, unknown field ["verfy"]
  const ds = await check(text, '2.9');
  assert.deepEqual(summary(ds), [`${SchemaCode.unknownField}@3:2-3:7`]);
  assert.equal(ds[0].severity, 'error');
  assert.match(ds[0].message, /Did you mean 'verify'/);
  assert.deepEqual((ds[0].data as { suggestions: string[] }).suggestions[0], 'verify');
});

test('a variable defined inside a tls block is unknown even when used (one report)', async () => {
  const text = 'cluster {\n  tls {\n    T: 3\n    timeout: $T\n  }\n}\n';
  // 2.9.10: unknown field ["T"]
  const ds = await check(text, '2.9');
  assert.deepEqual(summary(ds.filter((d) => d.severity === 'error')), [`${SchemaCode.unknownField}@2:4-2:5`]);
});

test('a TLS option newer than the target is field-too-new; its value is not checked as well', async () => {
  const text = 'tls {\n  cert_file: "a.pem"\n  key_file: "b.pem"\n  min_version: 1.2\n}\n';
  // 2.9.10: unknown field ["min_version"]
  const old = await check(text, '2.9');
  assert.deepEqual(summary(old.filter((d) => d.severity === 'error')), [`${SchemaCode.fieldTooNew}@3:2-3:13`]);
  assert.match(old[0].message, /introduced in nats-server v2\.10\.21/);
  // 2.10.x knows it, and then the value is wrong (unquoted).
  const newer = await check(text, '2.10');
  assert.deepEqual(summary(newer.filter((d) => d.severity === 'error')), [`${TlsCode.minVersionUnquoted}@3:15-3:18`]);
});

test('tls: true is reported once, by the TLS rule (not also as the schema\'s wrong-type)', async () => {
  for (const text of ['tls: true\n', 'cluster {\n  tls: 5\n}\n', 'leafnodes { remotes [ { url: "nats://h:1", tls: "yes" } ] }\n']) {
    const ds = await check(text, '2.9'); // 2.9.10: interface conversion ... not map[string]interface {}
    assert.deepEqual(ds.filter((d) => d.severity === 'error').map((d) => d.code), [TlsCode.notAMap], text);
    assert.deepEqual(ds[0].range, rangeOf(text, 'tls'));
  }
});

test('wrong kinds outside tls blocks stay the schema rule\'s', async () => {
  const text = 'port: "abc"\nwebsocket { no_tls: "yes", port: 8080 }\n';
  const ds = await check(text, '2.9');
  assert.deepEqual(summary(ds.filter((d) => d.severity === 'error')), [`${SchemaCode.wrongType}@0:0-0:4`, `${SchemaCode.wrongType}@1:12-1:18`]);
  // A no_tls of the wrong kind is not also "websocket without TLS".
  assert.deepEqual(ds.filter((d) => d.code === TlsCode.websocketWithoutTls), []);
});

test('keys of a certs entry are case-sensitive: the schema says which spelling', async () => {
  const text = 'tls {\n  certs: [ { Cert_File: "a.pem", key_file: "b.pem" } ]\n}\n';
  const ds = await check(text);
  assert.deepEqual(summary(ds.filter((d) => d.severity === 'error')), [`${SchemaCode.unknownField}@1:13-1:22`]);
  assert.match(ds[0].message, /Did you mean 'cert_file'/);
});
