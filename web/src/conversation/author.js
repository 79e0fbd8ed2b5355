// Who wrote a room event, as receivers tell it (docs/PROTOCOL.md, "What clients do"): the identity key
// it came with, or, for a client without one, its name (regardless of case). An edit or a delete counts
// only from the target's author; receivers check this themselves and do not rely on the relay.

/** The author of a frame as received ({from, key}), or of our own (our key, or our name). */
export function authorOf({ from, key }) {
  return key ? `key:${key}` : `name:${from.toLowerCase()}`;
}

/** Whether `event` (an edit or delete, with its `signature` judged) may change `target` (a message item). */
export function isTargetAuthor(target, event) {
  if (event.signature?.state === 'invalid') return false;
  return target.author === authorOf(event);
}
