// The GUI's model: views, unread counts, pending messages.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { directKey, initialState, reduce, roomKey } from '../src/store/chatStore.js';

const welcome = (rooms = ['lobby']) => ({
  type: 'event',
  event: {
    type: 'welcomed',
    resumed: false,
    welcome: { name: 'amy', session: 's', epoch: 'e', limits: {}, rooms: rooms.map((room) => ({ room, seq: 0, members: ['amy'], history: [], truncated: false })) },
  },
});
const event = (e) => ({ type: 'event', event: e });
const run = (...actions) => actions.reduce(reduce, initialState());

test('a welcome makes a view per room and the first one active', () => {
  const state = run(welcome(['lobby', 'dev']));
  assert.equal(state.status, 'online');
  assert.deepEqual(state.order, [roomKey('lobby'), roomKey('dev')]);
  assert.equal(state.active, roomKey('lobby'));
  assert.deepEqual(state.views[roomKey('dev')].members, ['amy']);
});

test('messages in other views count as unread until shown', () => {
  let state = run(welcome(['lobby', 'dev']));
  state = reduce(state, event({ type: 'message', history: false, message: { type: 'message', room: 'dev', seq: 1, from: 'bob', text: 'hi', time: 1 } }));
  state = reduce(state, event({ type: 'message', history: true, message: { type: 'message', room: 'dev', seq: 0, from: 'bob', text: 'old', time: 0 } }));
  assert.equal(state.views[roomKey('dev')].unread, 1, 'history is not unread');
  state = reduce(state, { type: 'activate', key: roomKey('dev') });
  assert.equal(state.views[roomKey('dev')].unread, 0);
});

test('an own message is pending until acknowledged, or marked failed', () => {
  let state = run(welcome());
  state = reduce(state, { type: 'sent', frame: { type: 'say', id: 'a', room: 'lobby', text: 'hi' }, time: 5 });
  state = reduce(state, { type: 'sent', frame: { type: 'say', id: 'b', room: 'lobby', text: 'too long' }, time: 6 });
  assert.deepEqual(state.views[roomKey('lobby')].items.map((item) => item.status), ['pending', 'pending']);
  state = reduce(state, event({ type: 'acknowledged', ack: { id: 'a', room: 'lobby', seq: 3, time: 7 } }));
  state = reduce(state, event({ type: 'refused', error: { code: 'too_large', message: 'message too large', id: 'b' } }));
  const [sent, failed] = state.views[roomKey('lobby')].items;
  assert.equal(sent.status, 'sent');
  assert.equal(sent.seq, 3);
  assert.equal(failed.status, 'failed');
  assert.equal(failed.error, 'message too large');
});

test('private messages get a view of their own, named after the other person', () => {
  let state = run(welcome());
  state = reduce(state, event({ type: 'direct', direct: { from: 'bob', to: 'amy', text: 'psst', time: 1 } }));
  state = reduce(state, { type: 'sent', frame: { type: 'dm', id: 'x', to: 'bob', text: 'hi bob' } });
  assert.deepEqual(state.views[directKey('bob')].items.map((item) => item.text), ['psst', 'hi bob']);
  assert.equal(state.views[directKey('bob')].unread, 1);
  assert.equal(state.order.at(-1), directKey('bob'));
});

test('presence updates the members and adds a quiet line', () => {
  let state = run(welcome());
  state = reduce(state, event({ type: 'presence', presence: { room: 'lobby', seq: 2, event: 'joined', name: 'bob' }, members: ['amy', 'bob'] }));
  assert.deepEqual(state.views[roomKey('lobby')].members, ['amy', 'bob']);
  assert.equal(state.views[roomKey('lobby')].items.at(-1).text, 'bob joined');
});

test('joining switches to the room asked for; leaving switches away', () => {
  let state = run(welcome());
  state = reduce(state, { type: 'joining', room: 'dev' });
  state = reduce(state, event({ type: 'joined', snapshot: { room: 'dev', seq: 1, members: ['amy'], history: [], truncated: false } }));
  assert.equal(state.active, roomKey('dev'));
  state = reduce(state, event({ type: 'left', room: 'dev' }));
  assert.equal(state.active, roomKey('lobby'));
  assert.equal(state.views[roomKey('dev')], undefined);
});

