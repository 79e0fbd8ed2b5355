// What the user sends, on its way to the connection. A message gets its id at once (it is shown with
// it), then is sealed if it goes to a room we encrypt or to someone whose sealing key we know
// (e2e/outgoingSeal.js), then signed with our identity key over that final text, and only then
// queued: so it is signed once, and a resend after a reconnect is the same signed frame. Sealing and
// signing are asynchronous; requests (join, leave, who, rename) and key shares wait in the same line,
// so everything leaves in the order it was asked for.

import { sealerFor } from '../e2e/outgoingSeal.js';
import { isSignedType } from '../identity/signingInput.js';
import { InOrder } from './inOrder.js';

/** What carries text to seal: messages, an edit's new text and a reaction's `+X`/`-X` (conv1), a shared file's metadata (file1); a delete has none. */
const SEALED_TYPES = new Set(['say', 'action', 'dm', 'edit', 'reaction', 'file']);

export class Outbox {
  /**
   * `encryption`: {keyring, directory} (none: nothing is sealed); `identity`: signs every message (none:
   * sent unsigned, as a client without a key does); `onFailed(frame, reason)`: a message could not be
   * sealed or signed, and was not sent.
   */
  constructor({ connection, encryption = undefined, identity = undefined, onFailed }) {
    this.connection = connection;
    this.encryption = encryption;
    this.identity = identity;
    this.onFailed = onFailed;
    this.order = new InOrder();
  }

  /** Queues a frame; a message is returned with its id and its plaintext. `clear`: a dm may go unsealed (the user chose so). */
  send(frame, { clear = false } = {}) {
    if (!isSignedType(frame.type)) {
      this.order.add(() => this.connection.send(frame));
      return frame;
    }
    const queued = { ...frame, id: frame.id ?? this.newId() };
    const seal = this.encryption && SEALED_TYPES.has(queued.type) ? sealerFor(queued, { ...this.encryption, identity: this.identity, clear }) : undefined;
    this.order.add(async () => {
      let out = queued;
      try {
        if (seal) out = await seal();
      } catch (error) {
        this.onFailed?.(queued, error.message);
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

  /** A fresh frame id, for a frame whose contents must name it before it is sent (a key share's proof binds its id). */
  newId() {
    return this.connection.state.makeId();
  }

  /** Resolves when everything queued so far is with the connection. */
  settled() {
    return this.order.settled();
  }
}
