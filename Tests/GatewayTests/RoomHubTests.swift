import ChatProtocol
import Foundation
import Logging
import NIOCore
import RelayProtocol
import Testing

@testable import Gateway

/// The hub's bookkeeping, driven as the relay link drives it: snapshots and live events in either order.
@Suite struct RoomHubTests {
    static let gateway: UInt64 = 7
    let hub = RoomHub(gatewayID: Self.gateway, limits: .init(maxMessageBytes: 100, maxRooms: 4, rate: 1, burst: 1), logger: Logger(label: "test"))

    /// Registers a v1 (or plain) connection that has sent its claim for `rooms`.
    func connect(_ id: UInt64, mode: ClientMode = .v1, rooms: [String] = ["lobby"]) -> RecordedOutbox {
        let recorded = RecordedOutbox()
        #expect(self.hub.register(id, outbox: recorded.outbox, mode: mode))
        #expect(self.hub.beginClaim(id, name: "user\(id)", session: "s\(id)", rooms: rooms) == .go)
        return recorded
    }

    /// The relay's answer to a claim: a snapshot per room at `sequence`, then the welcome.
    func welcome(_ id: UInt64, rooms: [String] = ["lobby"], at sequence: UInt64) {
        for room in rooms {
            var writer = JSONWriter()
            RoomSnapshot(room: room, seq: sequence, members: ["user\(id)"], history: [], truncated: false).write(into: &writer)
            self.hub.reply(Envelope(kind: .joined, epoch: 0xE, roomSequence: sequence, origin: Self.origin(id), room: room, payload: writer.bytes))
        }
        self.hub.reply(Envelope(kind: .welcome, epoch: 0xE, origin: Self.origin(id), sender: "user\(id)", target: "s\(id)", payload: [4, 0, 0, 0]))
    }

    static func origin(_ id: UInt64, gateway: UInt64 = Self.gateway) -> Origin { Origin(gateway: gateway, connection: id) }

    static func message(
        _ roomSequence: UInt64,
        from origin: Origin = Self.origin(99, gateway: 3),
        id: String = "",
        room: String = "lobby"
    ) -> Envelope {
        Envelope(
            kind: .message,
            epoch: 0xE,
            roomSequence: roomSequence,
            origin: origin,
            room: room,
            sender: "someone",
            clientMessageID: id,
            payload: Array("m\(roomSequence)".utf8)
        )
    }

    /// Everything queued for a connection so far, decoded.
    static func frames(_ outbox: RecordedOutbox) async throws -> [ServerMessage] {
        try outbox.written().map { try ServerMessage(decoding: Array($0.readableBytesView)) }
    }

    static func texts(_ frames: [ServerMessage]) -> [String] {
        frames.compactMap { if case .message(let message) = $0 { message.text } else { nil } }
    }