test('the connection state follows the connection', () => {
  let state = run(welcome());
  state = reduce(state, event({ type: 'disconnected', reason: 'lost', retryIn: 1500 }));
  assert.equal(state.status, 'offline');
  assert.equal(state.retryIn, 1500);
  state = reduce(state, event({ type: 'welcomed', resumed: true, welcome: { name: 'amy', session: 's', epoch: 'e', limits: {}, rooms: [{ room: 'lobby', seq: 1, members: ['amy'], history: [], truncated: false }] } }));
  assert.equal(state.status, 'online');
  assert.equal(state.views[roomKey('lobby')].items.at(-1).text, 'Reconnected');
  state = reduce(state, event({ type: 'fatal', error: { code: 'name_taken', message: 'taken' } }));
  assert.equal(state.status, 'failed');
});

test('which rooms are encrypted is kept apart from the views, so a re-join keeps it', () => {
  let state = run(welcome(['lobby', 'secret']));
  state = reduce(state, { type: 'encryption', room: 'secret', encryption: { status: 'deriving' } });
  state = reduce(state, { type: 'encryption', room: 'secret', encryption: { status: 'ready', fingerprint: '95c5 9d43 39d0 b772' } });
  state = reduce(state, event({ type: 'left', room: 'secret' }));
  assert.equal(state.encryption.secret.fingerprint, '95c5 9d43 39d0 b772');
  state = reduce(state, { type: 'encryption', room: 'secret', encryption: undefined });
  assert.deepEqual(state.encryption, {});
});

test('messages keep how they were opened; our own sealed message shows its plaintext until and after its ack', () => {
  let state = run(welcome(['secret']));
  state = reduce(state, event({ type: 'message', history: false, message: { type: 'message', room: 'secret', seq: 1, from: 'bob', text: '', time: 1, e2e: 'failed' } }));
  state = reduce(state, { type: 'sent', frame: { type: 'say', id: 'a', room: 'secret', text: 'my plaintext' }, e2e: 'ok', time: 2 });
  state = reduce(state, event({ type: 'acknowledged', ack: { id: 'a', room: 'secret', seq: 2, time: 3 } }));
  const [theirs, mine] = state.views[roomKey('secret')].items;
  assert.equal(theirs.e2e, 'failed');
  assert.deepEqual([mine.text, mine.e2e, mine.status], ['my plaintext', 'ok', 'sent']);
});

test('presence frames carry no list: the view takes the ClientState\'s, or changes its own the same way', () => {
  let state = run(welcome());
  state = reduce(state, event({ type: 'presence', presence: { room: 'lobby', seq: 2, event: 'joined', name: 'bob' }, members: ['amy', 'bob'] }));
  assert.deepEqual(state.views[roomKey('lobby')].members, ['amy', 'bob']);
  state = reduce(state, event({ type: 'presence', presence: { room: 'lobby', seq: 3, event: 'joined', name: 'Al' } }));
  assert.deepEqual(state.views[roomKey('lobby')].members, ['Al', 'amy', 'bob']);
  state = reduce(state, event({ type: 'presence', presence: { room: 'lobby', seq: 4, event: 'renamed', name: 'zed', from: 'bob' } }));
  assert.equal(state.views[roomKey('lobby')].items.at(-1).text, 'bob is now zed');
  state = reduce(state, event({ type: 'presence', presence: { room: 'lobby', seq: 5, event: 'left', name: 'Al' } }));
  assert.deepEqual(state.views[roomKey('lobby')].members, ['amy', 'zed']);
});

