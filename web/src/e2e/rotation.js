// Rotation when a holder leaves (docs/PROTOCOL.md, "Who rotates, and to whom"), without a storm: the
// holders still in the room rank themselves by identity key (bytes, ascending); the first rotates at
// once, the next 2 seconds later if no rotation came meanwhile, and so on. A dropped connection is no
// leave (a `left` without `reason`), so a gateway kill rotates nothing.

import { compareBytes } from '../crypto/bytes.js';

export const DELAY_PER_RANK = 2000;

/** Our place among the holders still in the room (their keys' bytes, ours among them), or -1 if we hold no key. */
export function rotationRank(ownKey, holderKeys) {
  const sorted = [...holderKeys].sort(compareBytes);
  return sorted.findIndex((key) => compareBytes(key, ownKey) === 0);
}

export class RotationSchedule {
  /** `rotate(room, without)`: makes and sends the new key, without these holders; `timers` for tests. */
  constructor({ rotate, delayPerRank = DELAY_PER_RANK, timers = { set: setTimeout, clear: clearTimeout } }) {
    Object.assign(this, { rotate, delayPerRank, timers });
    /** room → {timer, without: Set(holder)} */
    this.waiting = new Map();
  }

  /** A holder (`leaver`: the first 8 bytes of its key, hex) left `room`; we rank `rank` among those who stayed. */
  holderLeft(room, leaver, rank) {
    if (rank < 0) return;
    const waiting = this.waiting.get(room);
    if (waiting) {
      waiting.without.add(leaver); // one rotation leaves out everyone who left before it went
      return;
    }
    const without = new Set([leaver]);
    const fire = () => {
      this.waiting.delete(room);
      this.rotate(room, [...without]);
    };
    if (rank === 0) {
      fire();
      return;
    }
    this.waiting.set(room, { without, timer: this.timers.set(fire, rank * this.delayPerRank) });
  }

  /** Someone else's rotation came first (or we left the room): ours is not needed. */
  cancel(room) {
    const waiting = this.waiting.get(room);
    if (!waiting) return;
    this.timers.clear(waiting.timer);
    this.waiting.delete(room);
  }

  /** The chat ended: nothing more rotates. */
  stop() {
    for (const room of [...this.waiting.keys()]) this.cancel(room);
  }
}
