// The keys of the rooms this tab joined with a passphrase, in memory only: never in localStorage, and
// gone when the tab closes or the user leaves. Deriving a key takes a moment, so each room's entry is
// first `deriving`, then `ready` with its fingerprint (or `failed`); listeners hear each change.

import { deriveRoomKey } from './roomKey.js';

export class Keyring {
  constructor({ derive = deriveRoomKey } = {}) {
    this.derive = derive;
    /** room → {status, fingerprint, error, key: Promise<room key>} */
    this.entries = new Map();
    this.listeners = new Set();
  }

  /** Whether messages to and from `room` are sealed (even while its key is still being derived). */
  has(room) {
    return this.entries.has(room);
  }

  /** The room's key, once derived (rejects if derivation failed); undefined for a plain room. */
  key(room) {
    return this.entries.get(room)?.key;
  }

  /** What the GUI shows about a room: {status: 'deriving'|'ready'|'failed', fingerprint, error}. */
  describe(room) {
    const entry = this.entries.get(room);
    return entry && { status: entry.status, fingerprint: entry.fingerprint, error: entry.error };
  }

  /** Makes `room` encrypted with a key derived from `passphrase`, which is not kept. Returns the key's promise. */
  use(room, passphrase) {
    const entry = { status: 'deriving', fingerprint: undefined, error: undefined };
    const current = () => this.entries.get(room) === entry; // a newer passphrase may have replaced this one
    entry.key = this.derive(passphrase, room).then(
      (key) => {
        Object.assign(entry, { status: 'ready', fingerprint: key.fingerprint });
        if (current()) this.notify(room);
        return key;
      },
      (error) => {
        Object.assign(entry, { status: 'failed', error: error.message });
        if (current()) this.notify(room);
        throw error;
      },
    );
    entry.key.catch(() => {}); // reported through `describe`; callers that await it see the rejection
    this.entries.set(room, entry);
    this.notify(room);
    return entry.key;
  }

  /** Makes `room` plain again and drops its key. */
  forget(room) {
    if (this.entries.delete(room)) this.notify(room);
  }

  /** Drops every key (the user left the chat). */
  clear() {
    for (const room of [...this.entries.keys()]) this.forget(room);
  }

  /** Calls `listener(room, description)` now for each room, then on every change; returns the unsubscribe. */
  subscribe(listener) {
    this.listeners.add(listener);
    for (const room of this.entries.keys()) listener(room, this.describe(room));
    return () => this.listeners.delete(listener);
  }

  notify(room) {
    for (const listener of this.listeners) listener(room, this.describe(room));
  }
}
