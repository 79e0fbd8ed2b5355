/// How long to wait before the next reconnection attempt: exponential, capped, with jitter.
///
/// Jitter (±50%) keeps a crowd of clients that lost the same server from all coming back at once.
public struct Backoff: Sendable {
    public var initial: Duration
    public var maximum: Duration
    private var attempt = 0

    public init(initial: Duration = .milliseconds(500), maximum: Duration = .seconds(15)) {
        self.initial = initial
        self.maximum = maximum
    }

    /// The delay before the next attempt, `initial × 2^attempts` capped at `maximum`, ±50%.
    public mutating func next<Random: RandomNumberGenerator>(using random: inout Random) -> Duration {
        let base = min(self.initial * (1 << min(self.attempt, 20)), self.maximum)
        self.attempt += 1
        return base * Double.random(in: 0.5...1.5, using: &random)
    }

    public mutating func next() -> Duration {
        var random = SystemRandomNumberGenerator()
        return self.next(using: &random)
    }

    /// After a successful connection the next failure starts from `initial` again.
    public mutating func reset() {
        self.attempt = 0
    }
}
