// The store's views (one per room and per private conversation) and the small changes every handler
// makes to them: make one, change one, add an item, count what was not seen. Pure functions on the state.

export const roomKey = (name) => `room:${name}`;
export const directKey = (name) => `dm:${name}`;

export function ensureView(state, key, kind, name) {
  if (state.views[key]) return state;
  const view = { kind, name, members: [], items: [], unread: 0, mentions: 0, typists: {}, reads: {}, latestSeq: 0 };
  const order = kind === 'room' ? [...state.order.filter((k) => k.startsWith('room:')), key, ...state.order.filter((k) => !k.startsWith('room:'))] : [...state.order, key];
  return { ...state, views: { ...state.views, [key]: view }, order };
}

export function updateView(state, key, change) {
  const view = state.views[key];
  return view ? { ...state, views: { ...state.views, [key]: change(view) } } : state;
}

export function addItem(state, key, item) {
  const sequence = state.sequence + 1;
  const next = updateView(state, key, (view) => ({ ...view, items: [...view.items, { ...item, key: sequence }] }));
  return { ...next, sequence };
}

/** Whether the user sees `key` now: it is the open view and the page is visible (not a background tab). */
export const isViewed = (state, key) => key === state.active && state.visible !== false;

/** Something new in a view that is not seen: one more unread, and one more mention if it mentions us. */
export function countUnread(state, key, mentioned = false) {
  if (isViewed(state, key)) return state;
  return updateView(state, key, (view) => ({ ...view, unread: view.unread + 1, mentions: (view.mentions ?? 0) + (mentioned ? 1 : 0) }));
}

export function updateItems(state, matches, change) {
  const views = {};
  for (const [key, view] of Object.entries(state.views)) {
    views[key] = view.items.some(matches) ? { ...view, items: view.items.map((item) => (matches(item) ? change(item) : item)) } : view;
  }
  return { ...state, views };
}

/** The highest seq a room view has shown (messages, changes, presence, our acks): how far we can have read it. */
export function noteSeq(view, seq) {
  return seq !== undefined && seq > (view.latestSeq ?? 0) ? { ...view, latestSeq: seq } : view;
}
