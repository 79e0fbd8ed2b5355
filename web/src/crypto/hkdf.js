// HKDF-SHA256 (RFC 5869) with WebCrypto, 32 bytes out: how e2e2 turns a seed or an X25519 secret into
// a key (the CLI's sealing key, a share's wrap key, a conversation's pair key).

const KEY_BITS = 256;

/** HKDF-SHA256(ikm, salt, info), 32 bytes. */
export async function hkdf(ikm, salt, info) {
  const subtle = globalThis.crypto.subtle;
  const material = await subtle.importKey('raw', ikm, 'HKDF', false, ['deriveBits']);
  return new Uint8Array(await subtle.deriveBits({ name: 'HKDF', hash: 'SHA-256', salt, info }, material, KEY_BITS));
}