    @Test func eventsArrivingBeforeTheSnapshotAreHeldAndThoseAfterItDelivered() async throws {
        let outbox = self.connect(1)
        self.hub.deliver([Self.message(4), Self.message(5), Self.message(6)])
        self.welcome(1, at: 5)
        self.hub.deliver([Self.message(5), Self.message(7)])
        let frames = try await Self.frames(outbox)
        guard case .welcome = frames.first else { return #expect(Bool(false), "the welcome comes first") }
        #expect(Self.texts(frames) == ["m6", "m7"], "4 and 5 were in the snapshot; the late 5 is not repeated")
    }

    @Test func eventsBetweenASnapshotAndItsWelcomeAreHeldToo() async throws {
        let outbox = self.connect(1)
        var writer = JSONWriter()
        RoomSnapshot(room: "lobby", seq: 1, members: ["user1"], history: [], truncated: false).write(into: &writer)
        self.hub.reply(Envelope(kind: .joined, epoch: 0xE, roomSequence: 1, origin: Self.origin(1), room: "lobby", payload: writer.bytes))
        self.hub.deliver([Self.message(2)])
        self.hub.reply(Envelope(kind: .welcome, epoch: 0xE, origin: Self.origin(1), sender: "user1", target: "s1", payload: [4, 0, 0, 0]))
        #expect(Self.texts(try await Self.frames(outbox)) == ["m2"])
    }

    @Test func theSenderGetsAnAcknowledgementInsteadOfItsOwnMessage() async throws {
        let alice = self.connect(1)
        let bob = self.connect(2)
        self.welcome(1, at: 1)
        self.welcome(2, at: 2)
        self.hub.deliver([Self.message(3, from: Self.origin(1), id: "a-1"), Self.message(4, from: Self.origin(1))])
        let aliceFrames = try await Self.frames(alice)
        #expect(aliceFrames.dropFirst() == [.ack(Ack(id: "a-1", room: "lobby", seq: 3, time: 0))], "no ack without an id")
        #expect(Self.texts(try await Self.frames(bob)) == ["m3", "m4"])
    }

    @Test func plainClientsGetPlainTextAndNoPresenceOrWelcome() async throws {
        let outbox = self.connect(1, mode: .plain)
        self.welcome(1, at: 1)
        self.hub.deliver([
            Envelope(
                kind: .presence,
                flags: .joined,
                epoch: 0xE,
                roomSequence: 2,
                origin: Self.origin(5, gateway: 3),
                room: "lobby",
                sender: "bob",
                payload: Array(#"["bob"]"#.utf8)
            ),
            Self.message(3),
            Envelope(
                kind: .message,
                flags: .action,
                epoch: 0xE,
                roomSequence: 4,
                origin: Self.origin(5, gateway: 3),
                room: "lobby",
                sender: "bob",
                payload: Array("waves".utf8)
            ),
        ])
        let texts = try outbox.written().map { String(buffer: $0) }
        #expect(texts == ["someone: m3", "* bob waves"])
    }

    @Test func aNameTakenEndsTheClaimAndAnotherHelloMayFollow() async throws {
        let outbox = self.connect(1)
        self.hub.reply(Envelope(kind: .error, origin: Self.origin(1), sender: "user12", target: "name_taken", payload: Array("taken".utf8)))
        #expect(self.hub.beginClaim(1, name: "user12", session: "s1", rooms: ["lobby"]) == .go)
        let frames = try await Self.frames(outbox)
        #expect(frames == [.error(ErrorMessage(code: .nameTaken, message: "taken", suggestion: "user12"))])
    }

    @Test func aPlainClientWhoseNameIsTakenIsClosed() async throws {
        let outbox = self.connect(1, mode: .plain)
        self.hub.reply(Envelope(kind: .error, origin: Self.origin(1), sender: "user12", target: "name_taken", payload: Array("taken".utf8)))
        #expect(try outbox.written().map { String(buffer: $0) } == ["error: taken"])
        #expect(outbox.closing?.code == .policyViolation)
    }

    @Test func afterARelayRestartConnectionsClaimAgainAndStartOverWithTheNewSnapshot() async throws {
        let outbox = self.connect(1, rooms: ["lobby", "dev"])
        self.welcome(1, rooms: ["lobby", "dev"], at: 40)
        let claims = self.hub.relinked(relayRestarted: true)
        #expect(claims.count == 1 && claims[0].flags.contains(.reclaim) && claims[0].sender == "user1" && claims[0].session == "s1")
        #expect(try ClaimRequest(bytes: claims[0].payload).rooms.map(\.name) == ["dev", "lobby"])
        self.hub.deliver([Self.message(2)])
        self.welcome(1, rooms: ["dev", "lobby"], at: 1)
        let frames = try await Self.frames(outbox)
        #expect(frames.filter { if case .welcome = $0 { true } else { false } }.count == 2, "a fresh welcome for the new epoch")
        #expect(Self.texts(frames) == ["m2"], "sequence numbers start over; the old membership at 40 is gone")
    }

    @Test func inTheSameEpochARelinkIsSilent() async throws {
        let outbox = self.connect(1)
        self.welcome(1, at: 10)
        #expect(self.hub.relinked(relayRestarted: false).count == 1)
        self.hub.deliver([Self.message(11)])
        self.welcome(1, at: 12)
        self.hub.deliver([Self.message(13)])
        let frames = try await Self.frames(outbox)
        #expect(frames.count == 3, "one welcome, then m11 and m13: the relay's answers changed nothing")
        #expect(Self.texts(frames) == ["m11", "m13"])
    }

    @Test func leavingStopsDeliveryAtOnce() async throws {
        let outbox = self.connect(1)
        self.welcome(1, at: 1)
        #expect(self.hub.leave(1, room: "lobby"))
        #expect(!self.hub.leave(1, room: "lobby"))
        self.hub.deliver([Self.message(2)])
        #expect(Self.texts(try await Self.frames(outbox)).isEmpty)
    }

    @Test func anEvictionClosesTheStaleConnectionWith4001() async throws {
        let outbox = self.connect(1)
        self.hub.reply(Envelope(kind: .evict, origin: Self.origin(1)))
        _ = try outbox.written()
        #expect(outbox.closing?.code == .unknown(4001))
    }
}
