// Sealing and opening the text of a message in an encrypted room: AES-256-GCM, with the room and the
// sender's name as associated data so that a sealed text cannot be replayed under another name or in
// another room. Wire form: `e2e1:` + base64url(nonce ‖ ciphertext ‖ tag), no padding.

import { decodeBase64URL, encodeBase64URL } from './base64url.js';

export const PREFIX = 'e2e1:';
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const utf8 = new TextEncoder();
const strictUTF8 = new TextDecoder('utf-8', { fatal: true });

const associatedData = (room, sender) => utf8.encode(`privchat/e2e1\n${room}\n${sender}`);

/** Whether a text claims to be sealed (only the exact, case-sensitive prefix counts). */
export function isSealed(text) {
  return text.startsWith(PREFIX);
}

/** The longest plaintext, in UTF-8 bytes, whose sealed text fits the server's message limit. */
export function maxPlaintextBytes(maxMessageBytes) {
  return Math.floor(((maxMessageBytes - PREFIX.length) * 3) / 4) - NONCE_BYTES - TAG_BYTES;
}

/** Seals `text` as `sender` with a room key (see roomKey.js). `nonce` is for the test vectors only. */
export async function seal(roomKey, text, sender, nonce = globalThis.crypto.getRandomValues(new Uint8Array(NONCE_BYTES))) {
  const sealed = await globalThis.crypto.subtle.encrypt(
    { name: 'AES-GCM', iv: nonce, additionalData: associatedData(roomKey.room, sender), tagLength: TAG_BYTES * 8 },
    roomKey.key,
    utf8.encode(text),
  );
  const bytes = new Uint8Array(NONCE_BYTES + sealed.byteLength);
  bytes.set(nonce);
  bytes.set(new Uint8Array(sealed), NONCE_BYTES);
  return PREFIX + encodeBase64URL(bytes);
}

/** Opens a sealed text said by `from`: {ok: true, text}, or {ok: false, reason} if it does not verify. */
export async function open(roomKey, wire, from) {
  if (!isSealed(wire)) return { ok: false, reason: 'not sealed' };
  const bytes = decodeBase64URL(wire.slice(PREFIX.length));
  if (!bytes) return { ok: false, reason: 'not base64url' };
  if (bytes.length < NONCE_BYTES + TAG_BYTES) return { ok: false, reason: 'too short' };
  try {
    const plaintext = await globalThis.crypto.subtle.decrypt(
      { name: 'AES-GCM', iv: bytes.slice(0, NONCE_BYTES), additionalData: associatedData(roomKey.room, from), tagLength: TAG_BYTES * 8 },
      roomKey.key,
      bytes.slice(NONCE_BYTES),
    );
    return { ok: true, text: strictUTF8.decode(plaintext) };
  } catch {
    // WebCrypto says only "OperationError": wrong key, room or sender, or altered bytes look the same.
    return { ok: false, reason: 'does not verify' };
  }
}
