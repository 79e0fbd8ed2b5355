import Logging
import NIOPosix
import RelayLinkSecurity
import RelayProtocol
import Testing
import ZeroMQ

@testable import Relay

/// The relay's loop over real ZeroMQ sockets (`inproc://`), driven the way a gateway drives it.
@Suite(.serialized, .timeLimit(.minutes(1))) struct RelayServiceTests {
    struct Timeout: Error {}

    /// A minimal gateway: a DEALER to the collector, proving `identity`, and a SUB on the publisher.
    final class Peer {
        let dealer: ZMQSocket
        let subscriber: ZMQSocket
        let identity: GatewayIdentity
        var gateway: UInt64 { self.identity.gatewayID }

        init(_ context: ZMQContext, _ endpoints: RelayEndpoints, identity: GatewayIdentity = GatewayIdentity()) throws {
            self.identity = identity
            self.dealer = try ZMQSocket(context, .dealer)
            try self.dealer.setRoutingID(identity.routingID(for: .control))
            try self.dealer.connect(endpoints.collector)
            self.subscriber = try ZMQSocket(context, .subscriber)
            try self.subscriber.subscribe()
            try self.subscriber.connect(endpoints.publisher)
        }

        func send(_ envelope: Envelope) throws {
            var envelope = envelope
            envelope.origin.gateway = self.gateway
            try self.dealer.send(envelope.encoded())
        }

        func send(raw bytes: [UInt8]) throws {
            try self.dealer.send(bytes)
        }

        /// Envelopes received in a frame (the relay publishes a pass's envelopes as one) not yet returned.
        private var pending: [ObjectIdentifier: [Envelope]] = [:]

        /// The next envelope on `socket` that is not a heartbeat or a sync (extra hellos leave extra syncs).
        func next(from socket: ZMQSocket? = nil, keepHeartbeats: Bool = false) throws -> Envelope {
            let socket = socket ?? self.subscriber
            let key = ObjectIdentifier(socket)
            var poller = ZMQPoller([socket])
            let message = ZMQMessage()
            let deadline = ContinuousClock.now + .seconds(5)
            while true {
                if self.pending[key, default: []].isEmpty {
                    guard try poller.poll(timeout: deadline - .now) else { throw Timeout() }
                    try socket.receive(into: message)
                    self.pending[key] = try EnvelopeBatch.envelopes(in: UnsafeRawBufferPointer(message.bytes))
                }
                let envelope = self.pending[key]!.removeFirst()
                if envelope.kind == .sync { continue }
                if envelope.kind != .relayHeartbeat || keepHeartbeats { return envelope }
            }
        }

        /// Claims `name` in `rooms` for connection 1 and waits for the welcome; returns the replies before it.
        @discardableResult
        func claim(_ name: String, rooms: [String] = ["r"]) throws -> [Envelope] {
            try self.send(
                Envelope(
                    kind: .claim,
                    origin: Origin(gateway: 0, connection: 1),
                    sender: name,
                    target: "session",
                    payload: ClaimRequest(rooms: rooms.map { .init(name: $0) }).bytes
                )
            )
            var replies: [Envelope] = []
            while true {
                let reply = try self.next(from: self.dealer)
                if reply.kind == .welcome { return replies }
                replies.append(reply)
            }
        }

        /// Says hello until the relay's sync shows the subscription is live.
        func synchronize() throws -> Envelope {
            var poller = ZMQPoller([self.subscriber])
            let message = ZMQMessage()
            let deadline = ContinuousClock.now + .seconds(5)
            while ContinuousClock.now < deadline {
                // Never a blocking send: a DEALER whose queue is full would wait forever (CI saw it), past any time limit.
                var hello = Envelope(kind: .hello)
                hello.origin.gateway = self.gateway
                _ = try self.dealer.send(hello.encoded(), dontWait: true)
                // A hello every 25 ms whatever else arrives: heartbeats more often than that (a test's 10 ms) kept
                // an inner wait for "25 ms of silence" going forever once a hello was lost (sent before the DEALER connected).
                let nextHello = ContinuousClock.now + .milliseconds(25)
                while try poller.poll(timeout: nextHello - .now) {
                    try self.subscriber.receive(into: message)
                    for envelope in try EnvelopeBatch.envelopes(in: UnsafeRawBufferPointer(message.bytes))
                    where envelope.kind == .sync && envelope.origin.gateway == self.gateway {
                        return envelope
                    }
                }
            }
            throw Timeout()
        }
    }

    /// Runs a relay, and `body` on a thread of its own: the peer's calls block, as a gateway's link thread's do.
    static func withRelay(
        _ configure: (inout RelayConfiguration) -> Void = { _ in },
        _ body: @escaping @Sendable (RelayService, ZMQContext, RelayEndpoints) throws -> Void
    ) async throws {
        let endpoints = RelayEndpoints.inproc(name: "relay-\(UInt64.random(in: 0...UInt64.max))")
        var configuration = RelayConfiguration(endpoints: endpoints)
        configure(&configuration)
        let context = try ZMQContext()
        let relay = RelayService(configuration: configuration, context: context, logger: Logger(label: "test"))
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await relay.run() }
            try await NIOThreadPool.singleton.runIfActive { try body(relay, context, endpoints) }
            group.cancelAll()
        }
    }

    @Test func helloIsAnsweredOnThePublisherWithTheEpochAndLastSequence() async throws {
        try await Self.withRelay { relay, context, endpoints in
            let peer = try Peer(context, endpoints)
            let sync = try peer.synchronize()
            #expect(sync.epoch == relay.status.epoch && sync.epoch != 0)
            #expect(sync.sequence == 0)
            #expect(relay.status.gatewayCount == 1)
        }
    }

    @Test func saysArePublishedStampedInOrderWithTheirPayloadUntouched() async throws {
        try await Self.withRelay { relay, context, endpoints in
            let peer = try Peer(context, endpoints)
            _ = try peer.synchronize()
            try peer.claim("al", rooms: ["a", "b"])
            _ = try (0..<2).map { _ in try peer.next() }  // the presence of al joining a and b
            for (room, text) in [("a", "one"), ("b", "two"), ("a", "three")] {
                try peer.send(Envelope(kind: .say, origin: Origin(gateway: 0, connection: 1), room: room, sender: "al", payload: Array(text.utf8)))
            }
            let published = try (0..<3).map { _ in try peer.next() }
            #expect(published.map(\.kind) == [.message, .message, .message])
            #expect(published.map(\.sequence) == [3, 4, 5])
            #expect(published.map(\.roomSequence) == [2, 2, 3], "after each room's join")
            #expect(published.map { String(decoding: $0.payload, as: UTF8.self) } == ["one", "two", "three"])
            #expect(published.allSatisfy { $0.epoch == relay.status.epoch && $0.timestamp > 1_700_000_000_000 })
            #expect(published.allSatisfy { $0.origin == Origin(gateway: peer.gateway, connection: 1) && $0.sender == "al" })
        }
    }

    @Test func aFrameOfSeveralSaysIsSequencedInOrderAndPublishedAsOneFrame() async throws {
        try await Self.withRelay { relay, context, endpoints in
            let peer = try Peer(context, endpoints)
            _ = try peer.synchronize()
            try peer.claim("al", rooms: ["r"])
            _ = try peer.next()  // al joined
            var frame: [UInt8] = []
            for index in 1...5 {
                var say = Envelope(kind: .say, origin: Origin(gateway: peer.gateway, connection: 1), room: "r", sender: "al", payload: Array("m\(index)".utf8))
                say.clientMessageID = "id-\(index)"
                frame += say.encoded()
            }
            try peer.send(raw: frame)
            var poller = ZMQPoller([peer.subscriber])
            let message = ZMQMessage()
            var published: [Envelope] = []
            while published.isEmpty {
                guard try poller.poll(timeout: .seconds(5)) else { throw Timeout() }
                try peer.subscriber.receive(into: message)
                published = try EnvelopeBatch.envelopes(in: UnsafeRawBufferPointer(message.bytes)).filter { $0.kind == .message }
            }
            #expect(published.map { String(decoding: $0.payload, as: UTF8.self) } == ["m1", "m2", "m3", "m4", "m5"], "one frame, in order")
            #expect(published.map(\.sequence) == [2, 3, 4, 5, 6])
            #expect(published.map(\.roomSequence) == [2, 3, 4, 5, 6])
        }
    }

    @Test func aReplayResendsHeldEnvelopesToTheAskerAloneThenMarksTheEnd() async throws {
        try await Self.withRelay {
            $0.replayWindow = 3
        } _: { _, context, endpoints in
            let peer = try Peer(context, endpoints)
            _ = try peer.synchronize()
            try peer.claim("al")
            _ = try peer.next()  // al's presence: sequence 1
            for index in 2...6 {
                try peer.send(Envelope(kind: .say, origin: Origin(gateway: 0, connection: 1), room: "r", payload: [UInt8(index)]))
            }
            for _ in 2...6 { _ = try peer.next() }
            try peer.send(Envelope(kind: .replayRequest, payload: ReplayRange(first: 3, last: 6).bytes))
            let replayed = try (0..<4).map { _ in try peer.next(from: peer.dealer) }
            #expect(replayed.prefix(3).map(\.sequence) == [4, 5, 6])
            #expect(replayed.prefix(3).map(\.payload) == [[4], [5], [6]])
            #expect(replayed[3].kind == .replayEnd && replayed[3].sequence == 6)
            #expect(replayed[3].flags.contains(.truncated), "sequence 3 fell out of the 3-envelope window")
        }
    }

    @Test func malformedAndMisdirectedEnvelopesAreDroppedAndTheRelayKeepsServing() async throws {
        try await Self.withRelay { _, context, endpoints in
            let peer = try Peer(context, endpoints)
            _ = try peer.synchronize()
            try peer.send(raw: [1, 2, 3])
            try peer.send(raw: Array(repeating: 0xFF, count: 200))
            try peer.send(Envelope(kind: .message, room: "r", payload: Array("forged".utf8)))
            try peer.dealer.send([1], more: true)
            try peer.dealer.send([2])
            try peer.claim("al")
            _ = try peer.next()  // al's presence
            try peer.send(Envelope(kind: .say, origin: Origin(gateway: 0, connection: 1), room: "r", payload: Array("real".utf8)))
            let next = try peer.next()
            #expect(next.kind == .message && next.payload == Array("real".utf8) && next.sequence == 2)
        }
    }

    @Test func heartbeatsCarryTheEpochAndTheLastSequence() async throws {
        try await Self.withRelay {
            $0.heartbeatInterval = .milliseconds(20)
        } _: { relay, context, endpoints in
            let peer = try Peer(context, endpoints)
            _ = try peer.synchronize()
            try peer.claim("al")
            _ = try peer.next()  // al's presence, sequence 1
            let heartbeat = try peer.next(keepHeartbeats: true)
            #expect(heartbeat.kind == .relayHeartbeat)
            #expect(heartbeat.epoch == relay.status.epoch && heartbeat.sequence == 1)
        }
    }

    @Test func aSilentGatewayIsForgottenAfterTheTimeout() async throws {
        try await Self.withRelay {
            $0.heartbeatInterval = .milliseconds(10)
            $0.gatewayTimeout = .milliseconds(50)
        } _: { relay, context, endpoints in
            let peer = try Peer(context, endpoints)
            _ = try peer.synchronize()
            let clock = ContinuousClock()
            let deadline = clock.now + .seconds(5)
            while relay.status.gatewayCount != 0 && clock.now < deadline {
                _ = try peer.next(keepHeartbeats: true)  // heartbeats pace the wait
            }
            #expect(relay.status.gatewayCount == 0)
        }
    }

    @Test func aSayFromAnUnknownConnectionIsRefusedToItsGatewayAlone() async throws {
        try await Self.withRelay { _, context, endpoints in
            let peer = try Peer(context, endpoints)
            _ = try peer.synchronize()
            try peer.send(Envelope(kind: .say, origin: Origin(gateway: 0, connection: 4), room: "r", clientMessageID: "m", payload: [1]))
            let error = try peer.next(from: peer.dealer)
            #expect(error.kind == .error && error.errorCode == "unavailable" && error.clientMessageID == "m")
            #expect(error.origin.connection == 4)
        }
    }

    @Test func eachRunHasItsOwnEpoch() throws {
        let context = try ZMQContext()
        let logger = Logger(label: "test")
        let configuration = RelayConfiguration(endpoints: .inproc(name: "x"))
        let first = RelayService(configuration: configuration, context: context, logger: logger)
        let second = RelayService(configuration: configuration, context: context, logger: logger)
        #expect(first.status.epoch != second.status.epoch)
    }
}
