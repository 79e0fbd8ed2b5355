// This browser's identity, pins and room keys, opened once per page before anyone joins: from
// IndexedDB, or, where a browser refuses it (some private modes), in memory for this tab. Without
// WebCrypto (a page that is not a secure context) there is no identity: the chat works, unsigned,
// unverified and unencrypted.

import { cryptoAvailable } from '../crypto/cryptoAvailable.js';
import { RoomKeyring } from '../e2e/roomKeyring.js';
import { IndexedDBStore, openDatabase } from './indexedDBStore.js';
import { MemoryStore } from './memoryStore.js';
import { PinBook } from './pinBook.js';
import { loadIdentity } from './savedIdentity.js';

export const NO_IDENTITY = 'Signed messages need a secure page: open this chat over https, or on localhost.';

async function openStores() {
  try {
    const database = await openDatabase();
    const store = (name) => new IndexedDBStore(database, name);
    return { identity: store('identity'), pins: store('pins'), roomKeys: store('roomKeys'), persistent: true };
  } catch {
    return { identity: new MemoryStore(), pins: new MemoryStore(), roomKeys: new MemoryStore(), persistent: false };
  }
}

/**
 * {identity, pins, roomKeys (a RoomKeyring), store (where the identity is kept), persistent}, or
 * {problem} when this page cannot sign: the problem is a sentence for people.
 */
export async function openBrowserIdentity() {
  if (!cryptoAvailable()) return { problem: NO_IDENTITY };
  const stores = await openStores();
  try {
    const [identity, pins, roomKeys] = await Promise.all([loadIdentity(stores.identity), PinBook.open(stores.pins), RoomKeyring.open(stores.roomKeys)]);
    return { identity, pins, roomKeys, store: stores.identity, persistent: stores.persistent };
  } catch (error) {
    return { problem: `This browser cannot make an identity key (${error.message}): messages go unsigned.` };
  }
}
