// "Use an identity from the terminal": the text `chat --export-identity` prints,
// `privchat-id1-secret:` + base64url(the 32-byte Ed25519 seed), made into WebCrypto keys. The private
// key is imported non-extractable; its public key is read once from a throwaway extractable copy.

import { decodeBase64URL, encodeBase64URL } from '../crypto/base64url.js';
import { concatBytes } from '../crypto/bytes.js';
import { ED25519, publicKeyBytes } from './signatures.js';

export const CARRIED_PREFIX = 'privchat-id1-secret:';
const SEED_BYTES = 32;
// PKCS#8 PrivateKeyInfo for Ed25519 (RFC 8410) up to the seed: WebCrypto imports no raw private key.
const PKCS8_PREFIX = Uint8Array.from([0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20]);

/** A pasted text that is not a carried identity; the message is for people. */
export class CarriedIdentityError extends Error {
  constructor(message) {
    super(message);
    this.name = 'CarriedIdentityError';
  }
}

/** The seed in a carried identity (surrounding whitespace allowed, as a copy from a terminal has it). */
export function parseCarriedIdentity(text) {
  const trimmed = text.trim();
  if (!trimmed.startsWith(CARRIED_PREFIX)) {
    throw new CarriedIdentityError(`That is not a terminal identity: it starts with “${CARRIED_PREFIX}” (chat --export-identity prints it).`);
  }
  const seed = decodeBase64URL(trimmed.slice(CARRIED_PREFIX.length));
  if (seed?.length !== SEED_BYTES) throw new CarriedIdentityError('That terminal identity is cut short or altered: copy the whole line again.');
  return seed;
}

/** The carried text of a seed: what the terminal prints (for tests; the browser never shows its own). */
export function carriedIdentityText(seed) {
  return CARRIED_PREFIX + encodeBase64URL(seed);
}

/** {privateKey (non-extractable), publicKey} of a 32-byte seed. */
export async function importSeed(seed) {
  const subtle = globalThis.crypto.subtle;
  const pkcs8 = concatBytes(PKCS8_PREFIX, seed);
  try {
    const privateKey = await subtle.importKey('pkcs8', pkcs8, ED25519, false, ['sign']);
    // Only an extractable key tells its public half (as the JWK's `x`); this copy is dropped at once.
    const { x } = await subtle.exportKey('jwk', await subtle.importKey('pkcs8', pkcs8, ED25519, true, ['sign']));
    const publicKey = await subtle.importKey('raw', publicKeyBytes(x), ED25519, true, ['verify']);
    return { privateKey, publicKey };
  } finally {
    pkcs8.fill(0);
  }
}
