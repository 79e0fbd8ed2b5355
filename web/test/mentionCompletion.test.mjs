// Completing a mention in the composer.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { completeMention, mentionCandidates, typedMention } from '../src/conversation/mentionCompletion.js';
import { findMentions } from '../src/protocol/mentions.js';

test('an @ and the start of a name is a mention being typed; an @ in an address is not', () => {
  assert.deepEqual(typedMention('hi @bo', 6), { start: 3, prefix: 'bo' });
  assert.deepEqual(typedMention('@', 1), { start: 0, prefix: '' });
  assert.deepEqual(typedMention('hi @:bob s', 10), { start: 3, prefix: 'bob s' });
  assert.equal(typedMention('mail alice@ex', 13), undefined);
  assert.equal(typedMention('hi @bob and', 11), undefined);
});

test('members are offered by the start of their name, regardless of case, never ourselves', () => {
  assert.deepEqual(mentionCandidates(['amy', 'Bob', 'bob smith', 'carol'], 'b', 'amy'), ['Bob', 'bob smith']);
  assert.deepEqual(mentionCandidates(['amy', 'bob'], '', 'AMY'), ['bob']);
});

test('choosing a member inserts the token that mentions them, and it parses back to the name', () => {
  const typed = typedMention('hi @bo!', 6);
  const done = completeMention('hi @bo!', 6, typed, 'bob smith');
  assert.deepEqual(done, { text: 'hi @:bob smith: !', caret: 16 });
  assert.deepEqual(findMentions(done.text).map((mention) => mention.name), ['bob smith']);
  assert.equal(completeMention('@a', 2, typedMention('@a', 2), 'alice').text, '@alice ');
});
