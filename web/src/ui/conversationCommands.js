// What the message actions and the composer send for the conversation events (conv1): a reply rides
// on a `say`; an edit, a delete and a reaction name their target by reference. Each goes through the
// Outbox (sealed in an encrypted room, signed) and is shown once acknowledged (store/conversation.js).

import { reactionText } from '../conversation/reactions.js';
import { isRoomMessage } from '../conversation/roomMessages.js';

/** The reference to a message item: its room seq and its id as we saw it ('' when it had none). */
export const referenceOf = (item) => ({ seq: item.seq, id: item.id ?? '' });

/** Whether the message can be replied to, reacted to, or (by its author) edited and deleted: a room message the room has sequenced. */
export const isActionable = (item) => isRoomMessage(item) && item.seq !== undefined && !item.deleted;

/** Whether we wrote it (our key, or our name without one), and can read it: ours to delete. */
export const isDeletable = (item, ownAuthor) => isActionable(item) && item.author === ownAuthor && item.e2e !== 'failed' && item.e2e !== 'locked';

/** Whether its text is ours to change: a shared file's text is its metadata, deleted but not retyped. */
export const isEditable = (item, ownAuthor) => isDeletable(item, ownAuthor) && item.type !== 'file';

function sendChange({ session, dispatch }, frame) {
  const sent = session.outbox.send(frame);
  dispatch({ type: 'sent', frame: sent, e2e: session.keyring.encrypts(frame.room) && frame.type !== 'delete' ? 'ok' : undefined });
  return sent;
}

/** The new text of our message. */
export function sendEdit(context, room, item, text) {
  return sendChange(context, { type: 'edit', room, target: referenceOf(item), text });
}

/** Deletes our message for everyone (the server and every member forget its text). */
export function sendDelete(context, room, item) {
  return sendChange(context, { type: 'delete', room, target: referenceOf(item) });
}

/** Adds `emoji` to the message, or takes it back if we hold it (`mine`). */
export function toggleReaction(context, room, item, emoji, mine) {
  return sendChange(context, { type: 'reaction', room, target: referenceOf(item), text: reactionText(emoji, !mine) });
}

/** The last message of ours in the view that can be edited: what Up in an empty composer edits. */
export function lastEditable(items, ownAuthor) {
  return items.findLast((item) => isEditable(item, ownAuthor));
}
