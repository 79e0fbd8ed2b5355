// Typing: the sender's pace (once every 3 s, then stopped), and the receiver's expiry after 6 s.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { isRoomText, TypingSender } from '../src/conversation/typingSender.js';
import { fakeTimers } from './support/fakeTimers.mjs';
import { activeTypists, forgetTypist, noteTyping, typingLine } from '../src/conversation/typists.js';

test('the composer says it types at most once every 3 seconds, and that it stopped once sent or cleared', () => {
  const timers = fakeTimers();
  const sent = [];
  const sender = new TypingSender({ send: (active) => sent.push([timers.now(), active]), timers });
  for (let step = 0; step <= 14; step += 1) {
    sender.typed('hello'.slice(0, 1 + (step % 4)));
    timers.advance(500);
  }
  sender.stopped();
  sender.stopped();
  timers.advance(5000);
  sender.typed('again');
  timers.advance(1000);
  sender.typed('');
  assert.deepEqual(sent, [[0, true], [3000, true], [6000, true], [7500, false], [12500, true], [13500, false]]);
});

test('never more than one frame a second (the server drops more): a quick stop and start waits, and only what still differs goes', () => {
  const timers = fakeTimers();
  const sent = [];
  const sender = new TypingSender({ send: (active) => sent.push([timers.now(), active]), timers });
  sender.typed('thinking');
  timers.advance(100);
  sender.typed('');
  timers.advance(100);
  sender.typed('about');
  timers.advance(2000);
  assert.deepEqual(sent, [[0, true]], 'stopped and started within the second: the room need not know');
  sender.typed('');
  timers.advance(100);
  sender.typed('x');
  sender.typed('');
  timers.advance(2000);
  assert.deepEqual(sent, [[0, true], [2200, false]]);
  sender.typed('later');
  sender.typed('');
  sender.stop();
  timers.advance(5000);
  assert.deepEqual(sent.slice(2), [[4300, true]], 'stop() leaves nothing waiting: the stop that waited is not sent');
});

test('a message sent ends our typing for receivers, so typing again within the second is said again, at the pace', () => {
  const timers = fakeTimers();
  const sent = [];
  const sender = new TypingSender({ send: (active) => sent.push([timers.now(), active]), timers });
  sender.typed('lunch?');
  timers.advance(200);
  sender.sent();
  timers.advance(300);
  sender.typed('o');
  timers.advance(2000);
  assert.deepEqual(sent, [[0, true], [1000, true]], 'no stop frame for the message, and the new typing goes once the second is up');
});

test('a command is not typing in the room, a private message least of all; /me and //text are', () => {
  const sent = [];
  const timers = fakeTimers();
  const sender = new TypingSender({ send: (active) => sent.push(active), timers });
  sender.typed('/msg bob a secret');
  assert.deepEqual(sent, []);
  sender.typed('hello');
  timers.advance(1000);
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
