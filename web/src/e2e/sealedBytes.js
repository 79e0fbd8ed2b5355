// What a room key seals (docs/PROTOCOL.md, "Sealed room text (e2e2:)"): AES-256-GCM with associated
// data that binds the room, the sender's identity key, a kind and an id, the key id and the salt. The
// bytes are key id (8) ‖ salt length (1: 0 or 16) ‖ salt ‖ nonce (12) ‖ ciphertext ‖ tag (16): a
// sealed text is them in base64url (sealedText.js), a sealed file body (files/sealedBody.js) is them as they are.

import { newNonce, NONCE_BYTES, openBytes, sealBytes, TAG_BYTES } from '../crypto/aesGcm.js';
import { concatBytes, equalBytes, utf8 } from '../crypto/bytes.js';
import { field } from '../identity/signingInput.js';
import { KEY_ID_BYTES, SALT_BYTES } from './roomKey.js';

const CONTEXT = 'privchat/e2e2/room';

/** How many bytes sealing adds: 37 with a random key, 53 with a passphrase's (its salt travels along). */
export function sealedOverhead(salted = false) {
  return KEY_ID_BYTES + 1 + (salted ? SALT_BYTES : 0) + NONCE_BYTES + TAG_BYTES;
}

/** The associated data: what sealed bytes are bound to besides their key. `senderKey` is the 32 key bytes. */
export function roomAssociatedData({ room, senderKey, kind, id, keyId, salt }) {
  return concatBytes(utf8(CONTEXT), field(utf8(room)), field(senderKey), field(utf8(kind)), field(utf8(id ?? '')), field(keyId), field(salt));
}

/** The parts of sealed bytes: {keyId, salt, nonce, sealed}, or undefined if they are not well formed. */
export function parseSealedBytes(bytes) {
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

/** `plaintext` (bytes) sealed with a room key (roomKey.js) for its room, sender key, kind and id. `nonce` is for the test vectors only. */
export async function sealRoomBytes(roomKey, { room, senderKey, kind, id }, plaintext, nonce = newNonce()) {
  const additionalData = roomAssociatedData({ room, senderKey, kind, id, keyId: roomKey.id, salt: roomKey.salt });
  const sealed = await sealBytes(roomKey.aes, nonce, plaintext, additionalData);
  return concatBytes(roomKey.id, Uint8Array.of(roomKey.salt.length), roomKey.salt, nonce, sealed);
}

/** The plaintext of parsed sealed bytes, opened with the key their key id names for what they came with; undefined if they do not open. */
export async function openRoomBytes(roomKey, parsed, { room, senderKey, kind, id }) {
  if (!parsed || !equalBytes(parsed.keyId, roomKey.id) || !equalBytes(parsed.salt, roomKey.salt)) return undefined;
  const additionalData = roomAssociatedData({ room, senderKey, kind, id, keyId: parsed.keyId, salt: parsed.salt });
  return openBytes(roomKey.aes, parsed.nonce, parsed.sealed, additionalData);
}
