// Everything a client remembers across connections, and what each server frame means for it: the
// session and epoch to resume, each room's last sequence number (so nothing is shown twice), the rooms
// to be in, and messages sent but not yet acknowledged (resent with the same id after a reconnect,
// which the server never delivers twice). The same rules as Services/ChatClient/ClientState.swift.
// Each room's member list is kept here too: snapshots give it whole, presence events change it.

import { applyPresence, renameMember } from './memberList.js';

/** Retries ride out a relay failover (about a second, paced by the rate limit); longer, the refusal shows. */
const MAXIMUM_RETRIES = 40;

/** Frames that wait for an ack, and are resent with the same id until then: messages, key shares, conversation events and shared files. */
const MESSAGE_TYPES = new Set(['say', 'action', 'dm', 'share', 'edit', 'delete', 'reaction', 'file']);

export class ClientState {
  /** `key`: our identity key (base64url), sent in every hello with our sealing key's `box`; undefined for a client without one. */
  constructor({ name, rooms = ['lobby'], key = undefined, box = undefined }) {
    this.name = name;
    this.key = key;
    this.box = box;
    this.session = undefined;
    this.epoch = undefined;
    this.wantedRooms = rooms.length ? [...rooms] : ['lobby'];
    /** room → {lastSeq, members} */
    this.rooms = new Map();
    this.limits = undefined;
    this.welcomed = false;
    this.queue = [];
    this.unacknowledged = [];
    this.joinsInFlight = new Map();
    /** How often each message was refused as `unavailable` or `busy`, to give up after a while. */
    this.retries = new Map();
    this.idPrefix = Math.floor(Math.random() * 2 ** 32).toString(36);
    this.counter = 0;
  }

  /** Nothing waits to be sent or acknowledged. */
  get idle() {
    return this.queue.length === 0 && this.unacknowledged.length === 0;
  }

  makeId() {
    this.counter += 1;
    return `${this.idPrefix}-${this.counter}`;
  }

  /** The hello for the next connection, resuming where the last one left off. */
  hello() {
    const frame = { type: 'hello', name: this.name, rooms: [...this.wantedRooms] };
    if (this.key) frame.key = this.key;
    if (this.key && this.box) frame.box = this.box;
    if (this.session) frame.session = this.session;
    if (this.epoch && this.rooms.size) {
      frame.resume = { epoch: this.epoch, rooms: Object.fromEntries([...this.rooms].map(([room, r]) => [room, r.lastSeq])) };
    }
    return frame;
  }

  /** Queues a frame (giving it an id) to send once welcomed; returns the frame. */
  enqueue(frame) {
    const queued = frame.type === 'hello' || frame.id ? { ...frame } : { ...frame, id: this.makeId() };
    if (queued.type === 'join' && !this.wantedRooms.includes(queued.room)) this.wantedRooms.push(queued.room);
    if (queued.type === 'leave') {
      this.wantedRooms = this.wantedRooms.filter((room) => room !== queued.room);
      this.rooms.delete(queued.room);
    }
    this.queue.push(queued);
    return queued;
  }

  /** The next frame to write; messages wait in the unacknowledged list until their ack. */
  dequeue() {
    if (!this.welcomed || this.queue.length === 0) return undefined;
    const frame = this.queue.shift();
    if (MESSAGE_TYPES.has(frame.type)) this.unacknowledged.push(frame);
    if (frame.type === 'join') this.joinsInFlight.set(frame.id, frame.room);
    return frame;
  }

  /** The connection dropped: unacknowledged messages go back to the front of the queue. */
  connectionLost() {
    this.welcomed = false;
    const requests = this.queue.filter((frame) => frame.type !== 'join' && frame.type !== 'leave');
    this.queue = [...this.unacknowledged, ...requests];
    this.unacknowledged = [];
  }

  /** Applies one server frame and returns what the user should see, as events. */
  receive(frame) {
    switch (frame.type) {
      case 'welcome': return this.welcome(frame);
      case 'message':
      case 'action':
      case 'edit':
      case 'delete':
      case 'reaction':
      case 'file':
        // Conversation events and shared files are room events like messages: in order, once each, `message` events to the store.
        return this.isNew(frame.room, frame.seq) ? [{ type: 'message', message: frame, history: false }] : [];
      // A file's body (file1) is not a room event: these are for the uploads and downloads (files/), in any order.
      case 'upload': return [{ type: 'uploadReady', upload: frame }];
      case 'stored': return [{ type: 'stored', stored: frame }];
      case 'file_data': return [{ type: 'fileData', data: frame }];
      case 'file_expired': return this.rooms.has(frame.room) ? [{ type: 'fileExpired', room: frame.room, file: frame.file }] : [];
      case 'typing': return this.rooms.has(frame.room) ? [{ type: 'typing', typing: frame }] : [];
      case 'read': return this.rooms.has(frame.room) ? [{ type: 'read', read: frame }] : [];
      case 'share':
        return this.isNew(frame.room, frame.seq) ? [{ type: 'share', share: frame, history: false }] : [];
      case 'presence': {
        // A duplicate or old event (seq not newer) changes nothing: the list already includes it.
        if (!this.isNew(frame.room, frame.seq)) return [];
        const room = this.rooms.get(frame.room);
        room.members = applyPresence(room.members, frame);
        return [{ type: 'presence', presence: frame, members: room.members }];
      }
      case 'ack':
        this.unacknowledged = this.unacknowledged.filter((sent) => sent.id !== frame.id);
        this.retries.delete(frame.id);
        if (frame.room !== undefined && frame.seq !== undefined) this.isNew(frame.room, frame.seq);
        return [{ type: 'acknowledged', ack: frame }];
      case 'dm': return [{ type: 'direct', direct: frame }];
      case 'joined':
        if (frame.id) this.joinsInFlight.delete(frame.id);
        if (!this.wantedRooms.includes(frame.snapshot.room)) this.wantedRooms.push(frame.snapshot.room);
        return [{ type: 'joined', snapshot: frame.snapshot }, ...this.apply(frame.snapshot)];
      case 'left':
        this.rooms.delete(frame.room);
        return [{ type: 'left', room: frame.room }];
      case 'members':
        // The whole list, in order with the room's events: it replaces ours for a room we are in.
        if (this.rooms.has(frame.room)) this.rooms.get(frame.room).members = [...frame.members];
        return [{ type: 'members', members: frame }];
      case 'renamed': {
        // The server sends us no presence event of our own rename: our rooms' lists change here.
        this.name = frame.name;
        const members = {};
        for (const [name, room] of this.rooms) {
          room.members = renameMember(room.members, frame.from, frame.name);
          members[name] = room.members;
        }
        return [{ type: 'renamed', renamed: frame, members }];
      }
      case 'error': return this.error(frame);
      default: return [];
    }
  }

