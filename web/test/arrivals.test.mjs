// What just arrived from others (src/shell/arrivals.js), on states the store makes.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { arrivalsSince } from '../src/shell/arrivals.js';
import { initialState, reduce, roomKey } from '../src/store/chatStore.js';

const welcome = { type: 'event', event: { type: 'welcomed', resumed: false, welcome: { name: 'amy', rooms: [{ room: 'lobby', seq: 0, members: ['amy'], history: [] }] } } };
const said = (from, text, seq, history = false) => ({ type: 'event', event: { type: 'message', history, message: { type: 'message', room: 'lobby', seq, from, text, time: seq } } });

test('new messages from others since the last look; not history, not our own, not system lines', () => {
  let state = [welcome, said('bob', 'old', 1, true)].reduce(reduce, initialState());
  const first = arrivalsSince(state, 0);
  assert.deepEqual(first.arrivals, []);
  state = [said('bob', 'hi', 2), said('amy', 'mine', 3), { type: 'notice', text: 'a system line' }, said('cy', 'hey', 4)].reduce(reduce, state);
  const { arrivals, last } = arrivalsSince(state, first.last);
  assert.deepEqual(arrivals.map(({ key, item }) => [key, item.text]), [[roomKey('lobby'), 'hi'], [roomKey('lobby'), 'hey']]);
  assert.deepEqual(arrivalsSince(state, last).arrivals, [], 'each arrives once');
});
