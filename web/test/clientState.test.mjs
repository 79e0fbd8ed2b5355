// The client's memory across connections: the same rules as Tests/ChatClientTests/ClientStateTests.swift.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { ClientState } from '../src/protocol/clientState.js';

const limits = { max_message_bytes: 100, max_rooms: 4, rate: 10, burst: 10 };
const welcome = ({ epoch = 'e1', seq = 3, history = [], truncated = false, name = 'amy' } = {}) => ({
  type: 'welcome',
  name,
  session: '0123456789abcdef0123456789abcdef',
  epoch,
  rooms: [{ room: 'lobby', seq, members: [name], history, truncated }],
  limits,
});
const message = (seq, from = 'bob', id = undefined) => ({ type: 'message', room: 'lobby', seq, from, text: `m${seq}`, time: 0, ...(id ? { id } : {}) });
const kinds = (events, type) => events.filter((event) => event.type === type);

test('the first hello asks for the rooms and resumes nothing', () => {
  assert.deepEqual(new ClientState({ name: 'amy', rooms: ['lobby', 'dev'] }).hello(), { type: 'hello', name: 'amy', rooms: ['lobby', 'dev'] });
});

test('a reconnect resumes with the session, epoch and last sequences', () => {
  const state = new ClientState({ name: 'amy' });
  state.receive(welcome());
  state.receive(message(7));
  state.connectionLost();
  assert.deepEqual(state.hello(), {
    type: 'hello',
    name: 'amy',
    rooms: ['lobby'],
    session: '0123456789abcdef0123456789abcdef',
    resume: { epoch: 'e1', rooms: { lobby: 7 } },
  });
});

test('nothing is shown twice', () => {
  const state = new ClientState({ name: 'amy' });
  state.receive(welcome({ seq: 3 }));
  assert.equal(state.receive(message(3)).length, 0);
  assert.equal(state.receive(message(4)).length, 1);
  assert.equal(state.receive(message(4)).length, 0);
  const events = state.receive(welcome({ seq: 6, history: [message(4), message(5)] }));
  assert.deepEqual(kinds(events, 'message'), [{ type: 'message', message: message(5), history: false }]);
});

test('unacknowledged messages are resent first after a reconnect, with the same id', () => {
  const state = new ClientState({ name: 'amy' });
  const first = state.enqueue({ type: 'say', room: 'lobby', text: 'queued before the welcome' });
  assert.equal(state.dequeue(), undefined);
  state.receive(welcome());
  assert.equal(state.dequeue().id, first.id);
  const second = state.enqueue({ type: 'say', room: 'lobby', text: 'second' });
  state.dequeue();
  state.receive({ type: 'ack', id: first.id, room: 'lobby', seq: 4, time: 0 });
  state.connectionLost();
  state.receive(welcome({ seq: 4 }));
  assert.equal(state.dequeue().id, second.id);
  assert.equal(state.idle, false);
  state.receive({ type: 'ack', id: second.id, room: 'lobby', seq: 5, time: 0 });
  assert.equal(state.idle, true);
});

test('an own message found in the resumed history counts as acknowledged', () => {
  const state = new ClientState({ name: 'amy' });
  state.receive(welcome());
  const sent = state.enqueue({ type: 'say', room: 'lobby', text: 'm4' });
  state.dequeue();
  state.connectionLost();
  const events = state.receive(welcome({ seq: 4, history: [message(4, 'amy', sent.id)] }));
  assert.equal(kinds(events, 'acknowledged').length, 1);
  assert.equal(kinds(events, 'message').length, 0);
  assert.equal(state.idle, true);
});

test('a new epoch starts the rooms over and says so', () => {
  const state = new ClientState({ name: 'amy' });
  state.receive(welcome({ epoch: 'e1', seq: 50 }));
  const events = state.receive(welcome({ epoch: 'e2', seq: 2, history: [message(2)], truncated: true }));
  assert.equal(kinds(events, 'serverRestarted').length, 1);
  assert.equal(kinds(events, 'historyGap').length, 0);
  assert.equal(kinds(events, 'message').length, 1);
});

test('a refused join is forgotten, a rate-limited message goes again', () => {
  const state = new ClientState({ name: 'amy' });
  state.receive(welcome());
  const join = state.enqueue({ type: 'join', room: 'full' });
  state.dequeue();
  state.receive({ type: 'error', code: 'room_full', message: 'full', id: join.id });
  assert.deepEqual(state.wantedRooms, ['lobby']);
  const say = state.enqueue({ type: 'say', room: 'lobby', text: 'fast' });
  state.dequeue();
  assert.deepEqual(state.receive({ type: 'error', code: 'rate_limited', message: 'slow down', id: say.id }), [{ type: 'throttled' }]);
  assert.equal(state.queue[0].id, say.id);
});

