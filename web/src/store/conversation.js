// The store's part of the conversation events (conv1): edits, deletes and reactions applied to the
// message they target, ours once acknowledged (sent ones wait in `pendingChanges`, with their plaintext);
// who is typing; read markers, ours and the visible ones of others. Pure functions on the state, as in
// chatStore.js, which routes the events here.

import { authorOf } from '../conversation/author.js';
import { changeMessage, isReferenced } from '../conversation/messageChanges.js';
import { moveMarker } from '../conversation/readMarkers.js';
import { forgetTypist, noteTyping } from '../conversation/typists.js';
import { addItem, ensureView, noteSeq, roomKey, updateView } from './views.js';

export const CHANGE_TYPES = new Set(['edit', 'delete', 'reaction']);

const REFUSALS = {
  'not-author': (event, target) => `${event.from} tried to ${event.type} a message by ${target.from}: ignored (not theirs)`,
  invalid: (event) => `A reaction from ${event.from} was ignored (invalid signature, or not a reaction)`,
};

/** Our own author id (authorOf), as our messages carry it. */
export const ownAuthor = (state) => authorOf({ from: state.me, key: state.identity?.key });

/** An edit, delete or reaction (received, opened and judged) applied to its target; a target we do not hold changes nothing. */
export function applyChange(state, event) {
  const key = roomKey(event.room);
  let next = updateView(ensureView(state, key, 'room', event.room), key, (view) => ({ ...noteSeq(view, event.seq), typists: forgetTypist(view.typists, event.from) }));
  const target = next.views[key].items.find((item) => isReferenced(item, event.target));
  if (!target) return next;
  const { item, refused } = changeMessage(target, event, state.me);
  if (refused) return addItem(next, key, { type: 'system', text: REFUSALS[refused](event, target), time: event.time ?? Date.now(), problem: true, invalidEvent: event.type });
  next = updateView(next, key, (view) => ({ ...view, items: view.items.map((other) => (other === target ? item : other)) }));
  return next;
}

/** Our edit, delete or reaction was handed to the Outbox: it shows once acknowledged (`e2e`: 'ok' if it goes sealed). */
export function changeSent(state, frame, e2e) {
  return { ...state, pendingChanges: { ...state.pendingChanges, [frame.id]: { ...frame, e2e } } };
}

/** An ack: if it is one of our changes', it applies now, with the seq the room gave it. */
export function changeAcknowledged(state, ack) {
  const frame = state.pendingChanges?.[ack.id];
  if (!frame) return state;
  const { [ack.id]: _, ...pendingChanges } = state.pendingChanges;
  const own = { ...frame, seq: ack.seq, time: ack.time, from: state.me, key: state.identity?.key, text: frame.text ?? '', signature: { state: 'verified', own: true } };
  return applyChange({ ...state, pendingChanges }, own);
}

/** A refusal of one of our changes (unknown_message, not_yours, too_late, …): forgotten, and told for a moment. */
export function changeRefused(state, error) {
  if (!state.pendingChanges?.[error.id]) return undefined;
  const { [error.id]: frame, ...pendingChanges } = state.pendingChanges;
  return { ...state, pendingChanges, toast: { text: `Your ${frame.type} was not sent: ${error.message}`, key: state.sequence + 1 }, sequence: state.sequence + 1 };
}

/** A member started or stopped typing (we ignore our own other devices'). */
export function typing(state, frame, now = Date.now()) {
  if (frame.from.toLowerCase() === state.me.toLowerCase()) return state;
  return updateView(state, roomKey(frame.room), (view) => ({ ...view, typists: noteTyping(view.typists, frame, now) }));
}

/** How far a member read: ours (from another device of ours) moves our marker; another's is kept to show. */
export function read(state, frame) {
  const ours = frame.from.toLowerCase() === state.me.toLowerCase();
  return updateView(state, roomKey(frame.room), (view) =>
    ours ? { ...view, read: Math.max(view.read ?? 0, frame.seq) } : { ...view, reads: moveMarker(view.reads, frame.from, frame.seq) },
  );
}

/** We told the server we read `room` up to `seq`: our marker moves here too (the server tells only our other devices). */
export function readSent(state, room, seq) {
  return updateView(state, roomKey(room), (view) => ({ ...view, read: Math.max(view.read ?? 0, seq) }));
}

/**
 * A snapshot's markers: ours (`read`) and the visible ones of members (`reads`), never moved back.
 * `opening`: the room is shown from this snapshot on (a first welcome, a join): the "new messages"
 * line goes after the marker as it is now.
 */
export function snapshotMarkers(view, snapshot, opening) {
  let reads = view.reads ?? {};
  for (const [name, seq] of Object.entries(snapshot.reads ?? {})) reads = moveMarker(reads, name, seq);
  const own = Math.max(view.read ?? 0, snapshot.read ?? 0);
  const next = { ...view, reads, read: snapshot.read === undefined && view.read === undefined ? undefined : own };
  return opening ? { ...next, newSince: next.read } : next;
}

/** The view is opened: the "new messages" line goes after our marker as it is now. */
export function opened(view) {
  return { ...view, newSince: view.read, unread: 0, mentions: 0 };
}
