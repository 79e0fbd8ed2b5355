// Bodies of shared files, fetched on demand (docs/PROTOCOL.md, "Files", "Downloads"): `GET /files/ID` on
// the gateway the socket talks to, with the tab's access key as `Authorization: Bearer` (which is why a
// body is never an <img src> of that URL: a page cannot put a header on one), not cached by the
// browser; a sealed body opened with the room's key. A body must have the size the relay vouched for.
// What was fetched is kept in memory, the least recently used let go past a total, so that a
// picture shown again is not fetched again; our own uploads are put here at once.

import { bearerHeaders } from '../protocol/accessKey.js';
import { gatewayHTTPURL } from '../protocol/serverURL.js';
import { publicKeyBytes } from '../identity/signatures.js';
import { isInlineImage, UNKNOWN_TYPE } from './fileMetadata.js';
import { openFileBody } from './sealedBody.js';

const FILE_ID = /^[0-9a-f]{32}$/;
const KEPT_BYTES = 64 * 1024 * 1024;

export class FileBodies {
  /** `url`: the socket's (ws:// or wss://); `accessKey`: the tab's ('' for none); `keyring`: the room keys that open sealed bodies. */
  constructor({ url, accessKey = '', keyring, fetchImpl = (...args) => globalThis.fetch(...args), keptBytes = KEPT_BYTES }) {
    Object.assign(this, { url, accessKey, keyring, fetchImpl, keptBytes });
    this.kept = new Map(); // file id → Promise<{status, blob?}>, oldest first
    this.sizes = new Map(); // file id → bytes, of the bodies in `kept` that arrived
  }

  /** Keeps a body we have (our own upload's plaintext) under its file id. */
  put(fileId, blob) {
    this.keep(fileId, Promise.resolve({ status: 'ready', blob }), blob.size);
  }

  /**
   * The body of a shared file: {status: 'ready', blob} (typed as the metadata's `type` if it is a picture
   * shown inline, else as bytes), or {status}: 'expired' (404: the relay no longer holds it), 'locked'
   * (sealed with a key we do not have), 'broken' (not the size the relay vouched for, or it does not
   * open), 'failed' (refused, or unreachable). Only a body and 'expired' are kept: the rest is asked again.
   * `file`: the relay's {id, size}; `sealed`: its metadata was sealed, so its body is; `senderKey`: the sender's identity key.
   */
  load({ room, file, sealed, senderKey, type }) {
    const kept = this.kept.get(file.id);
    if (kept) {
      this.kept.delete(file.id);
      this.kept.set(file.id, kept); // used now: the last to go
      return kept;
    }
    const loading = this.fetchBody({ room, file, sealed, senderKey, type: isInlineImage(type) ? type : UNKNOWN_TYPE });
    this.kept.set(file.id, loading);
    loading.then((body) => {
      if (this.kept.get(file.id) !== loading) return;
      // Gone is gone; anything else may go better later (the network, a key shared meanwhile).
      if (body.status === 'ready' || body.status === 'expired') this.keep(file.id, loading, body.blob?.size ?? 0);
      else this.kept.delete(file.id);
    });
    return loading;
  }

  async fetchBody({ room, file, sealed, senderKey, type }) {
    const address = FILE_ID.test(file.id) && gatewayHTTPURL(this.url, `/files/${file.id}`);
    if (!address) return { status: 'failed' };
    let bytes;
    try {
      const response = await this.fetchImpl(address, { cache: 'no-store', headers: bearerHeaders(this.accessKey) });
      if (response.status === 404) return { status: 'expired' };
      if (!response.ok) return { status: 'failed' };
      bytes = new Uint8Array(await response.arrayBuffer());
    } catch {
      return { status: 'failed' };
    }
    if (bytes.length !== file.size) return { status: 'broken' };
    if (!sealed) return { status: 'ready', blob: new Blob([bytes], { type }) };
    const opened = await openFileBody(this.keyring, bytes, { room, senderKey: publicKeyBytes(senderKey), file: file.id });
    if (!opened.ok) return { status: opened.why === 'locked' ? 'locked' : 'broken' };
    return { status: 'ready', blob: new Blob([opened.body], { type }) };
  }

  keep(fileId, body, size) {
    this.kept.delete(fileId);
    this.kept.set(fileId, body);
    this.sizes.set(fileId, size);
    let total = [...this.sizes.values()].reduce((sum, bytes) => sum + bytes, 0);
    for (const [oldest] of this.kept) {
      if (total <= this.keptBytes || oldest === fileId) break;
      total -= this.sizes.get(oldest) ?? 0;
      this.kept.delete(oldest);
      this.sizes.delete(oldest);
    }
  }
}
