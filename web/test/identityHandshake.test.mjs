// A connection with an identity: hello with the key, the challenge proven, every message signed once
// and resent as it was after a reconnect; names bound to other keys and refused proofs are final.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { ChatConnection } from '../src/protocol/connection.js';
import { Outbox } from '../src/protocol/outbox.js';
import { encryptionParts } from './support/encryption.mjs';
import { fakeSockets } from './support/fakeSockets.mjs';
import { vectorIdentity, vectors } from './support/identities.mjs';

const alice = await vectorIdentity(0);
const backoff = { next: () => 1, reset() {} };
const settle = () => new Promise((resolve) => setTimeout(resolve, 5));
const limits = { max_message_bytes: 65536, max_rooms: 32, rate: 20, burst: 40 };
const welcome = { type: 'welcome', name: 'alice', key: alice.key, session: 's1', epoch: 'e1', rooms: [{ room: 'lobby', seq: 3, members: ['alice'], history: [], truncated: false }], limits };

function connect() {
  const { FakeSocket, made } = fakeSockets();
  const events = [];
  const connection = new ChatConnection({ url: 'ws://x/ws', name: 'alice', identity: alice, WebSocketImpl: FakeSocket, backoff, probeAccess: async () => false, onEvent: (event) => events.push(event) });
  const outbox = new Outbox({ connection, encryption: encryptionParts(), identity: alice });
  connection.start();
  return { connection, outbox, made, events };
}

async function waitFor(condition) {
  while (!condition()) await settle();
}

test('hello carries the key and the sealing key\'s box, the challenge is answered with the proof, and then the welcome comes', async () => {
  const { connection, made, events } = connect();
  const vector = vectors.hello[0];
  made[0].open();
  assert.deepEqual(made[0].frames(), [{ type: 'hello', name: 'alice', rooms: ['lobby'], key: alice.key, box: alice.box }]);
  made[0].deliver({ type: 'challenge', nonce: vector.nonce });
  await waitFor(() => made[0].sent.length === 2);
  assert.deepEqual(made[0].frames()[1], { type: 'prove', signature: vector.signature });
  made[0].deliver(welcome);
  assert.ok(events.some((event) => event.type === 'welcomed'));
  connection.stop();
});

test('a message is signed once: after a reconnect it is resent with the same id and signature', async () => {
  const { connection, outbox, made } = connect();
  made[0].open();
  const typed = outbox.send({ type: 'say', room: 'lobby', text: 'hello' });
  made[0].deliver({ type: 'challenge', nonce: vectors.hello[0].nonce });
  await outbox.settled();
  await waitFor(() => made[0].sent.length === 2);
  assert.deepEqual(made[0].frames().map((frame) => frame.type), ['hello', 'prove'], 'nothing but the proof before the welcome');
  made[0].deliver(welcome);
  const say = made[0].frames()[2];
  assert.equal(say.id, typed.id);
  assert.equal(say.sig.length, 86);

  made[0].drop();
  await waitFor(() => made.length === 2);
  made[1].open();
  assert.equal(made[1].frames()[0].session, 's1', 'resuming');
  made[1].deliver({ type: 'challenge', nonce: vectors.hello[1].nonce });
  await waitFor(() => made[1].sent.length === 2);
  made[1].deliver(welcome);
  assert.equal(made[1].sent[2], made[0].sent[2], 'the very same signed frame');
  connection.stop();
});

test('a challenge that arrives after its socket closed is not answered on the next one', async () => {
  const { connection, made } = connect();
  made[0].open();
  made[0].deliver({ type: 'challenge', nonce: vectors.hello[0].nonce });
  made[0].drop();
  await waitFor(() => made.length === 2);
  await settle();
  assert.deepEqual(made[0].frames().map((frame) => frame.type), ['hello']);
  assert.deepEqual(made[1].frames(), []);
  connection.stop();
});

for (const [code, message, suggestion] of [
  ['name_bound', 'the name "alice" belongs to another person\'s identity key; try "alice2"', 'alice2'],
  ['bad_proof', 'the proof does not verify', undefined],
]) {
  test(`a hello refused with ${code} is final, and says why`, async () => {
    const { made, events } = connect();
    made[0].open();
    made[0].deliver({ type: 'error', code, message, suggestion });
    made[0].drop();
    await settle();
    const fatal = events.find((event) => event.type === 'fatal');
    assert.deepEqual(fatal.error, { code, message, suggestion });
    assert.equal(made.length, 1, 'not tried again');
  });
}

test('a message refused with bad_signature is reported and not resent', async () => {
  const { connection, outbox, made, events } = connect();
  made[0].open();
  made[0].deliver(welcome);
  const typed = outbox.send({ type: 'say', room: 'lobby', text: 'hello' });
  await outbox.settled();
  made[0].deliver({ type: 'error', code: 'bad_signature', message: 'the signature does not verify: not sent', id: typed.id });
  assert.equal(events.find((event) => event.type === 'refused').error.id, typed.id);
  made[0].drop();
  await waitFor(() => made.length === 2);
  made[1].open();
  made[1].deliver(welcome);
  assert.deepEqual(made[1].frames().map((frame) => frame.type), ['hello']);
  connection.stop();
});