test('our rename and a who answer update the room lists', () => {
  let state = run(welcome(['lobby', 'constructor']));
  state = reduce(state, event({ type: 'direct', direct: { from: 'bob', to: 'amy', text: 'psst', time: 1 } }));
  state = reduce(state, event({ type: 'renamed', renamed: { id: 'r', name: 'zoe', from: 'amy' }, members: { lobby: ['bob', 'zoe'] } }));
  assert.equal(state.me, 'zoe');
  assert.deepEqual(state.views[roomKey('lobby')].members, ['bob', 'zoe']);
  assert.deepEqual(state.views[roomKey('constructor')].members, ['zoe'], 'a room the event does not list changes its own');
  assert.deepEqual(state.views[directKey('bob')].members, []);
  state = reduce(state, event({ type: 'members', members: { id: 'w', room: 'lobby', members: ['bob', 'carol', 'zoe'] } }));
  assert.deepEqual(state.views[roomKey('lobby')].members, ['bob', 'carol', 'zoe']);
  assert.equal(state.views[roomKey('dev')], undefined, 'a who answer for another room makes no view');
});

test('messages keep what their signature said, and our own are ours', () => {
  let state = reduce(run(welcome()), { type: 'identity', identity: { key: 'K', fingerprint: 'f' } });
  const signature = { state: 'first-seen', key: 'B', fingerprint: 'b' };
  state = reduce(state, event({ type: 'message', history: false, message: { type: 'message', room: 'lobby', seq: 1, from: 'bob', text: 'hi', time: 1, key: 'B', signature } }));
  state = reduce(state, event({ type: 'direct', direct: { from: 'bob', to: 'amy', text: 'psst', time: 1, signature: { state: 'unsigned' } } }));
  state = reduce(state, { type: 'sent', frame: { type: 'say', id: 'a', room: 'lobby', text: 'mine' } });
  assert.deepEqual(state.views[roomKey('lobby')].items.map((item) => item.signature), [signature, { state: 'verified', key: 'K', own: true }]);
  assert.deepEqual(state.views[directKey('bob')].items[0].signature, { state: 'unsigned' });
});

test('a member back with another key is announced as a problem, naming them', () => {
  let state = run(welcome());
  const signature = { state: 'key-changed', key: 'N', previousVerified: true };
  state = reduce(state, event({ type: 'presence', presence: { room: 'lobby', seq: 2, event: 'joined', name: 'bob', key: 'N', signature }, members: ['amy', 'bob'] }));
  const [joined, warning] = state.views[roomKey('lobby')].items;
  assert.equal(joined.text, 'bob joined');
  assert.equal(warning.keyChangeOf, 'bob');
  assert.equal(warning.problem, true);
  state = reduce(state, event({ type: 'presence', presence: { room: 'lobby', seq: 3, event: 'joined', name: 'carol', key: 'C', signature: { state: 'first-seen' } }, members: ['amy', 'bob', 'carol'] }));
  assert.equal(state.views[roomKey('lobby')].items.length, 3, 'a first key is no news');
});

test('the pinned keys are kept for the views to show', () => {
  const state = reduce(run(welcome()), { type: 'pins', pins: { bob: { key: 'B', verified: true } } });
  assert.deepEqual(state.pins, { bob: { key: 'B', verified: true } });
});

test('while the page is hidden the open view counts too, and showing the page clears it', () => {
  let state = run(welcome(['lobby']), { type: 'visibility', visible: false });
  state = reduce(state, event({ type: 'message', history: false, message: { type: 'message', room: 'lobby', seq: 1, from: 'bob', text: 'hi @amy', time: 1 } }));
  assert.deepEqual([state.views[roomKey('lobby')].unread, state.views[roomKey('lobby')].mentions], [1, 1]);
  state = reduce(state, { type: 'visibility', visible: true });
  assert.deepEqual([state.views[roomKey('lobby')].unread, state.views[roomKey('lobby')].mentions], [0, 0]);
});

test('our own messages (from another device of ours) are not unread', () => {
  let state = run(welcome(['lobby', 'dev']));
  state = reduce(state, event({ type: 'message', history: false, message: { type: 'message', room: 'dev', seq: 1, from: 'amy', text: 'mine', time: 1 } }));
  state = reduce(state, event({ type: 'direct', direct: { from: 'amy', to: 'bob', text: 'to bob', time: 2, id: 'x' } }));
  assert.equal(state.views[roomKey('dev')].unread, 0);
  assert.equal(state.views[directKey('bob')].unread, 0);
});
