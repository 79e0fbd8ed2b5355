// Room messages as a reader sees them: opened, or marked (cannot decrypt, sealed with a key you do
// not have, not encrypted), never the sealed bytes; a passphrase room follows the newest salt.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { newSalt, makeRoomKey, passphraseKeyBytes, passphraseSecret } from '../src/e2e/roomKey.js';
import { openRoomMessage } from '../src/e2e/roomOpener.js';
import { recipientOf } from '../src/e2e/keyShare.js';
import { sealRoomText } from '../src/e2e/sealedText.js';
import { people } from './support/e2e2.mjs';
import { encryptionParts, FEW_ITERATIONS, roomWithKey } from './support/encryption.mjs';

const [alice, bob] = people;
const frame = (text, { room = 'dev', type = 'message', id = 'm1', from = 'alice', key = alice.key } = {}) => ({ type, room, seq: 1, from, text, time: 0, id, key });
const sealed = (roomKey, text, { room = 'dev', kind = 'message', id = 'm1', sender = alice } = {}) => sealRoomText(roomKey, { room, senderKey: sender.keyBytes, kind, id, text });

test('a sealed text opens with the key its id names, and its sender becomes a holder of that key', async () => {
  const { keyring } = encryptionParts();
  const key = await roomWithKey(keyring, 'dev');
  const opened = await openRoomMessage(frame(await sealed(key, 'meet at noon')), keyring);
  assert.deepEqual([opened.text, opened.e2e], ['meet at noon', 'ok']);
  assert.ok(keyring.holders('dev', key.idHex).has(recipientOf(alice.keyBytes)));
});

test('replayed by another sender, moved to another room, re-typed or given another id: cannot decrypt, and no bytes shown', async () => {
  const { keyring } = encryptionParts();
  const key = await roomWithKey(keyring, 'dev');
  await roomWithKey(keyring, 'other', key.bytes);
  const wire = await sealed(key, 'meet at noon');
  for (const changed of [{ key: bob.key, from: 'bob' }, { room: 'other' }, { type: 'action' }, { id: 'm2' }]) {
    const shown = await openRoomMessage(frame(wire, changed), keyring);
    assert.deepEqual([shown.text, shown.e2e], ['', 'failed'], JSON.stringify(changed));
  }
  const unsigned = await openRoomMessage({ ...frame(wire), key: undefined }, keyring);
  assert.equal(unsigned.e2e, 'failed', 'without the sender\'s key it cannot be opened');
});

test('a key we were never given: sealed with a key you do not have; plain text in an encrypted room: not encrypted', async () => {
  const { keyring } = encryptionParts();
  await roomWithKey(keyring, 'dev');
  const stranger = await makeRoomKey(globalThis.crypto.getRandomValues(new Uint8Array(32)));
  const locked = await openRoomMessage(frame(await sealed(stranger, 'hidden')), keyring);
  assert.deepEqual([locked.text, locked.e2e], ['', 'locked']);
  assert.equal((await openRoomMessage(frame('in the clear'), keyring)).e2e, 'plain');
  const elsewhere = frame('hello', { room: 'lobby' });
  assert.equal(await openRoomMessage(elsewhere, keyring), elsewhere, 'a plain room is left alone');
  assert.equal((await openRoomMessage(frame(await sealed(stranger, 'x', { room: 'lobby' }), { room: 'lobby' }), keyring)).e2e, 'locked');
});

test('control characters hidden inside a sealed text are not shown', async () => {
  const { keyring } = encryptionParts();
  const key = await roomWithKey(keyring, 'dev');
  const opened = await openRoomMessage(frame(await sealed(key, 'a\u001b[2Jb\tc\nd')), keyring);
  assert.equal(opened.text, 'a\ufffd[2Jb\tc\nd');
});

test('a passphrase room derives the key of a salt it meets, and seals from then on with the newest salt it opened', async () => {
  const passphrase = 'correct horse battery staple';
  const theirs = async (salt) => makeRoomKey(await passphraseKeyBytes(await passphraseSecret(passphrase), salt, FEW_ITERATIONS), salt);
  const { keyring } = encryptionParts();
  await keyring.usePassphrase('dev', passphrase);
  const own = keyring.currentKey('dev');
  const bobs = await theirs(newSalt());
  const opened = await openRoomMessage(frame(await sealed(bobs, 'from bob', { sender: bob }), { from: 'bob', key: bob.key }), keyring);
  assert.deepEqual([opened.text, opened.e2e], ['from bob', 'ok']);
  assert.equal(keyring.currentId('dev'), bobs.idHex, 'we seal under the salt of the newest message opened');
  assert.notEqual(own.idHex, bobs.idHex);
  const wrong = await makeRoomKey(await passphraseKeyBytes(await passphraseSecret('another passphrase entirely'), newSalt(), FEW_ITERATIONS), newSalt());
  assert.equal((await openRoomMessage(frame(await sealed(wrong, 'x')), keyring)).e2e, 'locked', 'another passphrase: a key we do not have');
});
