/// A client's side of the chat: fed whole messages, in order, on its connection's event loop.
///
/// Each message is read first, as it arrives (``read(_:)``), and acted on once its connection's pacer lets
/// it through (``receive(_:outbox:)``): what a message costs depends on what it is, and a file chunk is
/// paced by its bytes. The session answers through the connection's ``Outbox`` and ends the connection by
/// closing it (``Outbox/close(_:)``), which starts the close handshake.
protocol ClientSession {
    /// A message as the session read it.
    associatedtype Frame

    /// The connection is open.
    mutating func start(outbox: Outbox)
    /// Reads a message just arrived: what it is, and what it costs the connection's pacer.
    func read(_ message: InboundMessage) -> (frame: Frame, cost: PaceCost)
    /// The next message, paced: at most the configured rates after their bursts.
    mutating func receive(_ frame: Frame, outbox: Outbox)
    /// The connection is gone.
    func end(outbox: Outbox)
}
