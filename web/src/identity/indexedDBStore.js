// The key-value store of memoryStore.js over one IndexedDB object store. Values are structured clones,
// so a CryptoKey is kept as itself: a non-extractable private key stays one, and no page script can
// read its bytes, not even ours.

const DATABASE = 'privchat';
// Version 2 added the room keys (e2e2); an upgrade creates the stores that are missing and keeps the rest.
const VERSION = 2;
export const STORES = ['identity', 'pins', 'roomKeys'];

const done = (request) =>
  new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });

/**
 * Opens this origin's database, with every store in STORES. An upgrade that another tab (of an older
 * page) blocks fails, so this page keeps its keys in memory instead of waiting; a tab of a newer
 * version that asks for an upgrade gets it, as this page lets go of the database.
 */
export async function openDatabase(indexedDB = globalThis.indexedDB) {
  const request = indexedDB.open(DATABASE, VERSION);
  request.onupgradeneeded = () => {
    for (const name of STORES) if (!request.result.objectStoreNames.contains(name)) request.result.createObjectStore(name);
  };
  const blocked = new Promise((_, reject) => {
    request.onblocked = () => reject(new Error('another tab holds an older version of the database'));
  });
  const database = await Promise.race([done(request), blocked]);
  database.onversionchange = () => database.close();
  return database;
}

export class IndexedDBStore {
  constructor(database, name) {
    this.database = database;
    this.name = name;
  }

  run(mode, action) {
    return done(action(this.database.transaction(this.name, mode).objectStore(this.name)));
  }

  get(key) {
    return this.run('readonly', (store) => store.get(key));
  }

  async set(key, value) {
    await this.run('readwrite', (store) => store.put(value, key));
  }

  async delete(key) {
    await this.run('readwrite', (store) => store.delete(key));
  }

  async entries() {
    // Both requests in one transaction: the keys and values of the same moment, in the same order.
    const store = this.database.transaction(this.name, 'readonly').objectStore(this.name);
    const [keys, values] = await Promise.all([done(store.getAllKeys()), done(store.getAll())]);
    return keys.map((key, index) => [key, values[index]]);
  }
}
