// A room key sealed to members (docs/PROTOCOL.md, "Key shares (share)"): one ephemeral X25519 key per
// share, and per recipient a record with the room key under a wrap key that binds the room, the
// sender, the recipient and the key id. So a share moved to another room, or claimed by another
// sender, opens for nobody. A possession proof (an HMAC under the key it rotates from, or under the
// key it hands out) shows every holder of that key that the sender holds it too, record or not: the
// room's key id is public, its bytes are not.
// Wire form: `e2k2:` + base64url(key id (8) ‖ previous key id (8) ‖ proof (16) ‖ ephemeral public key (32) ‖ records),
// a record being recipient (its identity key's first 8 bytes) ‖ nonce (12) ‖ AES-GCM(wrap key, room key) (48).

import { aesKey, newNonce, NONCE_BYTES, openBytes, sealBytes, TAG_BYTES } from '../crypto/aesGcm.js';
import { decodeBase64URL, encodeBase64URL } from '../crypto/base64url.js';
import { concatBytes, equalBytes, hexOf, utf8 } from '../crypto/bytes.js';
import { hkdf } from '../crypto/hkdf.js';
import { hmacSha256 } from '../crypto/hmac.js';
import { generateSealingKey, SEALING_KEY_BYTES, sharedSecret } from '../crypto/sealingKey.js';
import { field } from '../identity/signingInput.js';
import { KEY_ID_BYTES, keyIdOf, ROOM_KEY_BYTES } from './roomKey.js';

export const SHARE_PREFIX = 'e2k2:';
/** The previous key id of a share that names none: a room's first key, or a key handed on. */
export const NO_KEY = new Uint8Array(KEY_ID_BYTES);
const WRAP_CONTEXT = 'privchat/e2e2/share';
const PROOF_CONTEXT = 'privchat/e2e2/proof';
const PROOF_BYTES = 16;
const RECIPIENT_BYTES = 8;
const SEALED_KEY_BYTES = ROOM_KEY_BYTES + TAG_BYTES;
const RECORD_BYTES = RECIPIENT_BYTES + NONCE_BYTES + SEALED_KEY_BYTES;
const PROOF_AT = 2 * KEY_ID_BYTES;
const EPHEMERAL_AT = PROOF_AT + PROOF_BYTES;
const HEADER_BYTES = EPHEMERAL_AT + SEALING_KEY_BYTES;

/** Whether a text is a key share. */
export function isShare(text) {
  return typeof text === 'string' && text.startsWith(SHARE_PREFIX);
}

/** How a record names its recipient, in hex: the first 8 bytes of the identity key. Holders are counted by it too. */
export function recipientOf(identityKeyBytes) {
  return hexOf(identityKeyBytes.slice(0, RECIPIENT_BYTES));
}

/** The most recipients one share holds within the server's limit (721 with the default 65,536). */
export function maxRecipients(maxMessageBytes) {
  return Math.floor((Math.floor(((maxMessageBytes - SHARE_PREFIX.length) * 3) / 4) - HEADER_BYTES) / RECORD_BYTES);
}

/** The parts of a share: {keyId, previous, proof, ephemeral, records: [{recipient (hex), nonce, sealed}]}, or undefined. */
export function parseShare(wire) {
  if (!isShare(wire)) return undefined;
  const bytes = decodeBase64URL(wire.slice(SHARE_PREFIX.length));
  if (!bytes || bytes.length < HEADER_BYTES + RECORD_BYTES || (bytes.length - HEADER_BYTES) % RECORD_BYTES !== 0) return undefined;
  const records = [];
  for (let at = HEADER_BYTES; at < bytes.length; at += RECORD_BYTES) {
    records.push({
      recipient: hexOf(bytes.slice(at, at + RECIPIENT_BYTES)),
      nonce: bytes.slice(at + RECIPIENT_BYTES, at + RECIPIENT_BYTES + NONCE_BYTES),
      sealed: bytes.slice(at + RECIPIENT_BYTES + NONCE_BYTES, at + RECORD_BYTES),
    });
  }
  return {
    keyId: bytes.slice(0, KEY_ID_BYTES),
    previous: bytes.slice(KEY_ID_BYTES, PROOF_AT),
    proof: bytes.slice(PROOF_AT, EPHEMERAL_AT),
    ephemeral: bytes.slice(EPHEMERAL_AT, HEADER_BYTES),
    records,
  };
}

