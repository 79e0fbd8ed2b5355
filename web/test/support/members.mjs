// Members of an encrypted room, for tests of the EncryptionReceiver and KeySharing: each with its own
// keyring, directory and sharing, an outbox that records what it sends, and the events its store gets.
// The test plays the server: it hands one member's frames to the others, in the room's order.
import { EncryptionReceiver } from '../../src/e2e/encryptionReceiver.js';
import { KeySharing } from '../../src/e2e/keySharing.js';
import { people } from './e2e2.mjs';
import { encryptionParts } from './encryption.mjs';

/** The room the members share. */
export const ROOM = 'dev';

export class TestMember {
  constructor(name, identity, { afterJoin = {}, timers = undefined } = {}) {
    Object.assign(this, { name, identity, ...encryptionParts() });
    this.sent = [];
    this.delivered = [];
    this.rooms = new Map();
    let counter = 0;
    const outbox = {
      newId: () => `${name}-${(counter += 1)}`,
      send: (frame) => {
        const sent = { ...frame, id: frame.id ?? outbox.newId() };
        this.sent.push(sent);
        return sent;
      },
    };
    const members = (room) => this.rooms.get(room) ?? [];
    this.sharing = new KeySharing({ keyring: this.keyring, directory: this.directory, identity, outbox, members, limits: () => ({ max_message_bytes: 65536 }) });
    this.receiver = new EncryptionReceiver({ ...this, sharing: this.sharing, deliver: (event) => this.delivered.push(event), afterJoin, timers });
  }

  /** An event from the connection (through the MessageVerifier, whose work the test does); resolves once it is handled. */
  async push(event) {
    this.receiver.push(event);
    await this.receiver.order.settled();
  }

  /** Everyone's keys and boxes, as a welcome's snapshot of `room` lists them, and the room's members. */
  async welcome(room, everyone) {
    this.rooms.set(room, everyone.map((member) => member.name));
    const keys = Object.fromEntries(everyone.map((member) => [member.name, member.identity.key]));
    const boxes = Object.fromEntries(everyone.map((member) => [member.name, member.identity.box]));
    const snapshot = { room, seq: 0, members: [...this.rooms.get(room)], keys, boxes, history: [], truncated: false };
    await this.push({ type: 'welcomed', welcome: { name: this.name, rooms: [snapshot] }, resumed: false });
  }

  /** The last frame this member sent, taken off its list. */
  lastSent() {
    return this.sent.pop();
  }

  /** The effects of the shares delivered to the store, in order. */
  changes() {
    return this.delivered.filter((event) => event.type === 'share').map((event) => event.effect?.change);
  }
}

/** A frame `sender` sent, as the server hands it to the others (a `share` or a `message`), with the signature the verifier found. */
export function asReceived(frame, sender, seq) {
  const type = frame.type === 'say' ? 'message' : frame.type;
  return { ...frame, type, seq, from: sender.name, time: 0, key: sender.identity.key, signature: { state: 'verified' } };
}

/** The event a share (or a message) from `sender` arrives as. */
export function arrival(frame, sender, seq) {
  const received = asReceived(frame, sender, seq);
  return received.type === 'share' ? { type: 'share', share: received, history: false } : { type: 'message', message: received, history: false };
}

/** Manual timers: a rotation that waits its turn waits for the test. */
export function manualTimers() {
  const pending = new Map();
  let next = 0;
  return { pending, set: (run, delay) => (pending.set(++next, { run, delay }), next), clear: (id) => pending.delete(id) };
}

/** The vectors' alice, bob and carol, each welcomed to ROOM with the others' keys and boxes, and the timers they share. */
export async function threeMembers() {
  const timers = manualTimers();
  const [alice, bob, carol] = ['alice', 'bob', 'carol'].map((name, index) => new TestMember(name, people[index], { timers }));
  for (const member of [alice, bob, carol]) await member.welcome(ROOM, [alice, bob, carol]);
  return { alice, bob, carol, timers };
}

/** `sender` encrypts the room (or rotates); the server sequences the share as `seq`, acks it, and hands it to `others`. */
export async function shareKey(sender, others, seq, action = (member) => member.sharing.newKey(ROOM)) {
  await action(sender);
  const share = sender.lastSent();
  await sender.push({ type: 'acknowledged', ack: { type: 'ack', id: share.id, room: ROOM, seq, time: 0 } });
  for (const member of others) await member.push(arrival(share, sender, seq));
  return share;
}
