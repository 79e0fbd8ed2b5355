// Between the connection and the store: room messages opened (or marked), everything in order.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { Keyring } from '../src/crypto/keyring.js';
import { MessageOpener, openMessage } from '../src/crypto/messageOpener.js';
import { deriveRoomKey } from '../src/crypto/roomKey.js';
import { seal } from '../src/crypto/sealedText.js';

const fast = (passphrase, room) => deriveRoomKey(passphrase, room, 1);
const message = (text, { room = 'secret', from = 'bob', seq = 1 } = {}) => ({ type: 'message', room, seq, from, text, time: 0 });

async function sealedBy(passphrase, text, from = 'bob', room = 'secret') {
  return seal(await fast(passphrase, room), text, from);
}

test('a sealed text is opened with the room key and the sender it names', async () => {
  const keyring = new Keyring({ derive: fast });
  keyring.use('secret', 'pw');
  const wire = await sealedBy('pw', 'meet at noon');
  assert.deepEqual(await openMessage(message(wire), keyring), { ...message('meet at noon'), e2e: 'ok' });
  const forged = await openMessage(message(wire, { from: 'mallory' }), keyring);
  assert.equal(forged.e2e, 'failed', 'the sender is bound');
});

test('what cannot be read is marked, and its sealed bytes are dropped', async () => {
  const keyring = new Keyring({ derive: fast });
  keyring.use('secret', 'right');
  const wire = await sealedBy('wrong', 'hidden');
  assert.deepEqual(await openMessage(message(wire), keyring), { ...message(''), e2e: 'failed' });
  assert.deepEqual(await openMessage(message(wire, { room: 'lobby' }), keyring), { ...message('', { room: 'lobby' }), e2e: 'locked' });
  assert.deepEqual(await openMessage(message('e2e1:garbage!'), keyring), { ...message(''), e2e: 'failed' });
});

test('plain text is marked in an encrypted room and left alone elsewhere', async () => {
  const keyring = new Keyring({ derive: fast });
  keyring.use('secret', 'pw');
  assert.equal((await openMessage(message('hi'), keyring)).e2e, 'plain');
  assert.deepEqual(await openMessage(message('hi', { room: 'lobby' }), keyring), message('hi', { room: 'lobby' }));
});

test('control characters hidden inside a sealed text are not shown', async () => {
  const keyring = new Keyring({ derive: fast });
  keyring.use('secret', 'pw');
  const opened = await openMessage(message(await sealedBy('pw', 'a\u001b[2Jb\tc\nd')), keyring);
  assert.equal(opened.text, 'a\ufffd[2Jb\tc\nd');
});

test('events keep their order while messages wait for the key; with nothing waiting they pass at once', async () => {
  let release;
  const keyring = new Keyring({ derive: (passphrase, room) => new Promise((resolve) => (release = () => resolve(fast(passphrase, room)))) });
  const delivered = [];
  const opener = new MessageOpener({ keyring, deliver: (event) => delivered.push(event) });
  opener.push({ type: 'welcomed' });
  assert.equal(delivered.length, 1, 'synchronous when nothing waits');
  keyring.use('secret', 'pw');
  const first = await sealedBy('pw', 'first');
  opener.push({ type: 'message', history: true, message: message(first, { seq: 1 }) });
  opener.push({ type: 'presence', presence: { room: 'secret' } });
  opener.push({ type: 'message', history: false, message: message('plain', { room: 'lobby', seq: 2 }) });
  assert.equal(delivered.length, 1, 'all wait behind the key');
  release();
  while (delivered.length < 4) await new Promise((resolve) => setTimeout(resolve, 1));
  assert.deepEqual(delivered.map((event) => event.type), ['welcomed', 'message', 'presence', 'message']);
  assert.equal(delivered[1].message.text, 'first');
  assert.equal(delivered[1].history, true);
  assert.equal(delivered[3].message.text, 'plain');
  opener.push({ type: 'idle' });
  assert.equal(delivered.length, 5, 'synchronous again');
});
