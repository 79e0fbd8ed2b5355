// Sharing files (docs/PROTOCOL.md, "Files"): a file is checked and described (outgoingFile.js),
// reserved with `upload`, its body sealed in an encrypted room once the file id is known, sent in
// chunks paced by the byte (`limits.file_rate`), and once stored posted as a `file` event through the
// Outbox, which seals the metadata and signs it like a message.
// After a reconnect an unfinished upload is resumed from the offset the relay gives; a relay that no
// longer holds it (it restarted) says `file_expired`, and the user is told to send it again.
// The rules of one upload's offsets are UploadState's; this class owns the frames and the timers.

import { REAL_TIMERS } from '../conversation/timers.js';
import { InOrder } from '../protocol/inOrder.js';
import { ChunkSender } from './chunkSender.js';
import { prepareFile } from './outgoingFile.js';
import { sealFileBody } from './sealedBody.js';
import { UploadState } from './uploadState.js';

/** Why an upload failed, for people (after “upload failed: ”). */
export const UPLOAD_FAILED = {
  restarted: 'the server no longer holds it (it restarted); send it again',
  dropped: 'the server dropped it before it was complete; send it again',
  tooLarge: (message) => `the server would not take it (${message})`,
};

/** Refusals that say the relay was away for a moment (a failover): the upload goes on from where the relay is, a moment later. */
const PASSING = new Set(['unavailable', 'busy']);
const RETRY_MS = 1000;
const MAXIMUM_RETRIES = 40;

/** Why the server refused a frame of an upload, for people. */
function reasonFor(error) {
  if (error.code === 'file_expired') return UPLOAD_FAILED.restarted;
  if (error.code === 'too_large') return UPLOAD_FAILED.tooLarge(error.message);
  return error.message;
}

export class FileUploads {
  /**
   * `connection`: its `state` (limits, ids) and `sendNow` (the body's frames bypass the message queue);
   * `outbox`: posts the `file` event; `bodies`: keeps our own bodies, so they show without a download;
   * `dispatch`: the store's; `details(file)`: a picture's {width, height, thumb} (canvasThumbnail.js).
   */
  constructor({ connection, outbox, keyring, identity, bodies, dispatch, details = async () => ({}), timers = REAL_TIMERS }) {
    Object.assign(this, { connection, outbox, keyring, identity, bodies, dispatch, details, timers });
    // The `file` event's id → {id, room, file, plain, roomKey, size, text, state, request, requests, fileId, body, shown, posted}.
    // Kept once finished (without its bytes; a posted one until acknowledged), so that late answers to its frames are known as its own.
    this.uploads = new Map();
    this.chunks = new ChunkSender({ connection, timers, uploads: () => this.uploads.values() });
    this.order = new InOrder(); // files picked together are shown, and go up, in the order picked
  }

  /** Shares `file` (a File) in `room`. Resolves to the item's id, or undefined if it was refused before anything went up (the room is told why). */
  send(room, file) {
    return new Promise((resolve) => this.order.add(() => this.start(room, file).then(resolve)));
  }

  async start(room, file) {
    const { limits } = this.connection.state;
    let prepared;
    try {
      prepared = await prepareFile(file, room, { limits, keyring: this.keyring, identity: this.identity, details: this.details });
    } catch (error) {
      prepared = { refused: `it could not be read (${error.message}).` };
    }
    if (prepared.refused) {
      this.dispatch({ type: 'notice', text: `${file.name || 'That file'} was not sent: ${prepared.refused}` });
      return undefined;
    }
    const { roomKey, size, text, plain } = prepared;
    const id = this.outbox.newId();
    const upload = { id, room, file, plain, roomKey, size, text, state: new UploadState(size), requests: 0, shown: -1, posted: false };
    this.uploads.set(id, upload);
    this.dispatch({ type: 'sent', frame: { type: 'file', id, room, text }, e2e: roomKey ? 'ok' : undefined, file: { size, bytes: file.size } });
    this.request(upload);
    return id;
  }

  /** Stops sending `id`'s chunks; its `file` event is never posted (the relay drops what it got after a while). */
  cancel(id) {
    const upload = this.uploads.get(id);
    if (!upload || upload.state.finished) return;
    upload.state.cancel();
    this.finish(upload, { status: 'cancelled' });
  }

  /** What the connection reports: whether the event was the uploads' alone (the store need not see it). */
  take(event) {
    switch (event.type) {
      case 'uploadReady':
        this.answered(event.upload);
        return true;
      case 'stored':
        this.stored(event.stored);
        return true;
      case 'fileData':
        return true; // the GUI downloads over HTTP (fileBodies.js): a socket download is none of ours
      case 'refused':
        return this.refused(event.error);
      case 'acknowledged':
        this.uploads.delete(event.ack.id);
        return false;
      case 'welcomed':
        this.resume();
        return false;
      case 'fileExpired':
        for (const upload of this.uploads.values()) if (upload.fileId === event.file) this.fail(upload, UPLOAD_FAILED.dropped);
        return false;
      default:
        return false;
    }
  }

