// Sealing beyond the vectors: fresh nonces, the size limit, and strict decoding.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { decodeBase64URL, encodeBase64URL } from '../src/crypto/base64url.js';
import { deriveRoomKey } from '../src/crypto/roomKey.js';
import { isSealed, maxPlaintextBytes, open, seal } from '../src/crypto/sealedText.js';

const key = deriveRoomKey('pass', 'room', 1);

test('each seal uses a fresh nonce, and both open', async () => {
  const [first, second] = [await seal(await key, 'same', 'amy'), await seal(await key, 'same', 'amy')];
  assert.notEqual(first, second);
  assert.ok(isSealed(first));
  assert.deepEqual(await open(await key, second, 'amy'), { ok: true, text: 'same' });
});

test('the largest plaintext allowed seals to exactly the server limit, one byte more does not fit', async () => {
  for (const limit of [65536, 100, 1000, 1001, 1002, 1003]) {
    const most = maxPlaintextBytes(limit);
    assert.ok((await seal(await key, 'x'.repeat(most), 'amy')).length <= limit, `limit ${limit}`);
    assert.ok((await seal(await key, 'x'.repeat(most + 1), 'amy')).length > limit, `limit ${limit}`);
  }
  assert.equal(maxPlaintextBytes(65536), 49120);
});

test('base64url round-trips every length and refuses padding, other alphabets and stray bits', () => {
  for (let length = 0; length < 40; length += 1) {
    const bytes = Uint8Array.from({ length }, (_, i) => (i * 37 + 250) & 0xff);
    const text = encodeBase64URL(bytes);
    assert.equal(text, Buffer.from(bytes).toString('base64url'));
    assert.deepEqual(decodeBase64URL(text), bytes);
  }
  for (const bad of ['AAA=', 'AA+/', 'A', 'AB', 'AAB']) assert.equal(decodeBase64URL(bad), undefined, bad);
});

test('a key for another room does not open, even with the same passphrase', async () => {
  const wire = await seal(await key, 'hi', 'amy');
  assert.equal((await open(await deriveRoomKey('pass', 'other', 1), wire, 'amy')).ok, false);
});
