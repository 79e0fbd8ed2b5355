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
/// Rooms with a key (``Configuration/keyring``, ``encryptNew(_:)``, a share from a member) are
/// end-to-end encrypted (``Encryption``): what is said there is sealed just before it is written, and
/// messages from there are opened before they are reported, so every user interface gets the same rules.
public actor ChatClient {
    public nonisolated let events: AsyncStream<ChatEvent>
    let eventSink: AsyncStream<ChatEvent>.Continuation
    let configuration: Configuration
    var state: ClientState
    var encryption: Encryption
    /// The keyring's revision last saved.
    var savedKeyring: Int
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
    /// Wakes the rotation timer when the schedule of rotations changed.
    let rotationsChanged = AsyncSignal(.wakeUp)
    /// Each room's conversation: messages with their edits, tombstones and reactions.
    var conversations: [String: Conversation] = [:]
    /// Frames of this client's about a room's conversation, by id, applied to it at their `ack`.
    var ownEvents: [String: ClientMessage] = [:]
    var typists = Typists()
    var typingSignals = TypingSignals()
    var readMarkers = ReadMarkers()
    /// Whether the `read` frames sent let the room's members see them (else only this person's devices).
    var sharesReadMarkers: Bool
    /// Wakes the conversation timer (typists expiring, read markers due) when its next due time may be earlier.
    let conversationTimersChanged = AsyncSignal(.wakeUp)
    /// Fired at the first welcome (or when the client ends without one): members' sealing keys are known from then on.
    let firstWelcome = AsyncSignal(.once)
    /// Files going up or coming down.
    var transfers = Transfers()
    /// Transfers whose end ``outcome(of:)`` tells, and the ends that came.
    var awaitedTransfers: Set<String> = []
    var transferOutcomes: [String: TransferEvent] = [:]
    /// Wakes ``outcome(of:)`` callers when an awaited transfer ends.
    let transferEnded = AsyncSignal(.wakeUp)

    /// A client as configured. Room keys from links and passphrases need an identity key: without one
    /// (``Configuration/identity`` `nil`) they are left out, so check that first.
    public init(configuration: Configuration) {
        self.configuration = configuration
        self.state = ClientState(name: configuration.name, rooms: configuration.rooms)
        var encryption = Encryption(identity: configuration.identity, keyring: configuration.keyring)
        for (room, key) in configuration.linkKeys { try? encryption.encrypt(room, linkKey: key) }
        for (room, passphrase) in configuration.passphraseKeys {
            try? encryption.encrypt(room, passphrase: passphrase.passphrase, ownKey: passphrase.key)
        }
        self.encryption = encryption
        self.savedKeyring = configuration.keyring.revision
        self.pins = configuration.pins
        self.sharesReadMarkers = configuration.sharesReadMarkers
        (self.events, self.eventSink) = AsyncStream.makeStream(of: ChatEvent.self)
    }

    /// What the client knows now: its name, rooms, members.
    public var current: ClientState { self.state }

    /// Connects and stays connected until ``stop()``, or until a refusal it cannot recover from.
    ///
    /// - Throws: ``ChatClientError``: for the first connection, any reason it failed; afterwards, only
    ///   refusals that another attempt would not change (the name was taken, the session continued elsewhere).
    public func run() async throws {
        defer {
            self.firstWelcome.fire()
            self.eventSink.finish()
        }
        self.saveKeyringIfChanged()
        for room in self.encryption.keyring.encryptedRooms {
            if let key = self.encryption.currentKey(of: room) { self.emit(.encrypted(room: room, fingerprint: key.fingerprint)) }
        }
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
            await self.pause(until: .now + delay, orUntil: self.stopping)
        }
    }

    /// Closes the connection and ends ``run()``.
    public func stop() async {
        self.stopped = true
        self.firstWelcome.fire()
        self.sendable.fire()
        self.stopping.fire()
        self.idle.fire()
        self.transferEnded.fire()
        try? await self.outbound?.close(.normalClosure, reason: nil)
    }

    // MARK: Sending

    /// Queues a frame; frames with an `id` field get one if they have none. Returns the id.
    @discardableResult
    public func send(_ message: ClientMessage) -> String? {
        let message = message.id == nil ? message.withID(self.state.makeID()) : message
        if message.isAboutConversation, let id = message.id { self.ownEvents[id] = message }
        self.state.enqueue(message)
        self.sendable.fire()
        return message.id
    }

    /// Says `text` in `room` (as an action, for `/me`), answering `reply` if given. Returns the message's id.
    ///
    /// - Throws: for an encrypted room, a text the server would refuse once sealed (too large for
    ///   ``EndToEnd/SealedRoomText/maxPlaintextBytes(forMessageBytes:passphrase:)``, or with control
    ///   characters: the server only sees the sealed text), or no key to seal it with.
    @discardableResult
    public func say(_ text: String, in room: String, action: Bool = false, reply: MessageReference? = nil) throws(SendProblem) -> String {
        try self.checkSealable(text, in: room)
        let say = Say(id: self.state.makeID(), room: room, text: text, reply: reply)
        self.stopTyping(in: room)
        return self.send(action ? .action(say) : .say(say))!
    }

    /// Checks that `text` can go to `room` as it is: in an encrypted room, that it fits once sealed and
    /// that there is a key to seal it with.
    func checkSealable(_ text: String, in room: String) throws(SendProblem) {
        let spelled = RoomName.spelled(room)
        guard let limit = self.encryption.keyring.plaintextLimit(for: spelled, messageBytes: self.messageBytes) else { return }
        do throws(MessageText.Problem) {
            try MessageText.check(text.utf8, limit: limit)
        } catch {
            throw .text(error)
        }
        guard self.encryption.sealing != nil else { throw .encryption(.noIdentity) }
        guard self.encryption.currentKey(of: spelled) != nil else {
            throw .encryption(EncryptionProblem("the key of \(spelled) was changed without you: ask a member to /add you"))
        }
    }

    /// The server's `max_message_bytes`; until the welcome tells it, the default one.
    var messageBytes: Int { self.state.limits?.maxMessageBytes ?? 65_536 }

    /// Waits until the first welcome (or the end of ``run()``): until then, nobody's sealing key is known.
    public func waitUntilWelcomed() async {
        await self.firstWelcome.wait()
    }

    /// Waits until every queued frame is sent, every message acknowledged and every file transfer ended.
    public func waitUntilIdle() async {
        while !self.isIdle && !self.stopped {
            await self.idle.wait()
        }
    }

    func emit(_ event: ChatEvent) {
        self.eventSink.yield(event)
    }
}
