import CZeroMQ

/// A failed libzmq call, carrying libzmq's `errno`.
public struct ZMQError: Error, Hashable, CustomStringConvertible {
    /// The `errno` value libzmq reported.
    public let errno: Int32

    public init(errno: Int32) {
        self.errno = errno
    }

    public var description: String { String(cString: zmq_strerror(self.errno)) }

    /// The error libzmq recorded for the calling thread's last failed call.
    static func last() -> ZMQError { ZMQError(errno: zmq_errno()) }

    /// The socket would block: a high-water mark is reached or no message is waiting.
    public var isWouldBlock: Bool { self.errno == EAGAIN }

    /// A signal interrupted the call; it is safe to retry.
    var isInterrupted: Bool { self.errno == EINTR }
}
