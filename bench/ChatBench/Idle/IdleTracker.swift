import NIOCore

/// The clients of an idle run on one event loop: they send their name and then nothing, and this
/// counts what happens to them (closed by the server, error frames, probes heard).
///
/// Confined to `eventLoop`, like ``FanoutShard``.
final class IdleTracker: ClientEvents, @unchecked Sendable {
    let eventLoop: any EventLoop
    private var connections: [Int: ClientConnection] = [:]
    /// Clients that received a ``NamedProbe``: the server has them named.
    private var heardProbe: Set<Int> = []
    private(set) var counts = IdleCounts()

    init(eventLoop: any EventLoop) {
        self.eventLoop = eventLoop
    }

    func ready(_ client: Int, connection: ClientConnection) {
        self.connections[client] = connection
        self.counts.open += 1
    }

    func received(_ client: Int, text: UnsafeRawBufferPointer) {
        if NamedProbe.isProbe(text) {
            self.heardProbe.insert(client)
        } else if BenchMessage.parse(text) == .error {
            self.counts.errorFrames += 1
            if self.counts.firstError == nil { self.counts.firstError = String(decoding: text.prefix(200), as: UTF8.self) }
        } else {
            self.counts.otherFrames += 1
        }
    }

    func readComplete(_ client: Int) {}

    func closed(_ client: Int, reason: String?) {
        guard self.connections.removeValue(forKey: client) != nil else { return }
        self.heardProbe.remove(client)
        self.counts.open -= 1
        self.counts.closed += 1
        if self.counts.firstClose == nil { self.counts.firstClose = "client \(client): \(reason ?? "connection closed")" }
    }

    /// Open clients the server is known to have named: they heard a probe (the probe's sender did not,
    /// and is counted once the other sender's probe reached it).
    var confirmed: Int { self.heardProbe.count }

    /// Sends probe `round` from its sender, if that client is open on this loop; `false` otherwise.
    func sendProbe(round: Int) -> Bool {
        guard let connection = self.connections[NamedProbe.sender(round: round)] else { return false }
        let text = NamedProbe.text(round: round)
        connection.writeText(capacity: text.utf8.count) { $0.writeString(text) }
        connection.flush()
        return true
    }

    /// Closes every client of this loop politely (a close frame, then the socket).
    func closeAll() -> EventLoopFuture<Void> {
        let closed = self.connections.values.map { connection in
            connection.close()
            return connection.channel.closeFuture
        }
        self.connections = [:]
        return EventLoopFuture.andAllComplete(closed, on: self.eventLoop)
    }
}
