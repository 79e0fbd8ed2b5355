// "Which key is current" (docs/PROTOCOL.md, "Key shares"): each member seals with one current key per
// room and applies every share to it in the room's order. The table is the whole rule; rotations that
// race are settled by it too, since the second names a previous key that is no longer current.

const NO_KEY = '0000000000000000';

/**
 * The current key id (hex, or undefined for none) after a share of `keyId` naming `previous` (hex;
 * zeros for none), with a record for me or not: {current, change}, the change being what the share
 * did: `rotated`, `left-out`, `first` (a key where we had none) or `none`.
 */
export function applyShare({ current, keyId, previous, forMe }) {
  if (previous === (current ?? NO_KEY) && keyId !== current) {
    // The share replaces the key I seal with: a rotation, with me or without me.
    return forMe ? { current: keyId, change: current === undefined ? 'first' : 'rotated' } : { current: undefined, change: current === undefined ? 'none' : 'left-out' };
  }
  if (current === undefined && forMe) return { current: keyId, change: 'first' };
  return { current, change: 'none' };
}
