// Rooms the user muted, by room name (a room's name, never a person's), kept in this browser. A muted
// room is silent: no sound, no notification, no announcement and nothing in the tab's title or icon,
// not even for a mention. Its entry in the room list still shows its counts, for when the user looks.

import { loadChoice, saveChoice } from './storedChoice.js';

const STORAGE_KEY = 'privchat.mutedRooms';

/** The muted rooms' names, as a Set. */
export function loadMutedRooms(storage) {
  const kept = loadChoice(STORAGE_KEY, [], storage);
  return new Set(Array.isArray(kept) ? kept.filter((name) => typeof name === 'string') : []);
}

/** `muted` with `room` muted or not; kept for the next visit. */
export function setRoomMuted(muted, room, mute, storage) {
  const next = new Set(muted);
  if (mute) next.add(room);
  else next.delete(room);
  saveChoice(STORAGE_KEY, [...next].sort(), storage);
  return next;
}

/** Whether a view (store/views.js) is a muted room: direct messages cannot be muted (that would keep a person's name). */
export const isMutedView = (view, muted) => view?.kind === 'room' && muted.has(view.name);
