// The store and the conversation events: replies, edits, deletes and reactions on their targets (ours
// at their ack), refusals for a moment, typists, read markers and mentions in the unread counts.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { reactionChips } from '../src/conversation/reactions.js';
import { initialState, reduce, roomKey } from '../src/store/chatStore.js';

const server = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'Tests', 'Fixtures', 'protocol', 'server');
const fixture = (name) => JSON.parse(readFileSync(join(server, name), 'utf8'));
const snapshot = (room, fields = {}) => ({ room, seq: 0, members: ['amy', 'bob'], history: [], truncated: false, ...fields });
const welcome = (rooms = [snapshot('lobby')], resumed = false) => ({ type: 'event', event: { type: 'welcomed', resumed, welcome: { name: 'amy', session: 's', epoch: 'e', limits: {}, rooms } } });
const event = (e) => ({ type: 'event', event: e });
const received = (message, history = false) => event({ type: 'message', history, message: { room: 'lobby', time: 1, signature: { state: 'verified', key: message.key }, ...message } });
const run = (...actions) => actions.reduce(reduce, initialState());
const items = (state, room = 'lobby') => state.views[roomKey(room)].items;
const bobSaid = received({ type: 'message', seq: 1, id: 'b1', from: 'bob', key: 'KB', text: 'hello' });

test('a reply keeps its reference; an edit shows the new text with the edited mark; a delete leaves a tombstone', () => {
  let state = run(welcome(), bobSaid, received({ type: 'message', seq: 2, id: 'b2', from: 'bob', key: 'KB', text: 'sure', reply: { seq: 1, id: 'b1', from: 'bob' } }));
  assert.deepEqual(items(state)[1].reply, { seq: 1, id: 'b1', from: 'bob' });
  state = reduce(state, received({ type: 'edit', seq: 3, id: 'b3', from: 'bob', key: 'KB', text: 'hello, all', target: { seq: 1, id: 'b1' } }));
  assert.deepEqual([items(state)[0].text, items(state)[0].edited, items(state).length], ['hello, all', true, 2], 'an edit adds no line');
  state = reduce(state, received({ type: 'delete', seq: 4, id: 'b4', from: 'bob', key: 'KB', text: '', target: { seq: 1, id: 'b1' } }));
  assert.deepEqual([items(state)[0].deleted, items(state)[0].text], [true, '']);
  assert.equal(JSON.stringify(state).includes('hello, all'), false, 'the text is gone from the state');
});

test('an edit by someone else than the author is ignored and shown as invalid', () => {
  const state = run(welcome(), bobSaid, received({ type: 'edit', seq: 2, id: 'm1', from: 'mallory', key: 'KM', text: 'pwned', target: { seq: 1, id: 'b1' } }));
  assert.equal(items(state)[0].text, 'hello');
  assert.equal(items(state)[1].invalidEvent, 'edit');
  assert.equal(items(state)[1].problem, true);
});

test('our own edit, delete and reaction apply at their ack, with the seq the room gave them', () => {
  let state = run(welcome(), { type: 'identity', identity: { key: 'KA' } }, { type: 'sent', frame: { type: 'say', id: 'a1', room: 'lobby', text: 'tpyo' } });
  state = reduce(state, event({ type: 'acknowledged', ack: { id: 'a1', room: 'lobby', seq: 5, time: 2 } }));
  state = reduce(state, { type: 'sent', frame: { type: 'edit', id: 'a2', room: 'lobby', target: { seq: 5, id: 'a1' }, text: 'typo' }, e2e: undefined });
  state = reduce(state, bobSaid);
  assert.equal(items(state)[0].text, 'tpyo', 'not before its ack');
  state = reduce(state, event({ type: 'acknowledged', ack: { id: 'a2', room: 'lobby', seq: 6, time: 3 } }));
  assert.deepEqual([items(state)[0].text, items(state)[0].edited], ['typo', true]);
  state = reduce(state, { type: 'sent', frame: { type: 'reaction', id: 'a3', room: 'lobby', target: { seq: 1, id: 'b1' }, text: '+👍' } });
  state = reduce(state, event({ type: 'acknowledged', ack: { id: 'a3', room: 'lobby', seq: 7, time: 4 } }));
  assert.deepEqual(reactionChips(items(state)[1].reactions, 'key:KA'), [{ emoji: '👍', count: 1, names: ['amy'], mine: true }]);
  state = reduce(state, { type: 'sent', frame: { type: 'delete', id: 'a4', room: 'lobby', target: { seq: 5, id: 'a1' } } });
  state = reduce(state, event({ type: 'acknowledged', ack: { id: 'a4', room: 'lobby', seq: 8, time: 5 } }));
  assert.equal(items(state)[0].deleted, true);
  assert.deepEqual(state.pendingChanges, {});
  assert.equal(state.views[roomKey('lobby')].latestSeq, 8);
});

