// Importing a raw 32-byte private key (an Ed25519 seed, an X25519 key) into WebCrypto, which takes
// none raw: as PKCS#8 PrivateKeyInfo (RFC 8410), whose DER up to the key is the same 16 bytes but for
// the algorithm's OID. Only an extractable key tells its public half (the JWK's `x`), so a throwaway
// extractable copy is read for it and dropped.

import { decodeBase64URL } from './base64url.js';
import { concatBytes } from './bytes.js';

const OIDS = { Ed25519: 0x70, X25519: 0x6e };

/** {privateKey (non-extractable), publicBytes} of 32 private key bytes for `algorithm` (Ed25519 or X25519). */
export async function importPrivateBytes(algorithm, privateBytes, usages) {
  const subtle = globalThis.crypto.subtle;
  const prefix = Uint8Array.from([0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, OIDS[algorithm.name], 0x04, 0x22, 0x04, 0x20]);
  const pkcs8 = concatBytes(prefix, privateBytes);
  try {
    const privateKey = await subtle.importKey('pkcs8', pkcs8, algorithm, false, usages);
    const { x } = await subtle.exportKey('jwk', await subtle.importKey('pkcs8', pkcs8, algorithm, true, usages));
    return { privateKey, publicBytes: decodeBase64URL(x) };
  } finally {
    pkcs8.fill(0);
  }
}
