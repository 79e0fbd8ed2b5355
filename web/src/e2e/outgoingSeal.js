// What the user sends, sealed (docs/PROTOCOL.md, "Sealed room text" and "Direct messages"): a `say`,
// `action`, conversation event or shared file's metadata in a room we encrypt, with its current key;
// a `dm` to someone whose box we know, with our pair key. What cannot be sealed is not sent in the clear behind the user's back: a room whose key we
// lack refuses it, and a dm to someone without a known box goes only when the user chose "Send
// unencrypted" (`clear`).

import { kindOf } from '../identity/signingInput.js';
import { sealDirect } from './directText.js';
import { sealRoomText } from './sealedText.js';

/** Why a message was not sent, for people (after “not sent: ”). */
export const NO_ROOM_KEY = {
  'left-out': 'the room’s key was changed without you. A member can add you to encryption.',
  'no-key': 'you do not have this room’s key. A member can add you to encryption.',
  failed: 'the passphrase key could not be derived.',
};

/** Why nothing can be sealed in `room` now, for people. */
export function noKeyReason(keyring, room) {
  return NO_ROOM_KEY[keyring.describe(room)?.status] ?? NO_ROOM_KEY['no-key'];
}

export const NOT_SEALABLE = 'this person has no encryption keys known here. Choose “Send unencrypted” to send it in the clear.';

/**
 * How to seal `frame` (a `say`, `action`, `edit`, `reaction`, `file` or `dm` with its id), decided now, when the user sends it:
 * undefined if it goes as it is, else an async function giving the sealed frame (or throwing why not).
 */
export function sealerFor(frame, { keyring, directory, identity, clear = false }) {
  if (frame.type === 'dm') {
    const member = identity && directory.get(frame.to);
    if (member?.boxPublic) {
      const recipient = { key: member.keyBytes, boxPublic: member.boxPublic };
      return async () => ({ ...frame, text: await sealDirect({ me: identity.sealer, recipient, id: frame.id, text: frame.text }) });
    }
    if (clear) return undefined;
    return async () => {
      throw new Error(NOT_SEALABLE);
    };
  }
  if (!keyring.encrypts(frame.room)) return undefined;
  // The key is the one current when the user sent it (once a passphrase key being derived is there).
  const key = keyring.settled(frame.room).then(() => keyring.currentKey(frame.room));
  return async () => {
    const roomKey = await key;
    if (!roomKey || !identity) throw new Error(noKeyReason(keyring, frame.room));
    const text = await sealRoomText(roomKey, { room: frame.room, senderKey: identity.keyBytes, kind: kindOf(frame.type), id: frame.id, text: frame.text });
    return { ...frame, text };
  };
}
