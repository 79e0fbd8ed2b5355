// How long to wait before the next reconnection attempt: exponential, capped, with ±50% jitter so a
// crowd of clients that lost the same server does not come back all at once.

export class Backoff {
  constructor({ initial = 500, maximum = 15000, random = Math.random } = {}) {
    this.initial = initial;
    this.maximum = maximum;
    this.random = random;
    this.attempt = 0;
  }

  /** Milliseconds to wait before the next attempt. */
  next() {
    const base = Math.min(this.initial * 2 ** Math.min(this.attempt, 20), this.maximum);
    this.attempt += 1;
    return Math.round(base * (0.5 + this.random()));
  }

  reset() {
    this.attempt = 0;
  }
}
