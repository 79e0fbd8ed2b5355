// Taking a key share in (docs/PROTOCOL.md, "Key shares" and "Who rotates, and to whom"): someone
// else's as it arrives (live, in history, on resume), our own at its ack. Holders are counted only on
// evidence: a sender whose possession proof verified holds the key it proves, and the recipients it
// names hold the key it hands out. A proof we cannot check (we lack its key) names no holders; one
// that fails, for us who hold its key, is a forgery: the share is ignored whole. A record for us gives
// us the key, which we keep whatever else happens; then the "which key is current" table decides what
// we seal with.

import { hexOf } from '../crypto/bytes.js';
import { publicKeyBytes } from '../identity/signatures.js';
import { applyShare } from './currentKey.js';
import { openShare, parseShare, proofVerifies, provenKeyId, recipientOf } from './keyShare.js';

/** Signature states of a share we take: a share without a valid signature is ignored. */
const SIGNED = new Set(['verified', 'first-seen', 'key-changed']);

/**
 * What a parsed share (share `id` in `room`, from `senderKey`) tells `me`, who holds the keys
 * `keyOf(id hex)` gives: {proof: 'verified'|'unchecked', key (bytes of a record for me, or
 * undefined)}, or {proof: 'failed'} for a share to ignore. The key of our own record counts as held.
 */
export async function readShare(parsed, { room, senderKey, id, me, keyOf }) {
  const key = me ? await openShare(parsed, { room, senderKey, me }) : undefined;
  const proven = hexOf(provenKeyId(parsed));
  const provenBytes = keyOf(proven)?.bytes ?? (proven === hexOf(parsed.keyId) ? key : undefined);
  if (!provenBytes) return { proof: 'unchecked', key };
  return (await proofVerifies(parsed, provenBytes, { room, senderKey, id })) ? { proof: 'verified', key } : { proof: 'failed' };
}

/**
 * Applies a `share` frame (with the `signature` the MessageVerifier gave it) to the keyring, for `me`
 * (identity.sealer): {change ('rotated'|'left-out'|'first'|'none'), key (the RoomKey, when it is
 * current now)}, or undefined for a share that is ignored.
 */
export async function takeShare(share, { keyring, me }) {
  const parsed = parseShare(share.text);
  const senderKey = publicKeyBytes(share.key);
  if (!parsed || !senderKey || typeof share.id !== 'string' || !SIGNED.has(share.signature?.state)) return undefined;
  const { room } = share;
  const read = await readShare(parsed, { room, senderKey, id: share.id, me, keyOf: (id) => keyring.key(room, id) });
  if (read.proof === 'failed') return undefined;
  const id = hexOf(parsed.keyId);
  // A room where keys are shared is encrypted, even for a member who was given none.
  keyring.ensure(room, 'random');
  if (read.proof === 'verified') {
    keyring.addHolders(room, hexOf(provenKeyId(parsed)), [recipientOf(senderKey)]);
    keyring.addHolders(room, id, parsed.records.map((record) => record.recipient));
  }
  if (read.key) await keyring.addKey(room, read.key);
  const result = applyShare({ current: keyring.currentId(room), keyId: id, previous: hexOf(parsed.previous), forMe: Boolean(read.key), proofVerified: read.proof === 'verified' });
  keyring.setCurrent(room, result.current, { leftOut: result.change === 'left-out' });
  return { change: result.change, key: keyring.currentKey(room) };
}
