// What an edit, a delete or a reaction does to the message it targets (a message item of the store):
// the latest edit's text (the highest seq) with an "edited" mark; a delete leaves a tombstone and
// forgets the text, its edits and its reactions (privacy: nothing of it is kept); a reaction changes
// who holds what. Pure functions, applied in the room's order; each ignores an event older than what
// the message already shows, so replays change nothing.

import { mentions } from '../protocol/mentions.js';
import { authorOf, isTargetAuthor } from './author.js';
import { applyReaction, parseReaction } from './reactions.js';
import { isRoomMessage } from './roomMessages.js';

/** Whether `item` is the message `reference` ({seq, id}) names. */
export function isReferenced(item, reference) {
  return isRoomMessage(item) && item.seq === reference.seq && (item.id ?? '') === reference.id;
}

/**
 * `item` after `event` (an edit, delete or reaction frame as received, opened and judged), and whether
 * the event was refused: {item, refused} (`refused`: 'not-author' for an edit or delete by anyone but
 * the target's author, 'invalid' for a reaction whose signature fails or whose text is none).
 * `me`: our name, to see whether an edited text mentions us.
 */
export function changeMessage(item, event, me) {
  if (item.deleted) return { item };
  switch (event.type) {
    case 'edit':
      if (!isTargetAuthor(item, event)) return { item, refused: 'not-author' };
      if ((item.editSeq ?? item.seq) >= event.seq) return { item };
      return { item: { ...item, text: event.text, e2e: event.e2e, edited: true, editSeq: event.seq, mentionsMe: item.type !== 'file' && mentions(event.text, me) } };
    case 'delete':
      if (!isTargetAuthor(item, event)) return { item, refused: 'not-author' };
      return { item: tombstone(item) };
    case 'reaction': {
      // A reaction in the clear in a room we encrypt (e2e 'plain') is ignored rather than marked: a chip
      // has no room for a "not encrypted" mark, and a member who can seal never sends one.
      const trusted = event.signature?.state !== 'invalid' && event.e2e !== 'plain';
      const reaction = trusted ? parseReaction(event.text) : undefined;
      if (!reaction) return { item, refused: 'invalid' };
      const change = { ...reaction, person: authorOf(event), name: event.from, seq: event.seq };
      return { item: { ...item, reactions: applyReaction(item.reactions ?? {}, change) } };
    }
    default:
      return { item };
  }
}

/** A deleted message: who and when stay, everything it said goes. */
function tombstone(item) {
  const { text, reply, reactions, edited, editSeq, e2e, mentionsMe, ...kept } = item;
  return { ...kept, text: '', deleted: true };
}
