// Asynchronous steps (WebCrypto's sealing, opening, signing, verifying) that must not reorder what goes
// through them: each step starts when every earlier one has finished. When nothing is waiting, a step
// starts at once, so a synchronous one is done before `add` returns, as if there were no queue. A step
// may add steps of its own (a rotation that a leave starts): they run after it.

export class InOrder {
  /** `onError(error)`: a step threw or rejected; the steps after it still run. */
  constructor(onError = (error) => console.error('a step failed', error)) {
    this.onError = onError;
    this.waiting = 0;
    this.tail = Promise.resolve();
    this.running = false;
    this.added = [];
  }

  /** Runs `step()` after every step added before it. */
  add(step) {
    if (this.running) {
      // Added by the step that is starting now: it goes behind that step, once we know what it waits for.
      this.added.push(step);
      return;
    }
    if (this.waiting > 0) {
      this.track(this.tail.then(step));
      return;
    }
    let result;
    this.running = true;
    try {
      result = step();
    } catch (error) {
      this.onError(error);
    } finally {
      this.running = false;
    }
    if (typeof result?.then === 'function') this.track(result);
    for (const next of this.added.splice(0)) this.add(next);
  }

  /** Resolves when every step added so far has finished, and every step those added in turn. */
  async settled() {
    while (this.waiting > 0) await this.tail;
  }

  track(promise) {
    this.waiting += 1;
    this.tail = Promise.resolve(promise)
      .catch((error) => this.onError(error))
      .finally(() => {
        this.waiting -= 1;
      });
  }
}
