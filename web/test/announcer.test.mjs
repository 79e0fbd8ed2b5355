// Screen-reader announcements, batched (src/shell/announcer.js).
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { Announcer, announcementOf } from '../src/shell/announcer.js';
import { fakeTimers } from './support/fakeTimers.mjs';

const inRoom = (name, text, from = 'bob') => ({ view: { kind: 'room', name }, item: { type: 'message', from, text } });

test('one message is read out; several become a count, per room or across conversations', () => {
  assert.equal(announcementOf([inRoom('dev', 'lunch?')]), 'bob in #dev: lunch?');
  assert.equal(announcementOf([{ view: { kind: 'dm', name: 'bob' }, item: { type: 'message', from: 'bob', text: 'psst' } }]), 'bob to you: psst');
  assert.equal(announcementOf([inRoom('dev', 'a'), inRoom('dev', 'b'), inRoom('dev', 'c')]), '3 new messages in #dev');
  assert.equal(announcementOf([inRoom('dev', 'a'), inRoom('lobby', 'b')]), '2 new messages in 2 conversations');
});

test('arrivals are gathered: at most one announcement per interval', () => {
  const timers = fakeTimers();
  const told = [];
  const announcer = new Announcer({ announce: (text) => told.push(text), interval: 1500, timers });
  announcer.push([inRoom('dev', 'one')]);
  timers.advance(500);
  announcer.push([inRoom('dev', 'two')]);
  assert.deepEqual(told, []);
  timers.advance(1000);
  assert.deepEqual(told, ['2 new messages in #dev']);
  announcer.push([inRoom('dev', 'three')]);
  timers.advance(1499);
  assert.equal(told.length, 1);
  timers.advance(1);
  assert.deepEqual(told, ['2 new messages in #dev', 'bob in #dev: three']);
  announcer.push([]);
  timers.advance(5000);
  assert.deepEqual(told, ['2 new messages in #dev', 'bob in #dev: three', ''], 'nothing to say, nothing said; the region emptied once read');
});

test('a deleted message is taken out of the live region and of what waits, and an edit is told as it stands', () => {
  const timers = fakeTimers();
  const told = [];
  const announcer = new Announcer({ announce: (text) => told.push(text), interval: 1500, kept: 5000, timers });
  const code = { key: 'room:dev', ...inRoom('dev', 'the door code is 4711') };
  code.item.key = 7;
  announcer.push([code]);
  timers.advance(1500);
  assert.deepEqual(told, ['bob in #dev: the door code is 4711']);
  announcer.revise(() => ({ ...code.item, deleted: true, text: '' }));
  assert.deepEqual(told, ['bob in #dev: the door code is 4711', ''], 'emptied at once');

  const waiting = { key: 'room:dev', ...inRoom('dev', 'tpyo') };
  waiting.item.key = 8;
  announcer.push([waiting]);
  announcer.revise(() => ({ ...waiting.item, text: 'typo' }));
  timers.advance(1500);
  assert.equal(told.at(-1), 'bob in #dev: typo');
  const deleted = { key: 'room:dev', ...inRoom('dev', 'never mind') };
  deleted.item.key = 9;
  announcer.push([deleted]);
  announcer.revise(({ item }) => (item.key === 9 ? undefined : { ...item, text: 'typo' }));
  timers.advance(1500);
  assert.equal(told.at(-1), 'bob in #dev: typo', 'a message deleted before it was told is never told');
});
