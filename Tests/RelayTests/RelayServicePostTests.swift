import RelayProtocol
import Testing
import ZeroMQ

@testable import Relay

/// A webhook's `post` through a running relay and a pair (docs/PROTOCOL.md, "Incoming webhooks"), over
/// real ZeroMQ sockets as a gateway sends it.
@Suite(.serialized, .timeLimit(.minutes(1))) struct RelayServicePostTests {
    typealias Peer = RelayServiceTests.Peer

    static func post(_ text: String, as name: String = "ci", room: String = "r", id: String = "request-1") -> Envelope {
        .post(origin: Origin(gateway: 0, connection: 0), room: room, name: name, clientMessageID: id, text: Array(text.utf8))
    }

    @Test func aPostIsPublishedToEveryGatewayAndAcknowledgedToItsOwnWithTheRoomSequence() async throws {
        try await RelayServiceTests.withRelay { _, context, endpoints in
            let member = try Peer(context, endpoints)
            _ = try member.synchronize()
            try member.claim("al", rooms: ["r"])
            _ = try member.next()  // al joined
            let webhook = try Peer(context, endpoints)
            _ = try webhook.synchronize()
            try webhook.send(Self.post("build 41 passed"))
            let ack = try webhook.next(from: webhook.dealer)
            #expect(ack.kind == .ack && ack.clientMessageID == "request-1" && ack.roomSequence == 2 && ack.room == "r")
            #expect(ack.origin.connection == 0)
            let message = try member.next()
            #expect(message.kind == .message && message.flags == .plain && message.sender == "ci")
            #expect(message.roomSequence == 2 && message.payload == Array("build 41 passed".utf8))
        }
    }

    @Test func aPostToAnUnknownRoomOrAsAMembersNameIsRefusedToItsGatewayAlone() async throws {
        try await RelayServiceTests.withRelay { _, context, endpoints in
            let member = try Peer(context, endpoints)
            _ = try member.synchronize()
            try member.claim("al", rooms: ["r"])
            let webhook = try Peer(context, endpoints)
            _ = try webhook.synchronize()
            try webhook.send(Self.post("x", room: "elsewhere", id: "a"))
            let unknown = try webhook.next(from: webhook.dealer)
            #expect(unknown.kind == .error && unknown.errorCode == "unknown_room" && unknown.clientMessageID == "a")
            try webhook.send(Self.post("x", as: "AL", id: "b"))
            let taken = try webhook.next(from: webhook.dealer)
            #expect(taken.kind == .error && taken.errorCode == "name_taken" && taken.clientMessageID == "b")
        }
    }

    @Test func aPostFromAClientConnectionIsDropped() async throws {
        try await RelayServiceTests.withRelay { _, context, endpoints in
            let webhook = try Peer(context, endpoints)
            _ = try webhook.synchronize()
            try webhook.claim("al", rooms: ["r"])
            var post = Self.post("x", as: "ci")
            post.origin.connection = 1
            try webhook.send(post)
            try webhook.send(Self.post("y", as: "ci", id: "after"))
            let ack = try webhook.next(from: webhook.dealer)
            #expect(ack.kind == .ack && ack.clientMessageID == "after", "the first got no answer")
        }
    }

    @Test func connectionZeroTakesNoNameSoNoSayCanPassForAPost() async throws {
        try await RelayServiceTests.withRelay { _, context, endpoints in
            let member = try Peer(context, endpoints)
            _ = try member.synchronize()
            _ = try member.claim("al", rooms: ["r"])
            let insider = try Peer(context, endpoints)
            _ = try insider.synchronize()
            try insider.send(
                Envelope(
                    kind: .claim,
                    origin: Origin(gateway: 0, connection: 0),
                    sender: "mallory",
                    target: "session",
                    payload: ClaimRequest(rooms: [.init(name: "r")]).bytes
                )
            )
            try insider.send(Self.post("y", as: "mallory", id: "after"))
            let ack = try insider.next(from: insider.dealer)
            #expect(ack.kind == .ack && ack.clientMessageID == "after", "the claim got no answer and took no name")
        }
    }

    @Test func theBackupOfAPairHoldsAPostAndItsHistoryAfterTheFailover() async throws {
        try await RelayPairTests.withPair { pair, stopPrimary in
            try RelayPairTests.wait { pair.primary.status.peerState == .active && pair.backup.status.peerState == .passive }
            let gateway = try Peer(pair.context, pair.primary.configuration.endpoints)
            _ = try gateway.synchronize()
            try gateway.claim("al", rooms: ["r"])
            let joined = try gateway.next()
            try gateway.send(Self.post("deployed"))
            let ack = try gateway.next(from: gateway.dealer)
            #expect(ack.kind == .ack && ack.roomSequence == 2)
            let message = try gateway.next()

            stopPrimary()
            try RelayPairTests.wait { pair.backup.status.peerState == .active }
            let moved = try Peer(pair.context, pair.backup.configuration.endpoints, identity: gateway.identity)
            _ = try moved.synchronize()
            try moved.send(Envelope(kind: .replayRequest, payload: ReplayRange(first: 1, last: 2).bytes))
            var replayed: [Envelope] = []
            while true {
                let envelope = try moved.next(from: moved.dealer)
                if envelope.kind == .replayEnd { break }
                replayed.append(envelope)
            }
            #expect(replayed == [joined, message], "the backup holds the post exactly as published")
            try moved.send(Self.post("after the failover", id: "request-2"))
            let next = try moved.next(from: moved.dealer)
            #expect(next.kind == .ack && next.roomSequence == 3, "the room's sequence goes on")
        }
    }
}