  stop() {
    this.chunks.stop();
    for (const upload of this.uploads.values()) if (upload.retry !== undefined) this.timers.clearTimeout(upload.retry);
  }

  /** Reserves the body, or (with its file id) resumes it; offline, the next welcome does. */
  request(upload) {
    upload.requests += 1;
    upload.request = `${upload.id}:upload:${upload.requests}`;
    const frame = { type: 'upload', id: upload.request, room: upload.room, size: upload.size, file: upload.fileId };
    this.connection.sendNow(frame);
  }

  /** A new connection (or a relay that restarted): what was unanswered is lost; each unfinished upload asks where to go on from. */
  resume() {
    this.chunks.reset();
    for (const upload of this.uploads.values()) {
      if (upload.state.finished) continue;
      upload.state.interrupted();
      this.request(upload);
    }
  }

  async answered(frame) {
    const upload = [...this.uploads.values()].find((candidate) => candidate.request === frame.id);
    if (!upload || upload.state.status !== 'waiting') return;
    if (upload.fileId !== undefined && upload.fileId !== frame.file) return this.fail(upload, 'the server resumed another file');
    upload.fileId = frame.file;
    // Sealed once, with the file id as its id: a resumed upload goes on with the same bytes.
    upload.body ??= upload.roomKey
      ? sealFileBody(upload.roomKey, { room: upload.room, senderKey: this.identity.keyBytes, file: frame.file, body: upload.plain })
      : Promise.resolve(upload.plain);
    try {
      upload.body = await upload.body;
    } catch (error) {
      return this.fail(upload, `cannot encrypt it (${error.message})`);
    }
    // A reconnect while sealing asked again: its answer is the one to follow.
    if (upload.request !== frame.id || upload.state.status !== 'waiting') return undefined;
    this.bodies?.put(frame.file, upload.file);
    upload.state.started(frame);
    this.progressed(upload);
    return upload.state.status === 'stored' ? this.post(upload) : this.pump();
  }

  stored(frame) {
    const upload = [...this.uploads.values()].find((candidate) => candidate.fileId === frame.file);
    if (!upload) return;
    upload.state.stored(frame.received);
    this.progressed(upload);
    if (upload.state.status === 'stored') this.post(upload);
    else this.pump();
  }

  /** Sends what the uploads' windows and the byte pacing allow. */
  pump() {
    this.chunks.send();
  }

  /** All of it is stored: the `file` event goes out (resent after a reconnect, like a message, until acknowledged). */
  post(upload) {
    upload.posted = true;
    Object.assign(upload, { plain: undefined, body: undefined });
    this.dispatch({ type: 'upload', id: upload.id, change: { status: 'pending', upload: upload.state.progress } });
    this.outbox.send({ type: 'file', id: upload.id, room: upload.room, file: upload.fileId, text: upload.text });
  }

  /** A refusal of one of our uploads' frames, or of a `file` event we posted: the upload failed, and says why. */
  refused(error) {
    const upload = error.id && this.uploads.get(error.id.split(':')[0]);
    if (!upload) return false;
    if (error.id === upload.id) {
      // The `file` event (the ClientState retried what passes): ours only once posted.
      if (!upload.posted) return false;
      this.finish(upload, { status: 'failed', error: reasonFor(error) });
    } else if (PASSING.has(error.code)) {
      this.retryLater(upload);
    } else {
      this.fail(upload, reasonFor(error)); // its `upload` or a chunk: the first refusal says why, the others are its echoes
    }
    return true;
  }

  /** The relay was away: what was unanswered is lost, and in a moment the upload asks where to go on from (40 times at most). */
  retryLater(upload) {
    if (upload.state.finished || upload.retry !== undefined) return;
    upload.retries = (upload.retries ?? 0) + 1;
    if (upload.retries > MAXIMUM_RETRIES) return this.fail(upload, 'the server stayed unavailable; send it again later');
    upload.state.interrupted();
    upload.retry = this.timers.setTimeout(() => {
      upload.retry = undefined;
      if (!upload.state.finished) this.request(upload);
    }, RETRY_MS);
    return undefined;
  }

  fail(upload, reason) {
    if (upload.state.finished) return;
    upload.state.fail();
    this.finish(upload, { status: 'failed', error: reason });
  }

  /** Nothing more of it goes up: its bytes are let go, the store told how it ended. */
  finish(upload, change) {
    Object.assign(upload, { plain: undefined, body: undefined });
    this.dispatch({ type: 'upload', id: upload.id, change });
  }

  /** Tells the store how far an upload is, once per percent (a 10 MiB file has 320 chunks). */
  progressed(upload) {
    const { sent, total } = upload.state.progress;
    const percent = Math.floor((sent * 100) / total);
    if (percent === upload.shown && upload.state.status !== 'stored') return;
    upload.shown = percent;
    this.dispatch({ type: 'upload', id: upload.id, change: { upload: { sent, total }, fileId: upload.fileId } });
  }
}
