import ChatProtocol

/// Flow control for one connection that loses nothing: a message that finds the token bucket empty waits
/// for its token instead of being dropped, and while any waits the connection reads nothing more, so TCP
/// pushes back on the sender (``WebSocketConnection`` holds its reads).
///
/// A client is paced from the first message that had to wait until one finds a token at once (a break).
/// Paced without a break for longer than `limit`, it is flooding rather than pasting, and is closed.
struct MessagePacer<Message> {
    /// What to do with a message just read.
    enum Admission {
        case deliver(Message)
        case wait
        case pacedTooLong
    }

    let limit: Duration
    private var bucket: TokenBucket
    private var waiting: [Message] = []
    /// When the current stretch of pacing began; `nil`: not paced.
    private(set) var pacedSince: ContinuousClock.Instant?

    init(bucket: TokenBucket, limit: Duration) {
        self.bucket = bucket
        self.limit = limit
    }

    /// Whether messages wait for tokens (and reading stops meanwhile).
    var isHolding: Bool { !self.waiting.isEmpty }

    /// Whether the client is being paced: what it sends next may sit unread behind its own flood.
    var isPaced: Bool { self.pacedSince != nil }

    mutating func admit(_ message: Message, now: ContinuousClock.Instant) -> Admission {
        if self.waiting.isEmpty && self.bucket.take(now: now) {
            self.pacedSince = nil
            return .deliver(message)
        }
        if let since = self.pacedSince, now - since > self.limit { return .pacedTooLong }
        if self.pacedSince == nil { self.pacedSince = now }
        self.waiting.append(message)
        return .wait
    }

    /// The waiting messages whose tokens have come, in order.
    mutating func release(now: ContinuousClock.Instant) -> [Message] {
        var count = 0
        while count < self.waiting.count && self.bucket.take(now: now) { count += 1 }
        let released = Array(self.waiting.prefix(count))
        self.waiting.removeFirst(count)
        return released
    }

    /// How long until the next waiting message gets its token.
    func untilNextToken(now: ContinuousClock.Instant) -> Duration {
        self.bucket.untilToken(now: now)
    }

    /// Forgets what waits: the connection is closing.
    mutating func discard() {
        self.waiting = []
    }
}
