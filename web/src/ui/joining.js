// Joining a room from the chat (the sidebar form, or /join), with a passphrase or to encrypt it with a
// new random key. A room whose keys this browser holds stays encrypted without either.

import { roomKey } from '../store/chatStore.js';
import { encryptRoom } from './encryptionCommands.js';

/**
 * Joins `room`, or switches to it if already in it. With a passphrase the room is a passphrase room;
 * if we are in it already, we leave and join again, so that its history comes again and is opened
 * with the key. With `newKey`, the room is encrypted with a new random key once its history is in
 * (at once, if we are in it).
 */
export function joinRoom({ state, dispatch, session, room, passphrase = '', newKey = false }) {
  const { outbox, keyring, receiver } = session;
  const inRoom = Boolean(state.views[roomKey(room)]);
  if (inRoom && !passphrase) {
    dispatch({ type: 'activate', key: roomKey(room) });
    if (newKey) encryptRoom({ session, dispatch }, room);
    return;
  }
  if (inRoom) outbox.send({ type: 'leave', room });
  if (passphrase) keyring.usePassphrase(room, passphrase);
  else if (newKey) receiver.whenJoined(room, 'newKey');
  dispatch({ type: 'joining', room });
  outbox.send({ type: 'join', room });
}
