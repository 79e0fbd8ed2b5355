// When the composer tells the room that we type (docs/PROTOCOL.md, "Typing"): at most once every 3
// seconds while the text changes, and `active: false` once it is sent or cleared. Receivers forget us
// after 6 seconds without news, so a refresh every 3 keeps us shown while we type.

export const TYPING_REFRESH_MS = 3000;

/**
 * Whether what is being typed will be said in the room: a message or a `/me`, not a command (a
 * `/msg` is private: the room must not even see that someone types it). `//text` says `/text`.
 */
export function isRoomText(text) {
  const start = text.trimStart();
  return !start.startsWith('/') || start.startsWith('//') || /^\/me(\s|$)/i.test(start);
}

export class TypingSender {
  /** `send(active)`: sends a `typing` frame for the composer's room; `now`: the clock (ms). */
  constructor({ send, now = Date.now }) {
    Object.assign(this, { send, now });
    this.active = false;
    this.lastSent = -Infinity;
  }

  /** The composer's text changed to `text`. */
  typed(text) {
    if (text.trim() === '' || !isRoomText(text)) return this.stopped();
    const now = this.now();
    if (this.active && now - this.lastSent < TYPING_REFRESH_MS) return undefined;
    this.active = true;
    this.lastSent = now;
    return this.send(true);
  }

  /** The text was sent or cleared: we stopped, if we had said we type. */
  stopped() {
    if (!this.active) return undefined;
    this.active = false;
    this.lastSent = -Infinity;
    return this.send(false);
  }
}
