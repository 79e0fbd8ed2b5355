public import NIOCore
public import NIOWebSocket
import Synchronization

/// The frames waiting to be written to one client, and their writing.
///
/// Whoever has frames for the client (the relay link's thread fanning out a room's message, a session
/// answering its client) queues them without blocking; the first frame queued schedules one drain on the
/// connection's event loop, which writes everything waiting and flushes once. There is no task or actor
/// between the fan-out and the socket, and a burst costs one wake-up and one system call per client.
///
/// Whether the client keeps up is judged by what its socket has not taken (``SlowClientWatch`` watches
/// the channel's writability), not here: frames waiting for the loop's next turn are the gateway's own
/// queue, and their bytes are shared by every member of the room. The outbox only refuses past
/// `byteLimit` queued, a bound on a loop that stopped draining.
public final class Outbox: Sendable {
    /// Why an outbox stopped taking frames, and how the connection is closed.
    public struct Closing: Sendable, Equatable {
        public var code: WebSocketErrorCode
        public var reason: String

        /// The client did not read fast enough (1013 "try again later").
        public static let tooSlow = Closing(code: .unknown(1013), reason: "too slow: outbound queue full")
        /// The server is shutting down (1001 "going away").
        public static let goingAway = Closing(code: .goingAway, reason: "server shutting down")
        /// The session ended normally.
        public static let normal = Closing(code: .normalClosure, reason: "")
    }

    private struct State {
        var frames: [EncodedFrame] = []
        var queuedBytes = 0
        var drainScheduled = false
        var closing: Closing?
        var closingHandled = false
    }

    private let state = Mutex(State())
    private let channel: any Channel
    /// The connection handler's context: frames written there go straight to the socket's end of the
    /// pipeline, past nothing that would only pass them on.
    private let writer: NIOLoopBound<ChannelHandlerContext>?
    private let byteLimit: Int
    /// How ``push(_:)`` frames what it is given.
    let framing: EncodedFrame.Framing
    private let onClosing: @Sendable (Closing, any Channel) -> Void

    /// - Parameter onClosing: Called once, on the channel's event loop, with the channel, after the frames
    ///   queued before the outbox closed were written: where the close handshake starts. Handed the channel
    ///   rather than capturing it, so that each connection's outbox needs no closure context of its own.
    public convenience init(channel: any Channel, byteLimit: Int, onClosing: @escaping @Sendable (Closing, any Channel) -> Void = { _, _ in }) {
        self.init(channel: channel, byteLimit: byteLimit, framing: .webSocketText, onClosing: onClosing)
    }

    /// An outbox that writes through `channel`'s pipeline, framing what is pushed as `framing` says.
    init(channel: any Channel, byteLimit: Int, framing: EncodedFrame.Framing, onClosing: @escaping @Sendable (Closing, any Channel) -> Void) {
        self.channel = channel
        self.writer = nil
        self.byteLimit = byteLimit
        self.framing = framing
        self.onClosing = onClosing
    }

    /// An outbox that writes below the handler of `context`, on its event loop, framing what is pushed as `framing` says.
    init(
        writingBelow context: ChannelHandlerContext,
        byteLimit: Int,
        framing: EncodedFrame.Framing = .webSocketText,
        onClosing: @escaping @Sendable (Closing, any Channel) -> Void
    ) {
        self.channel = context.channel
        self.writer = NIOLoopBound(context, eventLoop: context.eventLoop)
        self.byteLimit = byteLimit
        self.framing = framing
        self.onClosing = onClosing
    }

    /// The bound of an outbox whose client's socket may hold `queueBytes` (``SlowClientWatch``): only a
    /// loop that stopped draining reaches it.
    static func byteLimit(queueBytes: Int) -> Int { max(queueBytes, 64 << 20) }

    /// Queues `payload`, framed as the connection needs (a WebSocket text frame, or IRC lines as they are),
    /// and makes sure it gets written. Returns `false` if the outbox is closed or just closed itself for being full.
    @discardableResult
    public func push(_ payload: ByteBuffer) -> Bool {
        let (accepted, needsDrain) = self.enqueue(EncodedFrame(payload: payload, framing: self.framing))
        if needsDrain { self.scheduleDrain() }
        return accepted
    }

    /// Queues `frame`; when `needsDrain`, the caller must get ``drain()`` run (see ``drainAll(_:)``).
    func enqueue(_ frame: EncodedFrame) -> (accepted: Bool, needsDrain: Bool) {
        let size = frame.bytes.readableBytes
        return self.state.withLock { state in
            guard state.closing == nil else { return (false, false) }
            let accepted: Bool
            if state.queuedBytes + size <= self.byteLimit {
                state.frames.append(frame)
                state.queuedBytes += size
                accepted = true
            } else {
                state.closing = .tooSlow
                state.frames.removeAll()
                state.queuedBytes = 0
                accepted = false
            }
            defer { state.drainScheduled = true }
            return (accepted, !state.drainScheduled)
        }
    }

    /// Stops the outbox: what was queued is still written, then `onClosing` runs. The first closing wins.
    public func close(_ closing: Closing) {
        let needsDrain = self.state.withLock { state -> Bool in
            guard state.closing == nil else { return false }
            state.closing = closing
            defer { state.drainScheduled = true }
            return !state.drainScheduled
        }
        if needsDrain { self.scheduleDrain() }
    }

    /// Stops the outbox and drops what is queued: the connection failed, and nothing may follow its close frame.
    public func discard() {
        self.state.withLock { state in
            if state.closing == nil { state.closing = .normal }
            state.frames.removeAll()
            state.queuedBytes = 0
        }
    }

    /// Whether the outbox is closed (the connection is on its way out).
    public var isClosed: Bool { self.state.withLock { $0.closing != nil } }

    /// Runs the drains of `outboxes` with one task per event loop rather than one per outbox.
    static func drainAll(_ outboxes: [Outbox]) {
        guard outboxes.count > 1 else {
            outboxes.first?.scheduleDrain()
            return
        }
        let byLoop = Dictionary(grouping: outboxes) { ObjectIdentifier($0.channel.eventLoop) }
        for group in byLoop.values {
            group[0].channel.eventLoop.execute {
                for outbox in group { outbox.drain() }
            }
        }
    }

    private func scheduleDrain() {
        self.channel.eventLoop.execute { self.drain() }
    }

    /// On the event loop: writes everything queued with one flush, then handles a closing once.
    private func drain() {
        let (frames, closing) = self.state.withLock { state -> ([EncodedFrame], Closing?) in
            let frames = state.frames
            // The array just taken shares its storage, so emptying makes a new one: of the same capacity, so
            // that a busy client's next drain does not grow it again append by append.
            state.frames.removeAll(keepingCapacity: true)
            state.queuedBytes = 0
            state.drainScheduled = false
            guard let closing = state.closing, !state.closingHandled else { return (frames, nil) }
            state.closingHandled = true
            state.drainScheduled = true  // closed: nothing will be queued again
            return (frames, closing)
        }
        if !frames.isEmpty {
            if let writer = self.writer?.value {
                for frame in frames { writer.write(NIOAny(IOData.byteBuffer(frame.bytes)), promise: nil) }
                writer.flush()
            } else {
                let pipeline = self.channel.pipeline.syncOperations
                for frame in frames { pipeline.write(NIOAny(IOData.byteBuffer(frame.bytes)), promise: nil) }
                pipeline.flush()
            }
        }
        if let closing { self.onClosing(closing, self.channel) }
    }
}
