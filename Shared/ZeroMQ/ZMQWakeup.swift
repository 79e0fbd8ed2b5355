import Synchronization

/// Wakes a thread blocked in ``ZMQPoller/poll(timeout:)`` from any other thread, and tells it to stop.
///
/// The zguide's "signaling between threads" (chapter 2): a pair of `inproc://` PAIR sockets. The
/// loop thread polls ``receiver`` and checks ``isStopRequested``; other threads call ``signal()`` or
/// ``requestStop()``.
public final class ZMQWakeup: Sendable {
    /// The end the loop thread polls. Use it from that thread only.
    public nonisolated(unsafe) let receiver: ZMQSocket
    private let sender: Mutex<ZMQSocket>
    private let signalled = Atomic<Bool>(false)
    private let stopRequested = Atomic<Bool>(false)

    public init(context: ZMQContext) throws(ZMQError) {
        let endpoint = "inproc://wakeup-\(UInt64.random(in: .min ... .max))"
        let receiver = try ZMQSocket(context, .pair)
        try receiver.bind(endpoint)
        let sender = try ZMQSocket(context, .pair)
        try sender.connect(endpoint)
        self.receiver = receiver
        self.sender = Mutex(sender)
    }

    /// Makes the receiver readable. Signals before the loop drains are coalesced into one.
    public func signal() {
        guard !self.signalled.exchange(true, ordering: .acquiringAndReleasing) else { return }
        self.sender.withLock { sender in
            _ = try? sender.send([1], dontWait: true)
        }
    }

    /// Asks the loop to stop, and wakes it.
    public func requestStop() {
        self.stopRequested.store(true, ordering: .releasing)
        self.signal()
    }

    /// Whether ``requestStop()`` was called. The loop checks it after every wake-up.
    public var isStopRequested: Bool { self.stopRequested.load(ordering: .acquiring) }

    /// Consumes pending signals. Call on the loop thread when the receiver polls readable.
    public func drain() {
        self.signalled.store(false, ordering: .releasing)
        let message = ZMQMessage()
        while (try? self.receiver.receive(into: message, dontWait: true)) == true {}
    }
}
