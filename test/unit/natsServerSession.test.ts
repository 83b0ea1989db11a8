/** The language server's nats-server state: trust, the version cache and notice, the findings store. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FindingStore, NatsServerSession, UNTRUSTED_DETAIL } from '../../server/src/natsServer/session';
import { targetForInstalled, versionMismatchNotice, versionNotice } from '../../server/src/natsServer/versionNotice';
import type { NatsServerRunOptions, NatsServerVerdict } from '../../server/src/natsServer';

const OPTIONS: NatsServerRunOptions = { executable: '/opt/nats/nats-server', file: '/etc/nats.conf', cwd: '/etc' };

function recordingSession(trusted: boolean, version = '2.9.10') {
  const runs: NatsServerRunOptions[] = [];
  const probes: string[] = [];
  const session = new NatsServerSession(
    trusted,
    async (options) => {
      runs.push(options);
      return { status: 'valid', findings: [], output: '', version } satisfies NatsServerVerdict;
    },
    async (executable) => {
      probes.push(executable);
      return executable.includes('missing') ? undefined : version;
    },
  );
  return { session, runs, probes };
}

test('untrusted: validate and info run nothing and say why; trust granted: both run', async () => {
  const { session, runs, probes } = recordingSession(false);
  assert.deepEqual(await session.validate(OPTIONS), { status: 'untrusted', findings: [], output: '', detail: UNTRUSTED_DETAIL });
  assert.deepEqual(await session.info(OPTIONS.executable), { path: OPTIONS.executable, status: 'untrusted', detail: UNTRUSTED_DETAIL });
  assert.deepEqual([runs, probes], [[], []]);

  session.grantTrust();
  assert.equal((await session.validate(OPTIONS)).status, 'valid');
  assert.deepEqual(runs, [OPTIONS]);
  assert.deepEqual(await session.info(OPTIONS.executable), { path: OPTIONS.executable, status: 'found', version: '2.9.10' });
  assert.deepEqual(probes, [], 'the version the validation reported is reused');
});

test('the version is probed once per executable; a missing one is asked again next time', async () => {
  const { session, probes } = recordingSession(true, '2.10.4');
  await session.info('nats-server');
  await session.info('nats-server');
  const missing = await session.info('/missing/nats-server');
  assert.equal(missing.status, 'not-found');
  assert.match(missing.detail ?? '', /apt-get install -y nats-server/);
  await session.info('/missing/nats-server');
  assert.deepEqual(probes, ['nats-server', '/missing/nats-server', '/missing/nats-server']);
});

test('the version notice is given once per executable, version and setting', async () => {
  const { session } = recordingSession(true, '2.9.10');
  assert.equal(session.noticeOnce('nats-server', 'latest'), undefined, 'nothing before the version is known');
  await session.info('nats-server');
  assert.deepEqual(session.noticeOnce('nats-server', 'latest'), {
    message: "nats-server 2.9.10 is installed, older than natsConf.serverVersion latest (main (v2.15.0-dev)): the editor's checks follow main (v2.15.0-dev), so nats-server may judge some keys differently. Set natsConf.serverVersion to 2.9 to match it.",
    key: '2.9.10|latest',
    suggestion: '2.9',
  });
  assert.equal(session.noticeOnce('nats-server', 'latest'), undefined);
  const older = session.noticeOnce('nats-server', '2.14');
  assert.match(older?.message ?? '', /^nats-server 2\.9\.10 is installed, older than natsConf\.serverVersion 2\.14: /);
  assert.equal(older?.key, '2.9.10|2.14');
  assert.equal(session.noticeOnce('nats-server', '2.9'), undefined, 'matching: no notice');
});

test('version lines: same line matches, newer and in-between releases', () => {
  assert.equal(versionMismatchNotice('2.9.22', '2.9'), undefined);
  assert.equal(versionMismatchNotice('2.15.0-dev', 'latest'), undefined);
  assert.equal(versionMismatchNotice('2.10.18', '2.10'), undefined);
  assert.match(versionMismatchNotice('2.12.1', '2.10') ?? '', /^nats-server 2\.12\.1 is installed, newer than natsConf\.serverVersion 2\.10: the editor's checks follow 2\.10\.x, .* Set natsConf\.serverVersion to 2\.12 to match it\.$/);
  assert.equal(targetForInstalled('2.13.0'), '2.12', 'no 2.13 target: the newest older one');
  assert.equal(targetForInstalled('2.16.1'), 'latest');
  assert.equal(targetForInstalled('1.4.0'), undefined);
  assert.match(versionMismatchNotice('1.4.0', '2.9') ?? '', /older than natsConf\.serverVersion 2\.9: .*differently\.$/, 'no target to suggest');
  assert.equal(versionMismatchNotice('garbage', '2.9'), undefined);
});

test('findings store: replace, clear by main and by the file they are in', () => {
  const store = new FindingStore<string>();
  assert.deepEqual([...store.replace('main', new Map([['main', ['m1']], ['inc', ['i1']]]))], ['main', 'inc']);
  assert.deepEqual([...store.replace('other', new Map([['inc', ['i2']]]))], ['inc']);
  assert.deepEqual(store.findingsFor('inc'), ['i1', 'i2']);
  // A new run of main without findings in inc: inc must be republished without them.
  assert.deepEqual([...store.replace('main', new Map([['main', ['m2']]]))].sort(), ['inc', 'main']);
  assert.deepEqual(store.findingsFor('inc'), ['i2']);
  // Editing inc drops every finding in it.
  assert.deepEqual([...store.clearTarget('inc')], ['inc']);
  assert.deepEqual(store.findingsFor('inc'), []);
  assert.deepEqual(store.findingsFor('main'), ['m2']);
  assert.deepEqual([...store.clearMain('main')], ['main']);
  assert.deepEqual(store.findingsFor('main'), []);
});

test('a release older than every target gets a notice without a suggestion', () => {
  const notice = versionNotice('2.8.4', 'latest');
  assert.equal(notice?.key, '2.8.4|latest');
  assert.equal(notice?.suggestion, undefined);
  assert.ok(notice && !('suggestion' in notice), 'no suggestion field at all');
  assert.match(notice?.message ?? '', /^nats-server 2\.8\.4 is installed, older than natsConf\.serverVersion latest/);
});
