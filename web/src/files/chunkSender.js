// The chunks of every upload of a connection, written as their windows allow (uploadState.js) and at
// the pace `limits.file_rate` allows, in bytes a second: chunks are not counted as messages, so the
// gateway paces them by their bytes, and a client that keeps under that is never paced. What is not
// allowed yet goes when a timer says so; offline, nothing goes (the next welcome resumes each upload).

import { encodeBase64 } from '../crypto/base64.js';
import { Pacing } from '../protocol/pacing.js';

const DEFAULT_CHUNK_BYTES = 64 * 1024;

export class ChunkSender {
  /** `connection`: its `state.limits` and `sendNow`; `uploads()`: the uploads, in order (each {id, fileId, body, state}); `timers`: {now, setTimeout, clearTimeout}. */
  constructor({ connection, uploads, timers }) {
    Object.assign(this, { connection, uploads, timers });
    this.pacing = undefined; // {limits, bucket}: a bucket per welcome's limits
    this.timer = undefined;
  }

  /** A new connection: a full bucket. */
  reset() {
    this.pacing = undefined;
  }

  /** Sends what each upload's window and the pacing allow now; a timer sends the rest. */
  send() {
    if (this.timer !== undefined) return;
    for (const upload of this.uploads()) {
      for (let chunk = upload.state.peek(); chunk; chunk = upload.state.peek()) {
        const wait = this.bucket().delay(chunk.length);
        if (wait > 0) {
          this.timer = this.timers.setTimeout(() => {
            this.timer = undefined;
            this.send();
          }, wait);
          return;
        }
        const data = encodeBase64(upload.body.subarray(chunk.offset, chunk.offset + chunk.length));
        // The chunk's id ties a refusal of it to its upload.
        if (!this.connection.sendNow({ type: 'chunk', id: `${upload.id}:${chunk.offset}`, file: upload.fileId, offset: chunk.offset, data })) return;
        upload.state.sent(chunk);
      }
    }
  }

  stop() {
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** The byte bucket of this connection's limits: at most a chunk at once (none if the server names no `file_rate`). */
  bucket() {
    const limits = this.connection.state.limits ?? {};
    if (this.pacing?.limits !== limits) {
      const burst = 2 * (limits.file_chunk_bytes ?? DEFAULT_CHUNK_BYTES);
      this.pacing = { limits, bucket: limits.file_rate ? new Pacing({ rate: limits.file_rate, burst }, this.timers.now) : { delay: () => 0 } };
    }
    return this.pacing.bucket;
  }
}
