import AsyncSignals
public import ChatProtocol
public import EndToEnd
import HummingbirdWSClient
public import Identity
public import Logging

/// A `privchat.v1` client that stays connected: it reconnects with backoff and jitter, resumes where
/// it left off, and resends what was not acknowledged, so nothing is lost or shown twice.
///
/// Start it with ``run()``, read ``events``, and send with ``send(_:)`` and its helpers. Sending never
/// waits for the network: frames queue until the connection is welcomed, and leave at the pace the
/// server allows.
///
/// Rooms with a key (``Configuration/roomKeys``, ``encrypt(_:)``) are end-to-end encrypted: what is said
/// there is sealed just before it is written, and messages from there are opened before they are
/// reported, so every user interface gets the same rules.
public actor ChatClient {
    public struct Configuration: Sendable {
        public var url: ServerURL
        public var name: String
        public var rooms: [String]
        /// Sent as `Authorization: Bearer KEY` with the upgrade, for a gateway that needs one.
        public var accessKey: String?
        /// Keys of encrypted rooms, derived before connecting so that the first snapshot's history opens.
        public var roomKeys: [RoomKey]
        /// The identity key that proves the name and signs every message; `nil` for a client without one.
        public var identity: Identity?
        /// The keys seen before (trust on first use), and a place to keep them when they change.
        public var pins: ContactPins
        public var savePins: (@Sendable (ContactPins) -> Void)?
        /// Also report every server frame as it arrived (``ChatEvent/frame(_:)``).
        public var reportsFrames: Bool
        public var backoff: Backoff
        public var logger: Logger

        public init(
            url: ServerURL,
            name: String,
            rooms: [String] = [RoomName.lobby.value],
            accessKey: String? = nil,
            roomKeys: [RoomKey] = [],
            identity: Identity? = nil,
            pins: ContactPins = ContactPins(),
            savePins: (@Sendable (ContactPins) -> Void)? = nil,
            reportsFrames: Bool = false,
            backoff: Backoff = Backoff(),
            logger: Logger = Logger(label: "chat-client", factory: { _ in SwiftLogNoOpLogHandler() })
        ) {
            self.url = url
            self.name = name
            self.rooms = rooms
            self.accessKey = accessKey
            self.roomKeys = roomKeys
            self.identity = identity
            self.pins = pins
            self.savePins = savePins
            self.reportsFrames = reportsFrames
            self.backoff = backoff
            self.logger = logger
        }
    }

    public nonisolated let events: AsyncStream<ChatEvent>
    let eventSink: AsyncStream<ChatEvent>.Continuation
    let configuration: Configuration
    var state: ClientState
    var keyring: RoomKeyring
    var pins: ContactPins
    /// Wakes the writer when there may be something to send.
    let sendable = AsyncSignal(.wakeUp)
    /// Wakes ``waitUntilIdle()`` callers when the last message is acknowledged.
    let idle = AsyncSignal(.wakeUp)
    var stopped = false
    /// A refusal the client cannot recover from (its name is taken, say); ends ``run()``.
    var fatal: ChatClientError?
    var welcomedThisConnection = false
    var pacing: TokenBucket?
    /// The open connection's writer, to close it on ``stop()``.
    var outbound: WebSocketOutboundWriter?
    /// Ends the wait between reconnection attempts.
    let stopping = AsyncSignal(.wakeUp)

    public init(configuration: Configuration) {
        self.configuration = configuration
        self.state = ClientState(name: configuration.name, rooms: configuration.rooms)
        self.keyring = RoomKeyring(configuration.roomKeys)
        self.pins = configuration.pins
        (self.events, self.eventSink) = AsyncStream.makeStream(of: ChatEvent.self)
    }

    /// What the client knows now: its name, rooms, members.
    public var current: ClientState { self.state }

    /// Connects and stays connected until ``stop()``, or until a refusal it cannot recover from.
    ///
    /// - Throws: ``ChatClientError``: for the first connection, any reason it failed; afterwards, only
    ///   refusals that another attempt would not change (the name was taken, the session continued elsewhere).
    public func run() async throws {
        defer { self.eventSink.finish() }
        for key in self.configuration.roomKeys { self.emit(.encrypted(room: key.room, fingerprint: key.fingerprint)) }
        var backoff = self.configuration.backoff
        var attempt = 0
        var everWelcomed = false
        while !self.stopped {
            attempt += 1
            self.emit(.connecting(attempt: attempt))
            let reason: String
            do {
                reason = try await self.connectOnce()
            } catch let error as ChatClientError {
                throw error
            } catch {
                let failure = await self.explain(error)
                // A connection that was welcomed and then broke (a reset when its gateway was killed) is
                // worth another attempt, even the first one. A refused key stays refused: trying again
                // only counts against this address.
                guard everWelcomed || self.welcomedThisConnection, failure.code != .accessRefused, failure.code != .accessKeyNeeded else {
                    throw failure
                }
                reason = failure.message
            }
            if let fatal = self.fatal { throw fatal }
            if self.welcomedThisConnection {
                everWelcomed = true
                backoff.reset()
            }
            guard !self.stopped else { return }
            let delay = backoff.next()
            self.emit(.disconnected(reason: reason, retryIn: delay))
            await withTaskGroup(of: Void.self) { group in
                group.addTask { try? await Task.sleep(for: delay) }
                group.addTask { await self.stopping.wait() }
                await group.next()
                group.cancelAll()
            }
        }
    }

    /// Closes the connection and ends ``run()``.
    public func stop() async {
        self.stopped = true
        self.sendable.fire()
        self.stopping.fire()
        self.idle.fire()
        try? await self.outbound?.close(.normalClosure, reason: nil)
    }

    // MARK: Sending

    /// Queues a frame; frames with an `id` field get one if they have none. Returns the id.
    @discardableResult
    public func send(_ message: ClientMessage) -> String? {
        let message = message.id == nil ? message.withID(self.state.makeID()) : message
        self.state.enqueue(message)
        self.sendable.fire()
        return message.id
    }

    /// Says `text` in `room` (as an action, for `/me`). Returns the message's id.
    ///
    /// - Throws: for an encrypted room, a text the server would refuse once sealed (too large for
    ///   ``SealedText/maxPlaintextBytes(forMessageBytes:)``, or with control characters): the server
    ///   only sees the sealed text, so the client checks the plaintext by the same rules.
    @discardableResult
    public func say(_ text: String, in room: String, action: Bool = false) throws(MessageText.Problem) -> String {
        // Until the welcome tells the server's limit, assume the default one.
        if let limit = self.keyring.plaintextLimit(for: room, messageBytes: self.state.limits?.maxMessageBytes ?? 65_536) {
            try MessageText.check(text.utf8, limit: limit)
        }
        let say = Say(id: self.state.makeID(), room: room, text: text)
        return self.send(action ? .action(say) : .say(say))!
    }

    // MARK: Encryption

    /// Encrypts a room from now on: what is said there is sealed with `key`, what comes from there opened.
    ///
    /// Derive the key first (``EndToEnd/RoomKey/deriving(passphrase:room:iterations:)``); to see the
    /// room's history opened, call this before joining it. Reports ``ChatEvent/encrypted(room:fingerprint:)``.
    public func encrypt(_ key: RoomKey) {
        self.keyring.add(key)
        self.emit(.encrypted(room: key.room, fingerprint: key.fingerprint))
    }

    /// Whether a room is encrypted, and the fingerprint of its key.
    public func fingerprint(of room: String) -> String? {
        self.keyring.key(for: room)?.fingerprint
    }

    /// Waits until every queued frame is sent and every message acknowledged.
    public func waitUntilIdle() async {
        while !self.state.isIdle && !self.stopped {
            await self.idle.wait()
        }
    }

    func emit(_ event: ChatEvent) {
        self.eventSink.yield(event)
    }
}
