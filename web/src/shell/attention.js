// What the tab's title and icon say is waiting: unread messages across the rooms and conversations, and
// apart, those that call for the user (mentions of them, and direct messages). The counts themselves
// are the store's (store/views.js counts what arrives while a view is not seen); muted rooms leave
// them out entirely.
//
// Title: "Private Chat" with nothing waiting, "(3) Private Chat" with 3 unread, "(@1 · 3) Private Chat"
// when 1 of those 3 mentions the user or is a direct message.

import { isMutedView } from './mutedRooms.js';

export const APP_TITLE = 'Private Chat';

/** {unread, calls}: unread messages in the views not muted, and how many of them call for the user. */
export function attentionCounts(state, muted = new Set()) {
  let unread = 0;
  let calls = 0;
  for (const key of state.order) {
    const view = state.views[key];
    if (!view || isMutedView(view, muted)) continue;
    unread += view.unread ?? 0;
    calls += view.kind === 'dm' ? view.unread ?? 0 : view.mentions ?? 0;
  }
  return { unread, calls };
}

/** The tab's title for these counts. */
export function titleOf({ unread, calls }, base = APP_TITLE) {
  if (unread <= 0) return base;
  return calls > 0 ? `(@${calls} · ${unread}) ${base}` : `(${unread}) ${base}`;
}

/** What the icon's badge says ('' for none): the count, '9+' beyond 9, so that it stays legible at 16 px. */
export function badgeOf({ unread }) {
  if (unread <= 0) return '';
  return unread > 9 ? '9+' : String(unread);
}
