// This browser's identity and pins, opened once per page before anyone joins: from IndexedDB, or, where
// a browser refuses it (some private modes), in memory for this tab. Without WebCrypto (a page that is
// not a secure context) there is no identity: the chat works, unsigned and unverified.

import { cryptoAvailable } from '../crypto/roomKey.js';
import { IndexedDBStore, openDatabase } from './indexedDBStore.js';
import { MemoryStore } from './memoryStore.js';
import { PinBook } from './pinBook.js';
import { loadIdentity } from './savedIdentity.js';

export const NO_IDENTITY = 'Signed messages need a secure page: open this chat over https, or on localhost.';

async function openStores() {
  try {
    const database = await openDatabase();
    return { identity: new IndexedDBStore(database, 'identity'), pins: new IndexedDBStore(database, 'pins'), persistent: true };
  } catch {
    return { identity: new MemoryStore(), pins: new MemoryStore(), persistent: false };
  }
}

/**
 * {identity, pins, store (where the identity is kept), persistent}, or {problem} when this page
 * cannot sign: the problem is a sentence for people.
 */
export async function openBrowserIdentity() {
  if (!cryptoAvailable()) return { problem: NO_IDENTITY };
  const stores = await openStores();
  try {
    const [identity, pins] = await Promise.all([loadIdentity(stores.identity), PinBook.open(stores.pins)]);
    return { identity, pins, store: stores.identity, persistent: stores.persistent };
  } catch (error) {
    return { problem: `This browser cannot make an identity key (${error.message}): messages go unsigned.` };
  }
}
