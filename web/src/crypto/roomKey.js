// The key of an encrypted room (docs/PROTOCOL.md, "Encrypted rooms (e2e1)"): PBKDF2-SHA256 of the
// passphrase, salted with the room's name, so the same passphrase gives every room a different key.
// WebCrypto does the work; it exists only in secure contexts (https, or http://localhost).

import { utf8 } from './bytes.js';
import { fingerprintWith } from './fingerprint.js';

export const ITERATIONS = 600_000;
const SALT_PREFIX = 'privchat/e2e1/room/';
const FINGERPRINT_PREFIX = 'privchat/e2e1/fingerprint';

/** Whether this page can encrypt at all: browsers hide crypto.subtle outside secure contexts. */
export function cryptoAvailable() {
  return Boolean(globalThis.crypto?.subtle);
}

/** The 32 key bytes, exported for the test vectors; the app keeps only the non-extractable key. */
export async function deriveKeyBytes(passphrase, room, iterations = ITERATIONS) {
  const subtle = globalThis.crypto.subtle;
  const password = await subtle.importKey('raw', utf8(passphrase.normalize('NFC')), 'PBKDF2', false, ['deriveBits']);
  const salt = utf8(SALT_PREFIX + room);
  return new Uint8Array(await subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, password, 256));
}

/** What members compare to know they typed the same passphrase: `95c5 9d43 39d0 b772`. */
export function fingerprintOf(keyBytes) {
  return fingerprintWith(FINGERPRINT_PREFIX, keyBytes);
}

/** A room's key, ready to seal and open: {room, key (AES-GCM CryptoKey), fingerprint}. Slow (~0.3 s) on purpose. */
export async function deriveRoomKey(passphrase, room, iterations = ITERATIONS) {
  const bytes = await deriveKeyBytes(passphrase, room, iterations);
  try {
    const key = await globalThis.crypto.subtle.importKey('raw', bytes, 'AES-GCM', false, ['encrypt', 'decrypt']);
    return { room, key, fingerprint: await fingerprintOf(bytes) };
  } finally {
    bytes.fill(0); // the CryptoKey holds its own copy; this one need not wait for the garbage collector
  }
}
