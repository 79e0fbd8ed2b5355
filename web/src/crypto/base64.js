// Standard base64 with padding (RFC 4648 §4), as a file's chunks travel (docs/PROTOCOL.md, "Files"):
// not the base64url of keys and sealed texts (base64url.js). Strict on input, as that one is.

const STANDARD = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
// String.fromCharCode takes its bytes as arguments: a few thousand at a time stays under every engine's limit.
const SLICE = 0x2000;

/** Bytes as standard, padded base64. */
export function encodeBase64(bytes) {
  let binary = '';
  for (let at = 0; at < bytes.length; at += SLICE) binary += String.fromCharCode(...bytes.subarray(at, at + SLICE));
  return globalThis.btoa(binary);
}

/** The bytes of standard, padded base64 text, or undefined if it is anything else. */
export function decodeBase64(text) {
  if (typeof text !== 'string' || !STANDARD.test(text)) return undefined;
  const binary = globalThis.atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let index = 0; index < binary.length; index += 1) bytes[index] = binary.charCodeAt(index);
  return bytes;
}
