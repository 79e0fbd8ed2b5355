import ChatClient

/// One storm client's memory across its connections: the client library's ``ClientState`` (session,
/// resume points) and ``Backoff``, what it received, and when it came back.
struct StormClient {
    var state: ClientState
    var backoff = Backoff()
    var connection: ClientConnection?
    /// A connection attempt is under way; it ends once, by failing to connect or by closing.
    var attemptOpen = false
    var welcomedThisConnection = false
    /// Still part of the first crowd, which connects a window at a time.
    var initialPending = true
    var attempts = 0
    /// When the first welcome after the kill came (monotonic ns).
    var resumedAt: UInt64?
    /// Why this client gave up (a refusal another attempt would not change).
    var fatal: String?
    /// Every sender's message as the gateway sent it (live or replayed), duplicates included.
    var frames = ReceiptLedger()
    /// The sender's messages as ``ClientState`` passed them on: what a user would see.
    var shown = ReceiptLedger()

    init(name: String, room: String) {
        self.state = ClientState(name: name, rooms: [room])
    }

    /// The `hello` for the next connection, as ``ClientState`` builds it (with session and resume points).
    var helloText: String { String(decoding: self.state.hello().encoded(), as: UTF8.self) }
}

extension Duration {
    /// Whole nanoseconds, for NIO's timers.
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = self.components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
