import NIOCore

/// One IRC client's TCP (or TLS) connection, as the one handler of its channel: the sibling of
/// ``WebSocketConnection``, with no task and no async stream, only what the event loop calls.
///
/// It cuts the stream into lines (``IRCLineDecoder``), parses them, paces them (``PacedReading``: one token
/// of `--rate` and `--burst` per line, and reading stops while one waits) and hands them to its
/// ``IRCSession``. Lines for the client come through its ``Outbox`` as they are; the connection's own
/// (`PING`, the closing `ERROR`) are written here. Pings, the registration deadline and slow clients are
/// handled as for WebSocket clients (``ConnectionSweeper``, ``SlowClientWatch``).
final class IRCConnection: ChannelDuplexHandler, SweptConnection {
    typealias InboundIn = ByteBuffer
    typealias OutboundIn = IOData
    typealias OutboundOut = IOData

    /// What one line is, as the pacer holds it.
    enum Input {
        case message(IRCMessage)
        case tooLong
        case invalidUTF8(command: String)
    }

    private let context: SessionContext
    private let metrics: IRCMetrics
    private var session: IRCSession
    private var outbox: Outbox!
    private var decoder = IRCLineDecoder()
    private let pacing: PacedReading<Input>
    private var open = true
    private var channelContext: ChannelHandlerContext?
    private var sweeper: ConnectionSweeper?
    private var slowClient = SlowClientWatch()
    private var heard = true
    private var finished = false
    /// Whether the relay granted the name: from then on, HTTP-looking lines are only odd commands.
    private var registered = false
    /// Lines that came while the relay had yet to answer the claim or a join, handled in order once it did: a
    /// client may send `JOIN` right after `USER` without waiting for `001`, and `PRIVMSG #a` right after
    /// `JOIN #a`, as if each had been answered at once.
    private var heldForAnswer: [IRCMessage] = []
    /// Whether held lines wait for the hub to say the relay answered (``IRCMemberState/whenAnswered(_:)``).
    private var awaitingAnswer = false

    init(session: IRCSession, context: SessionContext, metrics: IRCMetrics) {
        self.session = session
        self.context = context
        self.metrics = metrics
        self.pacing = PacedReading(context.makePacer())
    }

    // MARK: Life

    func handlerAdded(context: ChannelHandlerContext) {
        self.channelContext = context
        let bound = self.context.configuration.clientQueueBytes
        SlowClientWatch.bound(context.channel, queueBytes: bound)
        self.outbox = Outbox(writingBelow: context, byteLimit: Outbox.byteLimit(queueBytes: bound), framing: .raw) { closing, channel in
            channel.pipeline.syncOperations.triggerUserOutboundEvent(closing, promise: nil)
        }
        self.metrics.connectionOpened()
        let sweeper = self.context.services.sweepers.sweeper(for: context.eventLoop)
        sweeper.add(self, id: self.context.connectionID)
        self.sweeper = sweeper
        self.session.start(outbox: self.outbox)
    }

    func channelInactive(context: ChannelHandlerContext) {
        self.finish()
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.finish()
        self.channelContext = nil
    }

    private func finish() {
        guard !self.finished else { return }
        self.finished = true
        self.open = false
        self.slowClient.stop()
        self.pacing.stop()
        self.session.member.whenAnswered(nil)  // the hook holds this handler
        self.sweeper?.remove(id: self.context.connectionID)
        self.sweeper = nil
        self.metrics.connectionClosed()
        if let outbox = self.outbox {
            self.session.end()
            outbox.discard()
            self.outbox = nil
        }
    }

