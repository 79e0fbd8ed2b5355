// "Use an identity from the terminal": the text `chat --export-identity` prints,
// `privchat-id1-secret:` + base64url(the 32-byte Ed25519 seed), made into WebCrypto keys. The private
// key is imported non-extractable (crypto/pkcs8.js).

import { decodeBase64URL, encodeBase64URL } from '../crypto/base64url.js';
import { importPrivateBytes } from '../crypto/pkcs8.js';
import { ED25519 } from './signatures.js';

export const CARRIED_PREFIX = 'privchat-id1-secret:';
const SEED_BYTES = 32;

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
  const { privateKey, publicBytes } = await importPrivateBytes(ED25519, seed, ['sign']);
  const publicKey = await globalThis.crypto.subtle.importKey('raw', publicBytes, ED25519, true, ['verify']);
  return { privateKey, publicKey };
}
