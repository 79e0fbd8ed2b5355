// The client's own rate limits, a token bucket with a margin under the server's (80% of the rate, half
// the burst): messages by the frame (`limits.rate`, `burst`), file chunks by the byte
// (`limits.file_rate`). A client that keeps to it is never paced by the gateway (docs/PROTOCOL.md).

export class Pacing {
  /** `rate`: tokens a second; `burst`: tokens at once; `now`: the clock (tests move it by hand). */
  constructor({ rate, burst }, now = Date.now) {
    this.rate = Math.max(rate * 0.8, 0.1);
    this.burst = Math.max(burst / 2, 1);
    this.tokens = this.burst;
    this.now = now;
    this.updated = this.now();
  }

  /** Milliseconds to wait before something costing `cost` tokens (0: now, and it takes them). A cost over the burst waits for a full bucket. */
  delay(cost = 1) {
    const needed = Math.min(cost, this.burst);
    const now = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.updated) / 1000) * this.rate);
    this.updated = now;
    if (this.tokens >= needed) {
      this.tokens -= needed;
      return 0;
    }
    return Math.ceil(((needed - this.tokens) / this.rate) * 1000);
  }

  /** The server said we were too fast: start again from an empty bucket. */
  pause() {
    this.tokens = 0;
    this.updated = this.now();
  }
}
