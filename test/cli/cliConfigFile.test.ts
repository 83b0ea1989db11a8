/** `.nats-conf-lint.json`: where it is found, what each key does, how flags override it, and its errors. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, writeFileSync } from 'node:fs';
import { BROKEN_CONFIG, runCli, Scratch, summarise } from './cliHarness';

let scratch: Scratch;
const lint = (args: string[], cwd = scratch.path('project')) => runCli(args, cwd);
const settings = (relative: string, value: unknown) => writeFileSync(scratch.path(relative), typeof value === 'string' ? value : JSON.stringify(value, null, 2));

/** nats-server 2.11 added jetstream.max_buffered_msgs: an error on 2.9 and 2.10 only. */
const NEWER_KEY = 'jetstream { max_buffered_msgs: 5 }\n';

before(() => {
  scratch = new Scratch('nats-conf-lint-config-');
  scratch.write({
    'project/.nats-conf-lint.json': '{}',
    'project/sub/deeper/nats.conf': BROKEN_CONFIG,
    'project/newer.conf': NEWER_KEY,
    'project/warned.conf': 'tls {\n  timeout: 0.0001\n  verify: true\n}\n',
    'project/configs/nats.conf': 'tls {\n  cert_file: "certs/server-cert.pem"\n  key_file: "certs/server-key.pem"\n}\n',
    'project/configs/vendor/nats.conf': BROKEN_CONFIG,
    'project/configs/old/nats-old.conf': BROKEN_CONFIG,
    'elsewhere/strict.json': JSON.stringify({ serverVersion: '2.9' }),
    'elsewhere/nats.conf': NEWER_KEY,
  });
  // Certificates where the config's cwd setting says nats-server runs.
  const generated = runCli(['gen-certs', scratch.path('project/runtime/certs')], scratch.root);
  assert.equal(generated.status, 0, generated.stderr);
});

after(() => scratch.remove());

describe('finding the settings file', () => {
  test('the nearest .nats-conf-lint.json in the current folder or above it applies', () => {
    settings('project/.nats-conf-lint.json', { severity: { 'syntax-expected-value-end': 'warning' } });
    const result = lint(['nats.conf'], scratch.path('project/sub/deeper'));
    assert.equal(result.status, 0, result.stderr);
    assert.deepEqual(summarise(result.stdout), ['nats.conf:1:12 warning syntax-expected-value-end']);
  });

  test('--no-config ignores it; --config names another file', () => {
    settings('project/.nats-conf-lint.json', { severity: { 'syntax-expected-value-end': 'warning' } });
    assert.deepEqual(summarise(lint(['--no-config', 'sub/deeper/nats.conf']).stdout), ['sub/deeper/nats.conf:1:12 error syntax-expected-value-end']);
    const other = lint(['--config', '../elsewhere/strict.json', 'newer.conf']);
    assert.equal(other.status, 1);
    assert.deepEqual(summarise(other.stdout), ['newer.conf:1:13 error field-too-new']);
  });
});

