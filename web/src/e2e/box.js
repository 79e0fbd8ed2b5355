// A member's `box` (docs/PROTOCOL.md, "Sealing keys (box)"): its X25519 public key signed by its
// identity key, so that a server cannot slip in a sealing key of its own for someone. Receivers keep
// a box only if it verifies with the key of the member it came with.

import { decodeBase64URL, encodeBase64URL } from '../crypto/base64url.js';
import { concatBytes, utf8 } from '../crypto/bytes.js';
import { SEALING_KEY_BYTES } from '../crypto/sealingKey.js';
import { signBytes, verifyBytes } from '../identity/signatures.js';
import { field } from '../identity/signingInput.js';

const BOX_CONTEXT = 'privchat/e2e2/box';
const SIGNATURE_BYTES = 64;
export const BOX_BYTES = SEALING_KEY_BYTES + SIGNATURE_BYTES;

/** What the identity key signs: the context and the X25519 public key. */
export function boxInput(publicBytes) {
  return concatBytes(utf8(BOX_CONTEXT), field(publicBytes));
}

/** The wire `box` of an X25519 public key, signed with an identity's private Ed25519 key. */
export async function makeBox(identityPrivateKey, publicBytes) {
  const signature = decodeBase64URL(await signBytes(identityPrivateKey, boxInput(publicBytes)));
  return encodeBase64URL(concatBytes(publicBytes, signature));
}

/** The 96 bytes of a wire box, or undefined if it is not that long (or not base64url). */
export function boxBytes(box) {
  const bytes = typeof box === 'string' ? decodeBase64URL(box) : undefined;
  return bytes?.length === BOX_BYTES ? bytes : undefined;
}

/** The X25519 public key in `box` (wire text or its 96 bytes) if `key` (the member's identity key) signed it; else undefined. */
export async function openBox(key, box) {
  const bytes = typeof box === 'string' ? boxBytes(box) : box?.length === BOX_BYTES ? box : undefined;
  if (!bytes) return undefined;
  const publicBytes = bytes.slice(0, SEALING_KEY_BYTES);
  const signature = encodeBase64URL(bytes.slice(SEALING_KEY_BYTES));
  return (await verifyBytes(key, signature, boxInput(publicBytes))) ? publicBytes : undefined;
}
