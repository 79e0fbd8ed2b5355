// What a reader is shown of a room message (docs/PROTOCOL.md, "Sealed room text"): opened with the key
// its key id names, bound to the frame's room, sender key, kind and id; or a marker, never the sealed
// bytes. A passphrase room derives the key of a salt it has not met (once), and seals from then on
// with the salt of the newest message it opened.

import { hexOf } from '../crypto/bytes.js';
import { publicKeyBytes } from '../identity/signatures.js';
import { kindOf } from '../identity/signingInput.js';
import { recipientOf } from './keyShare.js';
import { isSealed, openRoomText, parseSealed } from './sealedText.js';

// Control characters other than tab and line breaks are refused by the server in plain text; a sealed
// text hides them from it, so the reader's side replaces them.
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;

/** Readable text: control characters (which a sealed text could hide from the server) replaced. */
export const shownText = (text) => text.replace(CONTROL, '\ufffd');

/**
 * The message as shown, with `e2e`: `ok` (opened), `failed` (cannot decrypt: replayed, moved,
 * re-typed or altered), `locked` (sealed with a key we do not have), `plain` (not sealed, in a room
 * we encrypt). A message that is neither sealed nor in an encrypted room is returned as it is.
 */
export async function openRoomMessage(message, keyring) {
  if (!isSealed(message.text)) return keyring.encrypts(message.room) ? { ...message, e2e: 'plain' } : message;
  const hidden = (e2e) => ({ ...message, text: '', e2e });
  const parsed = parseSealed(message.text);
  const senderKey = publicKeyBytes(message.key);
  // Without the sender's key the associated data cannot be rebuilt: it cannot be opened.
  if (!parsed || !senderKey) return hidden('failed');
  const key = await keyForSealed(keyring, message.room, parsed);
  if (!key) return hidden('locked');
  const opened = await openRoomText(key, parsed, { room: message.room, senderKey, kind: kindOf(message.type), id: message.id });
  if (!opened.ok) return hidden('failed');
  keyring.addHolders(message.room, key.idHex, [recipientOf(senderKey)]);
  if (!key.random) keyring.setCurrent(message.room, key.idHex);
  return { ...message, text: shownText(opened.text), e2e: 'ok' };
}

/** The key a sealed text (or file body) names: one we were given, or our passphrase's under its salt if that gives the same key id. */
export async function keyForSealed(keyring, room, parsed) {
  const id = hexOf(parsed.keyId);
  const given = keyring.key(room, id);
  if (given || parsed.salt.length === 0) return given;
  let derived;
  try {
    derived = await keyring.keyForSalt(room, parsed.salt);
  } catch {
    return undefined;
  }
  return derived?.idHex === id ? keyring.keep(room, derived) : undefined;
}
