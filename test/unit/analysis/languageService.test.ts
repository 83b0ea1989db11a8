/**
 * languageService.validate(): syntax, include and variable diagnostics together, in document
 * order, with the server version applied.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createLanguageService } from '../../../server/src/languageService';
import type { Environment } from '../../../server/src/environment';
import { fakeEnvironment, summary } from './helpers';

const doc = (text: string, path: string | undefined = '/conf/main.conf') => ({
  uri: path ? `file://${path}` : 'untitled:1',
  path,
  text,
});

test('validate returns parse, include and variable diagnostics sorted by position', async () => {
  const service = createLanguageService(fakeEnvironment({ '/conf/bad.conf': 'x: [\n' }));
  const text = 'port: $NOPE\ninclude missing.conf\nhost: 127.0.0.1 junk\ninclude bad.conf\nserver_name: $ALSO_NOPE\n';
  // Only this layer's codes (the schema checks, e.g. wrong kinds, have their own tests).
  const diagnostics = (await service.validate(doc(text))).filter((d) => /^(syntax|include|variable)-/.test(d.code));
  assert.deepEqual(summary({ diagnostics }), [
    'variable-undefined@0:6-0:11',
    'include-not-found@1:8-1:20',
    `${diagnostics[2].code}@2:16-2:17`,
    'include-parse-error@3:8-3:16',
    'variable-undefined@4:13-4:23',
  ]);
  assert.ok(diagnostics[2].code.startsWith('syntax-'));
  assert.equal(diagnostics[4].severity, 'warning'); // an include before it could not be read
  assert.ok(diagnostics.every((d) => d.source === 'nats-conf'));
});

test('a dangling final key: warning for 2.9 (ignored by 2.9.10), error for later versions', async () => {
  const service = createLanguageService(fakeEnvironment());
  const text = 'port: 4222\ndebug\n';
  // 2.9.10: `port: 4222\ndebug` -> configuration file is valid.
  const old = await service.validate(doc(text), { serverVersion: '2.9' });
  assert.deepEqual(summary({ diagnostics: old }), ['syntax-dangling-key@1:0-1:5']);
  assert.equal(old[0].severity, 'warning');
  assert.match(old[0].message, /2\.9\.22 and later reject/);
  for (const serverVersion of ['2.10', '2.14', 'latest'] as const) {
    const newer = await service.validate(doc(text), { serverVersion });
    assert.equal(newer[0].code, 'syntax-dangling-key');
    assert.equal(newer[0].severity, 'error', serverVersion);
  }
  // The default is 'latest'.
  const byDefault = await service.validate(doc(text));
  assert.equal(byDefault[0].severity, 'error');
  const undefinedVersion = await service.validate(doc(text), { serverVersion: undefined });
  assert.equal(undefinedVersion[0].severity, 'error');
});

test('serverVersion reaches environment values too', async () => {
  const service = createLanguageService(fakeEnvironment({}, { p: '4222,b' }));
  // 2.9.10 with p='4222,b': valid.
  assert.deepEqual(await service.validate(doc('port: $p\n'), { serverVersion: '2.9' }), []);
  const latest = await service.validate(doc('port: $p\n'), { serverVersion: 'latest' });
  assert.deepEqual(summary({ diagnostics: latest }), ['variable-parse-error@0:6-0:8']);
});

test('analyze exposes the tree and the resolution', async () => {
  const service = createLanguageService(fakeEnvironment({ '/conf/v.conf': 'P: 1\n' }));
  const analysis = await service.analyze(doc('include v.conf\nport: $P\n'));
  assert.equal(analysis.settings.serverVersion, 'latest');
  assert.equal(analysis.tree.kind, 'document');
  assert.equal(analysis.resolution.includes.size, 1);
  assert.equal(analysis.resolution.variables.size, 1);
  assert.equal(analysis.resolution.usedAsVariable.size, 1);
  assert.deepEqual(analysis.diagnostics, []);
});

test('validate never throws: an environment that throws still yields the syntax diagnostics', async () => {
  const broken: Environment = {
    ...fakeEnvironment(),
    getEnv() {
      throw new Error('boom');
    },
  };
  const diagnostics = await createLanguageService(broken).validate(doc('port: $P\nx: [\n'));
  assert.ok(diagnostics.some((d) => d.code.startsWith('syntax-')));
  assert.ok(diagnostics.some((d) => d.code === 'internal-error' && /boom/.test(d.message)));
});
