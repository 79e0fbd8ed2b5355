// Asynchronous steps (WebCrypto's sealing, opening, signing, verifying) that must not reorder what goes
// through them: each step starts when every earlier one has finished. When nothing is waiting, a step
// starts at once, so a synchronous one is done before `add` returns, as if there were no queue.

export class InOrder {
  /** `onError(error)`: a step threw or rejected; the steps after it still run. */
  constructor(onError = (error) => console.error('a step failed', error)) {
    this.onError = onError;
    this.waiting = 0;
    this.tail = Promise.resolve();
  }

  /** Runs `step()` after every step added before it. */
  add(step) {
    if (this.waiting === 0) {
      let result;
      try {
        result = step();
      } catch (error) {
        this.onError(error);
        return;
      }
      if (typeof result?.then === 'function') this.track(result);
      return;
    }
    this.track(this.tail.then(step));
  }

  /** Resolves when every step added so far has finished. */
  settled() {
    return this.tail;
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