    // MARK: Lines in

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard self.open else { return }
        self.heard = true
        self.decoder.decode(self.unwrapInboundIn(data)) { line in
            self.metrics.linesIn.increment()
            switch line {
            case .tooLong:
                self.metrics.refusedLineTooLong.increment()
                self.admit(.tooLong)
            case .invalidUTF8(let command):
                self.metrics.refusedInvalidUTF8.increment()
                self.admit(.invalidUTF8(command: command))
            case .message(let bytes):
                guard let message = IRCMessage(parsing: bytes) else { break }
                if !self.registered { self.registered = self.session.nick != nil }
                if !self.registered && message.looksLikeHTTP {
                    // A browser made to post a form here (a cross-protocol attack): not one line of it is answered.
                    self.metrics.refusedHTTP.increment()
                    self.closeSilently()
                    return false
                }
                self.admit(.message(message))
            }
            return self.open
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        context.fireChannelReadComplete()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)  // the socket failed (reset, TLS): nothing more can be said
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let event = event as? ChannelEvent, event == .inputClosed {
            context.close(promise: nil)
        } else {
            context.fireUserInboundEventTriggered(event)
        }
    }

    func triggerUserOutboundEvent(context: ChannelHandlerContext, event: Any, promise: EventLoopPromise<Void>?) {
        if let closing = event as? Outbox.Closing {
            self.closeLink(closing)
            promise?.succeed()
        } else {
            context.triggerUserOutboundEvent(event, promise: promise)
        }
    }

    // MARK: Pacing

    func read(context: ChannelHandlerContext) {
        self.pacing.read(context, holding: !self.heldForAnswer.isEmpty)
    }

    private func admit(_ input: Input) {
        switch self.pacing.admit(input, cost: .message, now: .now) {
        case .deliver(let input): self.deliver(input)
        case .wait:
            self.context.metrics.paced.increment()
            self.scheduleRelease()
        case .pacedTooLong: self.pacedTooLong()
        }
    }

    private func deliver(_ input: Input) {
        guard self.open, let outbox = self.outbox else { return }
        switch input {
        case .message(let message):
            if !self.heldForAnswer.isEmpty || self.waitsForAnswer(message) {
                self.heldForAnswer.append(message)
                return self.awaitAnswer()
            }
            self.session.receive(message, outbox: outbox)
        case .tooLong:
            outbox.push(IRCLine.numeric("417", to: self.session.nick ?? "*", trailing: "Input line was too long"))
        case .invalidUTF8(let command):
            outbox.push(IRCLine.make("FAIL", [command, "INVALID_UTF8"], trailing: "Message rejected: send UTF-8 text"))
        }
    }

    /// Whether `message` must wait for the relay to answer what came before it. The registration's own
    /// lines never do: a second `NICK` during the claim is the client's to send.
    private func waitsForAnswer(_ message: IRCMessage) -> Bool {
        if !self.registered && message.isRegistration { return false }
        return self.context.hub.awaitsAnswer(self.context.connectionID)
    }

    /// Held lines go on when the relay answers: the hub says so on the link's thread, and the connection
    /// picks it up on its own loop. No polling: nothing runs until the answer comes.
    private func awaitAnswer() {
        guard !self.awaitingAnswer, let eventLoop = self.channelContext?.eventLoop else { return }
        self.awaitingAnswer = true
        let connection = NIOLoopBound(self, eventLoop: eventLoop)
        self.session.member.whenAnswered { eventLoop.execute { connection.value.answered() } }
        // The answer may have come before the hook was set.
        if !self.context.hub.awaitsAnswer(self.context.connectionID) { self.answered() }
    }

    private func answered() {
        guard self.awaitingAnswer else { return }
        self.awaitingAnswer = false
        self.session.member.whenAnswered(nil)
        self.releaseHeld()
    }

    /// The held lines are handled in order, each once the relay answered what came before it (a held `JOIN`
    /// makes the next wait again), then reading goes on.
    private func releaseHeld() {
        guard self.open, let outbox = self.outbox else { return }
        while let message = self.heldForAnswer.first {
            guard !self.context.hub.awaitsAnswer(self.context.connectionID) else { return self.awaitAnswer() }
            self.heldForAnswer.removeFirst()
            self.session.receive(message, outbox: outbox)
            guard self.open else { return }
        }
        self.pacing.resumeReading(self.channelContext)
    }

    private func scheduleRelease() {
        guard let eventLoop = self.channelContext?.eventLoop else { return }
        self.pacing.scheduleRelease(on: eventLoop) { [self] in self.releaseWaiting() }
    }

    private func releaseWaiting() {
        guard self.open else { return }
        let release = self.pacing.release { input in
            self.deliver(input)
            return self.open
        }
        switch release {
        case .closed: return
        case .waiting: return self.scheduleRelease()
        case .pacedTooLong: return self.pacedTooLong()
        case .drained: if self.heldForAnswer.isEmpty { self.pacing.resumeReading(self.channelContext) }
        }
    }

    private func pacedTooLong() {
        self.context.metrics.closedPacedTooLong.increment()
        let configuration = self.context.configuration
        let reason =
            "paced for over \(self.pacing.limit.secondsFlagText) s without a break: send at most \(configuration.rateDescription) lines per second"
        self.outbox?.close(.init(code: .policyViolation, reason: reason))
    }

    // MARK: Slow clients

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        self.slowClient.writabilityChanged(context) { [self] in self.outbox?.close(.tooSlow) }
        context.fireChannelWritabilityChanged()
    }

    // MARK: Sweeps

    func helloDeadlinePassed() {
        guard self.session.nick == nil else { return }
        self.outbox?.close(.registrationTimedOut)
    }

    func sweep() {
        guard self.open, let context = self.channelContext else { return }
        // A pong may sit unread behind the client's own flood, or behind lines that wait for the relay.
        if !self.heard && !self.pacing.isPaced && self.heldForAnswer.isEmpty {
            self.context.metrics.closedSilent.increment()
            self.outbox?.close(.silent)
            return
        }
        self.heard = false
        context.writeAndFlush(self.wrapOutboundOut(.byteBuffer(IRCLine.make(prefix: nil, "PING", trailing: IRCLine.server))), promise: nil)
    }

    // MARK: Closing

    /// After the lines queued before it: `ERROR :Closing link: …`, then the socket closes.
    private func closeLink(_ closing: Outbox.Closing) {
        guard self.open, let context = self.channelContext else { return }
        self.open = false
        if closing == .tooSlow { self.context.metrics.droppedSlow.increment() }
        self.pacing.discard()
        let channel = context.channel
        let line = IRCReplies.closingLink(Self.reason(closing))
        context.writeAndFlush(self.wrapOutboundOut(.byteBuffer(line))).whenComplete { _ in channel.close(promise: nil) }
        // A client that reads nothing (a slow one) never takes the line: the socket closes without it then.
        context.eventLoop.scheduleTask(in: TimeAmount(self.context.configuration.closeTimeout)) { channel.close(promise: nil) }
    }

    /// What the `ERROR` line says for `closing` (docs/PROTOCOL.md, "What IRC clients see").
    static func reason(_ closing: Outbox.Closing) -> String {
        switch closing {
        case .tooSlow: "too slow"
        case .goingAway: "server shutting down"
        case .silent: "ping timeout"
        case .normal: ""
        default: closing.reason
        }
    }

    private func closeSilently() {
        guard let context = self.channelContext else { return }
        self.open = false
        self.outbox?.discard()
        self.pacing.discard()
        context.close(promise: nil)
    }
}

extension Outbox.Closing {
    /// No registration within `--hello-timeout`.
    static let registrationTimedOut = Outbox.Closing(code: .policyViolation, reason: "registration timed out")
}
