// What the user sends, on its way to the connection. A message gets its id at once (it is shown with
// it), then is sealed with the room's key if the room is encrypted (under our current name), then
// signed with our identity key over that final text, and only then queued: so it is signed once, and a
// resend after a reconnect is the same signed frame. Sealing and signing are asynchronous; requests
// (join, leave, who, rename) wait in the same line, so everything leaves in the order the user asked.

import { seal } from '../crypto/sealedText.js';
import { isSignedType } from '../identity/signingInput.js';
import { InOrder } from './inOrder.js';

export class Outbox {
  /**
   * `identity`: signs every message (none: sent unsigned, as a client without a key does);
   * `onFailed(frame, reason)`: a message could not be sealed or signed, and was not sent.
   */
  constructor({ connection, keyring, identity = undefined, onFailed }) {
    this.connection = connection;
    this.keyring = keyring;
    this.identity = identity;
    this.onFailed = onFailed;
    this.order = new InOrder();
  }

  /** Queues a frame; a message is returned with its id and its plaintext. */
  send(frame) {
    if (!isSignedType(frame.type)) {
      this.order.add(() => this.connection.send(frame));
      return frame;
    }
    const queued = { ...frame, id: frame.id ?? this.connection.state.makeId() };
    // The key is taken now: a passphrase typed later is for later messages.
    const roomKey = queued.type !== 'dm' && this.keyring?.has(queued.room) ? this.keyring.key(queued.room) : undefined;
    this.order.add(async () => {
      let out = queued;
      try {
        // The server puts the name it knows us by in `from`: the welcome's, or the last rename's.
        if (roomKey) out = { ...out, text: await seal(await roomKey, out.text, this.connection.state.name) };
      } catch (error) {
        this.onFailed?.(queued, `cannot encrypt it (${error.message})`);
        return;
      }
      try {
        if (this.identity) out = await this.identity.sign(out);
      } catch (error) {
        this.onFailed?.(queued, `cannot sign it (${error.message})`);
        return;
      }
      this.connection.send(out);
    });
    return queued;
  }

  /** Resolves when everything queued so far is with the connection. */
  settled() {
    return this.order.settled();
  }
}
