// Taking a key share in (docs/PROTOCOL.md, "Key shares"): someone else's as it arrives (live, in
// history, on resume), our own at its ack. Everyone it names, sender and recipients, holds its key; a
// record for us gives us the key, which we keep whatever else happens; then the "which key is current"
// table decides what we seal with.

import { hexOf } from '../crypto/bytes.js';
import { publicKeyBytes } from '../identity/signatures.js';
import { applyShare } from './currentKey.js';
import { openShare, parseShare, recipientOf } from './keyShare.js';

/** Signature states of a share we take: a share without a valid signature is ignored. */
const SIGNED = new Set(['verified', 'first-seen', 'key-changed']);

/**
 * Applies a `share` frame (with the `signature` the MessageVerifier gave it) to the keyring, for `me`
 * (identity.sealer): {change ('rotated'|'left-out'|'first'|'none'), key (the RoomKey, when it is
 * current now)}, or undefined for a share that is ignored.
 */
export async function takeShare(share, { keyring, me }) {
  const parsed = parseShare(share.text);
  const senderKey = publicKeyBytes(share.key);
  if (!parsed || !senderKey || !SIGNED.has(share.signature?.state)) return undefined;
  const { room } = share;
  const id = hexOf(parsed.keyId);
  // A room where keys are shared is encrypted, even for a member who was given none.
  keyring.ensure(room, 'random');
  keyring.addHolders(room, id, [recipientOf(senderKey), ...parsed.records.map((record) => record.recipient)]);
  const bytes = me && (await openShare(parsed, { room, senderKey, me }));
  if (bytes) await keyring.addKey(room, bytes);
  const result = applyShare({ current: keyring.currentId(room), keyId: id, previous: hexOf(parsed.previous), forMe: Boolean(bytes) });
  keyring.setCurrent(room, result.current, { leftOut: result.change === 'left-out' });
  return { change: result.change, key: keyring.currentKey(room) };
}
