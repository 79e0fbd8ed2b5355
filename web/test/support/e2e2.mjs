// The shared end-to-end encryption vectors (Tests/Fixtures/protocol/e2e2/vectors.json) and their
// people as identities, imported as from the terminal, so their sealing keys are the CLI's.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { decodeBase64URL } from '../../src/crypto/base64url.js';
import { carriedIdentityText } from '../../src/identity/carriedIdentity.js';
import { Identity } from '../../src/identity/identity.js';

const path = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'Tests', 'Fixtures', 'protocol', 'e2e2', 'vectors.json');
export const vectors = JSON.parse(readFileSync(path, 'utf8'));
export const bytes = (text) => decodeBase64URL(text);
export const fromHex = (text) => new Uint8Array(Buffer.from(text, 'hex'));

/** The vectors' people (alice, bob, carol), as Identity objects. */
export const people = await Promise.all(vectors.people.map((person) => Identity.fromCarried(carriedIdentityText(bytes(person.seed)))));

/** The generator's stand-in for random bytes (generate.py's `fixed`): the first `count` bytes of SHA-256(label). */
export async function fixed(label, count) {
  return new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(label))).slice(0, count);
}
