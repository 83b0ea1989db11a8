/** nats-conf-lint with folders, globs and several files: which files are checked, in what order. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, symlinkSync } from 'node:fs';
import { BROKEN_CONFIG, NATS_BY_CONTENT, NGINX_CONFIG, runCli, Scratch, summarise } from './cliHarness';

let scratch: Scratch;
const lint = (args: string[], cwd = scratch.root) => runCli(args, cwd);

before(() => {
  scratch = new Scratch('nats-conf-lint-folders-');
  scratch.write({
    // Taken by name (the extension manifest's filenames and filenamePatterns), whatever the content.
    'configs/nats.conf': BROKEN_CONFIG,
    'configs/NATS-Server.conf': BROKEN_CONFIG,
    'configs/edge.nats.conf': BROKEN_CONFIG,
    'configs/nats-leaf.conf': BROKEN_CONFIG,
    // Taken by content.
    'configs/deep/er/cluster.conf': NATS_BY_CONTENT,
    // Left alone: another format, another extension, skipped folders.
    'configs/nginx.conf': NGINX_CONFIG,
    'configs/nats.yaml': BROKEN_CONFIG,
    'configs/nats.conf.bak': BROKEN_CONFIG,
    'configs/node_modules/pkg/nats.conf': BROKEN_CONFIG,
    'configs/.git/nats.conf': BROKEN_CONFIG,
    'configs/.hidden/nats.conf': BROKEN_CONFIG,
    'other/nats.conf': 'port: 4222\n\nport: 4222 http_port: 8222\n',
    'only-nginx/site.conf': NGINX_CONFIG,
    'clean/nats.conf': 'port: 4222\n',
  });
  mkdirSync(scratch.path('empty'));
  // A link back up the tree must not loop; a link to another folder is followed once.
  symlinkSync('..', scratch.path('configs/deep/loop'));
  symlinkSync(scratch.path('other'), scratch.path('configs/linked'));
});

after(() => scratch.remove());

const CONFIGS_FINDINGS = [
  'configs/NATS-Server.conf:1:12 error syntax-expected-value-end',
  'configs/deep/er/cluster.conf:2:12 error syntax-expected-value-end',
  'configs/edge.nats.conf:1:12 error syntax-expected-value-end',
  'configs/linked/nats.conf:3:12 error syntax-expected-value-end',
  'configs/nats-leaf.conf:1:12 error syntax-expected-value-end',
  'configs/nats.conf:1:12 error syntax-expected-value-end',
];

describe('folders', () => {
  test('a folder is searched recursively for NATS configs by name and by content, sorted by path', () => {
    const result = lint(['configs']);
    assert.equal(result.status, 1, result.stderr);
    assert.equal(result.stderr, '');
    assert.deepEqual(summarise(result.stdout), CONFIGS_FINDINGS);
  });

  test('a trailing slash and ./ are kept in the printed paths; . adds no prefix', () => {
    assert.deepEqual(summarise(lint(['configs/']).stdout), CONFIGS_FINDINGS);
    assert.deepEqual(summarise(lint(['./configs']).stdout), CONFIGS_FINDINGS.map((line) => `./${line}`));
    const fromInside = lint(['.'], scratch.path('configs'));
    assert.deepEqual(summarise(fromInside.stdout), CONFIGS_FINDINGS.map((line) => line.slice('configs/'.length)));
  });

  test('the output is sorted by file then position whatever the argument order; a file reached twice is checked once', () => {
    // other/nats.conf is also configs/linked/nats.conf: it is reported where it was found first.
    const result = lint(['other', 'configs/nats.conf', 'configs', 'other/nats.conf']);
    assert.equal(result.status, 1);
    const lines = summarise(result.stdout);
    assert.deepEqual(lines, [...CONFIGS_FINDINGS.filter((line) => !line.includes('/linked/')), 'other/nats.conf:3:12 error syntax-expected-value-end']);
  });

  test('a file named on the command line is checked whatever its name or content', () => {
    const result = lint(['configs/nats.conf.bak', 'configs/nginx.conf']);
    assert.equal(result.status, 1);
    assert.deepEqual(summarise(result.stdout), [
      'configs/nats.conf.bak:1:12 error syntax-expected-value-end',
      'configs/nginx.conf:1:1 error unknown-field',
      'configs/nginx.conf:2:1 error unknown-field',
      'configs/nginx.conf:3:1 error unknown-field',
      'configs/nginx.conf:4:9 error include-not-found',
      'configs/nginx.conf:6:1 error unknown-field',
      'configs/nginx.conf:10:1 error wrong-type',
      'configs/nginx.conf:12:13 error include-not-found',
    ]);
  });

  test('a file named on the command line is checked even when a folder argument found it first', () => {
    const result = lint(['configs', 'configs/nginx.conf']);
    assert.ok(summarise(result.stdout).includes('configs/nginx.conf:10:1 error wrong-type'), result.stdout);
  });

  test('a folder holding no NATS config says so on stderr and exits 2', () => {
    for (const folder of ['empty', 'only-nginx']) {
      const result = lint([folder]);
      assert.equal(result.status, 2, folder);
      assert.equal(result.stdout, '');
      assert.equal(
        result.stderr,
        `nats-conf-lint: ${folder}: no NATS config files in this folder (looked for *.conf named nats.conf, nats-server.conf, *.nats.conf or nats-*.conf, or reading as a NATS config)\n` +
          'nats-conf-lint: no NATS config files to check\n',
      );
    }
  });

  test('an empty folder next to files that were checked is reported, and the exit status follows the findings', () => {
    const clean = lint(['empty', 'clean']);
    assert.equal(clean.status, 0);
    assert.match(clean.stderr, /^nats-conf-lint: empty: no NATS config files in this folder/);
    assert.equal(lint(['empty', 'configs/nats.conf']).status, 1);
  });

  test('a file that cannot be read is named on stderr with exit 2; the others are still checked', () => {
    const fifo = scratch.path('configs-fifo.conf');
    assert.equal(spawnSync('mkfifo', [fifo]).status, 0, 'mkfifo (coreutils) is needed for this test');
    const result = lint(['missing.conf', 'configs-fifo.conf', 'other']);
    assert.equal(result.status, 2);
    assert.deepEqual(summarise(result.stdout), ['other/nats.conf:3:12 error syntax-expected-value-end']);
    assert.equal(result.stderr, 'nats-conf-lint: configs-fifo.conf: not a regular file\nnats-conf-lint: missing.conf: no such file\n');
  });
});

describe('globs', () => {
  test('a quoted ** pattern is searched like a folder', () => {
    const result = lint(['configs/**/*.conf']);
    assert.equal(result.status, 1, result.stderr);
    assert.deepEqual(summarise(result.stdout), CONFIGS_FINDINGS);
  });

  test('* stays within one folder, as in a shell', () => {
    const result = lint(['configs/*.conf']);
    assert.deepEqual(summarise(result.stdout), CONFIGS_FINDINGS.filter((line) => !line.includes('/deep/') && !line.includes('/linked/')));
  });

  test('a pattern with no match says so and exits 2', () => {
    const result = lint(['configs/*.cfg']);
    assert.equal(result.status, 2);
    assert.match(result.stderr, /^nats-conf-lint: configs\/\*\.cfg: no NATS config files match this pattern/);
  });
});

describe('--ignore', () => {
  test('skips matching files and folders below the folders searched', () => {
    const result = lint(['--ignore', 'deep', '--ignore=configs/nats-*.conf', '--ignore', '*.nats.conf', 'configs']);
    assert.deepEqual(summarise(result.stdout), [
      'configs/NATS-Server.conf:1:12 error syntax-expected-value-end',
      'configs/linked/nats.conf:3:12 error syntax-expected-value-end',
      'configs/nats.conf:1:12 error syntax-expected-value-end',
    ]);
  });

  test('does not apply to files named on the command line', () => {
    const result = lint(['--ignore', 'nats.conf', 'configs/nats.conf']);
    assert.deepEqual(summarise(result.stdout), ['configs/nats.conf:1:12 error syntax-expected-value-end']);
  });
});
