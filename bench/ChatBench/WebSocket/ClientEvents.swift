import NIOCore

/// What a benchmark does with its clients' traffic.
///
/// Every call comes on the client's event loop, so an implementation owns its counters without locks as
/// long as it touches them only from that loop (the fan-out keeps one per loop).
protocol ClientEvents: AnyObject, Sendable {
    /// Client `client` is upgraded and its name frame is written; `connection` sends on its behalf.
    func ready(_ client: Int, connection: ClientConnection)
    /// A complete text frame arrived; `text` is valid only during the call.
    func received(_ client: Int, text: UnsafeRawBufferPointer)
    /// The client's socket was drained for now: the moment to flush writes batched meanwhile.
    func readComplete(_ client: Int)
    /// The connection is gone; `reason` says why if the server closed it or it failed.
    func closed(_ client: Int, reason: String?)
}
