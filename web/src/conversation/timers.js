// The clock and timers the conversation's pacing uses (read markers, typing), as one object so that
// tests can pass their own and move time by hand.

export const REAL_TIMERS = {
  now: () => Date.now(),
  setTimeout: (run, ms) => setTimeout(run, ms),
  clearTimeout: (timer) => clearTimeout(timer),
};
