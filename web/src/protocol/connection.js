// A privchat.v1 connection that stays connected: it reconnects with backoff and jitter, resumes where
// it left off and resends what was not acknowledged, so nothing is lost or shown twice. Frames leave at
// the pace the server allows. Everything it learns is reported to `onEvent` (see ClientState).
// With an identity, each hello carries its key and the gateway's challenge is answered with a proof.

import { ACCESS_KEY_HINT, ACCESS_KEY_NEEDED, accessKeyRequired, subprotocols } from './accessKey.js';
import { Backoff } from './backoff.js';
import { ClientState } from './clientState.js';
import { decodeServerFrame, encodeClientFrame, FrameError, SUBPROTOCOL } from './frames.js';
import { Pacing } from './pacing.js';

/** Refusals of the hello that another try with the same name cannot change: the user must choose. */
const FATAL_HELLO_ERRORS = new Set(['name_taken', 'name_bound', 'invalid_name', 'bad_proof']);

export class ChatConnection {
  /** `identity`: an Identity (identity/identity.js) that proves the hello; the messages it signs come through the Outbox. */
  constructor({ url, name, rooms = ['lobby'], accessKey = '', identity = undefined, onEvent, WebSocketImpl = globalThis.WebSocket, backoff = new Backoff(), probeAccess = accessKeyRequired }) {
    this.url = url;
    this.accessKey = accessKey;
    this.probeAccess = probeAccess;
    this.identity = identity;
    this.state = new ClientState({ name, rooms, key: identity?.key, box: identity?.box });
    this.onEvent = onEvent;
    this.WebSocketImpl = WebSocketImpl;
    this.backoff = backoff;
    this.socket = undefined;
    this.stopped = false;
    this.everWelcomed = false;
    this.welcomedNow = false;
    this.fatal = undefined;
    this.attempt = 0;
    this.pacing = undefined;
    this.flushTimer = undefined;
    this.retryTimer = undefined;
  }

  start() {
    this.connect();
  }

  stop() {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    clearTimeout(this.flushTimer);
    this.socket?.close(1000, 'bye');
  }

  /** Queues a frame (it gets an id); returns it. */
  send(frame) {
    const queued = this.state.enqueue(frame);
    this.flush();
    return queued;
  }

  /**
   * Writes a frame now, outside the queue, if a welcomed connection is open; returns whether it did.
   * For a file's body (files/): its chunks are paced by the byte, not as messages, and what a lost
   * connection took is resumed from the server's offset, never resent as it was.
   */
  sendNow(frame) {
    if (!this.socket || this.socket.readyState !== 1 || !this.welcomedNow) return false;
    this.socket.send(encodeClientFrame(frame));
    return true;
  }

  connect() {
    this.attempt += 1;
    this.welcomedNow = false;
    this.opened = false;
    this.emit({ type: 'connecting', attempt: this.attempt });
    let socket;
    try {
      socket = new this.WebSocketImpl(this.url, subprotocols(SUBPROTOCOL, this.accessKey));
    } catch (error) {
      this.fatal = { code: 'bad_url', message: `bad server URL "${this.url}": ${error.message}` };
      this.emit({ type: 'fatal', error: this.fatal });
      return;
    }
    this.socket = socket;
    socket.onopen = () => {
      this.opened = true;
      const hello = this.state.hello();
      this.helloName = hello.name; // what a challenge's proof signs
      socket.send(encodeClientFrame(hello));
    };
    socket.onmessage = (message) => this.receive(message.data);
    socket.onclose = (close) => this.closed(close);
  }

