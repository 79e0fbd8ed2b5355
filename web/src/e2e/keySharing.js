// Sending room keys (docs/PROTOCOL.md, "Key shares" and "Who rotates, and to whom"): a new key to the
// holders of the current one (a rotation, a rekey, a removal) or to the room's members (its first
// key); the current key to one more member (Add to encryption); or to ourselves alone (after an invite
// link, so the holders know we have it). We always list ourselves, so our own history holds the key.
// Each share proves we hold the key it rotates from (a new key) or, naming no previous key, the key
// it hands out (Add, the invite link's self-share): so `previous` is a RoomKey, whose bytes the proof needs.
// Our own new key becomes current only at the share's ack, by the same table as anyone's share.

import { newRoomKeyBytes } from './roomKey.js';
import { makeShare, maxRecipients } from './keyShare.js';

export class KeySharing {
  /**
   * `outbox`: gives each share its id, signs and sends it; `members(room)`: the room's member names now;
   * `limits()`: the welcome's limits (for how many recipients fit one share).
   */
  constructor({ keyring, directory, identity, outbox, members, limits }) {
    Object.assign(this, { keyring, directory, identity, outbox, members, limits });
    /** id → the share frame we sent, as a receiver would see it, until its ack */
    this.pending = new Map();
  }

  /** A new key for `room`: to the current key's holders whose boxes we know (minus `without`: holder ids), or, for a first key, to every member with a box. */
  async newKey(room, { without = [] } = {}) {
    const current = this.keyring.currentKey(room);
    const key = await this.keyring.addKey(room, newRoomKeyBytes());
    const excluded = new Set(without);
    const others = current
      ? [...this.keyring.holders(room, current.idHex)].filter((holder) => !excluded.has(holder)).map((holder) => this.directory.byHolderId(holder))
      : this.members(room).map((name) => this.directory.get(name));
    await this.send(room, key, current, others);
    return key;
  }

  /** A new key for a random-key room we hold the key of, to the current key's holders (Rekey); false for any other room. */
  async rekey(room) {
    if (!this.keyring.currentKey(room)?.random) return false;
    await this.newKey(room);
    return true;
  }

  /** A new key without `name` (Remove from encryption); false if the room has no random key we hold. */
  async remove(room, name) {
    const member = this.directory.get(name);
    if (!this.keyring.currentKey(room)?.random || !member) return false;
    await this.newKey(room, { without: [member.holder] });
    return true;
  }

  /** The current key of `room` to one more member (Add to encryption); false if we cannot (no key, or no box for them). */
  async add(room, name) {
    const key = this.keyring.currentKey(room);
    const member = this.directory.get(name);
    if (!key?.random || !member?.boxPublic) return false;
    await this.send(room, key, undefined, [member]);
    return true;
  }

  /** The current key to ourselves alone: after joining from an invite link, so that the holders know we have it. */
  async shareWithSelf(room) {
    const key = this.keyring.currentKey(room);
    if (key?.random) await this.send(room, key, undefined, []);
  }

  /** The share we sent with this id, if its ack is still to come; forgotten once asked. */
  takePending(id) {
    const share = this.pending.get(id);
    this.pending.delete(id);
    return share;
  }

  /** Seals `key` (rotating from the RoomKey `previous`, if any) to us and to each of `others` that has a known box, in as many shares as the server's limit needs. */
  async send(room, key, previous, others) {
    const me = { key: this.identity.keyBytes, boxPublic: this.identity.sealing.publicBytes };
    const seen = new Set([this.identity.key]);
    const recipients = [me];
    for (const member of others) {
      if (!member?.boxPublic || seen.has(member.key)) continue;
      seen.add(member.key);
      recipients.push({ key: member.keyBytes, boxPublic: member.boxPublic });
    }
    const size = maxRecipients(this.limits()?.max_message_bytes ?? 65536);
    for (let start = 0; start < recipients.length; start += size) {
      const id = this.outbox.newId();
      const text = await makeShare({ room, id, roomKey: key, previous, senderKey: me.key, recipients: recipients.slice(start, start + size) });
      const frame = this.outbox.send({ type: 'share', id, room, text });
      this.pending.set(frame.id, { ...frame, key: this.identity.key, signature: { state: 'verified', own: true } });
    }
  }
}
