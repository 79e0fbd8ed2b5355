// Invite links (docs/PROTOCOL.md, "Invite links"): `https://HOST/#key=ACCESS_KEY&room=ROOM&roomkey=ROOM_KEY`.
// Everything rides in the fragment, which browsers never send to any server. On load the page takes
// the access key into this tab's storage and the room and its key into memory, and removes all three
// from the address bar, so they are not left in the history, in bookmarks, or on screen.

import { decodeBase64URL, encodeBase64URL } from '../crypto/base64url.js';
import { ROOM_KEY_BYTES } from '../e2e/roomKey.js';
import { storeAccessKey, storedAccessKey } from './accessKey.js';
import { roomName } from './roomName.js';

const PARTS = ['key', 'room', 'roomkey'];

/**
 * On load: {accessKey (the link's, or the one this tab has; '' for none), room, roomKey (32 bytes)},
 * the last two only when the link has them. A room key that is not 32 bytes of base64url is dropped.
 */
export function adoptInvite(location = globalThis.location, history = globalThis.history, storage = globalThis.sessionStorage) {
  const fragment = new URLSearchParams(location.hash.replace(/^#/, ''));
  const [key, room, roomKeyText] = PARTS.map((part) => fragment.get(part));
  if (PARTS.some((part) => fragment.has(part))) {
    for (const part of PARTS) fragment.delete(part);
    const rest = fragment.toString();
    history.replaceState(history.state, '', `${location.pathname}${location.search}${rest ? `#${rest}` : ''}`);
  }
  if (key) storeAccessKey(key, storage);
  const roomKey = roomKeyText ? decodeBase64URL(roomKeyText) : undefined;
  const invite = { accessKey: key || storedAccessKey(storage) };
  if (room && roomName(room)) invite.room = roomName(room);
  if (invite.room && roomKey?.length === ROOM_KEY_BYTES) invite.roomKey = roomKey;
  return invite;
}

/**
 * The invite link for a page: the access key (if any), and an encrypted room with its current random
 * key (bytes). Each part is of unreserved URL characters (the access key's alphabet, room names,
 * base64url), so it is written as it is, as the CLI reads it.
 */
export function inviteLink(page, accessKey, { room, roomKey } = {}) {
  const parts = [];
  if (accessKey) parts.push(`key=${accessKey}`);
  if (room && roomKey) parts.push(`room=${room}`, `roomkey=${encodeBase64URL(roomKey)}`);
  return parts.length ? `${page.split('#')[0]}#${parts.join('&')}` : page;
}
