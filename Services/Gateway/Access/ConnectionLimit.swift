import Synchronization

/// The most WebSocket connections one gateway holds (`--max-connections`): past it, new upgrades get 503
/// with `Retry-After`, so that one client opening sockets without end cannot exhaust file descriptors
/// and memory for everyone.
///
/// A place is taken when an upgrade is let through and given back when its connection closes, so upgrades
/// arriving at once cannot all slip in before any of them is counted.
final class ConnectionLimit: Sendable {
    let maximum: Int
    /// Seconds a refused client is told to wait.
    static let retryAfterSeconds = 5
    private let count = Atomic<Int>(0)

    init(maximum: Int) {
        self.maximum = maximum
    }

    /// Takes a place; `false` if the gateway is full.
    func reserve() -> Bool {
        var current = self.count.load(ordering: .relaxed)
        while current < self.maximum {
            let (exchanged, original) = self.count.compareExchange(expected: current, desired: current + 1, ordering: .relaxed)
            if exchanged { return true }
            current = original
        }
        return false
    }

    func release() {
        self.count.subtract(1, ordering: .relaxed)
    }

    var refusal: AccessDecision {
        .refuse(.serviceUnavailable, reason: "this gateway is full: try again later", retryAfterSeconds: Self.retryAfterSeconds)
    }
}
