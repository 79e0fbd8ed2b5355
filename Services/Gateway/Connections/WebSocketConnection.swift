import Logging
import NIOCore
import NIOWebSocket

/// One client's WebSocket connection, as the one handler of its channel after the upgrade: no task, no
/// async stream, only what the event loop calls.
///
/// It reads and checks frames (``ClientFrameDecoder``), answers pings, joins fragments (``MessageAssembler``),
/// paces messages (``PacedReading``: reading stops while one waits for its tokens) and hands them to its
/// session. It does the close handshake both ways and fails the connection on a protocol error, with the
/// close code RFC 6455 gives. Frames for the client go through its ``Outbox``, already encoded; the
/// connection's own (pong, ping, close) are encoded and written here.
final class WebSocketConnection<Session: ClientSession>: ChannelDuplexHandler, SweptConnection {
    typealias InboundIn = ByteBuffer
    typealias OutboundIn = IOData
    typealias OutboundOut = IOData

    private enum State {
        case open
        /// The gateway sent its close frame and waits for the client's.
        case closing
        case closed
    }

    private let context: SessionContext
    private var session: Session
    private var outbox: Outbox!
    private var decoder: ClientFrameDecoder
    private var assembler: MessageAssembler
    private let pacing: PacedReading<Session.Frame>
    private var state = State.open
    private var channelContext: ChannelHandlerContext?
    private var sweeper: ConnectionSweeper?
    /// A close frame that came while messages still waited: answered after them, in order.
    private var closeAfterWaiting: ClientFrame?
    private var closeTimer: Scheduled<Void>?
    private var slowClient = SlowClientWatch()
    /// Anything heard from the client since the last sweep.
    private var heard = true
    private var needsFlush = false
    private var finished = false
    /// Whether the first message came: it (a plain client's name, a v1 hello) needs no token.
    private var introduced = false
    /// Why the connection cannot start (the relay is unreachable); `nil`: it can.
    private let refusal: Outbox.Closing?

    init(session: Session, context: SessionContext, refusal: Outbox.Closing? = nil) {
        let configuration = context.configuration
        self.session = session
        self.context = context
        self.refusal = refusal
        self.decoder = ClientFrameDecoder(maximumFrameBytes: configuration.maxFrameBytes)
        self.assembler = MessageAssembler(maximumBytes: configuration.maxFrameBytes)
        self.pacing = PacedReading(context.makePacer())
    }

    // MARK: Life

    func handlerAdded(context: ChannelHandlerContext) {
        self.channelContext = context
        let channel = context.channel
        let bound = self.context.configuration.clientQueueBytes
        SlowClientWatch.bound(channel, queueBytes: bound)
        self.outbox = Outbox(writingBelow: context, byteLimit: Outbox.byteLimit(queueBytes: bound)) { closing, channel in
            guard closing != .normal else { return }
            // The frames queued before the close were written already; the handshake starts here.
            channel.pipeline.syncOperations.triggerUserOutboundEvent(closing, promise: nil)
        }
        self.context.log(.debug, "connection opened", metadata: ["peer": "\(channel.remoteAddress?.description ?? "unknown")"])
        if let refusal {
            self.outbox.close(refusal)
            return
        }
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

    /// Once, when the connection is gone: the session ends and every timer stops.
    private func finish() {
        guard !self.finished else { return }
        self.finished = true
        self.state = .closed
        self.closeTimer?.cancel()
        self.slowClient.stop()
        self.pacing.stop()
        self.sweeper?.remove(id: self.context.connectionID)
        self.sweeper = nil
        if let outbox = self.outbox {
            if self.refusal == nil { self.session.end(outbox: outbox) }
            outbox.close(.normal)
            self.outbox = nil
        }
    }

    // MARK: Frames in

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard self.state != .closed else { return }
        self.heard = true
        do throws(ClientFrameDecoder.Failure) {
            try self.decoder.decode(self.unwrapInboundIn(data)) { frame in
                self.receive(frame)
                return self.state != .closed
            }
        } catch {
            self.fail(code: error.code, reason: error.reason)
        }
    }

