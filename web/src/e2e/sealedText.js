// The sealed text of a room message (docs/PROTOCOL.md, "Sealed room text (e2e2:)"): AES-256-GCM under
// the room key, with associated data that binds the room, the sender's identity key, the kind
// (message or action), the frame's id, the key id and the salt. So a ciphertext replayed by another
// sender, moved to another room, re-typed or given another id does not open.
// Wire form: `e2e2:` + base64url(key id (8) ‖ salt length (1: 0 or 16) ‖ salt ‖ nonce (12) ‖ ciphertext ‖ tag (16)).

import { newNonce, NONCE_BYTES, openBytes, sealBytes, TAG_BYTES, textOf } from '../crypto/aesGcm.js';
import { decodeBase64URL, encodeBase64URL } from '../crypto/base64url.js';
import { concatBytes, equalBytes, utf8 } from '../crypto/bytes.js';
import { field } from '../identity/signingInput.js';
import { KEY_ID_BYTES, SALT_BYTES } from './roomKey.js';

export const PREFIX = 'e2e2:';
const CONTEXT = 'privchat/e2e2/room';

/** Whether a text claims to be sealed (only the exact, case-sensitive prefix counts). */
export function isSealed(text) {
  return typeof text === 'string' && text.startsWith(PREFIX);
}

/** The longest plaintext, in UTF-8 bytes, whose sealed text fits the server's limit (a passphrase room's carry a salt). */
export function maxPlaintextBytes(maxMessageBytes, salted = false) {
  const overhead = KEY_ID_BYTES + 1 + (salted ? SALT_BYTES : 0) + NONCE_BYTES + TAG_BYTES;
  return Math.floor(((maxMessageBytes - PREFIX.length) * 3) / 4) - overhead;
}

/** The associated data: what a sealed text is bound to besides its key. `senderKey` is the 32 key bytes. */
export function roomAssociatedData({ room, senderKey, kind, id, keyId, salt }) {
  return concatBytes(utf8(CONTEXT), field(utf8(room)), field(senderKey), field(utf8(kind)), field(utf8(id ?? '')), field(keyId), field(salt));
}

/** The parts of a sealed text: {keyId, salt, nonce, sealed}, or undefined if it is not well formed. */
export function parseSealed(wire) {
  if (!isSealed(wire)) return undefined;
  const bytes = decodeBase64URL(wire.slice(PREFIX.length));
  if (!bytes || bytes.length < KEY_ID_BYTES + 1) return undefined;
  const saltLength = bytes[KEY_ID_BYTES];
  if (saltLength !== 0 && saltLength !== SALT_BYTES) return undefined;
  const nonceAt = KEY_ID_BYTES + 1 + saltLength;
  if (bytes.length < nonceAt + NONCE_BYTES + TAG_BYTES) return undefined;
  return {
    keyId: bytes.slice(0, KEY_ID_BYTES),
    salt: bytes.slice(KEY_ID_BYTES + 1, nonceAt),
    nonce: bytes.slice(nonceAt, nonceAt + NONCE_BYTES),
    sealed: bytes.slice(nonceAt + NONCE_BYTES),
  };
}

/**
 * Seals `text` with a room key (roomKey.js) for a frame: its room, our identity key's bytes, its kind
 * and id. `nonce` is for the test vectors only.
 */
export async function sealRoomText(roomKey, { room, senderKey, kind, id, text }, nonce = newNonce()) {
  const additionalData = roomAssociatedData({ room, senderKey, kind, id, keyId: roomKey.id, salt: roomKey.salt });
  const sealed = await sealBytes(roomKey.aes, nonce, utf8(text), additionalData);
  return PREFIX + encodeBase64URL(concatBytes(roomKey.id, Uint8Array.of(roomKey.salt.length), roomKey.salt, nonce, sealed));
}

/** Opens a parsed sealed text with the key its key id names, for the frame it came in: {ok: true, text} or {ok: false}. */
export async function openRoomText(roomKey, parsed, { room, senderKey, kind, id }) {
  if (!parsed || !equalBytes(parsed.keyId, roomKey.id) || !equalBytes(parsed.salt, roomKey.salt)) return { ok: false };
  const additionalData = roomAssociatedData({ room, senderKey, kind, id, keyId: parsed.keyId, salt: parsed.salt });
  const text = textOf(await openBytes(roomKey.aes, parsed.nonce, parsed.sealed, additionalData));
  return text === undefined ? { ok: false } : { ok: true, text };
}
