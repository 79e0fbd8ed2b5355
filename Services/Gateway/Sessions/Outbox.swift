public import NIOCore
public import NIOWebSocket
import Synchronization

/// The frames waiting to be written to one client, bounded in bytes.
///
/// The relay link's thread pushes without ever blocking; the connection's writer task takes everything
/// waiting in one go, so a burst costs one wake-up. When a client reads too slowly and the queue
/// passes its limit, the outbox closes itself and the client is disconnected: memory stays bounded
/// and nobody else waits.
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

    /// What the writer gets next.
    public enum Next: Sendable {
        case frames([ByteBuffer])
        case closed(Closing)
    }

    private struct State {
        var frames: [ByteBuffer] = []
        var bytes = 0
        var waiter: CheckedContinuation<Next, Never>?
        var closing: Closing?
    }

    private let state = Mutex(State())
    private let byteLimit: Int
    private let onClosing: @Sendable (Closing) -> Void

    /// - Parameter onClosing: Called once, on the closing thread, when the outbox closes. The writer
    ///   may be stuck writing to a client that stopped reading, so this is where the connection's
    ///   forced close gets scheduled.
    public init(byteLimit: Int, onClosing: @escaping @Sendable (Closing) -> Void = { _ in }) {
        self.byteLimit = byteLimit
        self.onClosing = onClosing
    }

    /// Queues `frame`. Returns `false` if the outbox is closed or just closed itself for being full.
    @discardableResult
    public func push(_ frame: ByteBuffer) -> Bool {
        let (accepted, waiter, next) = self.state.withLock { state -> (Bool, CheckedContinuation<Next, Never>?, Next?) in
            guard state.closing == nil else { return (false, nil, nil) }
            guard state.bytes + frame.readableBytes <= self.byteLimit else {
                state.closing = .tooSlow
                state.frames.removeAll()
                state.bytes = 0
                return (false, state.waiter.take(), .closed(.tooSlow))
            }
            if let waiter = state.waiter.take() {
                return (true, waiter, .frames([frame]))
            }
            state.frames.append(frame)
            state.bytes += frame.readableBytes
            return (true, nil, nil)
        }
        if let waiter, let next { waiter.resume(returning: next) }
        if !accepted, case .closed(let closing) = next { self.onClosing(closing) }
        return accepted
    }

    /// Stops the outbox; the writer gets what was queued, then `closing`. The first closing wins.
    public func close(_ closing: Closing) {
        let (first, waiter) = self.state.withLock { state -> (Bool, CheckedContinuation<Next, Never>?) in
            guard state.closing == nil else { return (false, nil) }
            state.closing = closing
            return (true, state.waiter.take())
        }
        waiter?.resume(returning: .closed(closing))
        if first { self.onClosing(closing) }
    }

    /// Whether the outbox is closed (the connection is on its way out).
    public var isClosed: Bool { self.state.withLock { $0.closing != nil } }

    /// Waits for frames or closing. One writer only.
    public func next() async -> Next {
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let ready = self.state.withLock { state -> Next? in
                    if !state.frames.isEmpty {
                        defer {
                            state.frames.removeAll(keepingCapacity: true)
                            state.bytes = 0
                        }
                        return .frames(state.frames)
                    }
                    if let closing = state.closing { return .closed(closing) }
                    state.waiter = continuation
                    return nil
                }
                if let ready { continuation.resume(returning: ready) }
            }
        } onCancel: {
            self.close(.normal)
        }
    }
}
