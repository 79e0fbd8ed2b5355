// What the user sends: sealed under our current name, signed over the sealed text, in the order typed.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { Keyring } from '../src/crypto/keyring.js';
import { deriveRoomKey } from '../src/crypto/roomKey.js';
import { open } from '../src/crypto/sealedText.js';
import { Identity } from '../src/identity/identity.js';
import { judgeSignature } from '../src/identity/signatureState.js';
import { PinBook } from '../src/identity/pinBook.js';
import { ClientState } from '../src/protocol/clientState.js';
import { Outbox } from '../src/protocol/outbox.js';

function fakeConnection(name) {
  const state = new ClientState({ name });
  const sent = [];
  return { state, sent, send: (frame) => sent.push(state.enqueue(frame)) };
}

/** How a receiver sees a frame we sent (the server adds `from`, `key`, and turns `say` into `message`). */
const received = (frame, identity, from) => ({ ...frame, type: frame.type === 'say' ? 'message' : frame.type, from, key: identity.key });

test('messages are sealed as the name the server gave us, in the order typed, with the ids shown', async () => {
  let release;
  const keyring = new Keyring({ derive: (passphrase, room) => new Promise((resolve) => (release = () => resolve(deriveRoomKey(passphrase, room, 1)))) });
  keyring.use('secret', 'pw');
  const connection = fakeConnection('amy');
  connection.state.name = 'Amy'; // as a welcome spells it
  const outbox = new Outbox({ connection, keyring });
  const typed = ['one', 'two', 'three'].map((text, i) => outbox.send({ type: i === 1 ? 'action' : 'say', room: 'secret', text }));
  assert.deepEqual(typed.map((frame) => frame.text), ['one', 'two', 'three'], 'the caller keeps the plaintext');
  assert.equal(new Set(typed.map((frame) => frame.id)).size, 3);
  assert.equal(connection.sent.length, 0, 'nothing leaves before the key is ready');
  release();
  await outbox.settled();
  assert.deepEqual(connection.sent.map((frame) => frame.id), typed.map((frame) => frame.id));
  assert.deepEqual(connection.sent.map((frame) => frame.type), ['say', 'action', 'say']);
  const key = await keyring.key('secret');
  for (const [index, frame] of connection.sent.entries()) {
    assert.ok(frame.text.startsWith('e2e1:'));
    assert.deepEqual(await open(key, frame.text, 'Amy'), { ok: true, text: typed[index].text });
  }
});

test('a message whose key cannot be derived is reported, not sent', async () => {
  const keyring = new Keyring({ derive: async () => Promise.reject(new Error('no WebCrypto')) });
  keyring.use('secret', 'pw');
  const connection = fakeConnection('amy');
  const failed = [];
  const outbox = new Outbox({ connection, keyring, onFailed: (frame, reason) => failed.push([frame.id, reason]) });
  const frame = outbox.send({ type: 'say', room: 'secret', text: 'hi' });
  await outbox.settled();
  assert.deepEqual(failed, [[frame.id, 'cannot encrypt it (no WebCrypto)']]);
  assert.equal(connection.sent.length, 0);
});

test('every message is signed over the text as sent, sealed or not, and a receiver verifies it', async () => {
  const keyring = new Keyring({ derive: (passphrase, room) => deriveRoomKey(passphrase, room, 1) });
  keyring.use('secret', 'pw');
  const identity = await Identity.generate();
  const connection = fakeConnection('amy');
  const outbox = new Outbox({ connection, keyring, identity });
  outbox.send({ type: 'say', room: 'lobby', text: 'plain' });
  outbox.send({ type: 'say', room: 'secret', text: 'sealed' });
  outbox.send({ type: 'dm', to: 'Bob', text: 'psst' });
  await outbox.settled();
  assert.deepEqual(connection.sent.map((frame) => frame.sig.length), [86, 86, 86]);
  assert.ok(connection.sent[1].text.startsWith('e2e1:'));
  const pins = new PinBook();
  const states = [];
  for (const frame of connection.sent) states.push((await judgeSignature(received(frame, identity, 'amy'), { pins })).state);
  assert.deepEqual(states, ['first-seen', 'verified', 'verified']);
});

test('requests keep their place behind messages that are still being sealed or signed', async () => {
  const identity = await Identity.generate();
  const connection = fakeConnection('amy');
  const outbox = new Outbox({ connection, keyring: new Keyring(), identity });
  outbox.send({ type: 'say', room: 'dev', text: 'bye' });
  outbox.send({ type: 'leave', room: 'dev' });
  assert.equal(connection.sent.length, 0, 'the leave waits for the signature');
  await outbox.settled();
  assert.deepEqual(connection.sent.map((frame) => frame.type), ['say', 'leave']);
  outbox.send({ type: 'who', room: 'lobby' });
  assert.equal(connection.sent.length, 3, 'with nothing waiting, a request goes at once');
});
