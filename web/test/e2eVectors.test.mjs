// The shared end-to-end encryption vectors (Tests/Fixtures/protocol/e2e2/vectors.json), written by an
// independent implementation (Python's `cryptography`) and checked by the Swift tests too: every entry.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { encodeBase64URL } from '../src/crypto/base64url.js';
import { hexOf } from '../src/crypto/bytes.js';
import { importSealingKey } from '../src/crypto/sealingKey.js';
import { openBox } from '../src/e2e/box.js';
import { openDirect, pairKeyBytes, sealDirect } from '../src/e2e/directText.js';
import { makeShare, openShare, parseShare, possessionProof } from '../src/e2e/keyShare.js';
import { isWeakPassphrase } from '../src/e2e/passphraseStrength.js';
import { ITERATIONS, keyIdOf, makeRoomKey, passphraseKeyBytes, passphraseSecret } from '../src/e2e/roomKey.js';
import { isSealed, openRoomText, parseSealed, PREFIX, sealRoomText } from '../src/e2e/sealedText.js';
import { readShare } from '../src/e2e/shareIntake.js';
import { bytes, fixed, fromHex, people, vectors } from './support/e2e2.mjs';

const roomKeyOf = (entry) => makeRoomKey(bytes(entry.key), bytes(entry.salt));
const frameOf = (entry) => ({ room: entry.room, senderKey: bytes(entry.sender_key), kind: entry.kind, id: entry.id });
const sealer = (index) => people[index].sealer;

test('the vectors are for this scheme', () => {
  assert.equal(vectors.scheme, 'e2e2');
  assert.equal(vectors.iterations, ITERATIONS);
});

for (const [index, person] of vectors.people.entries()) {
  test(`person ${index}: the terminal's seed gives the vector's key, sealing key and box, and the box verifies`, async () => {
    const identity = people[index];
    assert.equal(identity.key, person.key);
    assert.equal(encodeBase64URL(identity.sealing.publicBytes), person.box_public);
    assert.equal(identity.box, person.box, 'Ed25519 signatures are deterministic');
    assert.equal(identity.sealing.privateKey.extractable, false, 'the sealing key never leaves WebCrypto');
    assert.deepEqual(await openBox(person.key, person.box), bytes(person.box_public));
  });
}

test('a box whose signature is another key\'s does not verify', async () => {
  assert.equal(await openBox(vectors.people[0].key, vectors.bad_box), undefined);
  assert.equal(await openBox(vectors.people[1].key, vectors.people[0].box), undefined, 'nor does a box under another member\'s key');
});

for (const [index, entry] of vectors.keys.entries()) {
  test(`key ${index}: ${entry.passphrase === undefined ? 'random' : `passphrase, ${entry.iterations} iterations`}, gives its key id and fingerprint`, async () => {
    if (entry.passphrase !== undefined) {
      assert.equal(encodeBase64URL(await passphraseKeyBytes(await passphraseSecret(entry.passphrase), bytes(entry.salt), entry.iterations)), entry.key);
    }
    assert.equal(hexOf(await keyIdOf(bytes(entry.key), bytes(entry.salt))), entry.key_id);
    const key = await roomKeyOf(entry);
    assert.equal(key.idHex, entry.key_id);
    assert.equal(key.fingerprint, entry.fingerprint);
    assert.equal(key.random, entry.salt === '');
  });
}

test('a passphrase typed decomposed (NFD) is the same key as its composed (NFC) form', () => {
  const forms = vectors.keys.filter((entry) => entry.passphrase?.normalize('NFC') === 'caf\u00e9 \u2615 \u00fcber dreimal');
  assert.equal(forms.length, 2);
  assert.notEqual(forms[0].passphrase, forms[1].passphrase, 'the fixture holds two spellings');
  assert.equal(forms[0].key, forms[1].key);
});

for (const [index, entry] of vectors.messages.entries()) {
  test(`message ${index} (${entry.kind} in ${entry.room}): sealing with its nonce gives the wire text, opening gives the plaintext`, async () => {
    const key = await roomKeyOf(entry);
    assert.equal(await sealRoomText(key, { ...frameOf(entry), text: entry.plaintext }, bytes(entry.nonce)), entry.wire);
    assert.deepEqual(await openRoomText(key, parseSealed(entry.wire), frameOf(entry)), { ok: true, text: entry.plaintext });
  });
}

for (const entry of vectors.rejections) {
  test(`a sealed text does not open: ${entry.why}`, async () => {
    const result = await openRoomText(await roomKeyOf(entry), parseSealed(entry.wire), frameOf(entry));
    assert.deepEqual(result, { ok: false });
  });
}

for (const text of vectors.not_sealed) {
  test(`${JSON.stringify(text)} is not a sealed text`, () => {
    assert.equal(isSealed(text), false);
    assert.equal(parseSealed(text), undefined);
  });
}

test('the prefix is the one the vectors seal with', () => {
  assert.ok(vectors.messages.every((entry) => entry.wire.startsWith(PREFIX)));
});

