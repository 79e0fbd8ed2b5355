// Trust on first use: pins by name regardless of case, kept in the store, changed only when accepted.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { MemoryStore } from '../src/identity/memoryStore.js';
import { PinBook } from '../src/identity/pinBook.js';

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

test('a name is pinned once, whatever its case, and the pin outlives the book', async () => {
  const store = new MemoryStore();
  const pins = new PinBook(store);
  pins.pinFirst('Bob', 'key-1');
  pins.pinFirst('bob', 'key-2');
  assert.deepEqual(pins.get('BOB'), { key: 'key-1', verified: false });
  await settle();
  const reopened = await PinBook.open(store);
  assert.deepEqual(reopened.get('bob'), { key: 'key-1', verified: false });
});

test('a new key is noted but not pinned until it is accepted, and then it is not verified', () => {
  const pins = new PinBook();
  pins.pinFirst('bob', 'key-1');
  pins.setVerified('bob', true);
  pins.noteNewKey('Bob', 'key-2');
  assert.deepEqual(pins.get('bob'), { key: 'key-1', verified: true });
  assert.equal(pins.newKey('bob'), 'key-2');
  pins.accept('bob');
  assert.deepEqual(pins.get('bob'), { key: 'key-2', verified: false }, 'the verification was for the old key');
  assert.equal(pins.newKey('bob'), undefined);
});

test('listeners get every pin with its unaccepted key, now and after each change', () => {
  const pins = new PinBook();
  const seen = [];
  pins.subscribe((snapshot) => seen.push(snapshot));
  pins.pinFirst('bob', 'key-1');
  pins.noteNewKey('bob', 'key-2');
  pins.noteNewKey('bob', 'key-2');
  assert.deepEqual(seen, [{}, { bob: { key: 'key-1', verified: false, newKey: undefined } }, { bob: { key: 'key-1', verified: false, newKey: 'key-2' } }]);
});

test('marking an unknown name verified does nothing', () => {
  const pins = new PinBook();
  pins.setVerified('nobody', true);
  assert.equal(pins.get('nobody'), undefined);
});
