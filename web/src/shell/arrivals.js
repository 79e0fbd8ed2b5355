// The messages that just arrived from others: what a sound, a notification or a screen reader's
// announcement is about. Items get increasing keys in the store (views.js addItem), so what is new is
// what has a key above the last one looked at. History replayed at a join, our own messages (from this
// device or another), and system lines are not arrivals.

import { isRoomMessage } from '../conversation/roomMessages.js';

/** {arrivals: [{key, view, item}], last}: the new messages from others in `state` after item key `since`. */
export function arrivalsSince(state, since) {
  const arrivals = [];
  let last = since;
  for (const key of state.order) {
    const view = state.views[key];
    for (let index = view.items.length - 1; index >= 0 && view.items[index].key > since; index -= 1) {
      const item = view.items[index];
      last = Math.max(last, item.key);
      if (isArrival(item)) arrivals.push({ key, view, item });
    }
  }
  arrivals.sort((a, b) => a.item.key - b.item.key);
  return { arrivals, last: Math.max(last, state.sequence ?? 0) };
}

function isArrival(item) {
  return isRoomMessage(item) && !item.own && !item.history;
}
