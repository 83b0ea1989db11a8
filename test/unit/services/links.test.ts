import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createLanguageService, type AnalysisSettings } from '../../../server/src/languageService';
import type { Range } from '../../../server/src/parser/ast';
import { fakeEnvironment, rangeOf, type FakeFile } from '../analysis/helpers';

const PEM = '-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n';

async function setup(text: string, files: Record<string, FakeFile> = {}, settings: Partial<AnalysisSettings> = {}, env: Record<string, string> = {}) {
  const service = createLanguageService(fakeEnvironment(files, env));
  const analysis = await service.analyze({ uri: 'file:///conf/main.conf', path: '/conf/main.conf', text }, settings);
  return { service, analysis };
}

const ORIGIN: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

describe('document links', () => {
  test('certificate paths of any tls block link to the existing files only', async () => {
    const text = [
      'tls {',
      '  cert_file: "./certs/server-cert.pem"',
      '  key_file: "./certs/missing-key.pem"',
      '}',
      'cluster {',
      '  tls { ca_file: /etc/pki/ca.pem }',
      '}',
      'leafnodes { remotes [ { url: "nats://h:7422", tls: { CA_FILE: certs/ca.pem } } ] }',
      'cert_file: "./certs/server-cert.pem"',
      '',
    ].join('\n');
    const files = { '/conf/certs/server-cert.pem': PEM, '/etc/pki/ca.pem': PEM, '/conf/certs/ca.pem': PEM };
    const { service, analysis } = await setup(text, files);
    const links = await service.documentLinks(analysis);
    assert.deepEqual(
      links.map((link) => [link.target, link.range]),
      [
        ['file:///conf/certs/server-cert.pem', rangeOf(text, './certs/server-cert.pem')],
        ['file:///etc/pki/ca.pem', rangeOf(text, '/etc/pki/ca.pem')],
        ['file:///conf/certs/ca.pem', rangeOf(text, 'certs/ca.pem')],
      ],
    );
    assert.match(links[0].tooltip!, /\/conf\/certs\/server-cert\.pem/);
    assert.match(links[0].tooltip!, /config file's folder/);
    assert.match(links[0].tooltip!, /nats-server resolves a relative path against its working directory/);
    assert.match(links[1].tooltip!, /absolute path/);
  });

  test('relative certificate paths resolve against natsConf.paths.base when it is set', async () => {
    const text = 'tls {\n  cert_file: server-cert.pem\n  key_file: server-key.pem\n}\n';
    const files = { '/srv/nats/server-cert.pem': PEM, '/conf/server-key.pem': PEM };
    const { service, analysis } = await setup(text, files, { pathBase: '/srv/nats' });
    const links = await service.documentLinks(analysis);
    assert.deepEqual(links.map((link) => link.target), ['file:///srv/nats/server-cert.pem']);
    assert.match(links[0].tooltip!, /natsConf\.paths\.base \(\/srv\/nats\)/);
  });

  test('certs[] pairs and resolver_tls are tls blocks too; other keys named like paths are not', async () => {
    const text = 'tls { certs [ { cert_file: a.pem, key_file: b.pem } ] }\nresolver_tls { cert_file: a.pem }\nmqtt { cert_file: a.pem }\n';
    const { service, analysis } = await setup(text, { '/conf/a.pem': PEM, '/conf/b.pem': PEM });
    assert.deepEqual(
      (await service.documentLinks(analysis)).map((link) => `${link.target}@${link.range.start.line}:${link.range.start.character}`),
      ['file:///conf/a.pem@0:27', 'file:///conf/b.pem@0:44', 'file:///conf/a.pem@1:26'],
    );
  });

  test('a folder is not a link target', async () => {
    const { service, analysis } = await setup('tls { cert_file: certs, key_file: k.pem }\n', { '/conf/certs': { folder: true } });
    assert.deepEqual(await service.documentLinks(analysis), []);
  });

  test('include paths link to the file nats-server opens (relative to the includer, absolute paths re-rooted)', async () => {
    const text = 'include ./auth.conf\ninclude "missing.conf"\ninclude /etc/nats/extra.conf\nport: 4222\n';
    const files = { '/conf/auth.conf': 'a: 1\n', '/conf/etc/nats/extra.conf': 'b: 2\n', '/etc/nats/extra.conf': 'c: 3\n' };
    const { service, analysis } = await setup(text, files);
    const links = await service.documentLinks(analysis);
    assert.deepEqual(
      links.map((link) => [link.target, link.range]),
      [
        ['file:///conf/auth.conf', rangeOf(text, './auth.conf')],
        ['file:///conf/etc/nats/extra.conf', rangeOf(text, '/etc/nats/extra.conf')],
      ],
    );
    assert.match(links[0].tooltip!, /relative to the folder of the including file, \/conf/);
    assert.match(links[1].tooltip!, /absolute include path is joined under that folder/);
  });

  test('an untitled document links absolute certificate paths only', async () => {
    const service = createLanguageService(fakeEnvironment({ '/etc/pki/cert.pem': PEM, '/cert.pem': PEM }));
    const analysis = await service.analyze({ uri: 'untitled:Untitled-1', text: 'tls { cert_file: /etc/pki/cert.pem, key_file: cert.pem }\n' });
    assert.deepEqual((await service.documentLinks(analysis)).map((link) => link.target), ['file:///etc/pki/cert.pem']);
  });
});

describe('definition', () => {
  const files = { '/conf/vars.conf': '# shared\nCREDS: "/c/user.creds"\n' };
  const text = 'PORT = 4222\ninclude ./vars.conf\nport: $PORT\nleafnodes { remotes [ { url: "nats://h:7422", credentials: $CREDS } ] }\nhttp_port: $HTTP\n';

  test('a config variable goes to its defining key', async () => {
    const { service, analysis } = await setup(text, files);
    assert.deepEqual(await service.definition(analysis, { line: 2, character: 8 }), [{ uri: 'file:///conf/main.conf', range: rangeOf(text, 'PORT') }]);
  });

  test('a variable defined in an included file goes to that file', async () => {
    const { service, analysis } = await setup(text, files);
    const position = rangeOf(text, '$CREDS').start;
    assert.deepEqual(await service.definition(analysis, { line: position.line, character: position.character + 2 }), [
      { uri: 'file:///conf/vars.conf', range: { start: { line: 1, character: 0 }, end: { line: 1, character: 5 } } },
    ]);
  });

  test('an include goes to the top of the included file', async () => {
    const { service, analysis } = await setup(text, files);
    assert.deepEqual(await service.definition(analysis, { line: 1, character: 12 }), [{ uri: 'file:///conf/vars.conf', range: ORIGIN }]);
  });

  test('environment variables, unresolved variables, missing includes and plain keys have no definition', async () => {
    const { service, analysis } = await setup(`${text}include nowhere.conf\n`, files, {}, { HTTP: '8222' });
    assert.deepEqual(await service.definition(analysis, { line: 4, character: 13 }), []);
    assert.deepEqual(await service.definition(analysis, { line: 5, character: 10 }), []);
    assert.deepEqual(await service.definition(analysis, { line: 0, character: 1 }), []);
    const unresolved = await setup('port: $NOPE\n');
    assert.deepEqual(await unresolved.service.definition(unresolved.analysis, { line: 0, character: 8 }), []);
  });
});
