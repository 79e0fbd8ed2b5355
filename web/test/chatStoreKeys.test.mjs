// The GUI's model of end-to-end encryption: a line when a share changes a room's key, whom we can
// seal to, and direct messages that keep how they were opened.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { directKey, initialState, reduce, roomKey } from '../src/store/chatStore.js';

const welcome = {
  type: 'event',
  event: { type: 'welcomed', resumed: false, welcome: { name: 'amy', session: 's', epoch: 'e', limits: {}, rooms: [{ room: 'dev', seq: 0, members: ['amy'], history: [], truncated: false }] } },
};
const event = (e) => ({ type: 'event', event: e });
const key = { fingerprint: '69a4 3408 3ae7 cd07' };
const share = (from, own = false) => ({ type: 'share', room: 'dev', seq: 2, from, text: 'e2k2:x', time: 5, signature: own ? { state: 'verified', own } : { state: 'verified' } });
const lines = (state) => state.views[roomKey('dev')].items.map((item) => [item.text, Boolean(item.problem)]);

test('a share that changes the key says who changed it and to which key; one that changes nothing says nothing', () => {
  let state = [welcome].reduce(reduce, initialState());
  state = reduce(state, event({ type: 'share', share: share('bob'), effect: { change: 'first', key } }));
  state = reduce(state, event({ type: 'share', share: share('amy', true), effect: { change: 'rotated', key } }));
  state = reduce(state, event({ type: 'share', share: share('bob'), effect: { change: 'none', key } }));
  state = reduce(state, event({ type: 'share', share: share('bob'), effect: undefined }));
  state = reduce(state, event({ type: 'share', share: share('carol'), effect: { change: 'left-out' } }));
  assert.deepEqual(lines(state), [
    ['🔑 bob shared the room’s key with you (key 69a4 3408 3ae7 cd07)', false],
    ['🔑 You changed the room’s key (key 69a4 3408 3ae7 cd07)', false],
    ['🔑 carol changed the room’s key without you: you cannot read what is said from now on. A member can add you to encryption.', true],
  ]);
});

test('whom we can seal to comes from the directory, and a dm keeps how it was opened', () => {
  let state = [welcome].reduce(reduce, initialState());
  state = reduce(state, { type: 'people', people: { bob: { holder: 'aa', sealable: true } } });
  assert.equal(state.people.bob.sealable, true);
  state = reduce(state, event({ type: 'direct', direct: { from: 'bob', to: 'amy', text: 'psst', time: 1, e2e: 'ok' } }));
  state = reduce(state, { type: 'sent', frame: { type: 'dm', id: 'x', to: 'bob', text: 'in the clear' }, e2e: 'plain' });
  assert.deepEqual(state.views[directKey('bob')].items.map((item) => item.e2e), ['ok', 'plain']);
});
