// The shared identity vectors (Tests/Fixtures/protocol/identity/vectors.json), written by Python's
// `cryptography` and checked by the Swift tests too: every entry.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { decodeBase64URL } from '../src/crypto/base64url.js';
import { carriedIdentityText } from '../src/identity/carriedIdentity.js';
import { Identity } from '../src/identity/identity.js';
import { identityFingerprint, safetyNumber } from '../src/identity/safetyNumber.js';
import { verifyBytes } from '../src/identity/signatures.js';
import { helloInput, messageInput } from '../src/identity/signingInput.js';

const path = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'Tests', 'Fixtures', 'protocol', 'identity', 'vectors.json');
const vectors = JSON.parse(readFileSync(path, 'utf8'));
const hex = (bytes) => Buffer.from(bytes).toString('hex');
const identityOf = (seed) => Identity.fromCarried(carriedIdentityText(decodeBase64URL(seed)));

for (const [index, entry] of vectors.identities.entries()) {
  test(`identity ${index}: its seed, imported as from the terminal, has the vector's key and fingerprint`, async () => {
    const identity = await identityOf(entry.seed);
    assert.equal(identity.key, entry.key);
    assert.equal(identity.fingerprint, entry.fingerprint);
    assert.equal(await identityFingerprint(entry.key), entry.fingerprint);
    assert.equal(identity.privateKey.extractable, false, 'the private key never leaves WebCrypto');
  });
}

for (const [index, entry] of vectors.hello.entries()) {
  test(`hello ${index} (${entry.name}): the input's bytes, and the proof is the vector's signature`, async () => {
    assert.equal(hex(helloInput(decodeBase64URL(entry.nonce), entry.name)), entry.input);
    const identity = await identityOf(entry.seed);
    assert.equal(await identity.proveHello(entry.nonce, entry.name), entry.signature, 'Ed25519 signatures are deterministic');
    assert.ok(await verifyBytes(identity.key, entry.signature, helloInput(decodeBase64URL(entry.nonce), entry.name)));
  });
}

for (const [index, entry] of vectors.messages.entries()) {
  test(`message ${index} (${entry.kind} in ${entry.scope}): the input's bytes, its sig, and it verifies`, async () => {
    const input = messageInput(entry);
    assert.equal(hex(input), entry.input);
    const identity = await identityOf(entry.seed);
    assert.equal(identity.key, entry.key);
    assert.ok(await verifyBytes(entry.key, entry.sig, input));
  });

  // The conversation events' frames (with `reply` or `target`) are signed in conversationFrames.test.mjs.
  if (entry.refs) continue;
  test(`message ${index}: signing the frame that sends it gives the vector's sig`, async () => {
    const identity = await identityOf(entry.seed);
    const type = { message: 'say', action: 'action', dm: 'dm' }[entry.kind];
    const frame = { type, ...(entry.id ? { id: entry.id } : {}), ...(type === 'dm' ? { to: entry.scope.toUpperCase() } : { room: entry.scope }), text: entry.text };
    assert.equal((await identity.sign(frame)).sig, entry.sig, 'a dm signs its addressee lowercased');
  });
}

for (const entry of vectors.invalid) {
  test(`an invalid signature does not verify: ${entry.why}`, async () => {
    assert.equal(await verifyBytes(entry.key, entry.sig, messageInput(entry)), false);
  });
}

for (const [index, entry] of vectors.safety.entries()) {
  test(`safety number ${index} is the vector's, whichever key comes first`, async () => {
    assert.equal(await safetyNumber(entry.a, entry.b), entry.number);
    assert.equal(await safetyNumber(entry.b, entry.a), entry.number);
  });
}

test('the vectors cover each part of the scheme', () => {
  for (const part of ['identities', 'hello', 'messages', 'invalid', 'safety']) assert.ok(vectors[part].length > 0, part);
});
