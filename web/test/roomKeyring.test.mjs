// The room keys: kept by key id with their holders, the current one per room, written through to the
// store and read back after a reload; passphrase rooms derive one key per salt and never keep the passphrase.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { RoomKeyring } from '../src/e2e/roomKeyring.js';
import { MemoryStore } from '../src/identity/memoryStore.js';
import { encryptionParts, FEW_ITERATIONS, roomWithKey, settle } from './support/encryption.mjs';

test('a room is encrypted once it has a key, and describes its state for the GUI', async () => {
  const { keyring } = encryptionParts();
  assert.equal(keyring.encrypts('dev'), false);
  assert.equal(keyring.describe('dev'), undefined);
  const key = await roomWithKey(keyring, 'dev');
  keyring.addHolders('dev', key.idHex, ['aaaaaaaaaaaaaaaa']);
  assert.ok(keyring.encrypts('dev'));
  assert.deepEqual(keyring.describe('dev'), { kind: 'random', status: 'ready', fingerprint: key.fingerprint, error: undefined, holders: ['aaaaaaaaaaaaaaaa'] });
  keyring.setCurrent('dev', undefined, { leftOut: true });
  assert.equal(keyring.describe('dev').status, 'left-out');
  assert.equal(keyring.key('dev', key.idHex), key, 'an old key is kept, for history');
});

test('keys, holders and the current key survive a reload from the store, the key bytes as they were', async () => {
  const { keyring, store } = encryptionParts();
  const old = await roomWithKey(keyring, 'dev');
  const current = await roomWithKey(keyring, 'dev');
  keyring.addHolders('dev', current.idHex, ['0102030405060708']);
  await settle();
  const reloaded = await RoomKeyring.open(store);
  assert.equal(reloaded.currentId('dev'), current.idHex);
  assert.deepEqual(reloaded.currentKey('dev').bytes, current.bytes);
  assert.ok(reloaded.key('dev', old.idHex));
  assert.deepEqual([...reloaded.holders('dev', current.idHex)], ['0102030405060708']);
});

test('listeners hear each room now and on every change', async () => {
  const { keyring } = encryptionParts();
  await roomWithKey(keyring, 'one');
  const heard = [];
  keyring.subscribe((room, description) => heard.push([room, description.status]));
  assert.deepEqual(heard, [['one', 'ready']]);
  keyring.setCurrent('one', undefined, { leftOut: true });
  assert.deepEqual(heard.at(-1), ['one', 'left-out']);
});

test('a passphrase room derives a key under a salt of its own, is deriving until then, and keeps no passphrase', async () => {
  const store = new MemoryStore();
  const keyring = new RoomKeyring(store, [], { iterations: FEW_ITERATIONS });
  const passphrase = 'correct horse battery staple';
  const ready = keyring.usePassphrase('secret', passphrase);
  assert.equal(keyring.describe('secret').status, 'deriving');
  await ready;
  const key = keyring.currentKey('secret');
  assert.deepEqual([keyring.describe('secret').status, keyring.describe('secret').kind, key.salt.length], ['ready', 'passphrase', 16]);
  const again = await keyring.keyForSalt('secret', key.salt);
  assert.equal(again.idHex, key.idHex, 'the same salt gives the same key');
  assert.notEqual((await keyring.keyForSalt('secret', new Uint8Array(16))).idHex, key.idHex, 'another salt, another key');
  await settle();
  assert.ok(!JSON.stringify([...(await store.entries())], (_, value) => (value instanceof Uint8Array ? [...value] : value)).includes(passphrase));
  const reloaded = await RoomKeyring.open(store);
  assert.equal(reloaded.keyForSalt('secret', key.salt), undefined, 'after a reload, only the derived keys are left');
  assert.equal(reloaded.currentKey('secret').idHex, key.idHex);
});
