// Byte helpers for the wire formats: every input a key signs or hashes is UTF-8 text and bytes joined.

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
