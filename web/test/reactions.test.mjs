// Reaction state: the latest event per message, person and reaction decides, in the room's order.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { applyReaction, parseReaction, reactionChips, reactionText } from '../src/conversation/reactions.js';

const event = (seq, person, text, name = person) => ({ ...parseReaction(text), person, name, seq });
const apply = (events) => events.reduce(applyReaction, {});
/** Every order of `events`: a client that got them in any order ends the same. */
const orders = (events) => (events.length <= 1 ? [events] : events.flatMap((first, i) => orders(events.filter((_, j) => j !== i)).map((rest) => [first, ...rest])));

test('a reaction text is + or - and one short token', () => {
  assert.deepEqual(parseReaction('+👍'), { emoji: '👍', holds: true });
  assert.deepEqual(parseReaction('-🎉'), { emoji: '🎉', holds: false });
  for (const bad of ['👍', '+', '+a b', '*x', `+${'x'.repeat(33)}`, '+\u0007']) assert.equal(parseReaction(bad), undefined, bad);
  assert.equal(reactionText('👍', false), '-👍');
});

test('two people toggling at once end the same on every client, whatever order they applied the events in', () => {
  const events = [event(10, 'key:a', '+👍', 'alice'), event(11, 'key:b', '+👍', 'bob'), event(12, 'key:a', '-👍', 'alice'), event(13, 'key:b', '+❤️', 'bob')];
  const results = orders(events).map((order) => reactionChips(apply(order), 'key:b'));
  for (const result of results) assert.deepEqual(result, results[0]);
  assert.deepEqual(
    reactionChips(apply(events), 'key:b'),
    [
      { emoji: '👍', count: 1, names: ['bob'], mine: true },
      { emoji: '❤️', count: 1, names: ['bob'], mine: true },
    ],
  );
});

test('the same person on two devices counts once, and their latest event decides', () => {
  let state = apply([event(5, 'key:a', '+👍', 'alice'), event(6, 'key:a', '+👍', 'alice')]);
  assert.deepEqual(reactionChips(state, 'key:z'), [{ emoji: '👍', count: 1, names: ['alice'], mine: false }]);
  state = applyReaction(state, event(7, 'key:a', '-👍', 'alice'));
  assert.deepEqual(reactionChips(state, 'key:z'), [], 'taken back on one device: not held any more');
  state = applyReaction(state, event(6, 'key:a', '+👍', 'alice'));
  assert.deepEqual(reactionChips(state, 'key:z'), [], 'an older event, replayed, changes nothing');
});
