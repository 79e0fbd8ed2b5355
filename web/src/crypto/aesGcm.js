// AES-256-GCM as every e2e2 format uses it (docs/PROTOCOL.md, "Bytes"): a 12-byte nonce and a 16-byte
// tag appended to the ciphertext. Opening never throws: a wrong key, associated data or altered byte
// looks the same to WebCrypto ("OperationError"), and the caller shows a marker, not the bytes.

import { randomBytes } from './bytes.js';

export const NONCE_BYTES = 12;
export const TAG_BYTES = 16;
const strictUTF8 = new TextDecoder('utf-8', { fatal: true });

/** A fresh random nonce. */
export const newNonce = () => randomBytes(NONCE_BYTES);

/** The ciphertext and tag of `plaintext` (bytes) under an AES-GCM CryptoKey. */
export async function sealBytes(key, nonce, plaintext, additionalData = new Uint8Array(0)) {
  return new Uint8Array(await globalThis.crypto.subtle.encrypt({ name: 'AES-GCM', iv: nonce, additionalData, tagLength: TAG_BYTES * 8 }, key, plaintext));
}

/** The plaintext bytes of a ciphertext and tag, or undefined if it does not open. */
export async function openBytes(key, nonce, sealed, additionalData = new Uint8Array(0)) {
  try {
    return new Uint8Array(await globalThis.crypto.subtle.decrypt({ name: 'AES-GCM', iv: nonce, additionalData, tagLength: TAG_BYTES * 8 }, key, sealed));
  } catch {
    return undefined;
  }
}

/** The UTF-8 text of opened bytes, or undefined if they are not UTF-8 (or did not open). */
export function textOf(bytes) {
  if (!bytes) return undefined;
  try {
    return strictUTF8.decode(bytes);
  } catch {
    return undefined;
  }
}

/** An AES-GCM CryptoKey of 32 key bytes, which WebCrypto keeps to itself. */
export function aesKey(bytes) {
  return globalThis.crypto.subtle.importKey('raw', bytes, 'AES-GCM', false, ['encrypt', 'decrypt']);
}