describe('keys', () => {
  test('serverVersion sets the target; --server-version overrides it', () => {
    settings('project/.nats-conf-lint.json', { serverVersion: '2.10' });
    assert.deepEqual(summarise(lint(['newer.conf']).stdout), ['newer.conf:1:13 error field-too-new']);
    assert.equal(lint(['--server-version', '2.11', 'newer.conf']).status, 0);
  });

  test('severity levels merge with --severity, the flag winning per code', () => {
    settings('project/.nats-conf-lint.json', { severity: { 'syntax-expected-value-end': 'off', 'tls-timeout-too-low': 'error' } });
    const fromFile = lint(['sub/deeper/nats.conf', 'warned.conf']);
    assert.equal(fromFile.status, 1);
    assert.deepEqual(summarise(fromFile.stdout), ['warned.conf:1:1 warning tls-no-certificate', 'warned.conf:2:12 error tls-timeout-too-low', 'warned.conf:3:3 information tls-verify-without-ca']);
    const overridden = lint(['--severity', 'tls-timeout-too-low=hint', 'sub/deeper/nats.conf', 'warned.conf']);
    assert.equal(overridden.status, 0);
    assert.deepEqual(summarise(overridden.stdout), ['warned.conf:1:1 warning tls-no-certificate', 'warned.conf:2:12 hint tls-timeout-too-low', 'warned.conf:3:3 information tls-verify-without-ca']);
  });

  test('cwd is relative to the settings file: certificate paths resolve against it; --cwd overrides it', () => {
    settings('project/.nats-conf-lint.json', { cwd: 'runtime' });
    const found = lint(['configs/nats.conf']);
    assert.equal(found.status, 0, found.stdout);
    const fromSubfolder = lint(['../configs/nats.conf'], scratch.path('project/sub'));
    assert.equal(fromSubfolder.status, 0, fromSubfolder.stdout);
    const overridden = lint(['--cwd', '.', 'configs/nats.conf']);
    assert.equal(overridden.status, 1);
    // Both are reported at the tls key, as nats-server reports a certificate pair it cannot load.
    assert.deepEqual(summarise(overridden.stdout), ['configs/nats.conf:1:1 error cert-file-not-found', 'configs/nats.conf:1:1 error cert-file-not-found']);
    assert.match(overridden.stdout, /The certificate file 'cert_file' "certs\/server-cert\.pem" does not exist/);
  });

  test('ignore skips files and folders below the settings file\'s folder when searching', () => {
    settings('project/.nats-conf-lint.json', { cwd: 'runtime', ignore: ['configs/vendor/', 'nats-old.conf'] });
    const result = lint(['configs']);
    assert.equal(result.status, 0, result.stdout);
    assert.equal(result.stdout, '');
    settings('project/.nats-conf-lint.json', { cwd: 'runtime', ignore: ['vendor'] });
    assert.deepEqual(summarise(lint(['configs']).stdout), ['configs/old/nats-old.conf:1:12 error syntax-expected-value-end']);
  });

  test('maxWarnings fails the run past N warnings; --max-warnings overrides it', () => {
    settings('project/.nats-conf-lint.json', { maxWarnings: 1 });
    const over = lint(['warned.conf']);
    assert.equal(over.status, 1);
    assert.equal(over.stderr, 'nats-conf-lint: 2 warnings, more than --max-warnings 1\n');
    assert.equal(lint(['--max-warnings', '2', 'warned.conf']).status, 0);
  });

  test('validateWithServer with natsServerPath (relative to the settings file) runs that program', () => {
    scratch.write({ 'project/tools/fake-nats-server': '#!/bin/sh\necho "something went wrong" >&2\nexit 3\n' });
    chmodSync(scratch.path('project/tools/fake-nats-server'), 0o755);
    settings('project/.nats-conf-lint.json', { validateWithServer: true, natsServerPath: 'tools/fake-nats-server' });
    const result = lint(['../newer.conf'], scratch.path('project/sub'));
    assert.equal(result.status, 2);
    assert.equal(result.stdout, '');
    assert.equal(result.stderr, `nats-conf-lint: nats-server could not check ../newer.conf: ${scratch.path('project/tools/fake-nats-server')} exited with code 3: something went wrong\n`);
  });

  test('a $schema key is allowed, for editors', () => {
    settings('project/.nats-conf-lint.json', { $schema: './nats-conf-lint.schema.json', serverVersion: 'latest' });
    assert.equal(lint(['newer.conf']).status, 0);
  });
});

describe('a bad settings file exits 2 naming the file and the key', () => {
  const file = () => scratch.path('project/.nats-conf-lint.json');
  const cases: [string, unknown, (path: string) => string][] = [
    ['an unknown key', { serverVersio: '2.9' }, (f) => `${f}: "serverVersio" is not a setting (known: serverVersion, severity, cwd, ignore, maxWarnings, validateWithServer, natsServerPath, expiryWarningDays)`],
    ['a bad serverVersion', { serverVersion: '2.8' }, (f) => `${f}: "serverVersion" must be one of "2.9", "2.10", "2.11", "2.12", "2.14", "latest", not "2.8"`],
    ['a bad severity level', { severity: { 'tls-insecure': 'loud' } }, (f) => `${f}: "severity.tls-insecure" must be one of "error", "warning", "information", "hint", "off", not "loud"`],
    ['severity not an object', { severity: ['x'] }, (f) => `${f}: "severity" must be an object of code: level`],
    ['a negative maxWarnings', { maxWarnings: -1 }, (f) => `${f}: "maxWarnings" must be a whole number of 0 or more, not -1`],
    ['a string validateWithServer', { validateWithServer: 'yes' }, (f) => `${f}: "validateWithServer" must be true or false, not "yes"`],
    ['ignore not a list of patterns', { ignore: 'vendor' }, (f) => `${f}: "ignore" must be an array of non-empty patterns`],
    ['an empty cwd', { cwd: '' }, (f) => `${f}: "cwd" must be a folder path (relative to this file)`],
    ['a cwd that is not a folder', { cwd: 'nowhere' }, (f) => `"cwd" of ${f} ${scratch.path('project/nowhere')} is not a folder`],
    ['a fractional expiryWarningDays', { expiryWarningDays: 1.5 }, (f) => `${f}: "expiryWarningDays" must be a whole number of 0 or more, not 1.5`],
    ['an array', [], (f) => `${f}: must hold a JSON object`],
    ['not JSON', '{ "serverVersion": ', (f) => `${f}: not valid JSON (`],
  ];
  for (const [name, value, message] of cases) {
    test(name, () => {
      settings('project/.nats-conf-lint.json', value);
      const result = lint(['newer.conf']);
      assert.equal(result.status, 2);
      assert.equal(result.stdout, '');
      assert.ok(result.stderr.startsWith(`nats-conf-lint: ${message(file())}`), result.stderr);
    });
  }

  test('--config naming a missing file, and --config with --no-config', () => {
    const missing = lint(['--config', 'nope.json', 'newer.conf']);
    assert.equal(missing.status, 2);
    assert.equal(missing.stderr, 'nats-conf-lint: nope.json: no such file\n');
    const both = lint(['--config', 'nope.json', '--no-config', 'newer.conf']);
    assert.equal(both.status, 2);
    assert.match(both.stderr, /^nats-conf-lint: --config and --no-config exclude each other\n/);
  });
});
