// This browser's identity across visits: made on the first, read back on every later one, replaced
// when the user brings the terminal's. Kept in a store (indexedDBStore.js in the browser).

import { generateSealingKey } from '../crypto/sealingKey.js';
import { Identity } from './identity.js';

const SELF = 'self';

/** The stored identity, or a new one, stored now. One stored before sealing keys existed gets a fresh sealing key. */
export async function loadIdentity(store) {
  const saved = await store.get(SELF);
  if (saved?.privateKey && saved?.publicKey) {
    if (saved.sealing?.privateKey && saved.sealing?.publicBytes) return Identity.fromKeys(saved);
    const identity = await Identity.fromKeys({ ...saved, sealing: await generateSealingKey() });
    await store.set(SELF, identity.keys);
    return identity;
  }
  const identity = await Identity.generate();
  await store.set(SELF, identity.keys);
  return identity;
}

/** Makes `identity` this browser's from now on; the old key is gone for good. */
export async function saveIdentity(store, identity) {
  await store.set(SELF, identity.keys);
}
