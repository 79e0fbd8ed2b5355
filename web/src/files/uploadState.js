// One upload's offsets (docs/PROTOCOL.md, "Files"): the answer to `upload` says where to start and how
// big a chunk may be; chunks go one after another, at most 4 unanswered; each `stored` answers the
// oldest and says how much the relay holds. A lost connection loses what was unanswered: the upload
// waits for the answer to the `upload` that resumes it, and goes on from the offset it gives. No
// sockets here (files/fileUploads.js sends), so every rule is tested directly.

/** Chunks sent and not answered yet, at most. */
export const WINDOW = 4;

/** `waiting` (for the answer to an `upload`), `sending`, `stored` (all of it: the file can be posted), `cancelled`, `failed`. */
export class UploadState {
  constructor(size) {
    this.size = size;
    this.chunk = 0;
    this.received = 0; // what the relay holds
    this.next = 0; // where the next chunk starts
    this.unanswered = []; // where each chunk sent and not answered ends, oldest first
    this.status = 'waiting';
  }

  /** The answer to an `upload`, a first one or one that resumes: the relay holds `offset` bytes; chunks of at most `chunk` bytes. */
  started({ offset, chunk }) {
    if (this.status !== 'waiting') return;
    Object.assign(this, { chunk, received: offset, next: offset, unanswered: [], status: offset >= this.size ? 'stored' : 'sending' });
  }

  /** The next chunk to send, {offset, length}, without taking it: undefined while 4 are unanswered, once all is sent, or when not sending. */
  peek() {
    if (this.status !== 'sending' || this.unanswered.length >= WINDOW || this.next >= this.size || this.chunk < 1) return undefined;
    return { offset: this.next, length: Math.min(this.chunk, this.size - this.next) };
  }

  /** The chunk `peek` gave went out. */
  sent({ offset, length }) {
    this.unanswered.push(offset + length);
    this.next = offset + length;
  }

  /** A `stored`: the relay holds `received` bytes. If that is not where the oldest chunk ended, the relay is right: we go on from there. */
  stored(received) {
    if (this.status !== 'sending') return;
    const expected = this.unanswered.shift();
    this.received = Math.max(this.received, received);
    if (received !== expected) Object.assign(this, { unanswered: [], next: this.received });
    if (this.received >= this.size) this.status = 'stored';
  }

  /** The connection dropped (or the relay restarted): what was unanswered is lost; wait for the answer to the resuming `upload`. */
  interrupted() {
    if (this.status !== 'sending' && this.status !== 'waiting') return;
    Object.assign(this, { unanswered: [], next: this.received, status: 'waiting' });
  }

  cancel() {
    if (!this.finished) this.status = 'cancelled';
  }

  fail() {
    if (!this.finished) this.status = 'failed';
  }

  /** Nothing more goes up: all of it is stored, or the upload was cancelled or failed. */
  get finished() {
    return this.status === 'stored' || this.status === 'cancelled' || this.status === 'failed';
  }

  /** {sent, total}: bytes the relay holds, of all. */
  get progress() {
    return { sent: this.received, total: this.size };
  }
}
