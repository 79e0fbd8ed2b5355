// What a receiver makes of a message's signature, by the table in docs/PROTOCOL.md ("What receivers
// do"): verified, first seen (pinned now), key changed (not pinned), invalid or unsigned. The signature
// is checked over the input rebuilt from the frame as received, before any sealed text is opened.

import { identityFingerprint } from './safetyNumber.js';
import { verifyBytes } from './signatures.js';
import { messageInput, signedFields } from './signingInput.js';

/** The states, as the GUI names them (and as `data-signature` shows them). */
export const SIGNATURE_STATES = ['verified', 'first-seen', 'key-changed', 'invalid', 'unsigned'];

/** Whether `key` is the key of a verified contact: the user compared safety numbers for this very key. */
export function isVerifiedContact(pin, key) {
  return Boolean(pin?.verified && pin.key === key);
}

/**
 * What `key`, seen for `name`, means against the pins, and what it changes in them:
 * {state, key, fingerprint (when first seen or changed), previousVerified (when changed), own}.
 * Our own key is ours under any name we had: it needs no pin.
 */
export async function judgeKey(name, key, { pins, ownKey }) {
  if (key === ownKey) return { state: 'verified', key, own: true };
  const pin = pins.get(name);
  if (pin?.key === key) return { state: 'verified', key };
  // Decided before the await below, so a message behind this one sees the pin this one made.
  if (!pin) pins.pinFirst(name, key);
  else pins.noteNewKey(name, key);
  const fingerprint = await identityFingerprint(key);
  return pin ? { state: 'key-changed', key, fingerprint, previousVerified: pin.verified } : { state: 'first-seen', key, fingerprint };
}

/** The signature state of a `message`, `action` or `dm` frame as received. */
export async function judgeSignature(frame, identity) {
  // Only a frame with neither is unsigned: a key whose signature was stripped (or a signature alone) is a forgery.
  if (frame.key === undefined && frame.sig === undefined) return { state: 'unsigned' };
  // verifyBytes refuses a key that is not 32 bytes, and a missing or malformed signature.
  if (!(await verifyBytes(frame.key, frame.sig, messageInput(signedFields(frame))))) return { state: 'invalid' };
  return judgeKey(frame.from, frame.key, identity);
}
