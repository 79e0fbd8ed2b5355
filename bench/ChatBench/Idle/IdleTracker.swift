import NIOCore

/// The clients of an idle run on one event loop: they send their name and then nothing, and this
/// counts what happens to them (closed by the server, error frames).
///
/// Confined to `eventLoop`, like ``FanoutShard``.
final class IdleTracker: ClientEvents, @unchecked Sendable {
    let eventLoop: any EventLoop
    private var connections: [ClientConnection] = []
    private(set) var counts = IdleCounts()

    init(eventLoop: any EventLoop) {
        self.eventLoop = eventLoop
    }

    func ready(_ client: Int, connection: ClientConnection) {
        self.connections.append(connection)
        self.counts.open += 1
    }

    func received(_ client: Int, text: UnsafeRawBufferPointer) {
        if BenchMessage.parse(text) == .error {
            self.counts.errorFrames += 1
            if self.counts.firstError == nil { self.counts.firstError = String(decoding: text.prefix(200), as: UTF8.self) }
        } else {
            self.counts.otherFrames += 1
        }
    }

    func readComplete(_ client: Int) {}

    func closed(_ client: Int, reason: String?) {
        self.counts.open -= 1
        self.counts.closed += 1
        if self.counts.firstClose == nil { self.counts.firstClose = "client \(client): \(reason ?? "connection closed")" }
    }

    /// Closes every client of this loop politely (a close frame, then the socket).
    func closeAll() -> EventLoopFuture<Void> {
        let closed = self.connections.map { connection in
            connection.close()
            return connection.channel.closeFuture
        }
        self.connections = []
        return EventLoopFuture.andAllComplete(closed, on: self.eventLoop)
    }
}
