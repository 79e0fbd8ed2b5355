import CZeroMQ

/// A libzmq context: the I/O threads and the `inproc://` namespace that sockets share.
///
/// libzmq contexts are thread-safe, so this type is `Sendable`. Every ``ZMQSocket`` retains its
/// context, so `zmq_ctx_term` (which waits for every socket to close) runs only after the last
/// socket is gone and never blocks.
public final class ZMQContext: @unchecked Sendable {
    let handle: UnsafeMutableRawPointer

    /// Creates a context with `ioThreads` background I/O threads.
    public init(ioThreads: Int = 1) throws(ZMQError) {
        guard let handle = zmq_ctx_new() else { throw .last() }
        zmq_ctx_set(handle, ZMQ_IO_THREADS, Int32(ioThreads))
        // Without this, terminating a context with queued messages would wait for them forever.
        zmq_ctx_set(handle, ZMQ_BLOCKY, 0)
        self.handle = handle
    }

    deinit {
        while zmq_ctx_term(self.handle) != 0 && zmq_errno() == EINTR {}
    }
}
