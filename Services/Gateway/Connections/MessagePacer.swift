import ChatProtocol

/// Flow control for one connection that loses nothing: a message that finds its token bucket empty waits
/// for its tokens instead of being dropped, and while any waits the connection reads nothing more, so TCP
/// pushes back on the sender (``PacedReading`` holds the reads).
///
/// There are two buckets: one of messages (`--rate`, `--burst`), and one of bytes (`--file-rate`,
/// `--file-burst`) for the frames that move file bodies, which would otherwise cost a 32 KiB chunk as much
/// as a short message. Messages wait in arrival order, whichever bucket they draw on.
///
/// A client is paced from the first message that had to wait until one finds its tokens at once (a break).
/// Paced without a break for longer than `limit`, it is flooding rather than pasting, and is closed.
struct MessagePacer<Message> {
    /// What to do with a message just read.
    enum Admission {
        case deliver(Message)
        case wait
        case pacedTooLong
    }

    let limit: Duration
    private var messages: TokenBucket
    private var bytes: TokenBucket
    private var waiting: [(message: Message, cost: PaceCost)] = []
    /// When the current stretch of pacing began; `nil`: not paced.
    private(set) var pacedSince: ContinuousClock.Instant?

    init(messages: TokenBucket, bytes: TokenBucket, limit: Duration) {
        self.messages = messages
        self.bytes = bytes
        self.limit = limit
    }

    /// Whether messages wait for tokens (and reading stops meanwhile).
    var isHolding: Bool { !self.waiting.isEmpty }

    /// Whether the client is being paced: what it sends next may sit unread behind its own flood.
    var isPaced: Bool { self.pacedSince != nil }

    mutating func admit(_ message: Message, cost: PaceCost = .message, now: ContinuousClock.Instant) -> Admission {
        if self.waiting.isEmpty && self.take(cost, now: now) {
            self.pacedSince = nil
            return .deliver(message)
        }
        if let since = self.pacedSince, now - since > self.limit { return .pacedTooLong }
        if self.pacedSince == nil { self.pacedSince = now }
        self.waiting.append((message, cost))
        return .wait
    }

    /// The waiting messages whose tokens have come, in order.
    mutating func release(now: ContinuousClock.Instant) -> [Message] {
        var count = 0
        while count < self.waiting.count && self.take(self.waiting[count].cost, now: now) { count += 1 }
        let released = self.waiting.prefix(count).map(\.message)
        self.waiting.removeFirst(count)
        return released
    }

    /// How long until the first waiting message gets its tokens.
    func untilNextToken(now: ContinuousClock.Instant) -> Duration {
        switch self.waiting.first?.cost ?? .message {
        case .message: self.messages.untilToken(now: now)
        case .bytes(let count): self.bytes.until(self.tokens(bytes: count), now: now)
        }
    }

    /// Forgets what waits: the connection is closing.
    mutating func discard() {
        self.waiting = []
    }

    private mutating func take(_ cost: PaceCost, now: ContinuousClock.Instant) -> Bool {
        switch cost {
        case .message: self.messages.take(now: now)
        case .bytes(let count): self.bytes.take(self.tokens(bytes: count), now: now)
        }
    }

    /// `count` bytes as tokens: never more than the bucket holds, or they would never come.
    private func tokens(bytes count: Int) -> Double {
        min(Double(count), self.bytes.burst)
    }
}

/// What a message costs its connection's ``MessagePacer``.
enum PaceCost: Equatable {
    /// A token of the message bucket.
    case message
    /// This many tokens of the byte bucket: a file chunk's bytes, or a download's.
    case bytes(Int)
}