test('a message refused while the relay is away goes again, until it has been refused too often', () => {
  const state = new ClientState({ name: 'amy' });
  state.receive(welcome());
  const say = state.enqueue({ type: 'say', room: 'lobby', text: 'during a failover' });
  for (let attempt = 1; attempt < 40; attempt += 1) {
    assert.equal(state.dequeue().id, say.id);
    assert.deepEqual(state.receive({ type: 'error', code: 'unavailable', message: 'relay away', id: say.id }), [{ type: 'throttled' }]);
  }
  state.dequeue();
  const [event] = state.receive({ type: 'error', code: 'unavailable', message: 'relay away', id: say.id });
  assert.equal(event.type, 'refused', 'the 40th refusal is shown');
  assert.equal(state.queue.length + state.unacknowledged.length, 0);
});

const presence = (seq, event, name, from = undefined) => ({ type: 'presence', room: 'lobby', seq, event, name, ...(from === undefined ? {} : { from }) });
const members = (state) => state.rooms.get('lobby').members;

test('presence events change the member list from the snapshot, in room order', () => {
  const state = new ClientState({ name: 'amy' });
  state.receive({ ...welcome({ seq: 3 }), rooms: [{ room: 'lobby', seq: 3, members: ['amy', 'carol'], history: [], truncated: false }] });
  const [joined] = state.receive(presence(4, 'joined', 'bob'));
  assert.deepEqual(joined.members, ['amy', 'bob', 'carol']);
  assert.deepEqual(joined.presence, presence(4, 'joined', 'bob'));
  state.receive(presence(5, 'renamed', 'Zed', 'carol'));
  state.receive(presence(6, 'left', 'amy'));
  assert.deepEqual(members(state), ['bob', 'Zed']);
  assert.deepEqual(state.receive(presence(7, 'joined', 'Bob'))[0].members, ['Bob', 'bob', 'Zed']);
});

test('a duplicate or old presence event is ignored, and a member list it still carries too', () => {
  const state = new ClientState({ name: 'amy' });
  state.receive(welcome({ seq: 3 }));
  assert.deepEqual(state.receive(presence(3, 'joined', 'bob')), [], 'not newer than the snapshot');
  assert.deepEqual(members(state), ['amy']);
  state.receive({ ...presence(4, 'joined', 'bob'), members: ['someone', 'else'] });
  assert.deepEqual(members(state), ['amy', 'bob']);
  assert.deepEqual(state.receive(presence(4, 'left', 'bob')), [], 'a duplicate');
  assert.deepEqual(state.receive(presence(2, 'left', 'bob')), [], 'an old one');
  assert.deepEqual(members(state), ['amy', 'bob']);
  assert.deepEqual(state.receive({ ...presence(9, 'joined', 'x'), room: 'elsewhere' }), [], 'a room we are not in');
});

test('a snapshot replaces the member list; so does a who answer for a room we are in', () => {
  const state = new ClientState({ name: 'amy' });
  state.receive(welcome({ seq: 3 }));
  state.receive(presence(4, 'joined', 'bob'));
  state.receive({ ...welcome({ seq: 6 }), rooms: [{ room: 'lobby', seq: 6, members: ['amy', 'carol'], history: [], truncated: false }] });
  assert.deepEqual(members(state), ['amy', 'carol']);
  state.receive({ type: 'members', id: 'w', room: 'lobby', members: ['amy', 'carol', 'dave'] });
  assert.deepEqual(members(state), ['amy', 'carol', 'dave']);
  state.receive({ type: 'members', id: 'w2', room: 'dev', members: ['zed'] });
  assert.equal(state.rooms.has('dev'), false);
  state.receive({ type: 'joined', id: 'j', snapshot: { room: 'dev', seq: 2, members: ['amy', 'zed'], history: [], truncated: false } });
  assert.deepEqual(state.rooms.get('dev').members, ['amy', 'zed']);
});

test('our own rename changes our name in every room list (the server sends us no presence for it)', () => {
  const state = new ClientState({ name: 'amy' });
  state.receive({ ...welcome({ seq: 3 }), rooms: [{ room: 'lobby', seq: 3, members: ['amy', 'bob'], history: [], truncated: false }] });
  state.receive({ type: 'joined', id: 'j', snapshot: { room: 'dev', seq: 1, members: ['amy'], history: [], truncated: false } });
  const [renamed] = state.receive({ type: 'renamed', id: 'r', name: 'zoe', from: 'amy' });
  assert.equal(state.name, 'zoe');
  assert.deepEqual(renamed.members, { lobby: ['bob', 'zoe'], dev: ['zoe'] });
  assert.deepEqual(members(state), ['bob', 'zoe']);
});
