// What people compare to know they have each other's real key: an identity key's fingerprint (one
// key), and the safety number of two keys, the same on both sides (docs/PROTOCOL.md, "Identity (id1)").

import { compareBytes, concatBytes, utf8 } from '../crypto/bytes.js';
import { fingerprintWith } from '../crypto/fingerprint.js';
import { publicKeyBytes } from './signatures.js';

const FINGERPRINT_CONTEXT = 'privchat/id1/fingerprint';
const SAFETY_CONTEXT = 'privchat/id1/safety';
const GROUPS = 12;
const GROUP_BYTES = 5;

function keyBytesOf(key) {
  const bytes = publicKeyBytes(key);
  if (!bytes) throw new TypeError('not an identity key (32 bytes in base64url)');
  return bytes;
}

/** A key's (base64url) fingerprint: `c5aa 2c80 6fdc 14a6`. */
export function identityFingerprint(key) {
  return fingerprintWith(FINGERPRINT_CONTEXT, keyBytesOf(key));
}

/** The safety number of two keys (base64url), in either order: 12 groups of 5 digits, spaced. */
export async function safetyNumber(keyA, keyB) {
  const [lower, higher] = [keyBytesOf(keyA), keyBytesOf(keyB)].sort(compareBytes);
  const digest = new Uint8Array(await globalThis.crypto.subtle.digest('SHA-512', concatBytes(utf8(SAFETY_CONTEXT), lower, higher)));
  const groups = [];
  for (let group = 0; group < GROUPS; group += 1) {
    // 5 bytes are 40 bits: exact in a double.
    const value = digest.slice(group * GROUP_BYTES, (group + 1) * GROUP_BYTES).reduce((number, byte) => number * 256 + byte, 0);
    groups.push(String(value % 100_000).padStart(5, '0'));
  }
  return groups.join(' ');
}
