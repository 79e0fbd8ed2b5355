// The quote a reply shows of the message it answers: its author and the start of its latest text, or
// that it was deleted, or that this client does not hold it (from before we came, or gone from history).

import { isRoomMessage, textOf } from './roomMessages.js';

const EXCERPT_LENGTH = 80;

/** The start of `text`: its first ~80 characters, on one line. */
export function excerptOf(text) {
  const line = text.replace(/\s+/g, ' ').trim();
  const characters = [...line];
  return characters.length > EXCERPT_LENGTH ? `${characters.slice(0, EXCERPT_LENGTH).join('')}…` : line;
}

/**
 * {state: 'shown'|'deleted'|'missing', seq, from, excerpt} for a `reply` ({seq, id, from?}), given
 * the view's message items by seq. `from` is the original's author, or the relay's word for it.
 */
export function quoteOf(reply, itemsBySeq) {
  const original = itemsBySeq.get(reply.seq);
  if (!original || (original.id ?? '') !== reply.id) return { state: 'missing', seq: reply.seq, from: reply.from };
  if (original.deleted) return { state: 'deleted', seq: reply.seq, from: original.from };
  const sealed = original.e2e === 'failed' || original.e2e === 'locked';
  return { state: 'shown', seq: reply.seq, from: original.from, excerpt: sealed ? '🔒 encrypted message' : excerptOf(textOf(original)) };
}

/** A view's message items by their seq, for quoteOf. */
export function itemsBySeq(items) {
  const bySeq = new Map();
  for (const item of items) if (item.seq !== undefined && isRoomMessage(item)) bySeq.set(item.seq, item);
  return bySeq;
}
