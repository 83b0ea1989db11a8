/** What the client shows for nats-server: the language status item and the message after a run. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { outcomeMessage, statusView } from '../../client/src/natsServerOutcome';

test('status item: version, not found, restricted mode, not asked yet', () => {
  assert.deepEqual(statusView({ path: 'nats-server', status: 'found', version: '2.9.10' }), { text: 'nats-server 2.9.10', detail: 'on PATH', level: 'info' });
  assert.deepEqual(statusView({ path: '/opt/nats/bin/nats-server', status: 'found', version: '2.10.4' }), { text: 'nats-server 2.10.4', detail: '/opt/nats/bin/nats-server', level: 'info' });
  assert.deepEqual(statusView({ path: 'nats-server', status: 'not-found' }), { text: 'nats-server: not found', detail: 'natsConf.server.path: nats-server', level: 'warning' });
  assert.deepEqual(statusView({ path: 'x', status: 'untrusted' }), { text: 'nats-server: disabled in Restricted Mode', detail: 'Trust this workspace to run nats-server', level: 'info' });
  assert.deepEqual(statusView(undefined), { text: 'nats-server', detail: 'Not checked yet', level: 'info' });
});

test('messages after a run, with the follow-up button each needs', () => {
  assert.deepEqual(outcomeMessage({ status: 'valid', findings: [], version: '2.9.10' }, 'nats.conf'), { level: 'info', message: 'nats-server 2.9.10 accepts nats.conf.' });
  assert.deepEqual(
    outcomeMessage({ status: 'invalid', version: '2.9.10', findings: [{ file: '/a/nats.conf', severity: 'error' }, { file: '/a/nats.conf', severity: 'error' }, { file: '/a/inc.conf', severity: 'warning' }] }, 'nats.conf'),
    { level: 'warning', message: 'nats-server 2.9.10 refuses nats.conf: 2 errors and 1 warning in 2 files, shown in the Problems panel with source nats-server.' },
  );
  assert.deepEqual(
    outcomeMessage({ status: 'invalid', findings: [{ file: '/a/nats.conf', severity: 'warning' }] }, 'nats.conf').message,
    'nats-server refuses nats.conf: 1 warning, shown in the Problems panel with source nats-server.',
  );
  assert.deepEqual(outcomeMessage({ status: 'not-found', findings: [], detail: 'nats-server was not found.' }, 'nats.conf'), { level: 'error', message: 'nats-server was not found.', followUp: 'open-setting' });
  const untrusted = outcomeMessage({ status: 'untrusted', findings: [] }, 'nats.conf');
  assert.equal(untrusted.followUp, 'manage-trust');
  assert.match(untrusted.message, /^nats-server is not run in Restricted Mode/);
  assert.deepEqual(outcomeMessage({ status: 'timeout', findings: [], detail: 'nats-server -t did not finish within 10 s and was stopped.' }, 'nats.conf'), { level: 'error', message: 'nats-server -t did not finish within 10 s and was stopped.', followUp: undefined });
  assert.equal(outcomeMessage({ status: 'failed', findings: [], detail: 'x exited with code 3' }, 'nats.conf').followUp, 'open-setting');
  assert.equal(outcomeMessage({ status: 'not-on-disk', findings: [] }, 'Untitled-1').level, 'info');
});
