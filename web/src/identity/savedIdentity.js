// This browser's identity across visits: made on the first, read back on every later one, replaced
// when the user brings the terminal's. Kept in a store (indexedDBStore.js in the browser).

import { Identity } from './identity.js';

const SELF = 'self';

/** The stored identity, or a new one, stored now. */
export async function loadIdentity(store) {
  const saved = await store.get(SELF);
  if (saved?.privateKey && saved?.publicKey) return Identity.fromKeys(saved);
  const identity = await Identity.generate();
  await store.set(SELF, identity.keys);
  return identity;
}

/** Makes `identity` this browser's from now on; the old key is gone for good. */
export async function saveIdentity(store, identity) {
  await store.set(SELF, identity.keys);
}
