/**
 * `natsServerVersion` asks an executable once: a validation per file must not start a second
 * process per file just to learn the version again.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { natsServerVersion } from '../../server/src/natsServer';

let workDir: string;

before(() => {
  workDir = mkdtempSync(path.join(tmpdir(), 'nats-conf-version-'));
});
after(() => rmSync(workDir, { recursive: true, force: true }));

/** A stand-in nats-server that appends a line to `counter` on every start. */
function countingExecutable(name: string, counter: string, version: string): string {
  const file = path.join(workDir, name);
  writeFileSync(file, `#!/bin/sh\necho started >> '${counter}'\necho 'nats-server: v${version}'\n`);
  chmodSync(file, 0o755);
  return file;
}

const starts = (counter: string) => (existsSync(counter) ? readFileSync(counter, 'utf8').split('\n').filter(Boolean).length : 0);

describe('natsServerVersion caching', () => {
  test('repeated and concurrent calls for one executable start it once', async () => {
    const counter = path.join(workDir, 'once.txt');
    const executable = countingExecutable('nats-server-once', counter, '2.10.1');
    assert.equal(await natsServerVersion(executable), '2.10.1');
    assert.equal(await natsServerVersion(executable), '2.10.1');
    const together = await Promise.all([natsServerVersion(executable), natsServerVersion(executable), natsServerVersion(executable)]);
    assert.deepEqual(together, ['2.10.1', '2.10.1', '2.10.1']);
    assert.equal(starts(counter), 1);
  });

  test('a replaced executable at the same path is asked again', async () => {
    const counter = path.join(workDir, 'replaced.txt');
    const executable = countingExecutable('nats-server-replaced', counter, '2.9.0');
    assert.equal(await natsServerVersion(executable), '2.9.0');
    countingExecutable('nats-server-replaced', counter, '2.11.10');
    assert.equal(await natsServerVersion(executable), '2.11.10');
    assert.equal(await natsServerVersion(executable), '2.11.10');
    assert.equal(starts(counter), 2);
  });

  test('a failed start is not remembered', async () => {
    const executable = path.join(workDir, 'nats-server-later');
    assert.equal(await natsServerVersion(executable), undefined);
    const counter = path.join(workDir, 'later.txt');
    countingExecutable('nats-server-later', counter, '2.12.0');
    assert.equal(await natsServerVersion(executable), '2.12.0');
    assert.equal(starts(counter), 1);
  });

  test('a relative path is the file it names', async () => {
    const counter = path.join(workDir, 'relative.txt');
    const executable = countingExecutable('nats-server-relative', counter, '2.10.4');
    const relative = path.relative(process.cwd(), executable);
    const shown = relative.includes('/') ? relative : `./${relative}`;
    assert.equal(await natsServerVersion(shown), '2.10.4');
    assert.equal(await natsServerVersion(executable), '2.10.4');
    assert.equal(starts(counter), 1);
  });
});
