import ChatClient
import ChatProtocol
import Gateway
import GatewayTestSupport
import Testing

/// The client against a real gateway (with its embedded relay), in process.
@Suite(.timeLimit(.minutes(1))) struct ChatClientTests {
    /// Runs a gateway on `port` (0: any) until `body` returns; gives `body` the port.
    static func withGateway(port: Int = 0, _ body: (Int) async throws -> Void) async throws {
        try await withRunningGateway(configuration: GatewayConfiguration(port: port)) { port, _, _ in try await body(port) }
    }

    static func client(_ port: Int, _ name: String) throws -> ChatClient {
        ChatClient(configuration: .init(url: try ServerURL("ws://127.0.0.1:\(port)/ws"), name: name, backoff: Backoff(initial: .milliseconds(50))))
    }

    /// The next event matching `predicate`, from an iterator over a client's events.
    static func next(_ events: inout AsyncStream<ChatEvent>.Iterator, where predicate: (ChatEvent) -> Bool) async -> ChatEvent? {
        while let event = await events.next() {
            if predicate(event) { return event }
        }
        return nil
    }

    @Test func twoClientsChatAndTheSenderGetsAnAcknowledgement() async throws {
        try await Self.withGateway { port in
            let amy = try Self.client(port, "amy")
            let bob = try Self.client(port, "bob")
            var amyEvents = amy.events.makeAsyncIterator()
            var bobEvents = bob.events.makeAsyncIterator()
            let runs = [Task { try await amy.run() }, Task { try await bob.run() }]
            _ = await Self.next(&amyEvents) { if case .welcomed = $0 { true } else { false } }
            _ = await Self.next(&bobEvents) { if case .welcomed = $0 { true } else { false } }
            let id = try await amy.say("hello bob", in: "lobby")
            let ack = await Self.next(&amyEvents) { if case .acknowledged = $0 { true } else { false } }
            guard case .acknowledged(let confirmation) = ack else { return #expect(Bool(false)) }
            #expect(confirmation.id == id)
            let received = await Self.next(&bobEvents) { if case .message = $0 { true } else { false } }
            guard case .message(let message, false, .none, .unsigned) = received else { return #expect(Bool(false)) }
            #expect((message.from, message.text) == ("amy", "hello bob"))
            await amy.stop()
            await bob.stop()
            for run in runs { try await run.value }
        }
    }

    @Test func aTakenNameEndsRunWithASuggestion() async throws {
        try await Self.withGateway { port in
            let first = try Self.client(port, "amy")
            var events = first.events.makeAsyncIterator()
            let run = Task { try await first.run() }
            _ = await Self.next(&events) { if case .welcomed = $0 { true } else { false } }
            let second = try Self.client(port, "AMY")
            let error = await #expect(throws: ChatClientError.self) { try await second.run() }
            #expect(error?.code == .nameTaken && error?.suggestion == "AMY2")
            await first.stop()
            try await run.value
        }
    }

    @Test func anUnreachableServerIsReportedAtOnce() async throws {
        let client = try Self.client(1, "amy")
        let error = await #expect(throws: ChatClientError.self) { try await client.run() }
        #expect(error?.code == .unreachable)
        #expect(error?.message.contains("cannot reach ws://127.0.0.1:1/ws") == true)
    }

    @Test func afterTheServerRestartsTheClientReconnectsAndSendsWhatWasQueued() async throws {
        let amy = ChatClient(
            configuration: .init(url: try ServerURL("ws://127.0.0.1:18462/ws"), name: "amy", backoff: Backoff(initial: .milliseconds(50)))
        )
        var events = amy.events.makeAsyncIterator()
        var run: Task<Void, any Error>?
        try await Self.withGateway(port: 18462) { _ in
            run = Task { try await amy.run() }
            _ = await Self.next(&events) { if case .welcomed = $0 { true } else { false } }
        }
        _ = await Self.next(&events) { if case .disconnected = $0 { true } else { false } }
        let id = try await amy.say("sent while the server was down", in: "lobby")
        try await Self.withGateway(port: 18462) { _ in
            let restarted = await Self.next(&events) { if case .serverRestarted = $0 { true } else { false } }
            #expect(restarted == .serverRestarted)
            let ack = await Self.next(&events) { if case .acknowledged = $0 { true } else { false } }
            guard case .acknowledged(let confirmation) = ack else { return #expect(Bool(false)) }
            #expect(confirmation.id == id)
            await amy.waitUntilIdle()
            await amy.stop()
        }
        try await run?.value
    }
}
