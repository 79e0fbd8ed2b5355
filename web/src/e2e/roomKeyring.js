// Every room key this browser was given, per room and key id, and the one it seals with (current):
// kept in a store (IndexedDB) so that history stays readable after a reload, read whole when the chat
// starts so that lookups are synchronous, and written through on every change. Beside each key, who
// holds it (by the first 8 bytes of their identity key), which decides who gets the next one.
// A passphrase room keeps its passphrase as a non-extractable PBKDF2 key, in memory only, to derive
// the key of each salt it meets.

import { hexOf } from '../crypto/bytes.js';
import { ITERATIONS, makeRoomKey, newSalt, passphraseKeyBytes, passphraseSecret } from './roomKey.js';

export class RoomKeyring {
  static async open(store, { iterations = ITERATIONS } = {}) {
    const rooms = [];
    for (const [room, saved] of await store.entries()) {
      try {
        rooms.push([room, await restore(saved)]);
      } catch (error) {
        // A record this version cannot read costs that room's history, not the identity beside it.
        console.error('cannot read the keys kept for a room', error);
      }
    }
    return new RoomKeyring(store, rooms, { iterations });
  }

  constructor(store, rooms = [], { iterations = ITERATIONS } = {}) {
    this.store = store;
    this.iterations = iterations;
    /** room → {kind, current (key id hex), leftOut, keys: id → RoomKey, holders: id → Set(holder), secret, salts: salt hex → Promise<RoomKey>, deriving, ready, error} */
    this.rooms = new Map(rooms);
    this.listeners = new Set();
  }

  /** Whether `room` is encrypted: what we send there is sealed, or refused when we have no key. */
  encrypts(room) {
    return this.rooms.has(room);
  }

  /** The id (hex) of the key we seal with in `room`, if any. */
  currentId(room) {
    return this.rooms.get(room)?.current;
  }

  /** The key we seal with in `room`, if any. */
  currentKey(room) {
    const state = this.rooms.get(room);
    return state?.current ? state.keys.get(state.current) : undefined;
  }

  /** A key of the room by its id (hex), if we were given it. */
  key(room, id) {
    return this.rooms.get(room)?.keys.get(id);
  }

  /** Who holds a key of the room (the first 8 bytes of each identity key, in hex). */
  holders(room, id) {
    return this.rooms.get(room)?.holders.get(id) ?? new Set();
  }

  /** What the GUI shows of a room: {kind, status ('ready'|'deriving'|'failed'|'left-out'|'no-key'), fingerprint, holders (of the current key)}. */
  describe(room) {
    const state = this.rooms.get(room);
    if (!state) return undefined;
    const current = this.currentKey(room);
    const status = state.deriving ? 'deriving' : state.error ? 'failed' : current ? 'ready' : state.leftOut ? 'left-out' : 'no-key';
    return { kind: state.kind, status, fingerprint: current?.fingerprint, error: state.error, holders: [...this.holders(room, state.current)] };
  }

  /** Makes `room` encrypted, of `kind` (`random`: keys made by members and passed on in shares; `passphrase`: derived by each), if it is not yet. */
  ensure(room, kind) {
    if (!this.rooms.has(room)) {
      this.rooms.set(room, { kind, current: undefined, leftOut: false, keys: new Map(), holders: new Map(), salts: new Map() });
      this.changed(room);
    }
    return this.rooms.get(room);
  }

  /** Keeps a key of the room (its bytes and salt); returns it as a RoomKey. */
  async addKey(room, bytes, salt = new Uint8Array(0)) {
    return this.keep(room, await makeRoomKey(bytes, salt));
  }

  /** Keeps a RoomKey (made already: a passphrase's under a salt that opened a message); returns the one kept. */
  keep(room, key) {
    const state = this.ensure(room, key.random ? 'random' : 'passphrase');
    if (!state.keys.has(key.idHex)) {
      state.keys.set(key.idHex, key);
      this.changed(room);
    }
    return state.keys.get(key.idHex);
  }

