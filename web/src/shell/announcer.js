// What a screen reader is told of new messages, without flooding it: what arrives is gathered for a
// moment, then told in one announcement, at most one per `interval`. One message is read out ("alice in
// #dev: lunch?"); several become a count ("3 new messages in #dev", "5 new messages in 2 conversations").

import { REAL_TIMERS } from '../conversation/timers.js';

export const ANNOUNCE_INTERVAL_MS = 1500;

/** The announcement for some arrivals (arrivals.js), '' for none. */
export function announcementOf(arrivals) {
  if (arrivals.length === 0) return '';
  const places = [...new Set(arrivals.map(({ view }) => placeOf(view)))];
  if (arrivals.length === 1) {
    const { view, item } = arrivals[0];
    const said = item.e2e === 'locked' || item.e2e === 'failed' ? 'an encrypted message you cannot read' : item.type === 'action' ? `* ${item.from} ${item.text}` : item.text;
    return `${item.from} ${view.kind === 'dm' ? 'to you' : `in ${placeOf(view)}`}: ${said}`;
  }
  return places.length === 1 ? `${arrivals.length} new messages in ${places[0]}` : `${arrivals.length} new messages in ${places.length} conversations`;
}

const placeOf = (view) => (view.kind === 'dm' ? `your conversation with ${view.name}` : `#${view.name}`);

/** Gathers arrivals and hands `announce(text)` one announcement per interval. */
export class Announcer {
  constructor({ announce, interval = ANNOUNCE_INTERVAL_MS, timers = REAL_TIMERS }) {
    Object.assign(this, { announce, interval, timers, waiting: [], timer: undefined });
  }

  push(arrivals) {
    this.waiting.push(...arrivals);
    if (this.waiting.length > 0 && this.timer === undefined) this.timer = this.timers.setTimeout(() => this.flush(), this.interval);
  }

  flush() {
    this.timer = undefined;
    const text = announcementOf(this.waiting);
    this.waiting = [];
    if (text) this.announce(text);
  }

  stop() {
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = undefined;
    this.waiting = [];
  }
}
