// HMAC-SHA256 with WebCrypto: how a key share proves that its sender holds a room key without
// revealing it (docs/PROTOCOL.md, "Key shares", possession proof).

/** HMAC-SHA256(key bytes, message), 32 bytes. */
export async function hmacSha256(keyBytes, message) {
  const subtle = globalThis.crypto.subtle;
  const key = await subtle.importKey('raw', keyBytes, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return new Uint8Array(await subtle.sign('HMAC', key, message));
}
