// Trust on first use (docs/PROTOCOL.md, "What receivers do"): the identity key each name was first seen
// with, and whether the user compared safety numbers with its owner (a verified contact). A pin changes
// only when the user accepts a new key. Read whole from its store when the chat starts, so that every
// lookup after that is synchronous and happens in the order messages arrive; changes are written through.

import { MemoryStore } from './memoryStore.js';

/** Names are pinned regardless of case, as the server makes them unique. */
export const pinName = (name) => name.toLowerCase();

export class PinBook {
  static async open(store) {
    return new PinBook(store, await store.entries());
  }

  constructor(store = new MemoryStore(), entries = []) {
    this.store = store;
    /** name lowercased → {key, verified} */
    this.pins = new Map(entries);
    /** name lowercased → the newest key seen for it that is not the pinned one; for this tab only. */
    this.newKeys = new Map();
    this.listeners = new Set();
  }

  /** The pin of a name: {key, verified}, or undefined. */
  get(name) {
    return this.pins.get(pinName(name));
  }

  /** A key seen for the name that differs from its pin and was not accepted (yet). */
  newKey(name) {
    return this.newKeys.get(pinName(name));
  }

  /** Pins `key` to a name seen for the first time; nothing happens to a name pinned already. */
  pinFirst(name, key) {
    if (this.get(name)) return;
    this.put(name, { key, verified: false });
  }

  /** The name came with another key than its pin's: remembered for "Accept new key", not pinned. */
  noteNewKey(name, key) {
    if (this.newKey(name) === key) return;
    this.newKeys.set(pinName(name), key);
    this.notify();
  }

  /** The user compared safety numbers with the pinned key's owner (or takes that back). */
  setVerified(name, verified) {
    const pin = this.get(name);
    if (pin && pin.verified !== verified) this.put(name, { ...pin, verified });
  }

  /** The user accepts the name's new key: it is pinned, as not verified, since no one compared it yet. */
  accept(name, key = this.newKey(name)) {
    if (!key) return;
    this.newKeys.delete(pinName(name));
    this.put(name, { key, verified: false });
  }

  /** Every pin, for the GUI: name lowercased → {key, verified, newKey}. */
  snapshot() {
    const pins = {};
    for (const [name, pin] of this.pins) pins[name] = { ...pin, newKey: this.newKeys.get(name) };
    return pins;
  }

  /** Calls `listener(snapshot)` now and after every change; returns the unsubscribe. */
  subscribe(listener) {
    this.listeners.add(listener);
    listener(this.snapshot());
    return () => this.listeners.delete(listener);
  }

  put(name, pin) {
    this.pins.set(pinName(name), pin);
    this.store.set(pinName(name), pin).catch((error) => console.error('cannot keep a pinned key', error));
    this.notify();
  }

  notify() {
    if (this.listeners.size === 0) return;
    const snapshot = this.snapshot();
    for (const listener of this.listeners) listener(snapshot);
  }
}
