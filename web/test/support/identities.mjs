// Identities for tests: the vectors' seeds (so keys and signatures are known), or new ones.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { decodeBase64URL } from '../../src/crypto/base64url.js';
import { carriedIdentityText } from '../../src/identity/carriedIdentity.js';
import { Identity } from '../../src/identity/identity.js';

const path = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'Tests', 'Fixtures', 'protocol', 'identity', 'vectors.json');
export const vectors = JSON.parse(readFileSync(path, 'utf8'));

/** The identity of the vectors' seed number `index`. */
export function vectorIdentity(index) {
  return Identity.fromCarried(carriedIdentityText(decodeBase64URL(vectors.identities[index].seed)));
}

/** A received room message from `from`, signed by `identity` (undefined: unsigned, as a seed client's). */
export async function signedMessage(identity, { from, room = 'lobby', seq = 1, id = `m${seq}`, text = 'hi', type = 'message' }) {
  const frame = { type, room, seq, from, text, time: 0, id };
  if (!identity) return frame;
  const { sig } = await identity.sign(frame);
  return { ...frame, key: identity.key, sig };
}
