// The short fingerprints people read to each other: a room key's (e2e1) and an identity key's (id1).
// Both are SHA-256 of a context string and the key, the first 8 bytes in hex, in groups of 4 digits,
// `95c5 9d43 39d0 b772`; the context keeps one kind of key from ever matching the other.

import { concatBytes, utf8 } from './bytes.js';

/** The fingerprint of `keyBytes` under `context` (e.g. `privchat/e2e1/fingerprint`). */
export async function fingerprintWith(context, keyBytes) {
  const digest = new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', concatBytes(utf8(context), keyBytes)));
  const hex = [...digest.slice(0, 8)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
  return hex.match(/.{4}/g).join(' ');
}
