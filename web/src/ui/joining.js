// Joining a room from the chat (the sidebar form, or /join): each join says whether the room is
// encrypted, so a key typed for an earlier visit never lingers.

import { roomKey } from '../store/chatStore.js';

/** The room name as the server spells it: lowercase, without a leading #. */
export const roomName = (text) => text.trim().replace(/^#/, '').toLowerCase();

/**
 * Joins `room`, or switches to it if already in it. With a passphrase the room is encrypted; if we are
 * in it already, we leave and join again, so that its history comes again and is opened with the key.
 */
export function joinRoom({ state, dispatch, session, room, passphrase = '' }) {
  const { outbox, keyring } = session;
  const inRoom = Boolean(state.views[roomKey(room)]);
  if (inRoom && !passphrase) {
    dispatch({ type: 'activate', key: roomKey(room) });
    return;
  }
  if (inRoom) outbox.send({ type: 'leave', room });
  if (passphrase) keyring.use(room, passphrase);
  else keyring.forget(room);
  dispatch({ type: 'joining', room });
  outbox.send({ type: 'join', room });
}
