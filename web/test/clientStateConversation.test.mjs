// The ClientState and the conversation events (conv1): edits, deletes and reactions are room events
// (in order, once each, resent until acknowledged); typing and read markers pass through unsequenced.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { ClientState } from '../src/protocol/clientState.js';

const server = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'Tests', 'Fixtures', 'protocol', 'server');
const fixture = (name) => JSON.parse(readFileSync(join(server, name), 'utf8'));
const welcome = (seq = 44) => ({ type: 'welcome', name: 'amy', session: 's', epoch: 'e', limits: {}, rooms: [{ room: 'lobby', seq, members: ['amy', 'bob'], history: [], truncated: false }] });

test('an edit, a delete and a reaction are delivered once each, in order, like messages', () => {
  const state = new ClientState({ name: 'amy' });
  state.receive(welcome());
  for (const name of ['edit.json', 'delete.json', 'reaction.json']) {
    const frame = fixture(name);
    assert.deepEqual(state.receive(frame), [{ type: 'message', message: frame, history: false }], name);
    assert.deepEqual(state.receive(frame), [], `${name} again: a duplicate`);
  }
});

test('a snapshot’s history brings its edits and reactions, and the markers ride in the joined event', () => {
  const state = new ClientState({ name: 'alice' });
  state.receive(welcome());
  const joined = fixture('joined-read.json');
  const events = state.receive(joined);
  assert.deepEqual(events[0], { type: 'joined', snapshot: joined.snapshot });
  assert.deepEqual(events.filter((event) => event.type === 'message').map((event) => event.message.type), ['message', 'edit', 'reaction']);
});

test('typing and read frames pass through for our rooms, unsequenced', () => {
  const state = new ClientState({ name: 'amy' });
  state.receive(welcome());
  assert.deepEqual(state.receive(fixture('typing.json')), [{ type: 'typing', typing: fixture('typing.json') }]);
  assert.deepEqual(state.receive(fixture('read.json')), [{ type: 'read', read: fixture('read.json') }]);
  assert.deepEqual(state.receive(fixture('read.json')).length, 1, 'not deduplicated: it has no seq');
  assert.deepEqual(state.receive({ ...fixture('typing.json'), room: 'elsewhere' }), []);
  assert.equal(state.rooms.get('lobby').lastSeq, 44, 'no seq moved');
});

test('our edit waits for its ack and is resent with the same id after a reconnect', () => {
  const state = new ClientState({ name: 'amy' });
  state.receive(welcome());
  const edit = state.enqueue({ type: 'edit', room: 'lobby', target: { seq: 40, id: 'x' }, text: 'fixed' });
  state.dequeue();
  state.connectionLost();
  state.receive(welcome());
  assert.equal(state.dequeue().id, edit.id);
  state.receive({ type: 'ack', id: edit.id, room: 'lobby', seq: 45, time: 1 });
  assert.equal(state.idle, true);
});