/** The key a share rotates from, as a RoomKey, if it names one: found among the vectors' shares by its key id. */
async function previousOf(entry) {
  const previous = vectors.shares.find((other) => other.key_id === entry.previous);
  return previous && makeRoomKey(bytes(previous.key));
}

/** What `reader` learns from a vector share, holding the key it rotates from (if any), as a member of the room would; undefined if it does not parse. */
async function readBy(entry, reader) {
  const [parsed, previous] = [parseShare(entry.wire), await previousOf(entry)];
  const keyOf = (id) => (id === previous?.idHex ? previous : undefined);
  return parsed && readShare(parsed, { room: entry.room, senderKey: people[entry.sender].keyBytes, id: entry.id, me: sealer(reader), keyOf });
}

for (const [index, entry] of vectors.shares.entries()) {
  test(`share ${index} (${entry.why}): its header, its proof, a record each recipient opens, and the same wire from the same random bytes`, async () => {
    const parsed = parseShare(entry.wire);
    assert.equal(hexOf(parsed.keyId), entry.key_id);
    assert.equal(hexOf(parsed.previous), entry.previous);
    assert.equal(hexOf(parsed.proof), entry.proof);
    assert.equal(parsed.records.length, entry.recipients.length);
    const senderKey = people[entry.sender].keyBytes;
    const previous = await previousOf(entry);
    assert.equal(previous === undefined, entry.previous === '0000000000000000', 'a rotation\'s previous key is an earlier vector\'s');
    const proven = previous?.bytes ?? bytes(entry.key);
    assert.equal(hexOf(await possessionProof(proven, { room: entry.room, senderKey, id: entry.id })), entry.proof, 'the proof is of the previous key, or else of the key itself');
    for (const reader of entry.recipients) {
      assert.deepEqual(await openShare(parsed, { room: entry.room, senderKey, me: sealer(reader) }), bytes(entry.key), `recipient ${reader}`);
      assert.deepEqual(await readBy(entry, reader), { proof: 'verified', key: bytes(entry.key) }, `recipient ${reader} checks the proof`);
    }
    // generate.py's random stand-ins: the ephemeral key and nonces of share N are labelled "ephemeral N".
    const label = `ephemeral ${index}`;
    const ephemeral = await importSealingKey(await fixed(label, 32));
    const nonces = await Promise.all(entry.recipients.map((_, n) => fixed(`${label} nonce ${n}`, 12)));
    const recipients = entry.recipients.map((reader) => ({ key: people[reader].keyBytes, boxPublic: people[reader].sealing.publicBytes }));
    const roomKey = await makeRoomKey(bytes(entry.key));
    const wire = await makeShare({ room: entry.room, id: entry.id, roomKey, previous, senderKey, recipients }, { ephemeral, nonceFor: (n) => nonces[n] });
    assert.equal(wire, entry.wire);
  });
}

for (const entry of vectors.share_rejections) {
  test(`a share gives no key: ${entry.why}`, async () => {
    const read = await readBy(entry, entry.reader);
    assert.equal(read?.key, undefined);
    const record = await openShare(parseShare(entry.wire), { room: entry.room, senderKey: people[entry.sender].keyBytes, me: sealer(entry.reader) });
    if (record) assert.equal(read.proof, 'failed', 'a record that opens is refused by the proof alone');
  });
}

for (const [index, entry] of vectors.directs.entries()) {
  test(`direct ${index}: the pair key is the same from both sides, sealing gives the wire, the recipient opens it`, async () => {
    const [sender, recipient] = [people[entry.sender], people[entry.recipient]];
    assert.equal(encodeBase64URL(await pairKeyBytes(sender.sealing.privateKey, recipient.sealing.publicBytes, sender.keyBytes, recipient.keyBytes)), entry.pair_key);
    assert.equal(encodeBase64URL(await pairKeyBytes(recipient.sealing.privateKey, sender.sealing.publicBytes, recipient.keyBytes, sender.keyBytes)), entry.pair_key);
    const target = { key: recipient.keyBytes, boxPublic: recipient.sealing.publicBytes };
    assert.equal(await sealDirect({ me: sender.sealer, recipient: target, id: entry.id, text: entry.plaintext }, bytes(entry.nonce)), entry.wire);
    assert.deepEqual(await openDirect(entry.wire, { senderKey: sender.keyBytes, me: recipient.sealer, id: entry.id }), { ok: true, text: entry.plaintext, box: sender.box });
  });
}

for (const entry of vectors.direct_rejections) {
  test(`a direct message does not open: ${entry.why}`, async () => {
    const opened = await openDirect(entry.wire, { senderKey: people[entry.sender].keyBytes, me: sealer(entry.recipient), id: entry.id });
    assert.deepEqual(opened, { ok: false });
  });
}

for (const entry of vectors.weak_passphrases) {
  test(`${JSON.stringify(entry.passphrase)} is ${entry.weak ? 'weak' : 'not weak'}`, () => {
    assert.equal(isWeakPassphrase(entry.passphrase), entry.weak);
  });
}
