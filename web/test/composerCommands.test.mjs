// What the composer sends for a line in a room: a reply's reference, an edit of our message (or
// nothing, if its text did not change), and the edits, deletes and reactions of the message actions.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { initialState } from '../src/store/chatStore.js';
import { sendLine } from '../src/ui/composerCommands.js';
import { lastEditable, sendDelete, toggleReaction } from '../src/ui/conversationCommands.js';

/** A room view, a session whose Outbox records what it is given, and the actions dispatched. */
function composerContext(composing = undefined, encrypts = false) {
  const sent = [];
  const dispatched = [];
  const session = { outbox: { send: (frame) => (sent.push(frame), { ...frame, id: `id${sent.length}` }) }, keyring: { encrypts: () => encrypts } };
  const view = { kind: 'room', name: 'lobby', items: [] };
  const context = { view, state: { ...initialState('amy'), limits: { max_message_bytes: 100 } }, dispatch: (action) => dispatched.push(action), session, composing };
  return { context, sent, dispatched };
}
const original = { type: 'message', seq: 7, id: 'b1', from: 'bob', text: 'hello', author: 'key:KB' };
const mine = { type: 'message', seq: 9, id: 'a1', from: 'amy', text: 'tpyo', author: 'key:KA', own: true };

test('a line sent while replying carries the reference of what it answers', () => {
  const { context, sent } = composerContext({ mode: 'reply', item: original });
  assert.equal(sendLine('/me agrees', context), true);
  assert.deepEqual(sent, [{ type: 'action', room: 'lobby', text: 'agrees', reply: { seq: 7, id: 'b1' } }]);
});

test('a line sent while editing is the new text of our message; the same text sends nothing', () => {
  const { context, sent, dispatched } = composerContext({ mode: 'edit', item: mine }, true);
  assert.equal(sendLine('tpyo', context), true);
  assert.deepEqual(sent, []);
  assert.equal(sendLine('typo', context), true);
  assert.deepEqual(sent, [{ type: 'edit', room: 'lobby', target: { seq: 9, id: 'a1' }, text: 'typo' }]);
  assert.deepEqual(dispatched.map((action) => [action.type, action.e2e]), [['sent', 'ok']], 'an edit in an encrypted room goes sealed');
  assert.equal(sendLine('x'.repeat(101), context), false, 'too long: it stays in the box');
});

test('deleting and toggling a reaction name their target; a delete has no text to seal', () => {
  const { context, sent, dispatched } = composerContext(undefined, true);
  sendDelete(context, 'lobby', mine);
  toggleReaction(context, 'lobby', original, '👍', false);
  toggleReaction(context, 'lobby', original, '👍', true);
  assert.deepEqual(sent.map((frame) => [frame.type, frame.text]), [['delete', undefined], ['reaction', '+👍'], ['reaction', '-👍']]);
  assert.deepEqual(dispatched.map((action) => action.e2e), [undefined, 'ok', 'ok']);
});

test('Up edits the last message of ours that can be edited: sequenced, not deleted, readable', () => {
  const items = [mine, original, { ...mine, seq: 11, id: 'a2', deleted: true }, { ...mine, seq: 12, id: 'a3', e2e: 'locked' }, { ...mine, seq: undefined, id: 'a4', status: 'pending' }];
  assert.equal(lastEditable(items, 'key:KA'), mine);
  assert.equal(lastEditable(items, 'key:KB'), original);
  assert.equal(lastEditable(items, 'key:KZ'), undefined);
});