    private func receive(_ frame: ClientFrame) {
        switch frame.opcode {
        case .ping:
            guard self.state == .open else { return }
            self.write(EncodedFrame(opcode: .pong, payload: frame.payload))
        case .pong:
            break
        case .connectionClose:
            if self.pacing.isHolding {
                self.closeAfterWaiting = frame
            } else {
                self.receivedClose(frame)
            }
        default:
            guard self.state == .open, self.closeAfterWaiting == nil else { return }  // after a close: discarded
            do throws(MessageAssembler.Failure) {
                if let message = try self.assembler.add(frame) { self.admit(message) }
            } catch {
                self.fail(code: error.code, reason: error.reason)
            }
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        self.flushIfNeeded()
        context.fireChannelReadComplete()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)  // the socket failed (reset, TLS): nothing more can be said
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let event = event as? ChannelEvent, event == .inputClosed {
            context.close(promise: nil)  // the client shut its side: it will send nothing more
        } else if event is ChannelShouldQuiesceEvent {
            self.startClose(.goingAway)
        } else {
            context.fireUserInboundEventTriggered(event)
        }
    }

    func triggerUserOutboundEvent(context: ChannelHandlerContext, event: Any, promise: EventLoopPromise<Void>?) {
        if let closing = event as? Outbox.Closing {
            self.beginCloseHandshake(closing)
            promise?.succeed()
        } else {
            context.triggerUserOutboundEvent(event, promise: promise)
        }
    }

