// What the user sends: sealed with the room's current key (or to the addressee's keys), signed over
// the sealed text, in the order typed; what cannot be sealed is refused, never sent in the clear.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { openDirect } from '../src/e2e/directText.js';
import { NO_ROOM_KEY, NOT_SEALABLE } from '../src/e2e/outgoingSeal.js';
import { openRoomText, parseSealed } from '../src/e2e/sealedText.js';
import { Identity } from '../src/identity/identity.js';
import { PinBook } from '../src/identity/pinBook.js';
import { judgeSignature } from '../src/identity/signatureState.js';
import { kindOf } from '../src/identity/signingInput.js';
import { ClientState } from '../src/protocol/clientState.js';
import { Outbox } from '../src/protocol/outbox.js';
import { people } from './support/e2e2.mjs';
import { encryptionParts, roomWithKey } from './support/encryption.mjs';

const [alice, bob] = people;

function fakeConnection(name) {
  const state = new ClientState({ name });
  const sent = [];
  return { state, sent, send: (frame) => sent.push(state.enqueue(frame)) };
}

function outboxFor(identity, parts = encryptionParts()) {
  const connection = fakeConnection('alice');
  const failed = [];
  const outbox = new Outbox({ connection, encryption: parts, identity, onFailed: (frame, reason) => failed.push([frame.id, reason]) });
  return { connection, outbox, failed, ...parts };
}

/** How a receiver sees a frame we sent (the server adds `from`, `key`, and turns `say` into `message`). */
const received = (frame, identity, from) => ({ ...frame, type: frame.type === 'say' ? 'message' : frame.type, from, key: identity.key });

test('messages to an encrypted room are sealed with its current key, bound to our key, their kind and id, in the order typed', async () => {
  const { connection, outbox, keyring } = outboxFor(alice);
  const key = await roomWithKey(keyring, 'secret');
  const typed = ['one', 'two', 'three'].map((text, i) => outbox.send({ type: i === 1 ? 'action' : 'say', room: 'secret', text }));
  assert.deepEqual(typed.map((frame) => frame.text), ['one', 'two', 'three'], 'the caller keeps the plaintext');
  await outbox.settled();
  assert.deepEqual(connection.sent.map((frame) => frame.id), typed.map((frame) => frame.id));
  for (const [index, frame] of connection.sent.entries()) {
    const context = { room: 'secret', senderKey: alice.keyBytes, kind: kindOf(frame.type), id: frame.id };
    assert.deepEqual(await openRoomText(key, parseSealed(frame.text), context), { ok: true, text: typed[index].text });
    assert.equal((await openRoomText(key, parseSealed(frame.text), { ...context, kind: 'other' })).ok, false);
  }
});

test('a message to a room whose key we do not have is reported, not sent in the clear', async () => {
  const { connection, outbox, failed, keyring } = outboxFor(alice);
  keyring.ensure('secret', 'random');
  keyring.setCurrent('secret', undefined, { leftOut: true });
  const frame = outbox.send({ type: 'say', room: 'secret', text: 'hi' });
  await outbox.settled();
  assert.deepEqual(failed, [[frame.id, NO_ROOM_KEY['left-out']]]);
  assert.equal(connection.sent.length, 0);
});

test('in a passphrase room, what is typed waits for the key and is sealed under its salt', async () => {
  const { connection, outbox, keyring } = outboxFor(alice);
  const derived = keyring.usePassphrase('secret', 'correct horse battery staple');
  outbox.send({ type: 'say', room: 'secret', text: 'first' });
  await derived;
  await outbox.settled();
  const key = keyring.currentKey('secret');
  assert.equal(key.salt.length, 16);
  const [frame] = connection.sent;
  assert.deepEqual(await openRoomText(key, parseSealed(frame.text), { room: 'secret', senderKey: alice.keyBytes, kind: 'message', id: frame.id }), { ok: true, text: 'first' });
});

test('a dm is sealed to the addressee\'s box when it is known; otherwise it goes only when the user chose to send it in the clear', async () => {
  const { connection, outbox, failed, directory } = outboxFor(alice);
  await directory.learn('bob', bob.key, bob.box);
  outbox.send({ type: 'dm', to: 'Bob', text: 'sealed for bob' });
  const refused = outbox.send({ type: 'dm', to: 'carol', text: 'no keys known' });
  outbox.send({ type: 'dm', to: 'carol', text: 'in the clear' }, { clear: true });
  await outbox.settled();
  assert.deepEqual(failed, [[refused.id, NOT_SEALABLE]]);
  const [sealed, clear] = connection.sent;
  assert.ok(sealed.text.startsWith('e2d2:'));
  assert.deepEqual(await openDirect(sealed.text, { senderKey: alice.keyBytes, me: bob.sealer, id: sealed.id }), { ok: true, text: 'sealed for bob', box: alice.box });
  assert.equal(clear.text, 'in the clear');
});

test('every message is signed over the text as sent, sealed or not, and a receiver verifies it', async () => {
  const identity = await Identity.generate();
  const { connection, outbox, keyring, directory } = outboxFor(identity);
  await roomWithKey(keyring, 'secret');
  await directory.learn('bob', bob.key, bob.box);
  outbox.send({ type: 'say', room: 'lobby', text: 'plain' });
  outbox.send({ type: 'say', room: 'secret', text: 'sealed' });
  outbox.send({ type: 'dm', to: 'Bob', text: 'psst' });
  outbox.send({ type: 'share', room: 'secret', text: 'e2k2:AAAA' });
  await outbox.settled();
  assert.deepEqual(connection.sent.map((frame) => frame.sig.length), [86, 86, 86, 86]);
  assert.ok(connection.sent[1].text.startsWith('e2e2:'));
  const pins = new PinBook();
  const states = [];
  for (const frame of connection.sent) states.push((await judgeSignature(received(frame, identity, 'amy'), { pins })).state);
  assert.deepEqual(states, ['first-seen', 'verified', 'verified', 'verified']);
});

test('requests keep their place behind messages that are still being sealed or signed', async () => {
  const identity = await Identity.generate();
  const { connection, outbox } = outboxFor(identity);
  outbox.send({ type: 'say', room: 'dev', text: 'bye' });
  outbox.send({ type: 'leave', room: 'dev' });
  assert.equal(connection.sent.length, 0, 'the leave waits for the signature');
  await outbox.settled();
  assert.deepEqual(connection.sent.map((frame) => frame.type), ['say', 'leave']);
  outbox.send({ type: 'who', room: 'lobby' });
  assert.equal(connection.sent.length, 3, 'with nothing waiting, a request goes at once');
});

test('a frame made with an id from newId keeps it, and each id is new: a share\'s proof binds the id it goes out with', async () => {
  const { connection, outbox } = outboxFor(await Identity.generate());
  const ids = [outbox.newId(), outbox.newId()];
  assert.notEqual(ids[0], ids[1]);
  outbox.send({ type: 'share', id: ids[1], room: 'secret', text: 'e2k2:AAAA' });
  await outbox.settled();
  assert.equal(connection.sent[0].id, ids[1]);
  assert.notEqual(outbox.send({ type: 'say', room: 'lobby', text: 'hi' }).id, ids[0], 'nor reused by the next frame');
});
