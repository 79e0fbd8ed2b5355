public import ChatProtocol
import HummingbirdWSClient
public import Logging

/// A `privchat.v1` client that stays connected: it reconnects with backoff and jitter, resumes where
/// it left off, and resends what was not acknowledged, so nothing is lost or shown twice.
///
/// Start it with ``run()``, read ``events``, and send with ``send(_:)`` and its helpers. Sending never
/// waits for the network: frames queue until the connection is welcomed, and leave at the pace the
/// server allows.
public actor ChatClient {
    public struct Configuration: Sendable {
        public var url: ServerURL
        public var name: String
        public var rooms: [String]
        /// Also report every server frame as it arrived (``ChatEvent/frame(_:)``).
        public var reportsFrames: Bool
        public var backoff: Backoff
        public var logger: Logger

        public init(
            url: ServerURL,
            name: String,
            rooms: [String] = [RoomName.lobby.value],
            reportsFrames: Bool = false,
            backoff: Backoff = Backoff(),
            logger: Logger = Logger(label: "chat-client", factory: { _ in SwiftLogNoOpLogHandler() })
        ) {
            self.url = url
            self.name = name
            self.rooms = rooms
            self.reportsFrames = reportsFrames
            self.backoff = backoff
            self.logger = logger
        }
    }

    public nonisolated let events: AsyncStream<ChatEvent>
    let eventSink: AsyncStream<ChatEvent>.Continuation
    let configuration: Configuration
    var state: ClientState
    /// Wakes the writer when there may be something to send.
    let sendable = WakeSignal()
    /// Wakes ``waitUntilIdle()`` callers when the last message is acknowledged.
    let idle = WakeSignal()
    var stopped = false
    /// A refusal the client cannot recover from (its name is taken, say); ends ``run()``.
    var fatal: ChatClientError?
    var welcomedThisConnection = false
    var pacing: Pacing?
    /// The open connection's writer, to close it on ``stop()``.
    var outbound: WebSocketOutboundWriter?
    /// Ends the wait between reconnection attempts.
    let stopping = WakeSignal()

    public init(configuration: Configuration) {
        self.configuration = configuration
        self.state = ClientState(name: configuration.name, rooms: configuration.rooms)
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
                guard everWelcomed else { throw Self.describe(error, url: self.configuration.url) }
                reason = Self.describe(error, url: self.configuration.url).message
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
        let message = self.withID(message)
        self.state.enqueue(message)
        self.sendable.fire()
        return message.id
    }

    /// Says `text` in `room` (as an action, for `/me`). Returns the message's id.
    @discardableResult
    public func say(_ text: String, in room: String, action: Bool = false) -> String {
        let say = Say(id: self.state.makeID(), room: room, text: text)
        return self.send(action ? .action(say) : .say(say))!
    }

    /// Waits until every queued frame is sent and every message acknowledged.
    public func waitUntilIdle() async {
        while !self.state.isIdle && !self.stopped {
            await self.idle.wait()
        }
    }

    func withID(_ message: ClientMessage) -> ClientMessage {
        guard message.id == nil else { return message }
        let id = self.state.makeID()
        switch message {
        case .hello: return message
        case .say(var say):
            say.id = id
            return .say(say)
        case .action(var say):
            say.id = id
            return .action(say)
        case .direct(var direct):
            direct.id = id
            return .direct(direct)
        case .join(var request):
            request.id = id
            return .join(request)
        case .leave(var request):
            request.id = id
            return .leave(request)
        case .who(var request):
            request.id = id
            return .who(request)
        case .rename(var request):
            request.id = id
            return .rename(request)
        }
    }

    func emit(_ event: ChatEvent) {
        self.eventSink.yield(event)
    }
}
