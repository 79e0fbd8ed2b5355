// Key shares in the client's memory: sequenced like messages (shown once, resent until acked, found
// in history), a sealing key beside the identity key in every hello, and the end of each snapshot.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { ClientState } from '../src/protocol/clientState.js';

const limits = { max_message_bytes: 65536, max_rooms: 4, rate: 10, burst: 10 };
const share = (seq, from = 'bob', id = `k${seq}`) => ({ type: 'share', room: 'dev', seq, from, text: `e2k2:${seq}`, time: 0, id });
const welcome = (history = []) => ({ type: 'welcome', name: 'amy', session: 's', epoch: 'e1', rooms: [{ room: 'dev', seq: 3, members: ['amy', 'bob'], history, truncated: false }], limits });
const kinds = (events) => events.map((event) => event.type);

test('the hello carries the sealing key\'s box beside the identity key, and never without it', () => {
  assert.deepEqual(new ClientState({ name: 'amy', key: 'K', box: 'B' }).hello(), { type: 'hello', name: 'amy', rooms: ['lobby'], key: 'K', box: 'B' });
  assert.equal(new ClientState({ name: 'amy', box: 'B' }).hello().box, undefined);
});

test('a live share is shown once, in the room\'s order', () => {
  const state = new ClientState({ name: 'amy' });
  state.receive(welcome());
  assert.deepEqual(state.receive(share(4)), [{ type: 'share', share: share(4), history: false }]);
  assert.deepEqual(state.receive(share(4)), []);
  assert.deepEqual(state.receive(share(2)), [], 'older than the snapshot');
});

test('shares in a snapshot\'s history are shares, and the snapshot\'s end is marked after them', () => {
  const state = new ClientState({ name: 'amy' });
  const events = state.receive(welcome([share(1), { type: 'message', room: 'dev', seq: 2, from: 'bob', text: 'e2e2:x', time: 0 }]));
  assert.deepEqual(kinds(events), ['welcomed', 'share', 'message', 'snapshotDone']);
  assert.equal(events[1].history, true);
  assert.deepEqual(events.at(-1), { type: 'snapshotDone', room: 'dev' });
});

test('our own share waits for its ack and is resent after a reconnect; found in history, it counts as acked', () => {
  const state = new ClientState({ name: 'amy' });
  state.receive(welcome());
  const sent = state.enqueue({ type: 'share', room: 'dev', text: 'e2k2:ours' });
  assert.equal(state.dequeue().id, sent.id);
  state.connectionLost();
  assert.equal(state.queue[0].id, sent.id, 'resent first, with the same id');
  const events = state.receive({ ...welcome([share(4, 'amy', sent.id)]), rooms: [{ ...welcome().rooms[0], seq: 4, history: [share(4, 'amy', sent.id)] }] });
  assert.deepEqual(kinds(events), ['welcomed', 'acknowledged', 'snapshotDone']);
  assert.ok(state.idle);
});
