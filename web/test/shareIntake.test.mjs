// Holders are counted only on evidence (docs/PROTOCOL.md, "Key shares" and "Who rotates, and to
// whom"). The attacker is a member of the room without its key: she knows the key's id (every sealed
// text names it) but not its bytes, so she cannot make its possession proof.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { randomBytes } from '../src/crypto/bytes.js';
import { makeShare, parseShare, recipientOf } from '../src/e2e/keyShare.js';
import { makeRoomKey, newRoomKeyBytes } from '../src/e2e/roomKey.js';
import { Identity } from '../src/identity/identity.js';
import { arrival, ROOM, shareKey, threeMembers, TestMember } from './support/members.mjs';

const holderOf = (member) => recipientOf(member.identity.keyBytes);
const holdersOf = (member, id) => [...member.keyring.holders(ROOM, id)].sort();

/** A member who joins after alice, bob and carol, welcomed with everyone's boxes, everyone with hers. */
async function newcomer(name, members) {
  const member = new TestMember(name, await Identity.generate());
  const everyone = [...members, member];
  for (const each of everyone) await each.welcome(ROOM, everyone);
  return member;
}

/** A key she knows only by its id: her proof of it is an HMAC under bytes of her own. */
const guessed = (id) => ({ id, bytes: randomBytes(32) });

/** A share `sender` makes of `roomKey` (rotating from `previous`, or none), sealed to `recipients`. */
async function shareFrom(sender, recipients, { roomKey, previous = undefined }, id = `${sender.name}-forged`) {
  const sealedTo = recipients.map((member) => ({ key: member.identity.keyBytes, boxPublic: member.identity.sealing.publicBytes }));
  const text = await makeShare({ room: ROOM, id, roomKey, previous, senderKey: sender.identity.keyBytes, recipients: sealedTo });
  return { type: 'share', id, room: ROOM, text };
}

test('a member without the key cannot rotate it: holders ignore her rotation whole, and a rotation waiting its turn still goes', async () => {
  const { alice, bob, carol, timers } = await threeMembers();
  await shareKey(alice, [bob, carol], 1);
  const mallory = await newcomer('mallory', [alice, bob, carol]);
  const old = alice.keyring.currentKey(ROOM);
  // Carol leaves: one of alice and bob rotates at once, the other waits 2 s for it.
  const left = { type: 'presence', presence: { room: ROOM, seq: 2, event: 'left', name: 'carol', reason: 'leave' }, members: ['alice', 'bob', 'mallory'] };
  await alice.push(left);
  await bob.push(left);
  const waiting = timers.pending.size;
  assert.equal(waiting, 1);
  const hers = await makeRoomKey(newRoomKeyBytes());
  const forged = await shareFrom(mallory, [alice, bob, carol, mallory], { roomKey: hers, previous: guessed(old.id) });
  for (const holder of [alice, bob]) {
    await holder.push(arrival(forged, mallory, 3));
    assert.equal(holder.changes().at(-1), undefined, 'ignored whole');
    assert.equal(holder.keyring.currentId(ROOM), old.idHex, 'nothing rotated');
    assert.equal(holder.keyring.key(ROOM, hers.idHex), undefined, 'her key is not even kept');
    assert.deepEqual(holdersOf(holder, hers.idHex), [], 'nobody holds her key');
    assert.ok(!holder.keyring.holders(ROOM, old.idHex).has(holderOf(mallory)));
  }
  assert.equal(timers.pending.size, waiting, 'the wait for a real rotation is not cancelled');
});

test('a member without the key cannot pass for a holder: her share of it under a made-up proof is ignored, and the next rekey leaves her out', async () => {
  const { alice, bob, carol } = await threeMembers();
  await shareKey(alice, [bob, carol], 1);
  const mallory = await newcomer('mallory', [alice, bob, carol]);
  const current = alice.keyring.currentKey(ROOM);
  await alice.push(arrival(await shareFrom(mallory, [mallory, bob], { roomKey: guessed(current.id) }), mallory, 2));
  assert.equal(alice.changes().at(-1), undefined, 'ignored whole');
  assert.deepEqual(holdersOf(alice, current.idHex), [alice, bob, carol].map(holderOf).sort());
  await alice.sharing.rekey(ROOM);
  const recipients = parseShare(alice.lastSent().text).records.map((record) => record.recipient);
  assert.deepEqual(recipients.sort(), [alice, bob, carol].map(holderOf).sort(), 'the new key does not go to her');
});

test('a share whose proof we cannot check (we lack its key) names no holders and rotates nothing; verified ones from holders name them', async () => {
  const { alice, bob, carol } = await threeMembers();
  const first = await shareKey(alice, [bob, carol], 1);
  const mallory = await newcomer('mallory', [alice, bob, carol]);
  const dave = await newcomer('dave', [alice, bob, carol, mallory]);
  const current = alice.keyring.currentKey(ROOM);
  const hers = await makeRoomKey(newRoomKeyBytes());
  // Dave, who has no key yet, reads the room's history: alice's first key, then mallory's forgery naming holders.
  await dave.push(arrival(first, alice, 1));
  await dave.push(arrival(await shareFrom(mallory, [mallory, bob], { roomKey: hers, previous: guessed(current.id) }), mallory, 2));
  assert.deepEqual([dave.changes(), dave.keyring.currentId(ROOM)], [['none', 'none'], undefined]);
  assert.deepEqual([holdersOf(dave, current.idHex), holdersOf(dave, hers.idHex)], [[], []], 'recipient lists he cannot check make nobody a holder');
  // Alice adds him: her proof of the key verifies with the key his record gives him.
  await shareKey(alice, [bob, carol, dave], 3, (member) => member.sharing.add(ROOM, 'dave'));
  assert.deepEqual([dave.changes().at(-1), dave.keyring.currentId(ROOM)], ['first', current.idHex]);
  assert.deepEqual(holdersOf(dave, current.idHex), [alice, dave].map(holderOf).sort());
  // Bob rekeys: his proof of the key he rotates from makes him its holder, and his recipients hold the new one.
  await shareKey(bob, [alice, carol, dave], 4, (member) => member.sharing.rekey(ROOM));
  const next = dave.keyring.currentId(ROOM);
  assert.deepEqual([dave.changes().at(-1), next === bob.keyring.currentId(ROOM)], ['rotated', true]);
  assert.deepEqual(holdersOf(dave, current.idHex), [alice, bob, dave].map(holderOf).sort());
  assert.deepEqual(holdersOf(dave, next), [alice, bob, carol, dave].map(holderOf).sort());
});
