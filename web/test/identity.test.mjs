// This browser's identity: made once and kept, replaced by the terminal's, never extractable.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { CarriedIdentityError, parseCarriedIdentity } from '../src/identity/carriedIdentity.js';
import { Identity } from '../src/identity/identity.js';
import { MemoryStore } from '../src/identity/memoryStore.js';
import { loadIdentity, saveIdentity } from '../src/identity/savedIdentity.js';
import { verifyBytes } from '../src/identity/signatures.js';
import { messageInput, signedFields } from '../src/identity/signingInput.js';
import { vectors } from './support/identities.mjs';

const carried = `privchat-id1-secret:${vectors.identities[0].seed}`;

test('the first visit makes an identity and stores it; the next one gets the same key back', async () => {
  const store = new MemoryStore();
  const first = await loadIdentity(store);
  assert.equal(first.key.length, 43);
  assert.match(first.fingerprint, /^[0-9a-f]{4}( [0-9a-f]{4}){3}$/);
  assert.equal(first.privateKey.extractable, false);
  const again = await loadIdentity(store);
  assert.equal(again.key, first.key);
  assert.equal(again.privateKey, first.privateKey, 'the stored CryptoKey itself');
});

test('the sealing key is kept beside the identity key; one stored before sealing keys existed gets one, kept from then on', async () => {
  const store = new MemoryStore();
  const first = await loadIdentity(store);
  assert.equal(first.sealing.privateKey.extractable, false);
  assert.equal((await loadIdentity(store)).box, first.box);
  const { privateKey, publicKey } = first.keys;
  await store.set('self', { privateKey, publicKey }); // as an earlier version stored it
  const upgraded = await loadIdentity(store);
  assert.equal(upgraded.key, first.key);
  assert.equal(upgraded.box.length, 128);
  assert.equal((await loadIdentity(store)).box, upgraded.box);
});

test('an identity from the terminal replaces the stored one', async () => {
  const store = new MemoryStore();
  await loadIdentity(store);
  const terminal = await Identity.fromCarried(`  ${carried}\n`);
  await saveIdentity(store, terminal);
  assert.equal((await loadIdentity(store)).key, vectors.identities[0].key);
});

test('what is not a terminal identity is refused with a reason for people', () => {
  for (const text of ['', 'uBxiQtdnOG44x7C96S9Q3mIEea1RRBzwcynKddUQ67w', carried.slice(0, -2), `${carried}A`, carried.replace('Q', '!')]) {
    assert.throws(() => parseCarriedIdentity(text), CarriedIdentityError, JSON.stringify(text));
  }
});

test('a signed frame keeps its fields and verifies with its key', async () => {
  const identity = await Identity.generate();
  const frame = { type: 'say', id: 'x-1', room: 'lobby', text: 'e2e2:sealed' };
  const signed = await identity.sign(frame);
  assert.deepEqual({ ...signed, sig: undefined }, { ...frame, sig: undefined });
  assert.equal(signed.sig.length, 86);
  assert.ok(await verifyBytes(identity.key, signed.sig, messageInput(signedFields({ ...signed, type: 'message' }))), 'a receiver rebuilds the same input');
});
