// What a screen reader is told of new messages, without flooding it: what arrives is gathered for a
// moment, then told in one announcement, at most one per `interval`. One message is read out ("alice in
// #dev: lunch?"); several become a count ("3 new messages in #dev", "5 new messages in 2 conversations").
// The live region is emptied once it has been read, and at once when a message it tells of is deleted:
// a deleted text must not stay in the page.

import { saidOf } from '../conversation/roomMessages.js';
import { REAL_TIMERS } from '../conversation/timers.js';

export const ANNOUNCE_INTERVAL_MS = 1500;
/** How long an announcement stays in the live region: long enough for a screen reader to take it. */
export const ANNOUNCEMENT_KEPT_MS = 5000;

/** The announcement for some arrivals (arrivals.js), '' for none. */
export function announcementOf(arrivals) {
  if (arrivals.length === 0) return '';
  const places = [...new Set(arrivals.map(({ view }) => placeOf(view)))];
  if (arrivals.length === 1) {
    const { view, item } = arrivals[0];
    const said = item.e2e === 'locked' || item.e2e === 'failed' ? 'an encrypted message you cannot read' : saidOf(item);
    return `${item.from} ${view.kind === 'dm' ? 'to you' : `in ${placeOf(view)}`}: ${said}`;
  }
  return places.length === 1 ? `${arrivals.length} new messages in ${places[0]}` : `${arrivals.length} new messages in ${places.length} conversations`;
}

const placeOf = (view) => (view.kind === 'dm' ? `your conversation with ${view.name}` : `#${view.name}`);

/** Gathers arrivals and hands `announce(text)` one announcement per interval, then `announce('')` to empty the region. */
export class Announcer {
  constructor({ announce, interval = ANNOUNCE_INTERVAL_MS, kept = ANNOUNCEMENT_KEPT_MS, timers = REAL_TIMERS }) {
    Object.assign(this, { announce, interval, kept, timers, waiting: [], told: [], timer: undefined, clearing: undefined });
  }

  push(arrivals) {
    this.waiting.push(...arrivals);
    if (this.waiting.length > 0 && this.timer === undefined) this.timer = this.timers.setTimeout(() => this.flush(), this.interval);
  }

  /** Brings what waits up to date (`current(arrival)`: its item now, or undefined) and drops what was
   * deleted; takes back the announcement shown if a message it tells of is gone. */
  revise(current) {
    const gone = (arrival) => {
      const item = current(arrival);
      return item === undefined || item.deleted;
    };
    this.waiting = this.waiting.filter((arrival) => !gone(arrival)).map((arrival) => ({ ...arrival, item: current(arrival) }));
    if (this.told.some(gone)) this.clear();
  }

  flush() {
    this.timer = undefined;
    const text = announcementOf(this.waiting);
    this.told = this.waiting;
    this.waiting = [];
    if (!text) return;
    this.announce(text);
    if (this.clearing !== undefined) this.timers.clearTimeout(this.clearing);
    this.clearing = this.timers.setTimeout(() => this.clear(), this.kept);
  }

  clear() {
    if (this.clearing !== undefined) this.timers.clearTimeout(this.clearing);
    this.clearing = undefined;
    this.told = [];
    this.announce('');
  }

  stop() {
    for (const timer of [this.timer, this.clearing]) if (timer !== undefined) this.timers.clearTimeout(timer);
    Object.assign(this, { timer: undefined, clearing: undefined, waiting: [], told: [] });
  }
}
