// The sealed text of a room message (docs/PROTOCOL.md, "Sealed room text (e2e2:)"): its UTF-8 sealed
// with the room key (sealedBytes.js), bound to the room, the sender's identity key, the kind (message,
// action, …) and the frame's id. So a ciphertext replayed by another sender, moved to another room,
// re-typed or given another id does not open.
// Wire form: `e2e2:` + base64url(key id (8) ‖ salt length (1: 0 or 16) ‖ salt ‖ nonce (12) ‖ ciphertext ‖ tag (16)).

import { textOf } from '../crypto/aesGcm.js';
import { decodeBase64URL, encodeBase64URL } from '../crypto/base64url.js';
import { utf8 } from '../crypto/bytes.js';
import { openRoomBytes, parseSealedBytes, sealedOverhead, sealRoomBytes } from './sealedBytes.js';

export const PREFIX = 'e2e2:';

/** Whether a text claims to be sealed (only the exact, case-sensitive prefix counts). */
export function isSealed(text) {
  return typeof text === 'string' && text.startsWith(PREFIX);
}

/** The longest plaintext, in UTF-8 bytes, whose sealed text fits the server's limit (a passphrase room's carry a salt). */
export function maxPlaintextBytes(maxMessageBytes, salted = false) {
  return Math.floor(((maxMessageBytes - PREFIX.length) * 3) / 4) - sealedOverhead(salted);
}

/** The parts of a sealed text: {keyId, salt, nonce, sealed}, or undefined if it is not well formed. */
export function parseSealed(wire) {
  if (!isSealed(wire)) return undefined;
  return parseSealedBytes(decodeBase64URL(wire.slice(PREFIX.length)));
}

/**
 * Seals `text` with a room key (roomKey.js) for a frame: its room, our identity key's bytes, its kind
 * and id. `nonce` is for the test vectors only.
 */
export async function sealRoomText(roomKey, { room, senderKey, kind, id, text }, nonce = undefined) {
  return PREFIX + encodeBase64URL(await sealRoomBytes(roomKey, { room, senderKey, kind, id }, utf8(text), nonce));
}

/** Opens a parsed sealed text with the key its key id names, for the frame it came in: {ok: true, text} or {ok: false}. */
export async function openRoomText(roomKey, parsed, context) {
  const text = textOf(await openRoomBytes(roomKey, parsed, context));
  return text === undefined ? { ok: false } : { ok: true, text };
}
