// A WebSocket for connection tests: it records how it was made and what was sent; the test plays the server.
export function fakeSockets() {
  const made = [];
  class FakeSocket {
    constructor(url, protocols) {
      Object.assign(this, { url, protocols, readyState: 0, sent: [] });
      made.push(this);
    }
    send(text) {
      this.sent.push(text);
    }
    close() {}
    /** Closed before it opened, as a refused handshake (a 401) is. */
    refuse() {
      this.readyState = 3;
      this.onclose({ code: 1006, reason: '' });
    }
    open() {
      this.readyState = 1;
      this.onopen();
    }
    /** The server sends `frame`. */
    deliver(frame) {
      this.onmessage({ data: JSON.stringify(frame) });
    }
    /** The connection is lost after it opened. */
    drop() {
      this.readyState = 3;
      this.onclose({ code: 1006, reason: '' });
    }
    /** What the client sent, parsed. */
    frames() {
      return this.sent.map((text) => JSON.parse(text));
    }
  }
  return { FakeSocket, made };
}
