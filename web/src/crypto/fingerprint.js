// The short fingerprints people read to each other: an identity key's (id1) and a room key's (e2e2).
// Both are 8 bytes in hex, in groups of 4 digits, `95c5 9d43 39d0 b772`: an identity key's is
// SHA-256 of a context string and the key; a room key's is its key id (see roomKey.js).

import { concatBytes, hexOf, utf8 } from './bytes.js';

/** 8 bytes as people read them: hex in groups of 4 digits. */
export function groupedHex(bytes) {
  return hexOf(bytes.slice(0, 8)).match(/.{4}/g).join(' ');
}

/** The fingerprint of `keyBytes` under `context` (e.g. `privchat/id1/fingerprint`). */
export async function fingerprintWith(context, keyBytes) {
  return groupedHex(new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', concatBytes(utf8(context), keyBytes))));
}
