// The line a room shows when a key share changed what it seals with (e2e/currentKey.js): who changed
// the key, or that it was changed without us. A share that changed nothing shows nothing.

/** {text, problem} for a share's effect, or undefined. `own`: the share was ours (applied at its ack). */
export function keyNotice(share, effect) {
  const fingerprint = effect?.key ? ` (key ${effect.key.fingerprint})` : '';
  const who = share.signature?.own ? 'You' : share.from;
  switch (effect?.change) {
    case 'rotated':
      return { text: `🔑 ${who} changed the room’s key${fingerprint}` };
    case 'first':
      return { text: share.signature?.own ? `🔑 You encrypted this room${fingerprint}` : `🔑 ${who} shared the room’s key with you${fingerprint}` };
    case 'left-out':
      return { text: `🔑 ${who} changed the room’s key without you: you cannot read what is said from now on. A member can add you to encryption.`, problem: true };
    default:
      return undefined;
  }
}