  welcome(welcome) {
    const resumed = this.epoch !== undefined;
    const restarted = resumed && this.epoch !== welcome.epoch;
    if (this.epoch !== welcome.epoch) this.rooms = new Map();
    this.name = welcome.name;
    this.session = welcome.session;
    this.epoch = welcome.epoch;
    this.limits = welcome.limits;
    this.welcomed = true;
    this.wantedRooms = welcome.rooms.map((snapshot) => snapshot.room);
    for (const room of [...this.rooms.keys()]) if (!this.wantedRooms.includes(room)) this.rooms.delete(room);
    const events = [{ type: 'welcomed', welcome, resumed }];
    if (restarted) events.push({ type: 'serverRestarted' });
    for (const snapshot of welcome.rooms) events.push(...this.apply(snapshot, !restarted));
    return events;
  }

  /** History the client has not seen; our own unacknowledged messages in it count as acknowledged. */
  apply(snapshot, reportGap = true) {
    const events = [];
    if (snapshot.truncated && reportGap) events.push({ type: 'historyGap', room: snapshot.room });
    const known = this.rooms.get(snapshot.room);
    for (const message of snapshot.history) {
      if (message.seq <= (known?.lastSeq ?? 0)) continue;
      if (message.from === this.name && message.id && this.isOwnPending(message.id)) {
        this.unacknowledged = this.unacknowledged.filter((sent) => sent.id !== message.id);
        this.queue = this.queue.filter((sent) => !(sent.id === message.id && MESSAGE_TYPES.has(sent.type)));
        events.push({ type: 'acknowledged', ack: { type: 'ack', id: message.id, room: message.room, seq: message.seq, time: message.time } });
      } else if (message.type === 'share') {
        events.push({ type: 'share', share: message, history: known === undefined });
      } else {
        // Missed while reconnecting is news; what was said before we first came is history.
        events.push({ type: 'message', message, history: known === undefined });
      }
    }
    this.rooms.set(snapshot.room, { lastSeq: Math.max(known?.lastSeq ?? 0, snapshot.seq), members: [...snapshot.members] });
    // The room's history is all in: what waits for it (an invite link's key shared with ourselves) may go.
    events.push({ type: 'snapshotDone', room: snapshot.room });
    return events;
  }

  error(error) {
    const index = error.id ? this.unacknowledged.findIndex((sent) => sent.id === error.id) : -1;
    if (index >= 0 && this.isWorthRetrying(error.code, error.id)) {
      // Sent faster than the server allows, or while its relay was away for a moment (a failover):
      // send it again, first, after a pause.
      this.queue.unshift(...this.unacknowledged.splice(index, 1));
      return [{ type: 'throttled' }];
    }
    if (error.id) this.unacknowledged = this.unacknowledged.filter((sent) => sent.id !== error.id);
    if (error.id && this.joinsInFlight.has(error.id)) {
      const room = this.joinsInFlight.get(error.id);
      this.joinsInFlight.delete(error.id);
      this.wantedRooms = this.wantedRooms.filter((wanted) => wanted !== room);
    }
    return [{ type: 'refused', error }];
  }

  isWorthRetrying(code, id) {
    if (code === 'rate_limited') return true;
    if (code !== 'unavailable' && code !== 'busy') return false;
    const count = (this.retries.get(id) ?? 0) + 1;
    if (count >= MAXIMUM_RETRIES) {
      this.retries.delete(id);
      return false;
    }
    this.retries.set(id, count);
    return true;
  }

  isOwnPending(id) {
    return this.unacknowledged.some((sent) => sent.id === id) || this.queue.some((sent) => sent.id === id && MESSAGE_TYPES.has(sent.type));
  }

  /** Whether a room event is newer than anything seen; records it if so. */
  isNew(room, seq) {
    const known = this.rooms.get(room);
    if (!known || seq <= known.lastSeq) return false;
    known.lastSeq = seq;
    return true;
  }
}
