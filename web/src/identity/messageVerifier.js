// Between the connection and the EncryptionReceiver: every `message`, `action`, `file`, `share` (live and in
// snapshots) and `dm` gets its `signature` ({state, …}, see signatureState.js) before anything else
// sees it, and each `presence` that carries a key has it checked against the pins, so a changed key is noted even before
// its owner says anything; so does each key a snapshot lists for its members (pinned silently the first
// time). In the order the server sent everything: pins are decided in that order too.

import { InOrder } from '../protocol/inOrder.js';
import { judgeKey, judgeSignature } from './signatureState.js';
import { publicKeyBytes } from './signatures.js';

export class MessageVerifier {
  /** `ownKey`: our identity's key (base64url), which is ours under any name; `pins`: a PinBook. */
  constructor({ pins, ownKey, deliver }) {
    this.identity = { pins, ownKey };
    this.deliver = deliver;
    this.order = new InOrder((error) => console.error('cannot verify an event', error));
  }

  push(event) {
    const check = this.checkFor(event);
    if (!check) this.order.add(() => this.deliver(event));
    else this.order.add(async () => this.deliver(await check()));
    for (const snapshot of snapshotsOf(event)) {
      for (const [name, key] of Object.entries(snapshot.keys ?? {})) {
        if (!publicKeyBytes(key)) continue;
        this.order.add(async () => {
          const signature = await judgeKey(name, key, this.identity);
          if (signature.state === 'key-changed') this.deliver({ type: 'keyChanged', room: snapshot.room, name, signature });
        });
      }
    }
  }

  /** The asynchronous check an event needs, or undefined. */
  checkFor(event) {
    switch (event.type) {
      case 'message':
        return async () => ({ ...event, message: { ...event.message, signature: await judgeSignature(event.message, this.identity) } });
      case 'direct':
        return async () => ({ ...event, direct: { ...event.direct, signature: await judgeSignature(event.direct, this.identity) } });
      case 'share':
        return async () => ({ ...event, share: { ...event.share, signature: await judgeSignature(event.share, this.identity) } });
      case 'presence': {
        const { presence } = event;
        // The gateway attaches the key the member proved; a key that is not one is passed over.
        if (presence.event === 'left' || !publicKeyBytes(presence.key)) return undefined;
        return async () => ({ ...event, presence: { ...presence, signature: await judgeKey(presence.name, presence.key, this.identity) } });
      }
      default:
        return undefined;
    }
  }
}

/** The room snapshots an event brings: a welcome's, or a join's. */
function snapshotsOf(event) {
  if (event.type === 'welcomed') return event.welcome?.rooms ?? [];
  if (event.type === 'joined') return event.snapshot ? [event.snapshot] : [];
  return [];
}
