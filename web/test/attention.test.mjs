// The tab's title and icon badge (src/shell/attention.js).
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { attentionCounts, badgeOf, titleOf } from '../src/shell/attention.js';

const view = (kind, name, unread, mentions = 0) => ({ kind, name, unread, mentions, items: [] });
const stateOf = (...views) => ({ order: views.map((v) => `${v.kind}:${v.name}`), views: Object.fromEntries(views.map((v) => [`${v.kind}:${v.name}`, v])) });

test('unread messages add up across rooms and conversations; mentions and direct messages call for the user', () => {
  const state = stateOf(view('room', 'lobby', 2, 1), view('room', 'dev', 1), view('dm', 'bob', 2));
  assert.deepEqual(attentionCounts(state), { unread: 5, calls: 3 });
});

test('a muted room counts for nothing, not even its mentions', () => {
  const state = stateOf(view('room', 'lobby', 2, 1), view('room', 'dev', 4, 2));
  assert.deepEqual(attentionCounts(state, new Set(['dev'])), { unread: 2, calls: 1 });
});

test('the title: plain, a count, or the calls before the count', () => {
  assert.equal(titleOf({ unread: 0, calls: 0 }), 'Private Chat');
  assert.equal(titleOf({ unread: 3, calls: 0 }), '(3) Private Chat');
  assert.equal(titleOf({ unread: 3, calls: 1 }), '(@1 · 3) Private Chat');
});

test('the badge stays legible: nothing, a digit, or 9+', () => {
  assert.equal(badgeOf({ unread: 0 }), '');
  assert.equal(badgeOf({ unread: 7 }), '7');
  assert.equal(badgeOf({ unread: 12 }), '9+');
});
