// The states of docs/PROTOCOL.md's table, in the order a conversation meets them.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { Identity } from '../src/identity/identity.js';
import { PinBook } from '../src/identity/pinBook.js';
import { isVerifiedContact, judgeKey, judgeSignature } from '../src/identity/signatureState.js';
import { signedMessage, vectorIdentity, vectors } from './support/identities.mjs';
import { receivedFrameOf } from './support/vectorFrames.mjs';

const [alice, bob] = [await vectorIdentity(0), await vectorIdentity(1)];

test('first seen, then verified, then a changed key that stays changed until accepted', async () => {
  const pins = new PinBook();
  const me = { pins, ownKey: alice.key };
  const first = await judgeSignature(await signedMessage(bob, { from: 'bob', seq: 1 }), me);
  assert.deepEqual(first, { state: 'first-seen', key: bob.key, fingerprint: vectors.identities[1].fingerprint });
  assert.deepEqual(pins.get('bob'), { key: bob.key, verified: false });
  assert.deepEqual(await judgeSignature(await signedMessage(bob, { from: 'Bob', seq: 2 }), me), { state: 'verified', key: bob.key });

  pins.setVerified('bob', true);
  const impostor = await Identity.generate();
  for (const seq of [3, 4]) {
    const changed = await judgeSignature(await signedMessage(impostor, { from: 'bob', seq }), me);
    assert.equal(changed.state, 'key-changed');
    assert.equal(changed.previousVerified, true, 'a verified contact’s change is the louder one');
    assert.equal(changed.fingerprint, impostor.fingerprint);
  }
  assert.equal(pins.get('bob').key, bob.key, 'not re-pinned');
  assert.equal(pins.newKey('bob'), impostor.key);
  assert.equal((await judgeSignature(await signedMessage(bob, { from: 'bob', seq: 5 }), me)).state, 'verified', 'the old key is still bob’s');

  pins.accept('bob');
  assert.deepEqual(await judgeSignature(await signedMessage(impostor, { from: 'bob', seq: 6 }), me), { state: 'verified', key: impostor.key });
  assert.equal(isVerifiedContact(pins.get('bob'), impostor.key), false, 'verified only for the old key');
});

test('a signature that does not verify is invalid, and pins nothing', async () => {
  const pins = new PinBook();
  const me = { pins, ownKey: alice.key };
  const signed = await signedMessage(bob, { from: 'bob', text: 'pay carol' });
  for (const forged of [
    { ...signed, text: 'pay mallory' },
    { ...signed, room: 'dev' },
    { ...signed, type: 'action' },
    { ...signed, id: 'other' },
    { ...signed, sig: undefined },
    { ...signed, sig: 'not base64!' },
    { ...signed, key: alice.key },
    { ...signed, key: signed.key.slice(0, 40) },
  ]) {
    assert.deepEqual(await judgeSignature(forged, me), { state: 'invalid' });
  }
  assert.equal(pins.get('bob'), undefined);
});

test('the vectors’ invalid signatures are invalid messages', async () => {
  for (const entry of vectors.invalid.filter((entry) => entry.kind !== 'dm')) {
    assert.equal((await judgeSignature(receivedFrameOf(entry), { pins: new PinBook() })).state, 'invalid', entry.why);
  }
});

test('a message without a key is unsigned, as a seed client sends it', async () => {
  assert.deepEqual(await judgeSignature(await signedMessage(undefined, { from: 'pete' }), { pins: new PinBook() }), { state: 'unsigned' });
});

test('a key whose signature was stripped, or a signature without its key, is invalid, not unsigned', async () => {
  const entry = vectors.messages[0];
  const frame = { type: entry.kind, room: entry.scope, id: entry.id, text: entry.text, from: 'alice' };
  assert.equal((await judgeSignature({ ...frame, key: entry.key }, { pins: new PinBook() })).state, 'invalid');
  assert.equal((await judgeSignature({ ...frame, sig: entry.sig }, { pins: new PinBook() })).state, 'invalid');
});

test('a dm is checked against its addressee, as the frame names it', async () => {
  const entry = vectors.messages.find((message) => message.kind === 'dm');
  const dm = { type: 'dm', from: 'bob', to: 'Alice', text: entry.text, time: 0, id: entry.id, key: entry.key, sig: entry.sig };
  assert.equal((await judgeSignature(dm, { pins: new PinBook() })).state, 'first-seen');
  assert.equal((await judgeSignature({ ...dm, to: 'carol' }, { pins: new PinBook() })).state, 'invalid', 'not a dm to someone else');
});

test('our own key is ours under any name, and pins nothing', async () => {
  const pins = new PinBook();
  assert.deepEqual(await judgeSignature(await signedMessage(alice, { from: 'old-alice' }), { pins, ownKey: alice.key }), { state: 'verified', key: alice.key, own: true });
  assert.equal(pins.get('old-alice'), undefined);
});

test('a key seen in presence is pinned when new and noted when changed', async () => {
  const pins = new PinBook();
  assert.equal((await judgeKey('bob', bob.key, { pins })).state, 'first-seen');
  assert.equal((await judgeKey('bob', alice.key, { pins })).state, 'key-changed');
  assert.equal(pins.get('bob').key, bob.key);
});
