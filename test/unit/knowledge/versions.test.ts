import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  compareVersions,
  describeTarget,
  earliestTarget,
  formatVersion,
  introducedIn,
  isAvailable,
  isServerVersion,
  parseVersion,
  SERVER_VERSIONS,
  TARGET_RELEASES,
  targetIncludes,
} from '../../../server/src/knowledge/versions';
import { SERVER_VERSIONS as FROM_LANGUAGE_SERVICE } from '../../../server/src/languageService';

test('parseVersion reads release tags with or without v and pre-release suffixes', () => {
  assert.deepEqual(parseVersion('v2.10.21'), { major: 2, minor: 10, patch: 21 });
  assert.deepEqual(parseVersion('2.9.10'), { major: 2, minor: 9, patch: 10 });
  assert.deepEqual(parseVersion('v2.11.0-RC.1'), { major: 2, minor: 11, patch: 0, prerelease: 'RC.1' });
  assert.deepEqual(parseVersion('v2.0.0-RC14'), { major: 2, minor: 0, patch: 0, prerelease: 'RC14' });
  assert.deepEqual(parseVersion('2.15.0-dev'), { major: 2, minor: 15, patch: 0, prerelease: 'dev' });
  assert.equal(parseVersion('2.10'), undefined);
  assert.equal(parseVersion('latest'), undefined);
  assert.equal(parseVersion('v2.10.x'), undefined);
});

test('compareVersions is semver order: numeric parts, pre-releases before their final', () => {
  assert.ok(compareVersions('v2.9.10', 'v2.9.9') > 0, '10 > 9 numerically');
  assert.ok(compareVersions('v2.9.21', 'v2.10.0') < 0);
  assert.ok(compareVersions('v2.10.21', 'v2.10.8') > 0);
  assert.ok(compareVersions('v2.11.0-RC.1', 'v2.11.0') < 0);
  assert.ok(compareVersions('v2.11.0-RC.2', 'v2.11.0-RC.10') < 0);
  assert.ok(compareVersions('v2.15.0-dev', 'v2.14.5') > 0);
  assert.equal(compareVersions('2.10.21', 'v2.10.21'), 0);
  assert.throws(() => compareVersions('2.10', 'v2.10.0'), /not a nats-server release tag/);
});

test('formatVersion prints tags, and a line newest patch as N.M.x', () => {
  assert.equal(formatVersion({ major: 2, minor: 10, patch: 21 }), 'v2.10.21');
  assert.equal(formatVersion({ major: 2, minor: 15, patch: 0, prerelease: 'dev' }), 'v2.15.0-dev');
  assert.equal(formatVersion(TARGET_RELEASES['2.10'].version), '2.10.x');
});

test('ServerVersion has one definition, re-exported by languageService', () => {
  assert.equal(FROM_LANGUAGE_SERVICE, SERVER_VERSIONS);
  assert.deepEqual(SERVER_VERSIONS, ['2.9', '2.10', '2.11', '2.12', '2.14', 'latest']);
  assert.ok(isServerVersion('2.12'));
  assert.ok(!isServerVersion('2.13'));
  assert.ok(!isServerVersion(2.9));
});

test('what each target stands for', () => {
  assert.equal(describeTarget('2.9'), 'nats-server v2.9.10');
  assert.equal(describeTarget('2.10'), 'nats-server 2.10.x');
  assert.equal(describeTarget('2.11'), 'nats-server 2.11.x');
  assert.equal(describeTarget('2.12'), 'nats-server 2.12.x');
  assert.equal(describeTarget('2.14'), 'nats-server v2.14.5');
  assert.equal(describeTarget('latest'), 'nats-server main (v2.15.0-dev)');
  for (const target of SERVER_VERSIONS) assert.equal(TARGET_RELEASES[target].target, target);
});

