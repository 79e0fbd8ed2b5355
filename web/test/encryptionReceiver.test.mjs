// Room keys between members: a first key, rotation when a holder leaves (not when a connection drops),
// a race of two rotations, Add and Remove, and an invitee's share with itself; direct messages opened.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { compareBytes } from '../src/crypto/bytes.js';
import { recipientOf } from '../src/e2e/keyShare.js';
import { sealRoomText } from '../src/e2e/sealedText.js';
import { sealDirect } from '../src/e2e/directText.js';
import { people } from './support/e2e2.mjs';
import { arrival, ROOM, shareKey, TestMember, threeMembers } from './support/members.mjs';

/** What `reader` shows of a message `sender` seals now with its current key. */
async function readBy(reader, sender, text, seq) {
  const key = sender.keyring.currentKey(ROOM);
  const frame = { type: 'say', id: `m${seq}`, room: ROOM, text: await sealRoomText(key, { room: ROOM, senderKey: sender.identity.keyBytes, kind: 'message', id: `m${seq}`, text }) };
  await reader.push(arrival(frame, sender, seq));
  return reader.delivered.at(-1).message;
}

test('a first key goes to every member with a box; the others take it at once, its maker at the ack', async () => {
  const { alice, bob, carol } = await threeMembers();
  await alice.sharing.newKey(ROOM);
  const share = alice.lastSent();
  assert.equal(share.type, 'share');
  assert.equal(alice.keyring.currentKey(ROOM), undefined, 'not before the ack');
  await alice.push({ type: 'acknowledged', ack: { type: 'ack', id: share.id, room: ROOM, seq: 1, time: 0 } });
  for (const member of [bob, carol]) await member.push(arrival(share, alice, 1));
  const ids = [alice, bob, carol].map((member) => member.keyring.currentId(ROOM));
  assert.ok(ids[0] && ids.every((id) => id === ids[0]));
  assert.deepEqual([alice.changes(), bob.changes()], [['first'], ['first']]);
  assert.equal(alice.delivered.at(-1).share.signature.own, true, 'shown as ours');
  const holders = alice.keyring.holders(ROOM, ids[0]);
  for (const member of [alice, bob, carol]) assert.ok(holders.has(recipientOf(member.identity.keyBytes)));
  assert.deepEqual([(await readBy(bob, alice, 'hello all', 2)).text, (await readBy(carol, bob, 'hi', 3)).text], ['hello all', 'hi']);
});

test('when a holder leaves, the holder with the lowest key rotates at once, the next waits, and the leaver cannot read on', async () => {
  const { alice, bob, carol, timers } = await threeMembers();
  await shareKey(alice, [bob, carol], 1);
  const old = alice.keyring.currentId(ROOM);
  const left = { type: 'presence', presence: { room: ROOM, seq: 2, event: 'left', name: 'carol', reason: 'leave' }, members: ['alice', 'bob'] };
  const [first, second] = [alice, bob].sort((a, b) => compareBytes(a.identity.keyBytes, b.identity.keyBytes));
  await second.push(left);
  assert.deepEqual([...timers.pending.values()].map(({ delay }) => delay), [2000], 'the second in rank waits 2 s');
  assert.equal(second.sent.length, 0);
  await first.push(left);
  const rotation = first.lastSent();
  assert.ok(rotation, 'the first in rank rotates at once');
  await first.push({ type: 'acknowledged', ack: { type: 'ack', id: rotation.id, room: ROOM, seq: 3, time: 0 } });
  await second.push(arrival(rotation, first, 3));
  assert.equal(timers.pending.size, 0, 'the rotation that came cancelled the wait');
  await carol.push(arrival(rotation, first, 3));
  const current = alice.keyring.currentId(ROOM);
  assert.notEqual(current, old);
  assert.equal(bob.keyring.currentId(ROOM), current);
  assert.deepEqual([carol.keyring.currentId(ROOM), carol.keyring.describe(ROOM).status, carol.changes().at(-1)], [undefined, 'left-out', 'left-out']);
  assert.deepEqual([(await readBy(bob, alice, 'after carol', 4)).text, (await readBy(carol, alice, 'after carol', 4)).e2e], ['after carol', 'locked']);
  assert.ok(carol.keyring.key(ROOM, old), 'carol keeps the old key: history stays hers');
});

test('a dropped connection (a left without reason) rotates nothing', async () => {
  const { alice, bob, carol, timers } = await threeMembers();
  await shareKey(alice, [bob, carol], 1);
  const dropped = { type: 'presence', presence: { room: ROOM, seq: 2, event: 'left', name: 'carol' }, members: ['alice', 'bob'] };
  await alice.push(dropped);
  await bob.push(dropped);
  assert.deepEqual([alice.sent.length, bob.sent.length, timers.pending.size], [0, 0, 0]);
});

