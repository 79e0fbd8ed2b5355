// When the composer tells the room that we type (docs/PROTOCOL.md, "Typing"): at most once every 3
// seconds while the text changes, and `active: false` once it is sent or cleared. Receivers forget us
// after 6 seconds without news, so a refresh every 3 keeps us shown while we type.

import { REAL_TIMERS } from './timers.js';

export const TYPING_REFRESH_MS = 3000;
/** The least time between two `typing` frames: the server's pace for them. */
const PACE_MS = 1000;

/**
 * Whether what is being typed will be said in the room: a message or a `/me`, not a command (a
 * `/msg` is private: the room must not even see that someone types it). `//text` says `/text`.
 */
export function isRoomText(text) {
  const start = text.trimStart();
  return !start.startsWith('/') || start.startsWith('//') || /^\/me(\s|$)/i.test(start);
}

export class TypingSender {
  /** `send(active)`: sends a `typing` frame for the composer's room; `timers`: {now, setTimeout, clearTimeout} (tests move them by hand). */
  constructor({ send, timers = REAL_TIMERS }) {
    Object.assign(this, { send, timers });
    this.active = false; // what the room was last told
    this.wanted = false; // what it should be told
    this.lastSent = -Infinity;
    this.refreshed = -Infinity; // when the room last heard we type
    this.timer = undefined;
  }

  /** The composer's text changed to `text`. */
  typed(text) {
    if (text.trim() === '' || !isRoomText(text)) return this.stopped();
    this.wanted = true;
    if (!this.active || this.timers.now() - this.refreshed >= TYPING_REFRESH_MS) this.update(true);
    return undefined;
  }

  /** The text was cleared: we stopped, if we had said we type. */
  stopped() {
    this.wanted = false;
    this.update(false);
  }

  /**
   * The text was sent: receivers stop showing us as typing when our message arrives, so the room
   * knows we stopped without a frame, and the next keystroke must say we type again (within the pace).
   */
  sent() {
    this.stop();
    this.wanted = false;
    this.active = false;
  }

  /** The composer goes away: nothing waits any more. */
  stop() {
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = undefined;
  }

  /**
   * Tells the room what we want it to know, at most once a second: the gateway and the relay ignore
   * more (1 a second, 3 at once), silently, and a dropped `active: true` after a quick stop would hide
   * us for a whole refresh. Within the second the latest wish waits, and goes only if it still differs.
   */
  update(refresh) {
    if (this.timer !== undefined) return;
    if (this.wanted === this.active && !(refresh && this.wanted)) return;
    const wait = this.lastSent + PACE_MS - this.timers.now();
    if (wait > 0) {
      this.timer = this.timers.setTimeout(() => {
        this.timer = undefined;
        this.update(this.wanted && this.timers.now() - this.refreshed >= TYPING_REFRESH_MS);
      }, wait);
      return;
    }
    this.active = this.wanted;
    this.lastSent = this.timers.now();
    if (this.active) this.refreshed = this.lastSent;
    this.send(this.active);
  }
}
