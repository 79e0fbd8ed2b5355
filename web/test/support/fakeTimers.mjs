// Timers and a clock that a test moves by hand ({now, setTimeout, clearTimeout}, as src/conversation/timers.js).

export function fakeTimers() {
  const timers = { time: 0, waiting: [], now: () => timers.time };
  let next = 0;
  timers.setTimeout = (run, ms) => {
    next += 1;
    timers.waiting.push({ id: next, at: timers.time + ms, run });
    return next;
  };
  timers.clearTimeout = (id) => (timers.waiting = timers.waiting.filter((timer) => timer.id !== id));
  /** Moves the clock `ms` on, running what falls due on the way. */
  timers.advance = (ms) => {
    const end = timers.time + ms;
    for (let due = nextDue(timers, end); due; due = nextDue(timers, end)) {
      timers.time = due.at;
      timers.waiting.splice(timers.waiting.indexOf(due), 1);
      due.run();
    }
    timers.time = end;
  };
  return timers;
}

function nextDue(timers, end) {
  return timers.waiting.filter((timer) => timer.at <= end).sort((a, b) => a.at - b.at)[0];
}
