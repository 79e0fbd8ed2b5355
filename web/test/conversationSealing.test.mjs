// Conversation events in an encrypted room (conv1): an edit's new text and a reaction's +X/-X are
// sealed like any text, with their own kind and id in the associated data; a delete has no text.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { sealerFor } from '../src/e2e/outgoingSeal.js';
import { openRoomMessage } from '../src/e2e/roomOpener.js';
import { isSealed } from '../src/e2e/sealedText.js';
import { Outbox } from '../src/protocol/outbox.js';
import { people } from './support/e2e2.mjs';
import { encryptionParts, roomWithKey } from './support/encryption.mjs';

const [alice] = people;
const target = { seq: 4, id: 'm1' };
const received = (sent) => ({ ...sent, seq: 9, from: 'alice', time: 0, key: alice.key });

test('an edit and a reaction are sealed with their own kind and id, and open only as what they are', async () => {
  const { keyring, directory } = encryptionParts();
  await roomWithKey(keyring, 'dev');
  for (const frame of [{ type: 'edit', id: 'e1', room: 'dev', target, text: 'fixed text' }, { type: 'reaction', id: 'r1', room: 'dev', target, text: '+👍' }]) {
    const sealed = await sealerFor(frame, { keyring, directory, identity: alice })();
    assert.ok(isSealed(sealed.text), frame.type);
    const opened = await openRoomMessage(received(sealed), keyring);
    assert.deepEqual([opened.text, opened.e2e], [frame.text, 'ok']);
    const other = frame.type === 'edit' ? 'reaction' : 'edit';
    for (const changed of [{ type: other }, { type: 'message' }, { id: 'x9' }]) {
      assert.equal((await openRoomMessage({ ...received(sealed), ...changed }, keyring)).e2e, 'failed', `${frame.type} as ${JSON.stringify(changed)}`);
    }
  }
});

test('the Outbox seals an edit and a reaction, and sends a delete as it is', async () => {
  const { keyring, directory } = encryptionParts();
  await roomWithKey(keyring, 'dev');
  const sent = [];
  const connection = { send: (frame) => sent.push(frame), state: { makeId: () => `id${sent.length}` } };
  const outbox = new Outbox({ connection, encryption: { keyring, directory }, identity: { ...alice, sign: async (frame) => ({ ...frame, sig: 'signed' }) } });
  outbox.send({ type: 'edit', room: 'dev', target, text: 'new' });
  outbox.send({ type: 'reaction', room: 'dev', target, text: '-🎉' });
  outbox.send({ type: 'delete', room: 'dev', target });
  await outbox.settled();
  assert.deepEqual(sent.map((frame) => [frame.type, isSealed(frame.text), frame.sig]), [['edit', true, 'signed'], ['reaction', true, 'signed'], ['delete', false, 'signed']]);
  assert.equal(sent[2].text, undefined);
});
