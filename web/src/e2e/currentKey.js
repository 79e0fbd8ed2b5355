// "Which key is current" (docs/PROTOCOL.md, "Key shares"): each member seals with one current key per
// room and applies every share to it in the room's order. The table is the whole rule; rotations that
// race are settled by it too, since the second names a previous key that is no longer current. Only
// a sender who proved it holds the current key can replace it: a key id alone is public.

import { hexOf } from '../crypto/bytes.js';
import { NO_KEY } from './keyShare.js';

const NONE = hexOf(NO_KEY);

/**
 * The current key id (hex, or undefined for none) after a share of `keyId` naming `previous` (hex;
 * zeros for none), with a record for me or not, whose possession proof verified or not: {current,
 * change}, the change being what the share did: `rotated`, `left-out`, `first` (a key where we had
 * none) or `none`.
 */
export function applyShare({ current, keyId, previous, forMe, proofVerified }) {
  if (proofVerified && previous === (current ?? NONE) && keyId !== current) {
    // The share replaces the key I seal with: a rotation, with me or without me.
    return forMe ? { current: keyId, change: current === undefined ? 'first' : 'rotated' } : { current: undefined, change: current === undefined ? 'none' : 'left-out' };
  }
  if (current === undefined && forMe) return { current: keyId, change: 'first' };
  return { current, change: 'none' };
}
