// A room's key (docs/PROTOCOL.md, "Room keys and key ids"): 32 random bytes with an empty salt, or
// PBKDF2-SHA256 of a passphrase under a 16-byte random salt. Its key id (8 bytes of SHA-256 over salt
// and key) names it in every sealed text and share, and, in hex groups, is the fingerprint members
// compare. The bytes are kept (a random key is passed on in shares and invite links).

import { aesKey } from '../crypto/aesGcm.js';
import { concatBytes, hexOf, randomBytes, utf8 } from '../crypto/bytes.js';
import { groupedHex } from '../crypto/fingerprint.js';
import { field } from '../identity/signingInput.js';

export const ITERATIONS = 600_000;
export const ROOM_KEY_BYTES = 32;
export const SALT_BYTES = 16;
export const KEY_ID_BYTES = 8;
const KEY_ID_CONTEXT = 'privchat/e2e2/key-id';
const NO_SALT = new Uint8Array(0);

/** The 8-byte key id of a key and its salt (empty for a random key). */
export async function keyIdOf(keyBytes, salt = NO_SALT) {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', concatBytes(utf8(KEY_ID_CONTEXT), field(salt), field(keyBytes)));
  return new Uint8Array(digest).slice(0, KEY_ID_BYTES);
}

/** The passphrase as a PBKDF2 key: what a passphrase room keeps (in memory only) to derive the key of each salt it meets. */
export function passphraseSecret(passphrase) {
  return globalThis.crypto.subtle.importKey('raw', utf8(passphrase.normalize('NFC')), 'PBKDF2', false, ['deriveBits']);
}

/** The 32 key bytes of a passphrase (its secret) under `salt`. Slow on purpose (~0.3 s at 600,000 iterations). */
export async function passphraseKeyBytes(secret, salt, iterations = ITERATIONS) {
  return new Uint8Array(await globalThis.crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, secret, 256));
}

/** A fresh random room key's bytes. */
export function newRoomKeyBytes() {
  return randomBytes(ROOM_KEY_BYTES);
}

/** A fresh salt for a passphrase room. */
export function newSalt() {
  return randomBytes(SALT_BYTES);
}

/**
 * A room key ready to seal and open: {bytes, salt, id (8 bytes), idHex, fingerprint, random (empty
 * salt), aes (an AES-GCM CryptoKey)}.
 */
export async function makeRoomKey(bytes, salt = NO_SALT) {
  const id = await keyIdOf(bytes, salt);
  const aes = await aesKey(bytes);
  return { bytes, salt, id, idHex: hexOf(id), fingerprint: groupedHex(id), random: salt.length === 0, aes };
}

