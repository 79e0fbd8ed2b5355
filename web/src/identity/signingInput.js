// The exact bytes an identity key signs (docs/PROTOCOL.md, "Identity (id1)"): a context string, then
// each field as its length (4 bytes, big-endian) and its bytes, so that no two different inputs are the
// same bytes however their fields run together. Pure functions: the test vectors check every byte.

import { concatBytes, utf8 } from '../crypto/bytes.js';

const HELLO_CONTEXT = 'privchat/id1/hello';
const MESSAGE_CONTEXT = 'privchat/id1/sign';

/** The kind each signed frame type signs as, on its way out (`say`) and in (`message`). */
const KINDS = { say: 'message', message: 'message', action: 'action', dm: 'dm', share: 'share', edit: 'edit', delete: 'delete', reaction: 'reaction', file: 'file' };

/** `bytes` with their length in front. */
export function field(bytes) {
  const out = new Uint8Array(4 + bytes.length);
  new DataView(out.buffer).setUint32(0, bytes.length);
  out.set(bytes, 4);
  return out;
}

/** What a `prove` signs: the gateway's nonce and the name of the `hello` it answers. */
export function helloInput(nonce, name) {
  return concatBytes(utf8(HELLO_CONTEXT), field(nonce), field(utf8(name)));
}

/** What a message's `sig` signs; `refs` are the ids of the messages it refers to (a reply's original, an edit's target). */
export function messageInput({ kind, scope, id, text, refs = [] }) {
  return concatBytes(utf8(MESSAGE_CONTEXT), ...[kind, scope, id, text, ...refs].map((part) => field(utf8(part))));
}

/** Whether frames of this type carry a signature (`say`, `action`, `dm`, `share`, the conversation events and `file` out; `message` … in). */
export function isSignedType(type) {
  return Object.hasOwn(KINDS, type);
}

/** The kind a frame type signs as, which a sealed room text binds too (`message` for a `say`). */
export function kindOf(type) {
  return KINDS[type];
}

/**
 * The ids a frame refers to, in the order it signs them: an edit's, delete's or reaction's target, a
 * reply's original (conv1); a shared file's body (file1), which a client frame names by its id and a
 * server frame with the relay's facts ({id, size}).
 */
export function referredIds(frame) {
  if (frame.type === 'file') return [typeof frame.file === 'string' ? frame.file : frame.file?.id ?? ''];
  const reference = frame.target ?? frame.reply;
  return reference ? [reference.id] : [];
}

/**
 * The message input's fields of a frame, sent or received: the room, or for a dm the addressee (`to`,
 * lowercased, which a received dm names too); the id, or '' without one; the text exactly as on the
 * wire (sealed, in an encrypted room; '' for a delete, which sends none); the ids it refers to.
 */
export function signedFields(frame) {
  return {
    kind: kindOf(frame.type),
    scope: frame.type === 'dm' ? frame.to.toLowerCase() : frame.room,
    id: frame.id ?? '',
    text: frame.text ?? '',
    refs: referredIds(frame),
  };
}
