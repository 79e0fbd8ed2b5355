// What read markers show in a room: the "new messages" line above the first message after our marker
// as it was when we opened the room, and, if the user lets their own marker be seen, small "seen by"
// notes under the latest message each other member read (their visible markers).

import { isRoomMessage } from './roomMessages.js';

const isMessage = (item) => isRoomMessage(item) && item.seq !== undefined;

/** The key of the item the "new messages" line goes above: the first message of someone else after `since`; undefined for none. */
export function firstNewItemKey(items, since) {
  if (since === undefined) return undefined;
  return items.find((item) => isMessage(item) && !item.own && item.seq > since)?.key;
}

/**
 * item key → names of the members (not `me`) whose marker is at that message: the latest one at or
 * below it that they did not write themselves (that they saw their own message says nothing).
 */
export function seenBy(items, reads, me) {
  const notes = new Map();
  const messages = items.filter(isMessage);
  for (const [name, seq] of Object.entries(reads ?? {})) {
    if (name.toLowerCase() === me.toLowerCase()) continue;
    const last = messages.findLast((item) => item.seq <= seq && item.from.toLowerCase() !== name.toLowerCase());
    if (last) notes.set(last.key, [...(notes.get(last.key) ?? []), name]);
  }
  return notes;
}

/** Markers by name after one moved to `seq` (never back). */
export function moveMarker(reads, name, seq) {
  return (reads?.[name] ?? -1) >= seq ? reads : { ...reads, [name]: seq };
}