/** The possession proof of share `id` (16 bytes): an HMAC under the proven key's bytes, bound to room, sender and id. */
export async function possessionProof(provenBytes, { room, senderKey, id }) {
  const message = concatBytes(utf8(PROOF_CONTEXT), field(utf8(room)), field(senderKey), field(utf8(id)));
  return (await hmacSha256(provenBytes, message)).slice(0, PROOF_BYTES);
}

/** The id (8 bytes) of the key a parsed share proves: the one it rotates from, or, naming none, the one it hands out. */
export function provenKeyId(parsed) {
  return equalBytes(parsed.previous, NO_KEY) ? parsed.keyId : parsed.previous;
}

/** Whether a parsed share's proof is of the proven key `provenBytes`, for this room, sender and share id. */
export async function proofVerifies(parsed, provenBytes, { room, senderKey, id }) {
  return equalBytes(await possessionProof(provenBytes, { room, senderKey, id }), parsed.proof);
}

/** The wrap key of one record: the X25519 secret, salted with both public keys, bound to room, sender, recipient and key id. */
async function wrapKey({ secret, ephemeral, recipientBox, room, senderKey, recipientKey, keyId }) {
  const info = concatBytes(utf8(WRAP_CONTEXT), field(utf8(room)), field(senderKey), field(recipientKey), field(keyId));
  return aesKey(await hkdf(secret, concatBytes(ephemeral, recipientBox), info));
}

/**
 * Share `id` of `roomKey` ({bytes, id}) in `room` from `senderKey` (32 bytes) to each recipient
 * ({key, boxPublic}, bytes): the sender lists itself among them, so its own history holds the key.
 * `previous`: the key ({bytes, id}) it rotates from, if any; the proof is of it, or else of `roomKey`.
 * `ephemeral` and `nonceFor(index)` are for the test vectors; the ephemeral key is forgotten after.
 */
export async function makeShare({ room, id, roomKey, previous = undefined, senderKey, recipients }, { ephemeral, nonceFor = newNonce } = {}) {
  const pair = ephemeral ?? (await generateSealingKey());
  const records = [];
  for (const [index, recipient] of recipients.entries()) {
    const secret = await sharedSecret(pair.privateKey, recipient.boxPublic);
    const key = await wrapKey({ secret, ephemeral: pair.publicBytes, recipientBox: recipient.boxPublic, room, senderKey, recipientKey: recipient.key, keyId: roomKey.id });
    const nonce = nonceFor(index);
    records.push(recipient.key.slice(0, RECIPIENT_BYTES), nonce, await sealBytes(key, nonce, roomKey.bytes));
  }
  const proof = await possessionProof((previous ?? roomKey).bytes, { room, senderKey, id });
  return SHARE_PREFIX + encodeBase64URL(concatBytes(roomKey.id, previous?.id ?? NO_KEY, proof, pair.publicBytes, ...records));
}

/**
 * The room key a parsed share holds for me (`me`: {key, boxPrivateKey, boxPublic}), sent in `room` by
 * `senderKey`; undefined if it has no record for me, the record does not open, or the key is not the
 * one its key id names.
 */
export async function openShare(parsed, { room, senderKey, me }) {
  const record = parsed?.records.find((entry) => entry.recipient === recipientOf(me.key));
  if (!record) return undefined;
  let key;
  try {
    const secret = await sharedSecret(me.boxPrivateKey, parsed.ephemeral);
    key = await wrapKey({ secret, ephemeral: parsed.ephemeral, recipientBox: me.boxPublic, room, senderKey, recipientKey: me.key, keyId: parsed.keyId });
  } catch {
    return undefined; // an ephemeral key X25519 refuses (a small-order point)
  }
  // Another room or sender gives another wrap key: the record does not open.
  const bytes = await openBytes(key, record.nonce, record.sealed);
  return bytes && equalBytes(await keyIdOf(bytes), parsed.keyId) ? bytes : undefined;
}