test('targets are latest patch of their line, except 2.9 (2.9.10) and 2.14 (2.14.5)', () => {
  // 2.9 is exactly 2.9.10: the 2.9.20 / 2.9.21 back-ports are not in it.
  assert.ok(targetIncludes('2.9', 'v2.9.10'));
  assert.ok(!targetIncludes('2.9', 'v2.9.11'));
  assert.ok(!targetIncludes('2.9', 'v2.9.21'));
  // Line targets have every patch of their line, and nothing of the next line.
  assert.ok(targetIncludes('2.10', 'v2.10.0'));
  assert.ok(targetIncludes('2.10', 'v2.10.26'));
  assert.ok(targetIncludes('2.10', 'v2.10.999'));
  assert.ok(!targetIncludes('2.10', 'v2.11.0'));
  assert.ok(!targetIncludes('2.10', 'v2.11.0-RC.1'), 'a 2.11 pre-release is after every 2.10.x');
  assert.ok(targetIncludes('2.11', 'v2.11.12'));
  assert.ok(!targetIncludes('2.11', 'v2.12.0'));
  assert.ok(targetIncludes('2.12', 'v2.12.14'));
  assert.ok(!targetIncludes('2.12', 'v2.14.0'));
  assert.ok(targetIncludes('2.14', 'v2.14.5'));
  assert.ok(!targetIncludes('2.14', 'v2.14.6'));
  assert.ok(targetIncludes('latest', 'v2.14.5'));
  assert.ok(!targetIncludes('latest', 'v2.15.0'), 'main is a 2.15.0 pre-release');
});

test('isAvailable: back-ported keys (sinceVersion on an older line)', () => {
  const certStore = { sinceVersion: 'v2.9.20', acceptedBy2_9_10: false };
  assert.deepEqual(
    SERVER_VERSIONS.map((target) => isAvailable(certStore, target)),
    [false, true, true, true, true, true],
  );
  const minVersion = { sinceVersion: 'v2.10.21', acceptedBy2_9_10: false };
  assert.deepEqual(
    SERVER_VERSIONS.map((target) => isAvailable(minVersion, target)),
    [false, true, true, true, true, true],
  );
  const maxConcurrentIo = { sinceVersion: 'v2.12.14' };
  assert.deepEqual(
    SERVER_VERSIONS.map((target) => isAvailable(maxConcurrentIo, target)),
    [false, false, false, true, true, true],
  );
  const dialTimeout = { sinceVersion: 'v2.14.5' };
  assert.deepEqual(
    SERVER_VERSIONS.map((target) => isAvailable(dialTimeout, target)),
    [false, false, false, false, true, true],
  );
});

test('isAvailable for 2.9 trusts the 2.9.10 measurement, then the 2.9.10 source', () => {
  // Measured: wins over sinceVersion (the two agree in the inventory; the measurement decides).
  assert.equal(isAvailable({ sinceVersion: 'v2.2.0', acceptedBy2_9_10: false }, '2.9'), false);
  assert.equal(isAvailable({ sinceVersion: 'v2.2.0', acceptedBy2_9_10: true }, '2.9'), true);
  // Not measurable (silently ignored keys): the v2.9.10 source decides.
  assert.equal(isAvailable({ sinceVersion: 'v2.9.16', acceptedBy2_9_10: 'unknown', in2_9_10Source: false }, '2.9'), false);
  assert.equal(isAvailable({ sinceVersion: 'v2.2.0', acceptedBy2_9_10: 'unknown', in2_9_10Source: true }, '2.9'), true);
  // Nothing measured: sinceVersion.
  assert.equal(isAvailable({ sinceVersion: 'v2.9.0' }, '2.9'), true);
  assert.equal(isAvailable({ sinceVersion: 'v2.9.21' }, '2.9'), false);
  // The measurement only speaks for 2.9.
  assert.equal(isAvailable({ sinceVersion: 'v2.12.0', acceptedBy2_9_10: false }, '2.11'), false);
});

test('introducedIn and earliestTarget for messages', () => {
  assert.equal(introducedIn({ sinceVersion: 'v2.10.21' }), 'v2.10.21');
  assert.equal(introducedIn({ sinceVersion: '2.9.20' }), 'v2.9.20');
  assert.equal(earliestTarget({ sinceVersion: 'v0.5.1', acceptedBy2_9_10: true }), '2.9');
  assert.equal(earliestTarget({ sinceVersion: 'v2.9.20', acceptedBy2_9_10: false }), '2.10');
  assert.equal(earliestTarget({ sinceVersion: 'v2.12.0' }), '2.12');
  assert.equal(earliestTarget({ sinceVersion: 'v2.14.0' }), '2.14');
  assert.equal(earliestTarget({ sinceVersion: 'v2.15.0' }), undefined);
});
