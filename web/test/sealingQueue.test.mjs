// Messages to encrypted rooms: sealed under our current name, sent in the order typed.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { Keyring } from '../src/crypto/keyring.js';
import { deriveRoomKey } from '../src/crypto/roomKey.js';
import { open } from '../src/crypto/sealedText.js';
import { SealingQueue } from '../src/crypto/sealingQueue.js';
import { ClientState } from '../src/protocol/clientState.js';

function fakeConnection(name) {
  const state = new ClientState({ name });
  const sent = [];
  return { state, sent, send: (frame) => sent.push(state.enqueue(frame)) };
}

test('messages are sealed as the name the server gave us, in the order typed, with the ids shown', async () => {
  let release;
  const keyring = new Keyring({ derive: (passphrase, room) => new Promise((resolve) => (release = () => resolve(deriveRoomKey(passphrase, room, 1)))) });
  keyring.use('secret', 'pw');
  const connection = fakeConnection('amy');
  connection.state.name = 'Amy'; // as a welcome spells it
  const queue = new SealingQueue({ connection, keyring });
  const typed = ['one', 'two', 'three'].map((text, i) => queue.send({ type: i === 1 ? 'action' : 'say', room: 'secret', text }));
  assert.deepEqual(typed.map((frame) => frame.text), ['one', 'two', 'three'], 'the caller keeps the plaintext');
  assert.equal(new Set(typed.map((frame) => frame.id)).size, 3);
  assert.equal(connection.sent.length, 0, 'nothing leaves before the key is ready');
  release();
  await queue.tail;
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
  const queue = new SealingQueue({ connection, keyring, onFailed: (frame, error) => failed.push([frame.id, error.message]) });
  const frame = queue.send({ type: 'say', room: 'secret', text: 'hi' });
  await queue.tail;
  assert.deepEqual(failed, [[frame.id, 'no WebCrypto']]);
  assert.equal(connection.sent.length, 0);
});