  /** Makes the key of id `current` (or none) the one we seal with; `leftOut`: none because a rotation left us out. */
  setCurrent(room, current, { leftOut = false } = {}) {
    const state = this.rooms.get(room);
    if (!state || (state.current === current && state.leftOut === leftOut)) return;
    Object.assign(state, { current, leftOut: current === undefined && leftOut });
    this.changed(room);
  }

  /** Records that these people (first 8 bytes of their keys, hex) hold key `id` of the room. */
  addHolders(room, id, holders) {
    const state = this.rooms.get(room);
    if (!state) return;
    const known = state.holders.get(id) ?? new Set();
    const before = known.size;
    for (const holder of holders) known.add(holder);
    state.holders.set(id, known);
    if (known.size !== before) this.changed(room);
  }

  /**
   * Makes `room` a passphrase room with this passphrase (kept only as a PBKDF2 key, in memory), and
   * derives a key under a salt of our own to seal with until we open a message sealed with another.
   */
  usePassphrase(room, passphrase) {
    const state = this.ensure(room, 'passphrase');
    // Until a message tells us the room's salt, we seal under our own.
    Object.assign(state, { kind: 'passphrase', current: undefined, leftOut: false, secret: passphraseSecret(passphrase), salts: new Map(), deriving: true, error: undefined });
    this.changed(room);
    state.ready = this.keyForSalt(room, newSalt()).then(
      (own) => {
        state.deriving = false;
        this.keep(room, own);
        if (!state.current) this.setCurrent(room, own.idHex);
        this.changed(room);
      },
      (error) => {
        Object.assign(state, { deriving: false, error: error.message });
        this.changed(room);
      },
    );
    return state.ready;
  }

  /** The key our passphrase gives under `salt` (derived once per salt), or undefined without a passphrase. */
  keyForSalt(room, salt) {
    const state = this.rooms.get(room);
    if (!state?.secret) return undefined;
    const id = hexOf(salt);
    if (!state.salts.has(id)) {
      const derived = state.secret.then((secret) => passphraseKeyBytes(secret, salt, this.iterations)).then((bytes) => makeRoomKey(bytes, salt));
      derived.catch(() => state.salts.delete(id));
      state.salts.set(id, derived);
    }
    return state.salts.get(id);
  }

  /** Resolves once the room's own passphrase key is derived (at once for any other room): what we send waits for it. */
  settled(room) {
    return this.rooms.get(room)?.ready ?? Promise.resolve();
  }

  /** Calls `listener(room, description)` now for each room, then on every change; returns the unsubscribe. */
  subscribe(listener) {
    this.listeners.add(listener);
    for (const room of this.rooms.keys()) listener(room, this.describe(room));
    return () => this.listeners.delete(listener);
  }

  changed(room) {
    const state = this.rooms.get(room);
    this.store.set(room, save(state)).catch((error) => console.error('cannot keep a room key', error));
    for (const listener of this.listeners) listener(room, this.describe(room));
  }
}

/** What the store keeps of a room: never the passphrase; each key's bytes and salt, and who holds what. */
function save(state) {
  return {
    kind: state.kind,
    current: state.current,
    leftOut: state.leftOut,
    keys: [...state.keys.values()].map((key) => ({ bytes: key.bytes, salt: key.salt })),
    holders: [...state.holders].map(([id, holders]) => [id, [...holders]]),
  };
}

async function restore(saved) {
  const keys = await Promise.all(saved.keys.map((key) => makeRoomKey(key.bytes, key.salt)));
  return {
    kind: saved.kind,
    current: saved.current,
    leftOut: saved.leftOut,
    keys: new Map(keys.map((key) => [key.idHex, key])),
    holders: new Map(saved.holders.map(([id, holders]) => [id, new Set(holders)])),
    salts: new Map(),
  };
}
