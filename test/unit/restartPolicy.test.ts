/**
 * The client's decision when the language server dies: restart within the language client's
 * default budget (4 restarts; a 5th crash within 3 minutes of the oldest remembered one stops),
 * tell the user once that it restarted and once when it gives up.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DEFAULT_MAX_RESTARTS, DEFAULT_RESTART_WINDOW_MS, gaveUpMessage, RESTARTED_MESSAGE, RestartPolicy,
} from '../../client/src/restartPolicy';

/** A policy on a clock the test moves by hand. */
function policyAt(start = 1_000_000) {
  let now = start;
  const policy = new RestartPolicy({ now: () => now });
  return { policy, advance: (ms: number) => (now += ms) };
}

test('the defaults are the language client\'s: 4 restarts within 3 minutes', () => {
  assert.equal(DEFAULT_MAX_RESTARTS, 4);
  assert.equal(DEFAULT_RESTART_WINDOW_MS, 180_000);
});

test('the first crash restarts and tells the user, once', () => {
  const { policy, advance } = policyAt();
  const first = policy.closed();
  assert.equal(first.restart, true);
  assert.deepEqual(first.notify, { level: 'warning', message: RESTARTED_MESSAGE });
  assert.equal(RESTARTED_MESSAGE, 'The NATS config language server stopped unexpectedly and was restarted. See the output for details.');
  advance(10_000);
  const second = policy.closed();
  assert.equal(second.restart, true);
  assert.equal(second.notify, undefined);
  assert.match(second.log, /restarting it/);
});

test('five crashes within 3 minutes: four restarts, then it gives up with one error message', () => {
  const { policy, advance } = policyAt();
  const decisions = [];
  for (let i = 0; i < 5; i++) {
    decisions.push(policy.closed());
    advance(30_000);
  }
  assert.deepEqual(decisions.map((d) => d.restart), [true, true, true, true, false]);
  assert.deepEqual(decisions.map((d) => d.notify?.level), ['warning', undefined, undefined, undefined, 'error']);
  assert.equal(decisions[4].notify?.message, gaveUpMessage(5, DEFAULT_RESTART_WINDOW_MS));
  assert.match(decisions[4].notify!.message, /stopped unexpectedly 5 times in 3 minutes and will not be restarted\. Run "NATS: Restart Language Server"/);
  assert.match(decisions[4].log, /stopped 5 times within 120 s; not restarting/);
});

test('crashes spread over more than 3 minutes keep restarting, and the user is told only the first time', () => {
  const { policy, advance } = policyAt();
  const decisions = [];
  for (let i = 0; i < 12; i++) {
    decisions.push(policy.closed());
    advance(50_000); // 5 crashes span 200 s > 180 s
  }
  assert.ok(decisions.every((d) => d.restart));
  assert.equal(decisions.filter((d) => d.notify).length, 1);
});

test('the window is inclusive: the 5th crash exactly 3 minutes after the 1st still gives up', () => {
  const { policy, advance } = policyAt();
  for (let i = 0; i < 4; i++) {
    assert.equal(policy.closed().restart, true);
    advance(45_000);
  }
  assert.equal(policy.closed().restart, false);
});

test('after giving up, a restart by hand gets the whole budget and one notice again', () => {
  const { policy, advance } = policyAt();
  for (let i = 0; i < 5; i++) policy.closed();
  advance(1_000);
  const afterManualRestart = policy.closed();
  assert.equal(afterManualRestart.restart, true);
  assert.equal(afterManualRestart.notify?.level, 'warning');
  for (let i = 0; i < 3; i++) assert.equal(policy.closed().restart, true);
  assert.equal(policy.closed().restart, false);
});

test('connection errors: three in a row are tolerated, then the connection shuts down', () => {
  const policy = new RestartPolicy();
  assert.deepEqual([1, 2, 3, 4, 10].map((count) => policy.error(count)), ['continue', 'continue', 'continue', 'shutdown', 'shutdown']);
  assert.equal(policy.error(undefined), 'shutdown');
  assert.equal(policy.error(0), 'shutdown');
});

test('a custom budget: no restarts at all', () => {
  const policy = new RestartPolicy({ maxRestarts: 0, now: () => 0 });
  const decision = policy.closed();
  assert.equal(decision.restart, false);
  assert.equal(decision.notify?.level, 'error');
  assert.throws(() => new RestartPolicy({ maxRestarts: -1 }), /Invalid maxRestarts/);
});
