import Synchronization

/// Counts wrong or missing access keys per client address and turns an address away for the rest of
/// the window once it has had too many, so that guessing a key takes forever.
final class FailureLimiter: Sendable {
    struct Entry {
        var windowStart: ContinuousClock.Instant
        var failures: Int
    }

    let allowedFailures: Int
    let window: Duration
    /// Addresses tracked at most: an attacker with many addresses fills it, the oldest windows go first.
    let capacity: Int
    private let entries = Mutex<[String: Entry]>([:])

    init(allowedFailures: Int = 10, window: Duration = .seconds(60), capacity: Int = 10_000) {
        self.allowedFailures = allowedFailures
        self.window = window
        self.capacity = capacity
    }

    /// How long `address` must still wait, or `nil` if it may try.
    func retryAfter(_ address: String, now: ContinuousClock.Instant = .now) -> Duration? {
        self.entries.withLock { entries in
            guard let entry = entries[address] else { return nil }
            let end = entry.windowStart + self.window
            if now >= end {
                entries[address] = nil
                return nil
            }
            return entry.failures >= self.allowedFailures ? end - now : nil
        }
    }

    func recordFailure(_ address: String, now: ContinuousClock.Instant = .now) {
        self.entries.withLock { entries in
            if var entry = entries[address], now < entry.windowStart + self.window {
                entry.failures += 1
                entries[address] = entry
                return
            }
            if entries.count >= self.capacity {
                entries = entries.filter { now < $0.value.windowStart + self.window }
                if entries.count >= self.capacity, let oldest = entries.min(by: { $0.value.windowStart < $1.value.windowStart }) {
                    entries[oldest.key] = nil
                }
            }
            entries[address] = Entry(windowStart: now, failures: 1)
        }
    }
}
