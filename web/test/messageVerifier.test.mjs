// Between the connection and the opener: signatures judged in the order events came, keys in presence noted.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { Identity } from '../src/identity/identity.js';
import { MessageVerifier } from '../src/identity/messageVerifier.js';
import { PinBook } from '../src/identity/pinBook.js';
import { signedMessage, vectorIdentity } from './support/identities.mjs';

const [alice, bob] = [await vectorIdentity(0), await vectorIdentity(1)];

function verifier(pins = new PinBook()) {
  const delivered = [];
  const verifying = new MessageVerifier({ pins, ownKey: alice.key, deliver: (event) => delivered.push(event) });
  return { verifying, delivered, pins };
}

test('history and live messages get their states in order; other events wait their turn', async () => {
  const { verifying, delivered } = verifier();
  verifying.push({ type: 'welcomed' });
  assert.equal(delivered.length, 1, 'nothing waits: at once');
  verifying.push({ type: 'message', history: true, message: await signedMessage(bob, { from: 'bob', seq: 1 }) });
  verifying.push({ type: 'acknowledged', ack: { id: 'x' } });
  verifying.push({ type: 'message', history: false, message: await signedMessage(bob, { from: 'bob', seq: 2 }) });
  verifying.push({ type: 'message', history: false, message: await signedMessage(undefined, { from: 'pete', seq: 3 }) });
  await verifying.order.settled();
  assert.deepEqual(delivered.map((event) => event.type), ['welcomed', 'message', 'acknowledged', 'message', 'message']);
  assert.deepEqual(delivered.filter((event) => event.type === 'message').map((event) => event.message.signature.state), ['first-seen', 'verified', 'unsigned']);
  assert.equal(delivered[1].history, true);
});

test('a dm is judged like a room message', async () => {
  const { verifying, delivered } = verifier();
  const signed = await bob.sign({ type: 'dm', id: 'd1', to: 'alice', text: 'psst' });
  verifying.push({ type: 'direct', direct: { ...signed, from: 'bob', time: 0, key: bob.key } });
  await verifying.order.settled();
  assert.equal(delivered[0].direct.signature.state, 'first-seen');
});

test('a member who joins with another key than the pinned one is reported; one who leaves is not checked', async () => {
  const pins = new PinBook();
  pins.pinFirst('bob', bob.key);
  const { verifying, delivered } = verifier(pins);
  const stranger = await Identity.generate();
  verifying.push({ type: 'presence', presence: { room: 'lobby', seq: 1, event: 'joined', name: 'carol', key: stranger.key } });
  verifying.push({ type: 'presence', presence: { room: 'lobby', seq: 2, event: 'renamed', name: 'bob', from: 'carol', key: stranger.key } });
  verifying.push({ type: 'presence', presence: { room: 'lobby', seq: 3, event: 'left', name: 'bob', key: stranger.key } });
  verifying.push({ type: 'presence', presence: { room: 'lobby', seq: 4, event: 'joined', name: 'pete' } });
  await verifying.order.settled();
  assert.deepEqual(delivered.map((event) => event.presence.signature?.state), ['first-seen', 'key-changed', undefined, undefined]);
  assert.equal(pins.get('carol').key, stranger.key);
  assert.equal(pins.newKey('bob'), stranger.key);
});

test("a snapshot's member keys are pinned silently, and one that changed is reported", async () => {
  const { verifying, delivered, pins } = verifier();
  const room = (key) => ({ room: 'lobby', seq: 1, members: ['bob'], keys: { bob: key }, history: [], truncated: false });
  verifying.push({ type: 'welcomed', welcome: { rooms: [room(bob.key)] } });
  await verifying.order.settled();
  assert.deepEqual(delivered.map((event) => event.type), ['welcomed'], 'first seen: nothing to say');
  assert.equal(pins.get('bob').key, bob.key);
  const impostor = await vectorIdentity(2);
  verifying.push({ type: 'joined', snapshot: room(impostor.key) });
  await verifying.order.settled();
  assert.deepEqual(delivered.map((event) => event.type), ['welcomed', 'joined', 'keyChanged']);
  assert.equal(delivered[2].name, 'bob');
  assert.equal(delivered[2].signature.state, 'key-changed');
  assert.equal(pins.get('bob').key, bob.key, 'the pin stays until the user accepts the new key');
});
