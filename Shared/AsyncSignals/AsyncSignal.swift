import Synchronization

/// Something async code waits for, given by any thread, with no wake-up lost to a race.
///
/// A fire given while nobody waits is kept, so a task that checks its condition and then waits never
/// misses the fire that came in between. Whether a fire is used up by the wait it ends, or stays, is
/// the signal's ``Mode``. A wait also ends when its task is cancelled, so a task group can always be
/// cancelled out of one.
public final class AsyncSignal: Sendable {
    /// What becomes of a fire.
    public enum Mode: Sendable {
        /// A fire wakes every task waiting then; given while none waits, it is kept for the next wait,
        /// which uses it up. For "there may be work now", given again and again: the writer has frames to send.
        case wakeUp
        /// The first fire is for good: every wait, then or later, returns at once. For "the server is listening".
        case once
    }

    private struct State {
        var fired = false
        var waiters: [UInt64: CheckedContinuation<Void, Never>] = [:]
        var lastWaiter: UInt64 = 0
    }

    private let mode: Mode
    private let state = Mutex(State())

    /// A signal not fired yet.
    public init(_ mode: Mode) {
        self.mode = mode
    }

    /// Wakes the tasks waiting now; if none is, the next wait returns at once.
    public func fire() {
        let waiters = self.state.withLock { state -> [CheckedContinuation<Void, Never>] in
            let waiters = Array(state.waiters.values)
            state.waiters = [:]
            // A wake-up is kept only for a wait still to come; one that woke someone is spent.
            if self.mode == .once || waiters.isEmpty { state.fired = true }
            return waiters
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Returns once fired (at once if a fire is kept), or when the task is cancelled.
    public func wait() async {
        let id = self.state.withLock { state -> UInt64 in
            state.lastWaiter += 1
            return state.lastWaiter
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let ready = self.state.withLock { state -> Bool in
                    if state.fired {
                        if self.mode == .wakeUp { state.fired = false }
                        return true
                    }
                    // Cancelled before the handler below could find this waiter: it must not be stored.
                    if Task.isCancelled { return true }
                    state.waiters[id] = continuation
                    return false
                }
                if ready { continuation.resume() }
            }
        } onCancel: {
            self.state.withLock { $0.waiters.removeValue(forKey: id) }?.resume()
        }
    }

    /// How many tasks are waiting now (for tests, which must know a waiter is in place before firing).
    var waiting: Int { self.state.withLock { $0.waiters.count } }

    /// Whether a fire is kept for the next wait.
    var isFired: Bool { self.state.withLock { $0.fired } }
}
