// Sending read markers (docs/PROTOCOL.md, "Read markers"): how far we read a room, only ever forward,
// and at most once every 2 seconds, however fast events are shown. The marker is visible to the room's
// members only if the user chose so (readVisibility.js); otherwise it reaches our own devices alone.

import { REAL_TIMERS } from './timers.js';

export const READ_INTERVAL_MS = 2000;

export class ReadReporter {
  /** `send(room, seq, visible)`: a `read` frame; `visible()`: the user's choice, asked when it goes. */
  constructor({ send, visible = () => false, timers = REAL_TIMERS }) {
    Object.assign(this, { send, visible, timers });
    this.marks = new Map(); // room → the highest seq sent or learned
    this.pending = new Map(); // room → seq to send
    this.lastSent = -Infinity;
    this.timer = undefined;
  }

  /** The user has seen `room` up to `seq` (the page is visible and its latest events are shown). */
  seen(room, seq) {
    if (seq <= Math.max(this.marks.get(room) ?? 0, this.pending.get(room) ?? 0)) return;
    this.pending.set(room, seq);
    if (this.timer !== undefined) return;
    const wait = this.lastSent + READ_INTERVAL_MS - this.timers.now();
    if (wait <= 0) this.flush();
    else this.timer = this.timers.setTimeout(() => this.flush(), wait);
  }

  /** Our marker as the server or another device of ours says it: nothing at or below it is sent. */
  learned(room, seq) {
    this.marks.set(room, Math.max(this.marks.get(room) ?? 0, seq));
    if ((this.pending.get(room) ?? 0) <= seq) this.pending.delete(room);
  }

  /** The chat ended. */
  stop() {
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = undefined;
    this.pending.clear();
  }

  flush() {
    this.timer = undefined;
    if (this.pending.size === 0) return;
    this.lastSent = this.timers.now();
    for (const [room, seq] of this.pending) {
      this.marks.set(room, seq);
      this.send(room, seq, this.visible());
    }
    this.pending.clear();
  }
}