test('a refused change is forgotten and told for a moment', () => {
  let state = run(welcome(), { type: 'sent', frame: { type: 'edit', id: 'a2', room: 'lobby', target: { seq: 44, id: 'm0' }, text: 'x' } });
  state = reduce(state, event({ type: 'refused', error: { ...fixture('error-unknown-message.json'), id: 'a2' } }));
  assert.match(state.toast.text, /Your edit was not sent: lobby holds no message 44/);
  assert.deepEqual(state.pendingChanges, {});
  assert.equal(reduce(state, { type: 'toastDone', key: state.toast.key }).toast, undefined);
});

test('a snapshot with history edits and reactions shows the message as it is now, and its markers', () => {
  const joined = fixture('joined-read.json');
  let state = run(welcome(), event({ type: 'joined', snapshot: joined.snapshot }));
  for (const message of joined.snapshot.history) state = reduce(state, received(message, true));
  const view = state.views[roomKey('dev')];
  assert.equal(view.items[0].text, 'build is green again');
  assert.deepEqual(reactionChips(view.items[0].reactions, 'x').map((chip) => chip.emoji), ['🎉']);
  assert.deepEqual([view.read, view.reads, view.newSince], [5, { dave: 9 }, 5]);
});

test('read markers: ours from another device moves ours; another’s is kept; opening a room sets the new-messages line', () => {
  let state = run(welcome([snapshot('lobby', { read: 3, reads: { bob: 2 } }), snapshot('dev')]));
  assert.deepEqual(state.views[roomKey('lobby')].newSince, 3);
  state = reduce(state, event({ type: 'read', read: { type: 'read', room: 'dev', from: 'amy', seq: 7 } }));
  state = reduce(state, event({ type: 'read', read: { type: 'read', room: 'lobby', from: 'bob', seq: 4 } }));
  state = reduce(state, event({ type: 'read', read: { type: 'read', room: 'lobby', from: 'bob', seq: 1 } }));
  assert.deepEqual(state.views[roomKey('lobby')].reads, { bob: 4 });
  state = reduce(state, { type: 'activate', key: roomKey('dev') });
  assert.equal(state.views[roomKey('dev')].newSince, 7);
  state = reduce(state, { type: 'readSent', room: 'dev', seq: 9 });
  assert.deepEqual([state.views[roomKey('dev')].read, state.views[roomKey('dev')].newSince], [9, 7], 'the line stays where it was while the room is open');
  state = reduce(state, welcome([snapshot('lobby', { read: 2 }), snapshot('dev', { read: 8 })], true));
  assert.deepEqual([state.views[roomKey('dev')].read, state.views[roomKey('dev')].newSince], [9, 7], 'a resume moves nothing back');
});

test('typists come and go: stopped, left, or a message of theirs', () => {
  let state = run(welcome(), event({ type: 'typing', typing: fixture('typing.json') }));
  assert.deepEqual(Object.keys(state.views[roomKey('lobby')].typists), ['bob']);
  assert.deepEqual(Object.keys(reduce(state, bobSaid).views[roomKey('lobby')].typists), []);
  const left = event({ type: 'presence', presence: { type: 'presence', room: 'lobby', seq: 9, event: 'left', name: 'bob' } });
  assert.deepEqual(Object.keys(reduce(state, left).views[roomKey('lobby')].typists), []);
  state = reduce(state, event({ type: 'typing', typing: { ...fixture('typing.json'), from: 'amy' } }));
  assert.deepEqual(Object.keys(state.views[roomKey('lobby')].typists), ['bob'], 'our own other device is not shown');
});

test('a mention of us highlights the message and counts apart in the unread badge', () => {
  let state = run(welcome([snapshot('lobby'), snapshot('dev')]));
  state = reduce(state, received({ type: 'message', room: 'dev', seq: 1, from: 'bob', text: 'hey @Amy' }));
  state = reduce(state, received({ type: 'message', room: 'dev', seq: 2, from: 'bob', text: 'and everyone' }));
  const view = state.views[roomKey('dev')];
  assert.deepEqual([view.unread, view.mentions, view.items[0].mentionsMe, view.items[1].mentionsMe], [2, 1, true, false]);
  state = reduce(state, { type: 'activate', key: roomKey('dev') });
  assert.deepEqual([state.views[roomKey('dev')].unread, state.views[roomKey('dev')].mentions], [0, 0]);
});
