// The shared end-to-end encryption vectors (Tests/Fixtures/protocol/e2e/vectors.json), written by an
// independent implementation (Python's `cryptography`) and checked by the Swift tests too: every entry.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { deriveKeyBytes, deriveRoomKey, fingerprintOf, ITERATIONS } from '../src/crypto/roomKey.js';
import { isSealed, open, PREFIX, seal } from '../src/crypto/sealedText.js';

const path = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'Tests', 'Fixtures', 'protocol', 'e2e', 'vectors.json');
const vectors = JSON.parse(readFileSync(path, 'utf8'));
const hex = (bytes) => Buffer.from(bytes).toString('hex');
const fromHex = (text) => new Uint8Array(Buffer.from(text, 'hex'));

// 600,000 iterations take a fraction of a second each: derive every distinct key once.
const keys = new Map();
const roomKey = ({ passphrase, room, iterations }) => {
  const id = JSON.stringify([passphrase, room, iterations]);
  if (!keys.has(id)) keys.set(id, deriveRoomKey(passphrase, room, iterations));
  return keys.get(id);
};

test('the vectors are for this scheme', () => {
  assert.equal(vectors.scheme, 'e2e1');
  assert.equal(vectors.prefix, PREFIX);
  assert.equal(vectors.iterations, ITERATIONS);
});

vectors.keys.forEach((entry, index) => {
  test(`key ${index}: ${entry.room}, ${entry.iterations} iterations, gives key_hex and fingerprint`, async () => {
    const bytes = await deriveKeyBytes(entry.passphrase, entry.room, entry.iterations);
    assert.equal(hex(bytes), entry.key_hex);
    assert.equal(await fingerprintOf(bytes), entry.fingerprint);
    assert.equal((await roomKey(entry)).fingerprint, entry.fingerprint);
  });
});

test('a passphrase typed decomposed (NFD) gives the key of its composed (NFC) form', () => {
  const forms = vectors.keys.filter((entry) => entry.room === 'secret-room').map((entry) => entry.passphrase);
  assert.equal(forms.length, 2);
  assert.notEqual(forms[0], forms[1], 'the fixture holds two spellings');
  assert.equal(forms[0].normalize('NFC'), forms[1].normalize('NFC'));
});

vectors.messages.forEach((entry, index) => {
  test(`message ${index} from ${entry.sender}: sealing with its nonce gives the wire text, opening gives the plaintext`, async () => {
    const key = await roomKey(entry);
    assert.equal(await seal(key, entry.plaintext, entry.sender, fromHex(entry.nonce_hex)), entry.wire);
    assert.deepEqual(await open(key, entry.wire, entry.sender), { ok: true, text: entry.plaintext });
  });
});

vectors.rejections.forEach((entry, index) => {
  test(`rejection ${index} (${entry.why}) does not open`, async () => {
    const result = await open(await roomKey(entry), entry.wire, entry.sender);
    assert.equal(result.ok, false);
    assert.equal(result.text, undefined);
  });
});

vectors.not_sealed.forEach((text) => {
  test(`${JSON.stringify(text)} is not a sealed text`, async () => {
    assert.equal(isSealed(text), false);
    const result = await open(await roomKey({ passphrase: 'x', room: 'a', iterations: 1 }), text, 'bob');
    assert.equal(result.ok, false);
  });
});
