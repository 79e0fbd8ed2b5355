// Read markers: what is sent (forward only, at most every 2 s) and what is shown (the new-messages line, seen-by notes).
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { firstNewItemKey, moveMarker, seenBy } from '../src/conversation/readMarkers.js';
import { READ_INTERVAL_MS, ReadReporter } from '../src/conversation/readReporter.js';
import { loadReadVisibility, saveReadVisibility } from '../src/conversation/readVisibility.js';
import { fakeTimers } from './support/fakeTimers.mjs';

test('markers go forward only, at most once every 2 seconds, the latest seq of each room', () => {
  const timers = fakeTimers();
  const sent = [];
  let visible = false;
  const reporter = new ReadReporter({ send: (room, seq, shown) => sent.push([timers.time, room, seq, shown]), visible: () => visible, timers });
  reporter.seen('lobby', 3);
  reporter.seen('lobby', 4);
  reporter.seen('lobby', 2);
  reporter.seen('dev', 9);
  visible = true;
  timers.advance(READ_INTERVAL_MS - 1);
  assert.deepEqual(sent, [[0, 'lobby', 3, false]]);
  timers.advance(1);
  assert.deepEqual(sent.slice(1), [[2000, 'lobby', 4, true], [2000, 'dev', 9, true]]);
  reporter.seen('lobby', 4);
  timers.advance(5000);
  assert.equal(sent.length, 3, 'nothing new: nothing sent');
});

test('a marker learned from another device of ours is not sent again, nor anything below it', () => {
  const timers = fakeTimers();
  const sent = [];
  const reporter = new ReadReporter({ send: (room, seq) => sent.push(seq), timers });
  reporter.learned('lobby', 10);
  reporter.seen('lobby', 8);
  reporter.seen('lobby', 10);
  assert.deepEqual(sent, []);
  reporter.seen('lobby', 11);
  assert.deepEqual(sent, [11]);
});

const items = [
  { key: 1, type: 'message', seq: 3, from: 'bob' },
  { key: 2, type: 'system', text: 'carol joined' },
  { key: 3, type: 'message', seq: 5, from: 'amy', own: true },
  { key: 4, type: 'message', seq: 6, from: 'bob' },
  { key: 5, type: 'message', from: 'amy', own: true, status: 'pending' },
];

test('the new-messages line goes above the first message of someone else after the marker', () => {
  assert.equal(firstNewItemKey(items, 3), 4, 'our own message after the marker is not news');
  assert.equal(firstNewItemKey(items, 2), 1);
  assert.equal(firstNewItemKey(items, 6), undefined);
  assert.equal(firstNewItemKey(items, undefined), undefined, 'no marker yet (a first visit): no line');
});

test('each other member’s visible marker shows under the latest message they read (of someone else)', () => {
  assert.deepEqual([...seenBy(items, { bob: 5, carol: 6, dave: 1, amy: 6 }, 'amy')], [[3, ['bob']], [4, ['carol']]]);
  assert.deepEqual([...seenBy(items, { bob: 6 }, 'amy')], [[3, ['bob']]], 'not under their own message');
  assert.deepEqual(moveMarker({ bob: 5 }, 'bob', 4), { bob: 5 }, 'never back');
  assert.deepEqual(moveMarker({ bob: 5 }, 'bob', 7), { bob: 7 });
});

test('the visibility setting is off by default and kept', () => {
  const values = new Map();
  const storage = { getItem: (key) => values.get(key) ?? null, setItem: (key, value) => values.set(key, value) };
  assert.equal(loadReadVisibility(storage), false);
  saveReadVisibility(true, storage);
  assert.equal(loadReadVisibility(storage), true);
  assert.equal(loadReadVisibility({ getItem: () => { throw new Error('denied'); } }), false);
});