  receive(text) {
    let frame;
    try {
      frame = decodeServerFrame(text);
    } catch (error) {
      if (!(error instanceof FrameError)) throw error;
      if (!this.welcomedNow) this.fail('not_chat_server', `${this.url} is not a Private Chat server speaking ${SUBPROTOCOL}`);
      return;
    }
    if (frame.type === 'challenge') {
      this.prove(frame.nonce);
      return;
    }
    if (frame.type === 'error' && !frame.id && !this.welcomedNow) {
      if (FATAL_HELLO_ERRORS.has(frame.code)) {
        this.fail(frame.code, frame.message, frame.suggestion);
        return;
      }
      if (frame.code === 'unavailable' || frame.code === 'busy') {
        // The hello could not be passed on: try again on a new connection, after the backoff.
        this.socket?.close(1000, 'retry');
        return;
      }
    }
    for (const event of this.state.receive(frame)) {
      if (event.type === 'welcomed') {
        this.welcomedNow = true;
        this.everWelcomed = true;
        this.backoff.reset();
        this.pacing = new Pacing(event.welcome.limits);
      }
      if (event.type === 'throttled') this.pacing?.pause();
      this.emit(event);
    }
    this.flush();
  }

  /** Answers the gateway's challenge on this socket: our key signs its nonce and the hello's name. */
  async prove(nonce) {
    const socket = this.socket;
    let signature;
    try {
      if (!this.identity) throw new Error('this page has no identity key');
      signature = await this.identity.proveHello(nonce, this.helloName);
    } catch (error) {
      this.fail('bad_proof', `cannot prove this browser’s identity: ${error.message}`);
      return;
    }
    // A socket that closed meanwhile is done with; its successor gets a challenge of its own.
    if (this.socket === socket && socket.readyState === 1) socket.send(encodeClientFrame({ type: 'prove', signature }));
  }

  fail(code, message, suggestion) {
    this.fatal = { code, message, suggestion };
    this.socket?.close(1000, 'bye');
  }

  closed(close) {
    this.socket = undefined;
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    this.state.connectionLost();
    if (this.stopped) return this.emit({ type: 'stopped' });
    if (!this.opened && !this.fatal && this.probeAccess) {
      // The handshake was refused or never answered: a gateway that needs a key we lack (or got wrong)
      // looks the same as one that is down, unless we ask it.
      this.probeAccess(this.url).then((required) => {
        if (this.stopped) return;
        if (required) this.fatal = { code: 'access_key', message: ACCESS_KEY_NEEDED, rejectedKey: Boolean(this.accessKey) };
        this.retryOrFail(close);
      });
      return undefined;
    }
    return this.retryOrFail(close);
  }

  retryOrFail(close) {
    if (!this.fatal && close.code === 4001) this.fatal = { code: 'replaced', message: 'this session continued in another window' };
    if (!this.fatal && !this.welcomedNow && close.code === 1008) this.fatal = { code: 'refused', message: close.reason || 'the server refused the connection' };
    if (!this.fatal && !this.everWelcomed && this.attempt >= 3) {
      this.fatal = { code: 'unreachable', message: `cannot reach ${this.url}`, hint: this.opened ? undefined : ACCESS_KEY_HINT };
    }
    if (this.fatal) return this.emit({ type: 'fatal', error: this.fatal });
    const retryIn = this.backoff.next();
    this.emit({ type: 'disconnected', reason: describeClose(close), retryIn });
    this.retryTimer = setTimeout(() => this.connect(), retryIn);
  }

  /** Writes queued frames at the pace the server allows. */
  flush() {
    if (this.flushTimer || !this.socket || this.socket.readyState !== 1 || !this.state.welcomed) return;
    while (this.state.queue.length) {
      const wait = this.pacing?.delay() ?? 0;
      if (wait > 0) {
        this.flushTimer = setTimeout(() => {
          this.flushTimer = undefined;
          this.flush();
        }, wait);
        return;
      }
      const frame = this.state.dequeue();
      if (!frame) return;
      this.socket.send(encodeClientFrame(frame));
    }
    if (this.state.idle) this.emit({ type: 'idle' });
  }

  emit(event) {
    this.onEvent?.(event);
  }
}

function describeClose(close) {
  if (close.code === 1001) return 'the server is restarting';
  if (close.code === 1013) return close.reason || 'the server asked to try again later';
  if (close.code === 1006) return 'the connection was lost';
  return close.reason ? `the connection closed (${close.code}: ${close.reason})` : `the connection closed (${close.code})`;
}
