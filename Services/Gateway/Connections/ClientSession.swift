/// A client's side of the chat: fed whole messages, in order, on its connection's event loop.
///
/// It answers through the connection's ``Outbox`` and ends the connection by closing it
/// (``Outbox/close(_:)``), which starts the close handshake.
protocol ClientSession {
    /// The connection is open.
    mutating func start(outbox: Outbox)
    /// The next message, paced: at most the configured rate after a burst.
    mutating func receive(_ message: InboundMessage, outbox: Outbox)
    /// The connection is gone.
    func end(outbox: Outbox)
}
