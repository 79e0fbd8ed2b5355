// Sealed file bodies (src/files/sealedBody.js) against the shared vectors (`file_bodies` in
// Tests/Fixtures/protocol/e2e2/vectors.json, written by Python's `cryptography`): each opens to its
// body, and sealed again with its nonce gives the same bytes; moved to another file, room or sender, it does not open.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { decodeBase64, encodeBase64 } from '../src/crypto/base64.js';
import { parseSealedBytes } from '../src/e2e/sealedBytes.js';
import { openedBodySize, openFileBody, sealedBodySize, sealFileBody } from '../src/files/sealedBody.js';
import { bytes, vectors } from './support/e2e2.mjs';
import { encryptionParts } from './support/encryption.mjs';

/** A keyring holding the vector's key for its room, and that key. */
async function keyringWith(entry) {
  const { keyring } = encryptionParts();
  keyring.ensure(entry.room, entry.salt ? 'passphrase' : 'random');
  return { keyring, key: await keyring.addKey(entry.room, bytes(entry.key), bytes(entry.salt)) };
}
const contextOf = (entry) => ({ room: entry.room, senderKey: bytes(entry.sender), file: entry.file });

test('the vectors have a body in a random-key room and one in a passphrase room', () => {
  assert.deepEqual(vectors.file_bodies.map((entry) => entry.salt === ''), [true, false]);
});

for (const [index, entry] of vectors.file_bodies.entries()) {
  test(`file body ${index} (${entry.room}): it opens to the body, and sealing the body with its nonce gives its bytes`, async () => {
    const { keyring, key } = await keyringWith(entry);
    const sealed = decodeBase64(entry.sealed);
    assert.equal(sealed.length, entry.sealed_size);
    assert.equal(sealedBodySize(decodeBase64(entry.body).length, key), entry.sealed_size, 'the size `upload` names is known before the file id');
    assert.equal(entry.sealed_size - decodeBase64(entry.body).length, entry.salt ? 53 : 37);
    assert.equal(openedBodySize(entry.sealed_size, Boolean(entry.salt)), decodeBase64(entry.body).length);
    assert.deepEqual(await openFileBody(keyring, sealed, contextOf(entry)), { ok: true, body: decodeBase64(entry.body) });
    const { nonce } = parseSealedBytes(sealed);
    assert.equal(encodeBase64(await sealFileBody(key, { ...contextOf(entry), body: decodeBase64(entry.body) }, nonce)), entry.sealed);
  });

  test(`file body ${index}: under another file id, in another room, from another sender or altered, it does not open`, async () => {
    const { keyring } = await keyringWith(entry);
    const sealed = decodeBase64(entry.sealed);
    const other = { ...contextOf(entry), file: 'ffeeddccbbaa99887766554433221100' };
    assert.deepEqual(await openFileBody(keyring, sealed, other), { ok: false, why: 'failed' });
    keyring.ensure('elsewhere', entry.salt ? 'passphrase' : 'random');
    await keyring.addKey('elsewhere', bytes(entry.key), bytes(entry.salt));
    assert.deepEqual(await openFileBody(keyring, sealed, { ...contextOf(entry), room: 'elsewhere' }), { ok: false, why: 'failed' }, 'the same key, another room');
    const senderKey = bytes(entry.sender).map((byte) => byte ^ 1);
    assert.deepEqual(await openFileBody(keyring, sealed, { ...contextOf(entry), senderKey }), { ok: false, why: 'failed' });
    const altered = sealed.slice();
    altered[altered.length - 1] ^= 1;
    assert.deepEqual(await openFileBody(keyring, altered, contextOf(entry)), { ok: false, why: 'failed' });
    assert.deepEqual(await openFileBody(keyring, sealed.slice(0, 20), contextOf(entry)), { ok: false, why: 'failed' }, 'too short to be sealed');
    assert.deepEqual(await openFileBody(encryptionParts().keyring, sealed, contextOf(entry)), { ok: false, why: 'locked' }, 'a key we do not have');
  });
}
