import Synchronization

/// Something that happens once (the server is listening), awaited by whoever must not act before it.
final class OneTimeSignal: Sendable {
    private enum State {
        case waiting([CheckedContinuation<Void, Never>])
        case fired
    }

    private let state = Mutex(State.waiting([]))

    func fire() {
        let waiters = self.state.withLock { state -> [CheckedContinuation<Void, Never>] in
            guard case .waiting(let waiters) = state else { return [] }
            state = .fired
            return waiters
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Returns once `fire()` was called (at once if it already was).
    func wait() async {
        await withCheckedContinuation { continuation in
            let fired = self.state.withLock { state -> Bool in
                guard case .waiting(var waiters) = state else { return true }
                waiters.append(continuation)
                state = .waiting(waiters)
                return false
            }
            if fired { continuation.resume() }
        }
    }
}
