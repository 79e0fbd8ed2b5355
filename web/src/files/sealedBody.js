// A file's body in an encrypted room (docs/PROTOCOL.md, "Files", "Encrypted rooms"): sealed with the
// room key before it goes up, as a sealed text's bytes before their base64url, bound to the room, the
// sender's identity key, the kind `file_body` and the file id as the id. The relay stores and serves
// only these bytes. The file id comes with the answer to `upload`, which needs the size first: sealing
// adds a known number of bytes, so the size is known before the id.

import { keyForSealed } from '../e2e/roomOpener.js';
import { openRoomBytes, parseSealedBytes, sealedOverhead, sealRoomBytes } from '../e2e/sealedBytes.js';

const KIND = 'file_body';

/** The bytes a body of `size` bytes takes sealed with `roomKey` (37 more with a random key, 53 with a passphrase's). */
export const sealedBodySize = (size, roomKey) => size + sealedOverhead(roomKey.salt.length > 0);

/** The plaintext size of a body of `size` bytes as stored, sealed in a passphrase room (`salted`) or a random-key one. */
export const openedBodySize = (size, salted) => Math.max(0, size - sealedOverhead(salted));

/** `body` (bytes) sealed for the upload of `file` (its id) to `room`, by the sender whose key bytes are `senderKey`. `nonce` is for the test vectors only. */
export function sealFileBody(roomKey, { room, senderKey, file, body }, nonce = undefined) {
  return sealRoomBytes(roomKey, { room, senderKey, kind: KIND, id: file }, body, nonce);
}

/**
 * The plaintext of a body as downloaded, with the key its key id names among the room's (or derived
 * from the room's passphrase for its salt): {ok: true, body} or {ok: false, why: 'locked'|'failed'}, as
 * a sealed text is shown "sealed with a key you do not have" or "cannot decrypt".
 */
export async function openFileBody(keyring, sealed, { room, senderKey, file }) {
  const parsed = parseSealedBytes(sealed);
  if (!parsed || !senderKey) return { ok: false, why: 'failed' };
  const key = await keyForSealed(keyring, room, parsed);
  if (!key) return { ok: false, why: 'locked' };
  const body = await openRoomBytes(key, parsed, { room, senderKey, kind: KIND, id: file });
  return body ? { ok: true, body } : { ok: false, why: 'failed' };
}
