// What the GUI's encryption buttons and the matching slash commands do (Encrypt this room, Rekey, Add
// to and Remove from encryption): one home for both, each saying in the room when it cannot be done.

const notice = (dispatch, text) => dispatch({ type: 'notice', text });

/** A new random key for `room`: its first (to every member with keys), or a rotation (to the current key's holders). */
export function encryptRoom({ session, dispatch }, room) {
  if (!session.sharing) return notice(dispatch, 'Encryption needs a secure page: open this chat over https, or on localhost.');
  return session.sharing.newKey(room);
}

/** Rekey: a new key to those who hold the current one. */
export async function rekey({ session, dispatch }, room) {
  if (!(await session.sharing?.rekey(room))) notice(dispatch, 'Only a room encrypted with a random key whose key you hold can be rekeyed.');
}

/** Add to encryption: the current key to `name`. */
export async function addToEncryption({ session, dispatch }, room, name) {
  if (!(await session.sharing?.add(room, name))) notice(dispatch, `Cannot add ${name}: you need this room’s random key, and ${name}’s encryption keys (they must use a client with keys and be in a room with you).`);
}

/** Remove from encryption: a new key to the holders, without `name`. */
export async function removeFromEncryption({ session, dispatch }, room, name) {
  if (!(await session.sharing?.remove(room, name))) notice(dispatch, `Cannot remove ${name}: only a room encrypted with a random key whose key you hold can be rekeyed.`);
}
