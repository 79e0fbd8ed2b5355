// Ed25519 signatures with WebCrypto (Chromium and Node 20 have it), as base64url text on the wire.
// Verifying never throws: a key or signature of the wrong size, or one that does not verify, is false.

import { decodeBase64URL, encodeBase64URL } from '../crypto/base64url.js';

export const ED25519 = { name: 'Ed25519' };
export const KEY_BYTES = 32;
const SIGNATURE_BYTES = 64;

/** People send many messages: their public keys are imported once (a few hundred at most are kept). */
const imported = new Map();
const IMPORTED_LIMIT = 512;

/** The 32 bytes of a wire `key`, or undefined if it is not one. */
export function publicKeyBytes(key) {
  const bytes = typeof key === 'string' ? decodeBase64URL(key) : undefined;
  return bytes?.length === KEY_BYTES ? bytes : undefined;
}

/** `bytes` signed with a private Ed25519 CryptoKey, as base64url. */
export async function signBytes(privateKey, bytes) {
  return encodeBase64URL(new Uint8Array(await globalThis.crypto.subtle.sign(ED25519, privateKey, bytes)));
}

/** Whether `signature` (base64url) is `key`'s (base64url) over `bytes`. */
export async function verifyBytes(key, signature, bytes) {
  const signatureBytes = typeof signature === 'string' ? decodeBase64URL(signature) : undefined;
  if (signatureBytes?.length !== SIGNATURE_BYTES || !publicKeyBytes(key)) return false;
  try {
    return await globalThis.crypto.subtle.verify(ED25519, await importPublicKey(key), signatureBytes, bytes);
  } catch {
    return false; // a key WebCrypto will not take verifies nothing
  }
}

function importPublicKey(key) {
  let found = imported.get(key);
  if (!found) {
    if (imported.size >= IMPORTED_LIMIT) imported.delete(imported.keys().next().value);
    found = globalThis.crypto.subtle.importKey('raw', publicKeyBytes(key), ED25519, true, ['verify']);
    found.catch(() => imported.delete(key));
    imported.set(key, found);
  }
  return found;
}
