// The X25519 key pair a client seals with (docs/PROTOCOL.md, "Sealing keys (box)"): a fresh
// non-extractable one in the browser, or, for an identity carried from the terminal, the one the CLI
// derives from its seed (HKDF, info `privchat/e2e2/box-key`), so both are the same person's box.

import { utf8 } from './bytes.js';
import { hkdf } from './hkdf.js';
import { importPrivateBytes } from './pkcs8.js';

export const X25519 = { name: 'X25519' };
export const SEALING_KEY_BYTES = 32;
const SEED_INFO = 'privchat/e2e2/box-key';

/** {privateKey (non-extractable CryptoKey), publicBytes (32)} made fresh. */
export async function generateSealingKey() {
  const subtle = globalThis.crypto.subtle;
  const { privateKey, publicKey } = await subtle.generateKey(X25519, false, ['deriveBits']);
  return { privateKey, publicBytes: new Uint8Array(await subtle.exportKey('raw', publicKey)) };
}

/** The key pair of 32 private bytes (a CLI seed's derived key, or a share's ephemeral key in the vectors). */
export function importSealingKey(privateBytes) {
  return importPrivateBytes(X25519, privateBytes, ['deriveBits']);
}

/** The CLI's sealing key for an identity seed: the same on every run, and in the browser. */
export async function sealingKeyFromSeed(seed) {
  const privateBytes = await hkdf(seed, new Uint8Array(0), utf8(SEED_INFO));
  try {
    return await importSealingKey(privateBytes);
  } finally {
    privateBytes.fill(0);
  }
}

/** X25519(own private key, other's public key bytes): 32 shared bytes; throws for a key WebCrypto refuses. */
export async function sharedSecret(privateKey, publicBytes) {
  const subtle = globalThis.crypto.subtle;
  const publicKey = await subtle.importKey('raw', publicBytes, X25519, true, []);
  return new Uint8Array(await subtle.deriveBits({ name: 'X25519', public: publicKey }, privateKey, 256));
}
