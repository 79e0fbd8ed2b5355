import CZeroMQ

/// One libzmq socket.
///
/// Deliberately not `Sendable`: libzmq sockets must stay on one thread (zguide chapter 2). A socket that
/// must be used from several threads lives behind a `Mutex`, whose lock is the full memory barrier
/// `zmq_socket(3)` asks for when a socket changes threads.
public final class ZMQSocket {
    /// Retained so that `zmq_ctx_term` (in ``ZMQContext``'s deinit) runs after this socket closes.
    private let context: ZMQContext
    let handle: UnsafeMutableRawPointer

    public init(_ context: ZMQContext, _ type: ZMQSocketType) throws(ZMQError) {
        guard let handle = zmq_socket(context.handle, type.rawValue) else { throw .last() }
        self.context = context
        self.handle = handle
        // The default linger is infinite: closing would wait on unsent messages.
        try self.setOption(ZMQ_LINGER, Int32(0))
    }

    deinit {
        zmq_close(self.handle)
    }

    /// Binds to `endpoint`, e.g. `tcp://127.0.0.1:5555` or `inproc://relay`.
    public func bind(_ endpoint: String) throws(ZMQError) {
        guard zmq_bind(self.handle, endpoint) == 0 else { throw .last() }
    }

    /// Connects to `endpoint`; libzmq connects in the background and reconnects after failures.
    public func connect(_ endpoint: String) throws(ZMQError) {
        guard zmq_connect(self.handle, endpoint) == 0 else { throw .last() }
    }

    /// Stops connecting to `endpoint`; messages queued for it are dropped.
    public func disconnect(_ endpoint: String) throws(ZMQError) {
        guard zmq_disconnect(self.handle, endpoint) == 0 else { throw .last() }
    }

    /// The endpoint actually bound, useful after binding a wildcard port (`tcp://127.0.0.1:*`).
    public var lastEndpoint: String {
        var buffer = [CChar](repeating: 0, count: 256)
        var size = buffer.count
        zmq_getsockopt(self.handle, ZMQ_LAST_ENDPOINT, &buffer, &size)
        return String(decoding: buffer.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    // MARK: Sending

    /// Sends one frame copied from `bytes`.
    ///
    /// - Returns: `false` when `dontWait` is set and the socket would block (high-water mark reached).
    @discardableResult
    public func send(_ bytes: UnsafeRawBufferPointer, more: Bool = false, dontWait: Bool = false) throws(ZMQError) -> Bool {
        let flags = (more ? ZMQ_SNDMORE : 0) | (dontWait ? ZMQ_DONTWAIT : 0)
        while true {
            if zmq_send(self.handle, bytes.baseAddress, bytes.count, flags) >= 0 { return true }
            let error = ZMQError.last()
            if error.isInterrupted { continue }
            if error.isWouldBlock && dontWait { return false }
            throw error
        }
    }

    /// Sends one frame copied from `bytes`.
    @discardableResult
    public func send(_ bytes: [UInt8], more: Bool = false, dontWait: Bool = false) throws(ZMQError) -> Bool {
        let result = bytes.withUnsafeBytes { buffer in
            Result { () throws(ZMQError) -> Bool in try self.send(buffer, more: more, dontWait: dontWait) }
        }
        return try result.get()
    }

    /// Sends `message` without copying it; on success the message is left empty.
    @discardableResult
    public func send(_ message: ZMQMessage, more: Bool = false, dontWait: Bool = false) throws(ZMQError) -> Bool {
        let flags = (more ? ZMQ_SNDMORE : 0) | (dontWait ? ZMQ_DONTWAIT : 0)
        while true {
            if zmq_msg_send(message.pointer, self.handle, flags) >= 0 { return true }
            let error = ZMQError.last()
            if error.isInterrupted { continue }
            if error.isWouldBlock && dontWait { return false }
            throw error
        }
    }

    // MARK: Receiving

    /// Receives the next frame into `message`, replacing what it held.
    ///
    /// - Returns: `false` when `dontWait` is set and no frame is waiting.
    @discardableResult
    public func receive(into message: ZMQMessage, dontWait: Bool = false) throws(ZMQError) -> Bool {
        while true {
            if zmq_msg_recv(message.pointer, self.handle, dontWait ? ZMQ_DONTWAIT : 0) >= 0 { return true }
            let error = ZMQError.last()
            if error.isInterrupted { continue }
            if error.isWouldBlock && dontWait { return false }
            throw error
        }
    }

    /// Receives every remaining frame of a multipart message and drops it.
    public func discardRemainingFrames(of message: ZMQMessage) throws(ZMQError) {
        while message.hasMore {
            try self.receive(into: message)
        }
    }
}
