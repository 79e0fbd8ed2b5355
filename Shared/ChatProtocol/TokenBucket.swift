/// Flood control: `burst` messages at once, then `rate` per second. The welcome's limits are one.
///
/// A gateway holds what finds the bucket empty until ``untilToken(now:)`` has passed (it paces, never
/// drops); a client waits for its token (``wait(now:)``), so that it sends no faster than the gateway reads.
public struct TokenBucket: Sendable {
    public let rate: Double
    public let burst: Double
    private var tokens: Double
    private var updated: ContinuousClock.Instant

    public init(rate: Double, burst: Double, now: ContinuousClock.Instant) {
        self.rate = rate
        self.burst = burst
        self.tokens = burst
        self.updated = now
    }

    /// Takes a token if one is left at `now`.
    public mutating func take(now: ContinuousClock.Instant) -> Bool {
        self.take(1, now: now)
    }

    /// Takes `count` tokens at once if that many are left at `now`: a bucket of bytes, one token a byte.
    public mutating func take(_ count: Double, now: ContinuousClock.Instant) -> Bool {
        self.refill(now: now)
        guard self.tokens >= count else { return false }
        self.tokens -= count
        return true
    }

    /// Takes a token even if none is left, and returns how long to wait until it would have been there
    /// (`nil`: go now).
    public mutating func wait(now: ContinuousClock.Instant) -> Duration? {
        self.refill(now: now)
        self.tokens -= 1
        guard self.tokens < 0 else { return nil }
        return .milliseconds(Int64((-self.tokens / self.rate) * 1000) + 1)
    }

    /// How long from `now` until a token is there (zero: one is).
    public func untilToken(now: ContinuousClock.Instant) -> Duration {
        self.until(1, now: now)
    }

    /// How long from `now` until `count` tokens are there (zero: they are); `count` must be at most the burst,
    /// all the bucket ever holds.
    public func until(_ count: Double, now: ContinuousClock.Instant) -> Duration {
        let tokens = min(self.burst, self.tokens + Self.seconds(now - self.updated) * self.rate)
        guard tokens < count else { return .zero }
        return .microseconds(Int64(((count - tokens) / self.rate * 1e6).rounded(.up)))
    }

    /// Starts again from an empty bucket, one token owed: what a client does when told it was too fast.
    public mutating func empty(now: ContinuousClock.Instant) {
        self.tokens = -1
        self.updated = now
    }

    /// Adds the tokens earned since the last call, up to `burst`.
    private mutating func refill(now: ContinuousClock.Instant) {
        self.tokens = min(self.burst, self.tokens + Self.seconds(now - self.updated) * self.rate)
        self.updated = now
    }

    private static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
