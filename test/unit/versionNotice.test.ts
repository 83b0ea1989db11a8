/** The client's handling of `natsConf/versionNotice` (client/src/versionNotice.ts), with a recording host. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DONT_SHOW_AGAIN, showVersionNotice, type VersionNoticeHost } from '../../client/src/versionNotice';

function recordingHost(answer: (actions: string[]) => string | undefined, dismissed: string[] = []) {
  const shown: Array<{ message: string; actions: string[] }> = [];
  const versionsSet: string[] = [];
  const state = { dismissed };
  const host: VersionNoticeHost = {
    dismissedKeys: () => state.dismissed,
    saveDismissedKeys: async (keys) => {
      state.dismissed = [...keys];
    },
    showWarning: async (message, ...actions) => {
      shown.push({ message, actions });
      return answer(actions);
    },
    setServerVersion: async (version) => {
      versionsSet.push(version);
    },
  };
  return { host, shown, versionsSet, state };
}

const NOTICE = { message: 'nats-server 2.9.10 is installed, older than ...', key: '2.9.10|latest', suggestion: '2.9' };

test('the notice offers the matching target and "Don\'t Show Again"', async () => {
  const { host, shown } = recordingHost(() => undefined);
  assert.equal(await showVersionNotice(NOTICE, host), 'closed');
  assert.deepEqual(shown, [{ message: NOTICE.message, actions: ['Use 2.9', DONT_SHOW_AGAIN] }]);
});

test('"Use 2.9" sets natsConf.serverVersion and remembers nothing', async () => {
  const { host, versionsSet, state } = recordingHost((actions) => actions[0]);
  assert.equal(await showVersionNotice(NOTICE, host), 'setting-changed');
  assert.deepEqual(versionsSet, ['2.9']);
  assert.deepEqual(state.dismissed, []);
});

test('"Don\'t Show Again" is remembered: the same installed release and setting are not shown again', async () => {
  const { host, shown, state } = recordingHost(() => DONT_SHOW_AGAIN, ['2.10.1|2.12']);
  assert.equal(await showVersionNotice(NOTICE, host), 'dismissed');
  assert.deepEqual(state.dismissed, ['2.10.1|2.12', '2.9.10|latest']);
  assert.equal(await showVersionNotice(NOTICE, host), 'already-dismissed');
  assert.equal(shown.length, 1);
  // Another setting (or another installed release) is a new notice.
  assert.equal(await showVersionNotice({ ...NOTICE, key: '2.9.10|2.14' }, host), 'dismissed');
  assert.equal(shown.length, 2);
});

test('closing the notice keeps it for the next session', async () => {
  const { host, shown } = recordingHost(() => undefined);
  await showVersionNotice(NOTICE, host);
  await showVersionNotice(NOTICE, host);
  assert.equal(shown.length, 2);
});

test('without a suggestion only "Don\'t Show Again" is offered', async () => {
  const { host, shown } = recordingHost(() => undefined);
  await showVersionNotice({ message: 'older than every target', key: '2.8.4|latest' }, host);
  assert.deepEqual(shown[0].actions, [DONT_SHOW_AGAIN]);
});

test('malformed notifications are ignored', async () => {
  const { host, shown } = recordingHost(() => undefined);
  for (const params of [undefined, null, 'text', { message: 1, key: 'k' }, { message: 'm' }, { message: 'm', key: 'k', suggestion: 2 }]) {
    assert.equal(await showVersionNotice(params, host), 'ignored');
  }
  assert.equal(shown.length, 0);
});

test('at most 50 dismissed keys are kept, the newest', async () => {
  const old = Array.from({ length: 50 }, (_, i) => `2.0.${i}|latest`);
  const { host, state } = recordingHost(() => DONT_SHOW_AGAIN, old);
  await showVersionNotice(NOTICE, host);
  assert.equal(state.dismissed.length, 50);
  assert.equal(state.dismissed[0], '2.0.1|latest');
  assert.equal(state.dismissed[49], '2.9.10|latest');
});
