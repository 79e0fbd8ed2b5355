// Rotation without storms: ranks by identity key, the first at once, each next one 2 s later, and a
// rotation that arrives first cancels the rest.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { DELAY_PER_RANK, RotationSchedule, rotationRank } from '../src/e2e/rotation.js';

const key = (...bytes) => Uint8Array.from(bytes);

/** Timers the test fires by hand. */
function manualTimers() {
  const pending = new Map();
  let next = 0;
  return {
    pending,
    set: (run, delay) => {
      next += 1;
      pending.set(next, { run, delay });
      return next;
    },
    clear: (id) => pending.delete(id),
    fireAll: () => {
      const due = [...pending.values()];
      pending.clear();
      for (const { run } of due) run();
    },
  };
}

test('our rank is our key\'s place among the holders\' keys in byte order, or -1 if we hold none', () => {
  const holders = [key(3, 1), key(1, 200), key(2)];
  assert.equal(rotationRank(key(1, 200), holders), 0);
  assert.equal(rotationRank(key(2), holders), 1);
  assert.equal(rotationRank(key(3, 1), holders), 2);
  assert.equal(rotationRank(key(9), holders), -1);
});

test('the first holder rotates at once; the others wait by rank and are cancelled by a rotation that arrives', () => {
  const rotated = [];
  const timers = manualTimers();
  const schedule = new RotationSchedule({ rotate: (room, without) => rotated.push([room, without]), timers });
  schedule.holderLeft('dev', 'carol', 0);
  assert.deepEqual(rotated, [['dev', ['carol']]]);
  schedule.holderLeft('ops', 'carol', 2);
  assert.deepEqual([...timers.pending.values()].map(({ delay }) => delay), [2 * DELAY_PER_RANK]);
  schedule.cancel('ops');
  assert.equal(timers.pending.size, 0);
  schedule.holderLeft('ops', 'dave', -1);
  assert.equal(timers.pending.size, 0, 'a member who holds no key does not rotate');
});

test('holders who leave while a rotation waits are all left out of it', () => {
  const rotated = [];
  const timers = manualTimers();
  const schedule = new RotationSchedule({ rotate: (room, without) => rotated.push([room, without]), timers });
  schedule.holderLeft('dev', 'carol', 1);
  schedule.holderLeft('dev', 'dave', 1);
  timers.fireAll();
  assert.deepEqual(rotated, [['dev', ['carol', 'dave']]]);
  schedule.holderLeft('dev', 'erin', 1);
  schedule.stop();
  assert.equal(timers.pending.size, 0);
});
