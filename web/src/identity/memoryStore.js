// The key-value store that identities and pins are kept in, held in memory: for tests (Node has no
// IndexedDB) and for browsers that refuse IndexedDB (then nothing outlives the tab). indexedDBStore.js
// is the same interface over IndexedDB: get, set, delete, entries, each a promise.

export class MemoryStore {
  constructor(entries = []) {
    this.values = new Map(entries);
  }

  async get(key) {
    return this.values.get(key);
  }

  async set(key, value) {
    this.values.set(key, value);
  }

  async delete(key) {
    this.values.delete(key);
  }

  /** Every [key, value]. */
  async entries() {
    return [...this.values];
  }
}
