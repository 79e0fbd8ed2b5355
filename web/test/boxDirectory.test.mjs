// Members' sealing keys: kept only when their identity key signed them, moved on a rename.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { BoxDirectory } from '../src/e2e/boxDirectory.js';
import { recipientOf } from '../src/e2e/keyShare.js';
import { people, vectors } from './support/e2e2.mjs';

const [alice, bob] = people;

test('a snapshot\'s keys and boxes are learnt, a box another key signed is not', async () => {
  const directory = new BoxDirectory();
  await directory.learnSnapshot({ room: 'dev', keys: { alice: alice.key, bob: bob.key, carol: people[2].key }, boxes: { alice: alice.box, bob: vectors.bad_box } });
  assert.ok(directory.canSealTo('Alice'), 'names regardless of case');
  assert.deepEqual(directory.get('alice').boxPublic, alice.sealing.publicBytes);
  assert.equal(directory.canSealTo('bob'), false, 'bob\'s box is not signed by bob\'s key');
  assert.equal(directory.get('bob').key, bob.key, 'his identity key is still known');
  assert.equal(directory.canSealTo('carol'), false);
  assert.equal(directory.byHolderId(recipientOf(alice.keyBytes)).name, 'alice');
});

test('a presence without a box keeps the box known for the same key; a new key without one drops it', async () => {
  const directory = new BoxDirectory();
  await directory.learn('bob', bob.key, bob.box);
  await directory.learn('bob', bob.key, undefined);
  assert.ok(directory.canSealTo('bob'));
  await directory.learn('bob', alice.key, undefined);
  assert.equal(directory.canSealTo('bob'), false, 'another person took the name: bob\'s box is not theirs');
});

test('a rename moves the entry, and listeners hear whom they can seal to', async () => {
  const directory = new BoxDirectory();
  const heard = [];
  directory.subscribe((snapshot) => heard.push(snapshot));
  await directory.learn('bob', bob.key, bob.box);
  directory.rename('bob', 'Robert');
  assert.equal(directory.get('bob'), undefined);
  assert.ok(directory.canSealTo('robert'));
  assert.deepEqual(heard.at(-1), { robert: { holder: recipientOf(bob.keyBytes), sealable: true } });
});
