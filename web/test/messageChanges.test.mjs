// Edits, deletes and reactions applied to their target: the author's only, the latest edit shown, a delete forgetting.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { authorOf } from '../src/conversation/author.js';
import { changeMessage, isReferenced } from '../src/conversation/messageChanges.js';
import { reactionChips } from '../src/conversation/reactions.js';

const original = { type: 'message', seq: 5, id: 'm1', from: 'alice', text: 'hello', author: authorOf({ from: 'alice', key: 'KA' }), reply: { seq: 2, id: 'x' } };
const change = (type, seq, fields = {}) => ({ type, room: 'lobby', seq, from: 'alice', key: 'KA', id: `c${seq}`, target: { seq: 5, id: 'm1' }, text: '', signature: { state: 'verified' }, ...fields });
const apply = (item, ...events) => events.reduce((current, event) => changeMessage(current, event, 'bob').item, item);

test('a reference names a message by seq and id', () => {
  assert.ok(isReferenced(original, { seq: 5, id: 'm1' }));
  assert.equal(isReferenced(original, { seq: 5, id: 'm2' }), false);
  assert.ok(isReferenced({ type: 'message', seq: 3 }, { seq: 3, id: '' }), 'a plain client’s message has the empty id');
  assert.equal(isReferenced({ type: 'system', seq: 5, id: 'm1' }, { seq: 5, id: 'm1' }), false);
});

test('the latest edit (highest seq) is shown, with the edited mark; an older one is ignored', () => {
  const item = apply(original, change('edit', 7, { text: 'hello @bob' }), change('edit', 6, { text: 'stale' }));
  assert.equal(item.text, 'hello @bob');
  assert.equal(item.edited, true);
  assert.equal(item.mentionsMe, true, 'an edited text is checked for mentions again');
});

test('an edit or delete by anyone but the author is refused; a reaction by anyone counts', () => {
  assert.equal(changeMessage(original, change('edit', 7, { from: 'mallory', key: 'KM', text: 'pwned' }), 'bob').refused, 'not-author');
  assert.equal(changeMessage(original, change('delete', 7, { key: 'KM' }), 'bob').refused, 'not-author', 'the key decides, not the name');
  assert.equal(changeMessage(original, change('edit', 7, { key: undefined, text: 'x' }), 'bob').refused, 'not-author', 'an unsigned edit of a signed message');
  assert.equal(changeMessage(original, change('edit', 7, { signature: { state: 'invalid' }, text: 'x' }), 'bob').refused, 'not-author', 'a forged signature');
  const reacted = changeMessage(original, change('reaction', 8, { from: 'carol', key: 'KC', text: '+👍' }), 'bob');
  assert.equal(reacted.refused, undefined);
  assert.deepEqual(reactionChips(reacted.item.reactions, 'x').map((chip) => chip.names), [['carol']]);
});

test('an unsigned message is changed by the same name only (regardless of case)', () => {
  const plain = { ...original, author: authorOf({ from: 'pete' }) };
  assert.equal(changeMessage(plain, change('edit', 7, { from: 'Pete', key: undefined, text: 'x' }), 'bob').item.text, 'x');
  assert.equal(changeMessage(plain, change('edit', 7, { from: 'paul', key: undefined, text: 'x' }), 'bob').refused, 'not-author');
});

test('a delete leaves a tombstone that keeps nothing of the text, its edits, its reply or its reactions', () => {
  const item = apply(original, change('edit', 6, { text: 'secret' }), change('reaction', 7, { from: 'carol', key: 'KC', text: '+👍' }), change('delete', 8));
  assert.equal(item.deleted, true);
  assert.equal(item.text, '');
  assert.equal(JSON.stringify(item).includes('secret') || JSON.stringify(item).includes('hello'), false);
  assert.equal(item.reactions, undefined);
  assert.equal(item.reply, undefined);
  assert.equal(apply(item, change('edit', 9, { text: 'back' })).text, '', 'a deleted message cannot be edited back');
});

test('a reaction in the clear in an encrypted room, or with a bad signature or text, is ignored', () => {
  for (const fields of [{ e2e: 'plain', text: '+👍' }, { signature: { state: 'invalid' }, text: '+👍' }, { text: 'like' }]) {
    assert.equal(changeMessage(original, change('reaction', 8, fields), 'bob').refused, 'invalid');
  }
});
