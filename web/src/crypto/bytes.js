// Byte helpers for the wire formats: every input a key signs, hashes or seals is UTF-8 text and bytes
// joined; keys are compared byte by byte wherever the protocol orders them.

const encoder = new TextEncoder();

/** The UTF-8 bytes of `text`. */
export function utf8(text) {
  return encoder.encode(text);
}

/** The parts one after another, as one new array. */
export function concatBytes(...parts) {
  const out = new Uint8Array(parts.reduce((total, part) => total + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** Byte by byte, then the shorter first: the order the protocol sorts keys in (safety numbers, pair keys, rotation ranks). */
export function compareBytes(a, b) {
  for (let i = 0; i < Math.min(a.length, b.length); i += 1) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}

/** Whether two byte arrays hold the same bytes. */
export function equalBytes(a, b) {
  return compareBytes(a, b) === 0;
}

/** Lowercase hex, two digits a byte: how key ids are named in the GUI's state and stores. */
export function hexOf(bytes) {
  return [...bytes].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** `count` bytes from the system's secure random source. */
export function randomBytes(count) {
  return globalThis.crypto.getRandomValues(new Uint8Array(count));
}
