import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { listZipEntries, readZipEntry, type ZipEntry } from './zip';

/** Test bundles live in out/test/package/; the repository root is three folders up. */
const repoRoot = path.resolve(__dirname, '..', '..', '..');

/** Build output and local state that a fresh clone would not have. */
const NOT_COPIED = new Set(['node_modules', '.git', 'out', '.tsbuild', '.e2e', '.vscode-test']);

describe('npm run package', { timeout: 240_000 }, () => {
  let workDir: string;
  let vsix: Buffer;
  let entries: ZipEntry[];
  let names: string[];

  before(() => {
    // Package a copy: `vscode:prepublish` rebuilds the bundles for production, and the other
    // test files run the development bundles of this checkout at the same time.
    workDir = mkdtempSync(path.join(tmpdir(), 'nats-conf-vsix-'));
    const copy = path.join(workDir, 'repo');
    cpSync(repoRoot, copy, {
      recursive: true,
      filter: (source) => {
        const relative = path.relative(repoRoot, source);
        const [top] = relative.split(path.sep);
        if (NOT_COPIED.has(top) || relative.endsWith('.vsix')) return false;
        return !/^(client|server)[\\/]out([\\/]|$)/.test(relative);
      },
    });
    symlinkSync(path.join(repoRoot, 'node_modules'), path.join(copy, 'node_modules'), 'dir');
    const output = path.join(workDir, 'extension.vsix');
    const run = spawnSync('npm', ['run', 'package', '--', '--out', output], { cwd: copy, encoding: 'utf8', timeout: 200_000 });
    assert.equal(run.status, 0, `npm run package failed:\n${run.stdout}\n${run.stderr}`);
    assert.ok(existsSync(output), `no .vsix at ${output}:\n${run.stdout}`);
    vsix = readFileSync(output);
    entries = listZipEntries(vsix);
    names = entries.map((entry) => entry.name);
  });

  after(() => {
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  function entryText(name: string): string {
    const entry = entries.find((candidate) => candidate.name === name);
    assert.ok(entry, `${name} is not in the .vsix: ${names.join(', ')}`);
    return readZipEntry(vsix, entry).toString('utf8');
  }

  test('contains the bundles, grammar, snippets and documents', () => {
    for (const required of [
      'extension/package.json',
      'extension/client/out/extension.js',
      'extension/server/out/server.js',
      'extension/server/out/cli.js',
      'extension/syntaxes/nats-conf.tmLanguage.json',
      'extension/snippets/nats-conf.json',
      'extension/language-configuration.json',
      'extension/readme.md',
      'extension/LICENSE.txt',
      'extension/changelog.md',
    ]) {
      assert.ok(names.some((name) => name.toLowerCase() === required.toLowerCase()), `${required} missing from ${names.join(', ')}`);
    }
  });

  test('contains no sources, tests, dependencies, examples, scripts or source maps', () => {
    const unwanted = names.filter((name) =>
      /^extension\/(src|test|node_modules|examples|scripts|out|\.tsbuild|\.ci|docs)\//.test(name) ||
      /\/src\//.test(name) ||
      /\.(ts|map|vsix)$/.test(name) ||
      /tsconfig/.test(name),
    );
    assert.deepEqual(unwanted, []);
  });

  test('holds nothing beyond the expected files', () => {
    const extensionFiles = names.filter((name) => name.startsWith('extension/')).sort();
    assert.ok(extensionFiles.length <= 12, extensionFiles.join(', '));
  });

  test('the bundles are production builds without source map references', () => {
    for (const bundle of ['extension/client/out/extension.js', 'extension/server/out/server.js', 'extension/server/out/cli.js']) {
      assert.doesNotMatch(entryText(bundle), /sourceMappingURL/, bundle);
    }
    assert.match(entryText('extension/server/out/cli.js'), /^#!\/usr\/bin\/env node/);
  });

  test('the packaged manifest is the repository manifest', () => {
    const packaged = JSON.parse(entryText('extension/package.json')) as { name: string; version: string; main: string };
    const source = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as typeof packaged;
    assert.equal(packaged.name, source.name);
    assert.equal(packaged.version, source.version);
    assert.equal(packaged.main, './client/out/extension.js');
  });
});
