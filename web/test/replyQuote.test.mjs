// A reply's quote: the original's start, or that it was deleted, or that we do not hold it.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { excerptOf, itemsBySeq, quoteOf } from '../src/conversation/replyQuote.js';

const items = [
  { type: 'message', seq: 3, id: 'a', from: 'alice', text: 'short and\nsweet' },
  { type: 'message', seq: 4, id: 'b', from: 'bob', text: '', deleted: true },
  { type: 'message', seq: 5, id: 'c', from: 'carol', text: '', e2e: 'locked' },
  { type: 'system', text: 'bob joined' },
];
const bySeq = itemsBySeq(items);

test('a held original is quoted by its author and the start of its text', () => {
  assert.deepEqual(quoteOf({ seq: 3, id: 'a' }, bySeq), { state: 'shown', seq: 3, from: 'alice', excerpt: 'short and sweet' });
  assert.equal(quoteOf({ seq: 5, id: 'c' }, bySeq).excerpt, '🔒 encrypted message', 'never a sealed text');
});

test('a deleted original says so; one not held (or with another id) is not available, with the relay’s author if it gave one', () => {
  assert.equal(quoteOf({ seq: 4, id: 'b' }, bySeq).state, 'deleted');
  assert.deepEqual(quoteOf({ seq: 1, id: 'z', from: 'dave' }, bySeq), { state: 'missing', seq: 1, from: 'dave' });
  assert.equal(quoteOf({ seq: 3, id: 'other' }, bySeq).state, 'missing');
});

test('an excerpt is the first 80 characters', () => {
  assert.equal(excerptOf('x'.repeat(80)), 'x'.repeat(80));
  assert.equal(excerptOf('🎉'.repeat(81)), `${'🎉'.repeat(80)}…`);
});
