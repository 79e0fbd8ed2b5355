// A sealed direct message (docs/PROTOCOL.md, "Direct messages (e2d2:)"): AES-256-GCM under the pair key
// of the two members' sealing keys (X25519, then HKDF bound to both identity keys), with associated
// data that binds sender, recipient and id. The sender's box rides inside, so a recipient who shares
// no room with the sender can still open it, once the box verifies with the dm's `key`.
// Wire form: `e2d2:` + base64url(sender's box (96) ‖ nonce (12) ‖ ciphertext ‖ tag (16)).

import { aesKey, newNonce, NONCE_BYTES, openBytes, sealBytes, TAG_BYTES, textOf } from '../crypto/aesGcm.js';
import { decodeBase64URL, encodeBase64URL } from '../crypto/base64url.js';
import { compareBytes, concatBytes, utf8 } from '../crypto/bytes.js';
import { hkdf } from '../crypto/hkdf.js';
import { sharedSecret } from '../crypto/sealingKey.js';
import { field } from '../identity/signingInput.js';
import { BOX_BYTES, boxBytes, openBox } from './box.js';

export const DIRECT_PREFIX = 'e2d2:';
const CONTEXT = 'privchat/e2e2/dm';

/** Whether a direct message's text claims to be sealed. */
export function isDirectSealed(text) {
  return typeof text === 'string' && text.startsWith(DIRECT_PREFIX);
}

/** The 32 bytes of the pair key between our sealing key and another's: the same on both sides. */
export async function pairKeyBytes(ownPrivateKey, otherBoxPublic, ownKey, otherKey) {
  const [lower, higher] = [ownKey, otherKey].sort(compareBytes);
  return hkdf(await sharedSecret(ownPrivateKey, otherBoxPublic), new Uint8Array(0), concatBytes(utf8(CONTEXT), field(lower), field(higher)));
}

async function pairKey(ownPrivateKey, otherBoxPublic, ownKey, otherKey) {
  return aesKey(await pairKeyBytes(ownPrivateKey, otherBoxPublic, ownKey, otherKey));
}

const associatedData = (senderKey, recipientKey, id) => concatBytes(utf8(CONTEXT), field(senderKey), field(recipientKey), field(utf8(id ?? '')));

/**
 * Seals a dm's `text` from `me` ({key, boxPrivateKey, box (wire)}) to `recipient` ({key, boxPublic}),
 * keys as bytes, for the frame's `id`. `nonce` is for the test vectors only.
 */
export async function sealDirect({ me, recipient, id, text }, nonce = newNonce()) {
  const key = await pairKey(me.boxPrivateKey, recipient.boxPublic, me.key, recipient.key);
  const sealed = await sealBytes(key, nonce, utf8(text), associatedData(me.key, recipient.key, id));
  return DIRECT_PREFIX + encodeBase64URL(concatBytes(boxBytes(me.box), nonce, sealed));
}

/**
 * Opens a sealed dm sent by `senderKey` (the dm's `key`, bytes) to `me` ({key, boxPrivateKey}) with
 * the frame's `id`: {ok: true, text, box (the sender's, verified)} or {ok: false}.
 */
export async function openDirect(wire, { senderKey, me, id }) {
  const bytes = isDirectSealed(wire) ? decodeBase64URL(wire.slice(DIRECT_PREFIX.length)) : undefined;
  if (!bytes || bytes.length < BOX_BYTES + NONCE_BYTES + TAG_BYTES || !senderKey) return { ok: false };
  const box = bytes.slice(0, BOX_BYTES);
  const senderBox = await openBox(encodeBase64URL(senderKey), box);
  if (!senderBox) return { ok: false };
  let key;
  try {
    key = await pairKey(me.boxPrivateKey, senderBox, me.key, senderKey);
  } catch {
    return { ok: false }; // a box key X25519 refuses (a small-order point)
  }
  const nonce = bytes.slice(BOX_BYTES, BOX_BYTES + NONCE_BYTES);
  const text = textOf(await openBytes(key, nonce, bytes.slice(BOX_BYTES + NONCE_BYTES), associatedData(senderKey, me.key, id)));
  return text === undefined ? { ok: false } : { ok: true, text, box: encodeBase64URL(box) };
}
