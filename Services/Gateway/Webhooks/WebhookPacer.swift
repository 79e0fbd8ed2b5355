import ChatProtocol
import Synchronization

/// Each webhook sender's pace (docs/PROTOCOL.md, "Incoming webhooks", Pacing): a ``TokenBucket`` at the
/// connections' `--rate` and `--burst` per sender name, case aside, so a script cannot flood a room any
/// faster than a person could.
///
/// A request that finds no token is held until its token is due, up to ``longestWait``; one that would wait
/// longer is refused at once, and takes nothing. Bounded: at ``capacity`` senders, those whose buckets are
/// full again are forgotten (a full bucket is what a new sender gets anyway); if none is, the request is refused.
final class WebhookPacer: Sendable {
    /// What a request may do.
    enum Verdict: Equatable {
        /// Go now, or after this long: its token is taken.
        case go(after: Duration?)
        /// Come back after this long (more than ``longestWait``), or once fewer senders are paced.
        case refuse(retryAfter: Duration)
    }

    let rate: Double
    let burst: Double
    let longestWait: Duration
    let capacity: Int
    private let buckets = Mutex<[String: TokenBucket]>([:])

    init(rate: Double, burst: Int, longestWait: Duration = .seconds(5), capacity: Int = 4096) {
        self.rate = rate
        self.burst = Double(burst)
        self.longestWait = longestWait
        self.capacity = capacity
    }

    /// Takes `sender`'s next token at `now`, if it is due within ``longestWait``.
    func take(for sender: String, now: ContinuousClock.Instant = .now) -> Verdict {
        let key = sender.lowercased()
        return self.buckets.withLock { buckets in
            if buckets[key] == nil {
                if buckets.count >= self.capacity {
                    buckets = buckets.filter { $0.value.until($0.value.burst, now: now) > .zero }
                }
                guard buckets.count < self.capacity else { return .refuse(retryAfter: .seconds(1)) }
                buckets[key] = TokenBucket(rate: self.rate, burst: self.burst, now: now)
            }
            let due = buckets[key]!.untilToken(now: now)
            guard due <= self.longestWait else { return .refuse(retryAfter: due) }
            return .go(after: buckets[key]!.wait(now: now))
        }
    }

    /// Senders with a bucket.
    var count: Int { self.buckets.withLock { $0.count } }
}
