/// Flood control for one connection: `burst` messages at once, then `rate` per second.
struct TokenBucket {
    let rate: Double
    let burst: Double
    private var tokens: Double
    private var updated: ContinuousClock.Instant

    init(rate: Double, burst: Int, now: ContinuousClock.Instant) {
        self.rate = rate
        self.burst = Double(burst)
        self.tokens = Double(burst)
        self.updated = now
    }

    /// Takes a token if one is left at `now`.
    mutating func take(now: ContinuousClock.Instant) -> Bool {
        let elapsed = now - self.updated
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        self.tokens = min(self.burst, self.tokens + seconds * self.rate)
        self.updated = now
        guard self.tokens >= 1 else { return false }
        self.tokens -= 1
        return true
    }
}
