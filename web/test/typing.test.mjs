// Typing: the sender's pace (once every 3 s, then stopped), and the receiver's expiry after 6 s.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { isRoomText, TypingSender } from '../src/conversation/typingSender.js';
import { activeTypists, forgetTypist, noteTyping, typingLine } from '../src/conversation/typists.js';

test('the composer says it types at most once every 3 seconds, and that it stopped once sent or cleared', () => {
  let now = 0;
  const sent = [];
  const sender = new TypingSender({ send: (active) => sent.push([now, active]), now: () => now });
  for (now = 0; now <= 7000; now += 500) sender.typed('hello'.slice(0, 1 + (now % 4)));
  now = 7000;
  sender.stopped();
  sender.stopped();
  now = 8000;
  sender.typed('again');
  sender.typed('');
  assert.deepEqual(sent, [[0, true], [3000, true], [6000, true], [7000, false], [8000, true], [8000, false]]);
});

test('a command is not typing in the room, a private message least of all; /me and //text are', () => {
  const sent = [];
  const sender = new TypingSender({ send: (active) => sent.push(active), now: () => 0 });
  sender.typed('/msg bob a secret');
  assert.deepEqual(sent, []);
  sender.typed('hello');
  sender.typed('/msg bob');
  assert.deepEqual(sent, [true, false], 'it turned into a command: stopped');
  assert.ok(isRoomText('/me waves') && isRoomText('//not a command') && isRoomText('/me'));
  assert.equal(isRoomText('/join dev'), false);
});

test('a typist is forgotten after 6 seconds without news, when they stop, and on their leave or message', () => {
  let typists = noteTyping({}, { from: 'alice', active: true }, 1000);
  typists = noteTyping(typists, { from: 'bob', active: true }, 4000);
  assert.deepEqual(activeTypists(typists, 6999), ['alice', 'bob']);
  assert.deepEqual(activeTypists(typists, 7000), ['bob'], 'alice: 6 s without news');
  assert.deepEqual(activeTypists(noteTyping(typists, { from: 'bob', active: false }, 5000), 5000), ['alice']);
  assert.deepEqual(activeTypists(forgetTypist(typists, 'BOB'), 5000), ['alice'], 'names regardless of case');
});

test('the line names one or two typists, and counts no more', () => {
  assert.equal(typingLine([]), '');
  assert.equal(typingLine(['alice']), 'alice is typing…');
  assert.equal(typingLine(['alice', 'bob']), 'alice and bob are typing…');
  assert.equal(typingLine(['alice', 'bob', 'carol']), 'several people are typing…');
});
