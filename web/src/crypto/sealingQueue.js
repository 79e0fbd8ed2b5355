// Messages for encrypted rooms on their way out: each is shown at once (with the plaintext), sealed
// with the room's key under our current name, then handed to the connection, in the order typed even
// though sealing is asynchronous (and the first one may wait for the key to be derived).

import { seal } from './sealedText.js';

export class SealingQueue {
  /** `onFailed(frame, error)`: a message could not be sealed (its key failed to derive). */
  constructor({ connection, keyring, onFailed }) {
    this.connection = connection;
    this.keyring = keyring;
    this.onFailed = onFailed;
    this.tail = Promise.resolve();
  }

  /** Queues a `say` or `action` for an encrypted room; returns the frame with its id and the plaintext. */
  send(frame) {
    const queued = { ...frame, id: frame.id ?? this.connection.state.makeId() };
    const key = this.keyring.key(queued.room);
    this.tail = this.tail.then(async () => {
      try {
        // The server puts the name it knows us by in `from`: the welcome's, or the last rename's.
        const text = await seal(await key, queued.text, this.connection.state.name);
        this.connection.send({ ...queued, text });
      } catch (error) {
        this.onFailed?.(queued, error);
      }
    });
    return queued;
  }
}