test('two rotations at once: the first in the room\'s order wins for both, and the second\'s maker never adopts its own', async () => {
  const { alice, bob, carol } = await threeMembers();
  await shareKey(alice, [bob, carol], 1);
  await alice.sharing.rekey(ROOM);
  await bob.sharing.rekey(ROOM);
  const [fromAlice, fromBob] = [alice.lastSent(), bob.lastSent()];
  // The relay sequences alice's first: each sees the other's share and its own ack in that order.
  await alice.push({ type: 'acknowledged', ack: { type: 'ack', id: fromAlice.id, room: ROOM, seq: 2, time: 0 } });
  await alice.push(arrival(fromBob, bob, 3));
  await bob.push(arrival(fromAlice, alice, 2));
  await bob.push({ type: 'acknowledged', ack: { type: 'ack', id: fromBob.id, room: ROOM, seq: 3, time: 0 } });
  await carol.push(arrival(fromAlice, alice, 2));
  await carol.push(arrival(fromBob, bob, 3));
  const current = alice.keyring.currentId(ROOM);
  assert.deepEqual([bob.keyring.currentId(ROOM), carol.keyring.currentId(ROOM)], [current, current]);
  assert.deepEqual(bob.changes().slice(-2), ['rotated', 'none']);
});

test('Add to encryption gives a newcomer the current key; Remove from encryption rotates without them', async () => {
  const { alice, bob, carol } = await threeMembers();
  await shareKey(alice, [bob], 1, (member) => member.sharing.newKey(ROOM));
  const dave = new TestMember('dave', await (await import('../src/identity/identity.js')).Identity.generate());
  for (const member of [alice, bob, dave]) await member.welcome(ROOM, [alice, bob, carol, dave]);
  assert.equal(dave.keyring.currentKey(ROOM), undefined);
  await shareKey(alice, [bob, dave], 2, (member) => member.sharing.add(ROOM, 'dave'));
  assert.equal(dave.keyring.currentId(ROOM), alice.keyring.currentId(ROOM), 'dave has the room\'s key');
  assert.ok(alice.keyring.holders(ROOM, alice.keyring.currentId(ROOM)).has(recipientOf(dave.identity.keyBytes)));
  await shareKey(alice, [bob, dave], 3, (member) => member.sharing.remove(ROOM, 'dave'));
  assert.equal(bob.keyring.currentId(ROOM), alice.keyring.currentId(ROOM));
  assert.equal(dave.keyring.describe(ROOM).status, 'left-out');
  assert.equal(await alice.sharing.remove('lobby', 'dave'), false, 'a room without a random key cannot be rekeyed');
});

test('after joining from an invite link, the link\'s key goes to ourselves alone, so the holders know we have it', async () => {
  const { alice, bob } = await threeMembers();
  await shareKey(alice, [bob], 1);
  const key = alice.keyring.currentKey(ROOM);
  const dave = new TestMember('dave', people[2], { afterJoin: { [ROOM]: 'invite' } });
  dave.keyring.setCurrent(ROOM, (await dave.keyring.addKey(ROOM, key.bytes)).idHex);
  await dave.push({ type: 'snapshotDone', room: ROOM });
  const share = dave.lastSent();
  assert.equal(share.type, 'share');
  await alice.push(arrival(share, dave, 2));
  assert.ok(alice.keyring.holders(ROOM, key.idHex).has(recipientOf(dave.identity.keyBytes)));
  assert.equal(alice.keyring.currentId(ROOM), key.idHex, 'a key handed on changes nobody\'s current key');
  assert.deepEqual(alice.changes().at(-1), 'none');
});

test('a share without a valid signature is ignored', async () => {
  const { alice, bob } = await threeMembers();
  await alice.sharing.newKey(ROOM);
  const share = arrival(alice.lastSent(), alice, 1);
  await bob.push({ ...share, share: { ...share.share, signature: { state: 'invalid' } } });
  assert.deepEqual([bob.keyring.encrypts(ROOM), bob.changes()], [false, [undefined]]);
});

test('a sealed dm opens with our keys and teaches us the sender\'s box; a clear one is marked', async () => {
  const { alice, bob } = await threeMembers();
  const fresh = new TestMember('bob', bob.identity);
  const recipient = { key: bob.identity.keyBytes, boxPublic: bob.identity.sealing.publicBytes };
  const text = await sealDirect({ me: alice.identity.sealer, recipient, id: 'd1', text: 'just between us' });
  await fresh.push({ type: 'direct', direct: { from: 'alice', to: 'bob', text, time: 0, id: 'd1', key: alice.identity.key } });
  await fresh.push({ type: 'direct', direct: { from: 'carol', to: 'bob', text: 'hello', time: 0, id: 'd2' } });
  const [sealed, clear] = fresh.delivered.map((event) => event.direct);
  assert.deepEqual([sealed.text, sealed.e2e, clear.e2e], ['just between us', 'ok', 'plain']);
  assert.ok(fresh.directory.canSealTo('alice'), 'a box learnt from a dm, with no room shared');
  await fresh.push({ type: 'direct', direct: { from: 'alice', to: 'bob', text, time: 0, id: 'd3', key: alice.identity.key } });
  assert.deepEqual([fresh.delivered.at(-1).direct.text, fresh.delivered.at(-1).direct.e2e], ['', 'failed']);
});
