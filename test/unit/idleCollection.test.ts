/**
 * The language server's collection between keystrokes (server/src/idleCollection.ts), on mocked
 * timers: when it collects, what calls it off, and nothing at all without `--expose-gc`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { IDLE_COLLECTION_DELAY_MS, IdleCollection, exposedGarbageCollector, type CollectGarbage } from '../../server/src/idleCollection';

function recorder(): { collect: CollectGarbage; calls: unknown[] } {
  const calls: unknown[] = [];
  return { collect: (options) => calls.push(options), calls };
}

test('a young-generation collection runs once the server has been idle for the delay', (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const { collect, calls } = recorder();
  const idle = new IdleCollection(collect);
  idle.schedule();
  t.mock.timers.tick(IDLE_COLLECTION_DELAY_MS - 1);
  assert.deepEqual(calls, []);
  t.mock.timers.tick(1);
  assert.deepEqual(calls, [{ type: 'minor' }]);
  t.mock.timers.tick(10 * IDLE_COLLECTION_DELAY_MS);
  assert.equal(calls.length, 1, 'one collection per result');
});

test('a change within the delay calls the collection off; a later result schedules it again', (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const { collect, calls } = recorder();
  const idle = new IdleCollection(collect);
  idle.schedule();
  t.mock.timers.tick(IDLE_COLLECTION_DELAY_MS - 1);
  idle.cancel();
  t.mock.timers.tick(10 * IDLE_COLLECTION_DELAY_MS);
  assert.deepEqual(calls, []);
  idle.schedule();
  // Results in quick succession: the delay counts from the last one.
  t.mock.timers.tick(IDLE_COLLECTION_DELAY_MS - 1);
  idle.schedule();
  t.mock.timers.tick(IDLE_COLLECTION_DELAY_MS - 1);
  assert.deepEqual(calls, []);
  t.mock.timers.tick(1);
  assert.deepEqual(calls, [{ type: 'minor' }]);
  idle.cancel(); // nothing pending: no effect
  assert.equal(calls.length, 1);
});

test('without --expose-gc there is no collector and scheduling does nothing', (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  // The test process runs without the flag.
  assert.equal(exposedGarbageCollector(), undefined);
  const idle = new IdleCollection(undefined);
  idle.schedule();
  t.mock.timers.tick(10 * IDLE_COLLECTION_DELAY_MS);
  idle.cancel();
});
