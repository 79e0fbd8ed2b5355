// Whose sealing key is whose: the identity key and verified `box` of each member seen, by name (from
// snapshots' `keys` and `boxes`, `presence` joined/renamed, and the box inside a sealed dm). A box
// that does not verify with its member's key is ignored, so the server cannot slip in one of its own.
// Kept for the page's lifetime: a member whose connection dropped still gets the next room key.

import { pinName } from '../identity/pinBook.js';
import { publicKeyBytes } from '../identity/signatures.js';
import { openBox } from './box.js';
import { recipientOf } from './keyShare.js';

export class BoxDirectory {
  constructor() {
    /** name lowercased → {name, key (wire), keyBytes, holder (first 8 bytes, hex), box (wire), boxPublic} */
    this.byName = new Map();
    /** holder (first 8 bytes of the key, hex) → the same entry */
    this.byHolder = new Map();
    this.listeners = new Set();
  }

  /** The member called `name`: {name, key, keyBytes, holder, box, boxPublic (if a verified box is known)}, or undefined. */
  get(name) {
    return this.byName.get(pinName(name));
  }

  /** The member whose key starts with these 8 bytes (hex), if seen. */
  byHolderId(holder) {
    return this.byHolder.get(holder);
  }

  /** Whether we can seal to `name`: a verified box is known for them. */
  canSealTo(name) {
    return Boolean(this.get(name)?.boxPublic);
  }

  /** Learns that `name` has identity key `key` and maybe `box`; the box is kept only if the key signed it. */
  async learn(name, key, box) {
    const keyBytes = publicKeyBytes(key);
    if (!keyBytes) return;
    const boxPublic = box ? await openBox(key, box) : undefined;
    const known = this.get(name);
    // The same key without a (valid) box tells nothing new: keep the box we know for it.
    if (known?.key === key && (!boxPublic || known.box === box)) return;
    const sealing = boxPublic ? { box, boxPublic } : known?.key === key ? { box: known.box, boxPublic: known.boxPublic } : {};
    const entry = { name, key, keyBytes, holder: recipientOf(keyBytes), ...sealing };
    this.byName.set(pinName(name), entry);
    this.byHolder.set(entry.holder, entry);
    this.notify();
  }

  /** Learns the members a snapshot lists with keys (and boxes). */
  async learnSnapshot(snapshot) {
    for (const [name, key] of Object.entries(snapshot.keys ?? {})) await this.learn(name, key, snapshot.boxes?.[name]);
  }

  /** A member was renamed: their entry moves to the new name (the key and box come along in the presence too). */
  rename(from, name) {
    const entry = this.get(from);
    if (!entry) return;
    this.byName.delete(pinName(from));
    const moved = { ...entry, name };
    this.byName.set(pinName(name), moved);
    this.byHolder.set(moved.holder, moved);
    this.notify();
  }

  /** name lowercased → whether we can seal to them, for the GUI. */
  snapshot() {
    return Object.fromEntries([...this.byName].map(([name, entry]) => [name, { holder: entry.holder, sealable: Boolean(entry.boxPublic) }]));
  }

  /** Calls `listener(snapshot)` now and after every change; returns the unsubscribe. */
  subscribe(listener) {
    this.listeners.add(listener);
    listener(this.snapshot());
    return () => this.listeners.delete(listener);
  }

  notify() {
    if (this.listeners.size === 0) return;
    const snapshot = this.snapshot();
    for (const listener of this.listeners) listener(snapshot);
  }
}

