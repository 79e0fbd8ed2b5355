import Gateway
import GatewayTestSupport
import HummingbirdWSClient
import ServiceLifecycle
import Synchronization
import Testing

/// A whole gateway with its embedded relay, in process, driven by real WebSocket clients.
@Suite(.timeLimit(.minutes(1))) struct GatewayTests {
    /// A connected plain-mode client: messages arrive on `messages`; `close` is what the server sent.
    struct Client {
        let outbound: WebSocketOutboundWriter
        let messages: AsyncStream<String>
        let finished: Task<WebSocketCloseFrame?, any Error>

        static func connect(port: Int, name: String) async throws -> Client {
            let connection = try await TestConnection.open(port: port, first: name)
            return Client(outbound: connection.outbound, messages: connection.texts, finished: connection.finished)
        }

        func say(_ text: String) async throws {
            try await self.outbound.write(.text(text))
        }

        func next() async -> String? {
            var iterator = self.messages.makeAsyncIterator()
            return await iterator.next()
        }
    }

    /// Runs a gateway with an embedded relay on a free port until `body` returns, then shuts it down.
    static func withGateway(_ body: @Sendable (Int, Gateway, ServiceGroup) async throws -> Void) async throws {
        try await withRunningGateway(body)
    }

    static func waitForConnections(_ count: Int, on gateway: Gateway) async throws {
        while gateway.hub.connectionCount != count { try await Task.sleep(for: .milliseconds(5)) }
    }

    @Test func plainClientsChatAndNobodyHearsThemselves() async throws {
        try await Self.withGateway { port, gateway, _ in
            let alice = try await Client.connect(port: port, name: "alice")
            let bob = try await Client.connect(port: port, name: "bob")
            try await Self.waitForConnections(2, on: gateway)
            try await alice.say("hi bob")
            #expect(await bob.next() == "alice: hi bob")
            try await bob.say("hi alice")
            #expect(await alice.next() == "bob: hi alice", "alice's own message would have come first")
        }
    }

    @Test func gracefulShutdownClosesEveryClientWith1001() async throws {
        let closes = Mutex<[WebSocketCloseFrame?]>([])
        try await Self.withGateway { port, gateway, group in
            let clients = [try await Client.connect(port: port, name: "a"), try await Client.connect(port: port, name: "b")]
            try await Self.waitForConnections(2, on: gateway)
            await group.triggerGracefulShutdown()
            for client in clients {
                let close = try await client.finished.value
                closes.withLock { $0.append(close) }
            }
        }
        #expect(closes.withLock { $0.map { $0?.closeCode } } == [.goingAway, .goingAway])
    }
}