    // MARK: Slow clients

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        self.slowClient.writabilityChanged(context) { [self] in self.startClose(.tooSlow) }
        context.fireChannelWritabilityChanged()
    }

    // MARK: Pacing

    func read(context: ChannelHandlerContext) {
        self.pacing.read(context)
    }

    private func admit(_ message: InboundMessage) {
        let (frame, cost) = self.session.read(message)
        guard self.introduced else {
            self.introduced = true
            return self.deliver(frame)
        }
        switch self.pacing.admit(frame, cost: cost, now: .now) {
        case .deliver(let frame):
            self.deliver(frame)
        case .wait:
            self.context.metrics.paced.increment()
            self.scheduleRelease()
        case .pacedTooLong:
            self.pacedTooLong()
        }
    }

    private func deliver(_ frame: Session.Frame) {
        self.context.metrics.framesIn.increment()
        self.session.receive(frame, outbox: self.outbox)
    }

    private func scheduleRelease() {
        guard let eventLoop = self.channelContext?.eventLoop else { return }
        self.pacing.scheduleRelease(on: eventLoop) { [self] in self.releaseWaiting() }
    }

    /// The timer's turn: the messages whose tokens came, then a close that came behind them, then reading
    /// again once none waits.
    private func releaseWaiting() {
        guard self.state == .open else { return }
        let release = self.pacing.release { frame in
            self.deliver(frame)
            return self.state == .open
        }
        switch release {
        case .closed: return
        case .waiting: return self.scheduleRelease()
        case .pacedTooLong: return self.pacedTooLong()
        case .drained: break
        }
        if let close = self.closeAfterWaiting {
            self.closeAfterWaiting = nil
            return self.receivedClose(close)
        }
        self.pacing.resumeReading(self.channelContext)
    }

    private func pacedTooLong() {
        self.context.metrics.closedPacedTooLong.increment()
        let configuration = self.context.configuration
        let reason =
            "paced for over \(self.pacing.limit.secondsFlagText) s without a break: send at most \(configuration.rateDescription) messages "
            + "and \(configuration.fileBytesPerSecond.flagText) file bytes per second"
        self.startClose(Outbox.Closing(code: .policyViolation, reason: reason))
    }

    // MARK: Sweeps

    func helloDeadlinePassed() {
        guard self.context.hub.name(of: self.context.connectionID) == nil else { return }
        self.fail(code: .policyViolation, reason: "no username within \(self.context.configuration.usernameTimeout)")
    }

    func sweep() {
        guard self.state == .open else { return }
        // A paced client's pong may sit unread behind its own flood: it is not silent.
        if !self.heard && !self.pacing.isPaced {
            self.context.metrics.closedSilent.increment()
            return self.startClose(.silent)
        }
        self.heard = false
        self.write(EncodedFrame(opcode: .ping, payload: ByteBuffer()))
        self.flushIfNeeded()
    }

    // MARK: Closing

    /// The client's close frame: answered with its code (RFC 6455 §5.5.1), then the socket closes.
    private func receivedClose(_ frame: ClientFrame) {
        guard self.state == .open else {
            self.channelContext?.close(promise: nil)  // the answer to the gateway's own close
            return
        }
        var data = frame.payload
        guard data.readableBytes != 1 else { return self.fail(code: .protocolError, reason: "a close frame of one byte") }
        guard let code = data.readInteger(as: UInt16.self) else {
            return self.closeNow(EncodedFrame(opcode: .connectionClose, payload: ByteBuffer()))
        }
        guard Self.isValidCloseCode(code) else { return self.fail(code: .protocolError, reason: "close code \(code) is not one a client may send") }
        guard data.withUnsafeReadableBytes(UTF8Validation.isValid) else {
            return self.fail(code: .dataInconsistentWithMessage, reason: "close reason is not valid UTF-8")
        }
        var echo = ByteBuffer()
        echo.writeInteger(code)
        self.closeNow(EncodedFrame(opcode: .connectionClose, payload: echo))
    }

    /// Closes the outbox with `closing`: the close handshake begins once the frames queued before it are written.
    private func startClose(_ closing: Outbox.Closing) {
        self.outbox?.close(closing)
    }

    /// The gateway's side of the close handshake, from the outbox: the client has the close timeout to answer.
    private func beginCloseHandshake(_ closing: Outbox.Closing) {
        guard self.state == .open, let context = self.channelContext else { return }
        self.state = .closing
        if closing == .tooSlow { self.context.metrics.droppedSlow.increment() }
        self.pacing.discard()
        self.closeAfterWaiting = nil
        self.write(.close(code: closing.code, reason: closing.reason))
        self.flushIfNeeded()
        self.pacing.resumeReading(context)  // the client's close frame must be read
        let channel = context.channel
        self.closeTimer = context.eventLoop.scheduleTask(in: TimeAmount(self.context.configuration.closeTimeout)) {
            channel.close(promise: nil)
        }
    }

    /// Fails the connection (RFC 6455 §7.1.7): a close frame, then the socket closes without waiting.
    private func fail(code: WebSocketErrorCode, reason: String) {
        guard self.state != .closed else { return }
        self.closeNow(.close(code: code, reason: reason))
    }

    private func closeNow(_ frame: EncodedFrame) {
        guard let context = self.channelContext else { return }
        self.state = .closed
        self.outbox?.discard()  // nothing may follow the close frame
        self.pacing.discard()
        let channel = context.channel
        context.writeAndFlush(self.wrapOutboundOut(.byteBuffer(frame.bytes))).whenComplete { _ in channel.close(promise: nil) }
        self.needsFlush = false
    }

    /// The codes a close frame may carry (RFC 6455 §7.4: the defined ones that may be sent, and those
    /// registered with IANA or left to libraries and applications).
    static func isValidCloseCode(_ code: UInt16) -> Bool {
        switch code {
        case 1000...1003, 1007...1014, 3000...4999: true
        default: false
        }
    }

    // MARK: Writing

    private func write(_ frame: EncodedFrame) {
        guard let context = self.channelContext else { return }
        context.write(self.wrapOutboundOut(.byteBuffer(frame.bytes)), promise: nil)
        self.needsFlush = true
    }

    private func flushIfNeeded() {
        guard self.needsFlush, let context = self.channelContext else { return }
        self.needsFlush = false
        context.flush()
    }
}

extension Outbox.Closing {
    /// Silent since the last ping (1001 "going away", as the ping interval's help says).
    static let silent = Outbox.Closing(code: .goingAway, reason: "no answer to ping")
}
