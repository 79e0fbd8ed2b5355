import ChatProtocol
import RelayProtocol

/// How often each connection may say it is typing (docs/PROTOCOL.md, "Typing"): 1 a second, 3 at once.
/// What is over is ignored: typing is a hint, and the next one says the same.
struct TypingPace {
    static let rate = 1.0
    static let burst = 3.0
    /// Past this many connections tracked, those quiet for a while are forgotten (their bucket is full again).
    static let pruneAbove = 4096

    private var buckets: [Origin: TokenBucket] = [:]

    /// Whether `origin` may send a `typing` now.
    mutating func admit(_ origin: Origin, now: ContinuousClock.Instant) -> Bool {
        if self.buckets.count > Self.pruneAbove {
            self.buckets = self.buckets.filter { $0.value.untilToken(now: now + .seconds(Self.burst / Self.rate)) > .zero }
        }
        return self.buckets[origin, default: TokenBucket(rate: Self.rate, burst: Self.burst, now: now)].take(now: now)
    }
}
