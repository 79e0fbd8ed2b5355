import NIOCore
import NIOHTTP1
import NIOPosix
import NIOWebSocket

/// Opens benchmark clients: TCP connect, WebSocket upgrade, then the greeting frame (name or `hello`).
struct WebSocketConnector<Events: ClientEvents>: Sendable {
    /// Client `i` connects to `servers[i % servers.count]`.
    let servers: [ServerAddress]
    /// The WebSocket subprotocol to offer: `nil` for the plain protocol, `privchat.v1` for protocol v1.
    var subprotocol: String? = nil
    /// Largest frame accepted from the server; NIO's default (16 KiB) is below the chat's message limit.
    var maxFrameSize = 1 << 20
    /// How long the TCP connect, and then the upgrade and name frame, may each take.
    var handshakeTimeout = TimeAmount.seconds(10)

    /// Connects client `client` on `eventLoop`; the future succeeds once its greeting frame is written.
    func connect(client: Int, greeting: String, on eventLoop: any EventLoop, events: Events) -> EventLoopFuture<any Channel> {
        let named = eventLoop.makePromise(of: Void.self)
        // A server that accepts the socket but never answers the upgrade must not stall the run.
        let deadline = eventLoop.scheduleTask(in: self.handshakeTimeout) {
            named.fail(UpgradeError(reason: "no WebSocket upgrade within \(self.handshakeTimeout.nanoseconds / 1_000_000_000) s"))
        }
        named.futureResult.whenComplete { _ in deadline.cancel() }
        let server = self.servers[client % self.servers.count]
        let maxFrameSize = self.maxFrameSize
        let subprotocol = self.subprotocol
        let bootstrap = ClientBootstrap(group: eventLoop)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .connectTimeout(self.handshakeTimeout)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let request = UpgradeRequestHandler(server: server, subprotocol: subprotocol, failure: named)
                    let upgrader = NIOWebSocketClientUpgrader(maxFrameSize: maxFrameSize, automaticErrorHandling: false) { channel, _ in
                        channel.eventLoop.makeCompletedFuture {
                            let operations = channel.pipeline.syncOperations
                            // The request handler would otherwise see (and misread) every frame.
                            if let request = try? operations.handler(type: UpgradeRequestHandler.self) {
                                operations.removeHandler(request, promise: nil)
                            }
                            try operations.addHandler(BenchClientHandler(client: client, greeting: greeting, events: events, named: named))
                        }
                    }
                    try channel.pipeline.syncOperations.addHTTPClientHandlers(
                        leftOverBytesStrategy: .forwardBytes,
                        withClientUpgrade: (upgraders: [upgrader], completionHandler: { _ in })
                    )
                    try channel.pipeline.syncOperations.addHandler(request)
                }
            }
        return bootstrap.connect(host: server.host, port: server.port).flatMap { channel in
            named.futureResult.map { channel }.flatMapErrorThrowing { error in
                channel.close(promise: nil)
                throw error
            }
        }.flatMapErrorThrowing { error in
            named.fail(error)
            throw error
        }
    }

    /// Connects clients `0..<count`, at most `batch` at a time (a burst of thousands of SYNs overflows the
    /// server's listen backlog and costs one-second retransmits). Blocks the calling thread, which must
    /// not be an event loop.
    ///
    /// - Returns: the channel of each client, or the error that kept it from connecting.
    func connectAll(
        count: Int,
        batch: Int,
        name: (Int) -> String,
        loop: (Int) -> any EventLoop,
        events: (Int) -> Events
    ) -> [Result<any Channel, any Error>] {
        self.connectAll(clients: 0..<count, batch: batch, deadline: nil, name: name, loop: loop, events: events)
    }

    /// Connects `clients` as above, and starts no new batch after `deadline` (monotonic nanoseconds), so
    /// a server that takes connections ever more slowly cannot hold the run: the result then has fewer
    /// entries than `clients`.
    func connectAll(
        clients: Range<Int>,
        batch: Int,
        deadline: UInt64?,
        name: (Int) -> String,
        loop: (Int) -> any EventLoop,
        events: (Int) -> Events
    ) -> [Result<any Channel, any Error>] {
        var results = [Result<any Channel, any Error>]()
        results.reserveCapacity(clients.count)
        var start = clients.lowerBound
        while start < clients.upperBound {
            if let deadline, MonotonicClock.nanoseconds() > deadline { break }
            let end = min(clients.upperBound, start + max(1, batch))
            let futures = (start..<end).map { client in
                self.connect(client: client, greeting: name(client), on: loop(client), events: events(client))
            }
            for future in futures {
                results.append(Result { try future.wait() })
            }
            start = end
        }
        return results
    }
}
