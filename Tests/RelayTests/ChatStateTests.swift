import ChatConfig
import RelayProtocol
import Testing

@testable import Relay

@Suite struct ChatStateTests {
    static let epoch: UInt64 = 0xE1
    static let alice = Origin(gateway: 1, connection: 1)
    static let bob = Origin(gateway: 2, connection: 1)
    static let carol = Origin(gateway: 2, connection: 2)

    var state = ChatState(limits: ChatLimits())

    @discardableResult
    mutating func claim(
        _ origin: Origin,
        _ name: String,
        session: String = "",
        rooms: [String] = ["lobby"],
        resumeEpoch: UInt64 = 0,
        resume: [String: UInt64] = [:],
        flags: EnvelopeFlags = []
    ) -> ChatState.Effects {
        var effects = ChatState.Effects()
        let session = session.isEmpty ? "session-\(name)" : session
        let request = ClaimRequest(resumeEpoch: resumeEpoch, rooms: rooms.map { .init(name: $0, resumeAfter: resume[$0]) })
        self.state.claim(origin: origin, name: name, session: session, flags: flags, request: request, epoch: Self.epoch, into: &effects)
        return effects
    }

    /// Says `text` as `origin`, recording it as the relay loop would.
    mutating func say(_ origin: Origin, _ text: String, room: String = "lobby", id: String = "") -> ChatState.SayDecision {
        let decision = self.state.admit(say: origin, room: room, clientMessageID: id)
        if case .accept(let roomSequence) = decision {
            let envelope = Envelope(
                kind: .message,
                epoch: Self.epoch,
                roomSequence: roomSequence,
                timestamp: 1000 + roomSequence,
                origin: origin,
                room: room,
                sender: self.state.members[origin]!.name,
                clientMessageID: id,
                payload: Array(text.utf8)
            )
            self.state.record(
                published: envelope.encoded(),
                origin: origin,
                room: room,
                roomSequence: roomSequence,
                timestamp: envelope.timestamp,
                textBytes: text.utf8.count,
                clientMessageID: id
            )
        }
        return decision
    }

    static func errorCode(_ effects: ChatState.Effects) -> String? {
        effects.replies.first { $0.kind == .error }?.errorCode
    }

    static func snapshot(_ effects: ChatState.Effects, room: String) throws -> RoomSnapshotView {
        let joined = try #require(effects.replies.first { $0.kind == .joined && $0.room == room })
        return try RoomSnapshotView(joined.payload)
    }

    @Test mutating func aClaimJoinsItsRoomsPublishesPresenceAndEndsWithTheWelcome() throws {
        let effects = self.claim(Self.alice, "alice", rooms: ["lobby", "dev"])
        #expect(effects.replies.map(\.kind) == [.joined, .joined, .welcome])
        #expect(effects.replies.last?.sender == "alice")
        #expect(effects.publish.map(\.kind) == [.presence, .presence])
        #expect(effects.publish.allSatisfy { $0.flags.contains(.joined) && $0.sender == "alice" })
        #expect(try Self.snapshot(effects, room: "dev").members == ["alice"])
    }

    @Test mutating func namesAreUniqueWhateverTheirCaseAndATakenNameGetsAFreeSuggestion() {
        self.claim(Self.alice, "alice")
        self.claim(Self.carol, "Alice2")
        let effects = self.claim(Self.bob, "ALICE")
        #expect(Self.errorCode(effects) == "name_taken")
        #expect(effects.replies.first?.sender == "ALICE3")
        #expect(effects.publish.isEmpty)
        #expect(self.state.members[Self.bob] == nil)
    }

    @Test mutating func aReleasedNameIsFreeAgainAndItsRoomsSeeTheLeave() {
        self.claim(Self.alice, "alice")
        self.claim(Self.bob, "bob")
        var effects = ChatState.Effects()
        self.state.release(origin: Self.alice, into: &effects)
        #expect(effects.publish.map(\.flags) == [.left])
        #expect(effects.publish[0].sender == "alice" && effects.publish[0].payload.isEmpty, "presence names who left, not everyone")
        #expect(self.state.rooms["lobby"]?.memberNames == ["bob"])
        #expect(Self.errorCode(self.claim(Self.carol, "alice")) == nil)
    }

    @Test mutating func aDeadGatewayTakesAllItsConnectionsWithIt() {
        self.claim(Self.alice, "alice")
        self.claim(Self.bob, "bob")
        self.claim(Self.carol, "carol")
        var effects = ChatState.Effects()
        self.state.releaseGateway(2, into: &effects)
        #expect(effects.publish.map(\.sender) == ["bob", "carol"])
        #expect(self.state.members.keys.map(\.self) == [Self.alice])
    }

    @Test mutating func roomEventsShareOneSequenceAndHistoryKeepsOnlyMessages() throws {
        self.claim(Self.alice, "alice")
        #expect(self.say(Self.alice, "one") == .accept(roomSequence: 2))
        self.claim(Self.bob, "bob")
        #expect(self.say(Self.alice, "two") == .accept(roomSequence: 4))
        let snapshot = try Self.snapshot(self.claim(Self.carol, "carol"), room: "lobby")
        #expect(snapshot.history.map(\.text) == ["one", "two"])
        #expect(snapshot.history.map(\.seq) == [2, 4])
        #expect(snapshot.seq == 5, "carol's own join is the room's fifth event")
    }

    @Test mutating func sayingInARoomYouAreNotInIsRefused() {
        self.claim(Self.alice, "alice")
        guard case .refuse(let error) = self.say(Self.alice, "hi", room: "dev") else {
            Issue.record("accepted")
            return
        }
        #expect(error.errorCode == "not_in_room")
        guard case .refuse(let unknown) = self.say(Self.bob, "hi") else {
            Issue.record("accepted")
            return
        }
        #expect(unknown.errorCode == "unavailable")
    }

    @Test mutating func aResentMessageIsAcknowledgedAgainNotRepeated() {
        self.claim(Self.alice, "alice", session: "s-alice")
        #expect(self.say(Self.alice, "once", id: "m1") == .accept(roomSequence: 2))
        // The client reconnects on a new connection with the same session and resends.
        var effects = ChatState.Effects()
        self.state.release(origin: Self.alice, into: &effects)
        let again = Origin(gateway: 1, connection: 9)
        self.claim(again, "alice", session: "s-alice")
        guard case .duplicate(let ack) = self.say(again, "once", id: "m1") else {
            Issue.record("not a duplicate")
            return
        }
        #expect(ack.kind == .ack && ack.roomSequence == 2 && ack.clientMessageID == "m1" && ack.origin == again)
        #expect(self.say(again, "twice", id: "m2") == .accept(roomSequence: 5))
    }

    @Test mutating func sameIDsFromDifferentSessionsAreDifferentMessages() {
        self.claim(Self.alice, "alice")
        self.claim(Self.bob, "bob")
        #expect(self.say(Self.alice, "a", id: "1") == .accept(roomSequence: 3))
        #expect(self.say(Self.bob, "b", id: "1") == .accept(roomSequence: 4))
    }

    @Test mutating func resumingGivesExactlyWhatWasMissed() throws {
        self.claim(Self.alice, "alice")
        for text in ["a", "b", "c", "d"] { _ = self.say(Self.alice, text) }
        let snapshot = try Self.snapshot(self.claim(Self.bob, "bob", resumeEpoch: Self.epoch, resume: ["lobby": 3]), room: "lobby")
        #expect(snapshot.history.map(\.text) == ["c", "d"])
        #expect(!snapshot.truncated)
    }

    @Test mutating func resumingBeyondTheHistoryWindowSaysItIsTruncated() throws {
        self.state = ChatState(limits: ChatLimits(historyMessages: 2))
        self.claim(Self.alice, "alice")
        for text in ["a", "b", "c", "d"] { _ = self.say(Self.alice, text) }
        let snapshot = try Self.snapshot(self.claim(Self.bob, "bob", resumeEpoch: Self.epoch, resume: ["lobby": 1]), room: "lobby")
        #expect(snapshot.history.map(\.text) == ["c", "d"])
        #expect(snapshot.truncated)
    }

    @Test mutating func resumingAgainstAnotherEpochIsTruncatedAndGetsTheRecentHistory() throws {
        self.claim(Self.alice, "alice")
        _ = self.say(Self.alice, "new epoch")
        let snapshot = try Self.snapshot(self.claim(Self.bob, "bob", resumeEpoch: 0xE0, resume: ["lobby": 40]), room: "lobby")
        #expect(snapshot.truncated)
        #expect(snapshot.history.map(\.text) == ["new epoch"])
    }

    @Test mutating func historyIsBoundedByBytesToo() throws {
        self.state = ChatState(limits: ChatLimits(historyBytes: 10))
        self.claim(Self.alice, "alice")
        for text in ["12345", "67890", "abcde"] { _ = self.say(Self.alice, text) }
        let snapshot = try Self.snapshot(self.claim(Self.bob, "bob"), room: "lobby")
        #expect(snapshot.history.map(\.text) == ["67890", "abcde"])
    }

    @Test mutating func theSameSessionTakesItsNameBackFromAStaleConnection() {
        self.claim(Self.alice, "alice", session: "s-1", rooms: ["lobby", "dev"])
        let fresh = Origin(gateway: 2, connection: 7)
        let effects = self.claim(fresh, "alice", session: "s-1", rooms: ["lobby"])
        #expect(effects.replies.contains { $0.kind == .evict && $0.origin == Self.alice })
        #expect(effects.publish.map(\.flags) == [.left], "it leaves dev; lobby carries over without a leave and a join")
        #expect(self.state.members[fresh]?.name == "alice" && self.state.members[Self.alice] == nil)
        #expect(Self.errorCode(self.claim(Self.bob, "alice", session: "s-2")) == "name_taken")
    }

    @Test mutating func aReclaimOfAKnownConnectionChangesNothingButIsAnswered() {
        self.claim(Self.alice, "alice", session: "s-1")
        let effects = self.claim(Self.alice, "alice", session: "s-1", flags: .reclaim)
        #expect(effects.publish.isEmpty)
        #expect(effects.replies.map(\.kind) == [.joined, .welcome])
        #expect(Self.errorCode(self.claim(Self.alice, "alice", session: "s-1")) == "already_hello")
    }

    @Test mutating func roomLimitsAreEnforcedWithClearErrors() {
        self.state = ChatState(limits: ChatLimits(membersPerRoom: 1, roomsPerConnection: 2, rooms: 3))
        let effects = self.claim(Self.alice, "alice", rooms: ["a", "b", "c"])
        #expect(Self.errorCode(effects) == "too_many_rooms")
        #expect(effects.replies.first { $0.kind == .error }?.room == "c")
        #expect(Self.errorCode(self.claim(Self.bob, "bob", rooms: ["a"])) == "room_full")
        var join = ChatState.Effects()
        self.state.join(origin: Self.bob, room: "d", clientMessageID: "j", into: &join)
        #expect(join.replies.map(\.kind) == [.joined], "a third room fits")
        var full = ChatState.Effects()
        self.state.join(origin: Self.bob, room: "e", clientMessageID: "j2", into: &full)
        #expect(Self.errorCode(full) == "room_full", "the relay holds as many rooms as it allows, none empty")
    }

    @Test mutating func anEmptyRoomIsForgottenToMakeSpace() {
        self.state = ChatState(limits: ChatLimits(rooms: 2))
        self.claim(Self.alice, "alice", rooms: ["a", "b"])
        var effects = ChatState.Effects()
        self.state.leave(origin: Self.alice, room: "a", clientMessageID: "", into: &effects)
        self.state.join(origin: Self.alice, room: "c", clientMessageID: "", into: &effects)
        #expect(Self.errorCode(effects) == nil)
        #expect(Set(self.state.rooms.keys) == ["b", "c"])
    }

    @Test mutating func renamingKeepsRoomsAndTellsThem() {
        self.claim(Self.alice, "alice", rooms: ["lobby", "dev"])
        self.claim(Self.bob, "bob")
        var effects = ChatState.Effects()
        self.state.rename(origin: Self.alice, to: "bob", clientMessageID: "r1", into: &effects)
        #expect(Self.errorCode(effects) == "name_taken")
        effects = ChatState.Effects()
        self.state.rename(origin: Self.alice, to: "alicia", clientMessageID: "r2", into: &effects)
        #expect(effects.publish.map(\.room) == ["dev", "lobby"])
        #expect(effects.publish.allSatisfy { $0.flags == .renamed && $0.sender == "alicia" && $0.previousName == "alice" })
        #expect(effects.replies.map(\.kind) == [.renamed])
        #expect(Self.errorCode(self.claim(Self.carol, "alice")) == nil, "the old name is free")
    }

    @Test mutating func directMessagesGoToTheAddresseeAloneWithAnAckToTheSender() {
        self.claim(Self.alice, "alice")
        self.claim(Self.bob, "Bob")
        var effects = ChatState.Effects()
        self.state.direct(origin: Self.alice, to: "bob", clientMessageID: "d1", payload: Array("psst".utf8), flags: [], timestamp: 5, into: &effects)
        #expect(effects.publish.isEmpty, "nothing is published, so no other gateway sees it")
        #expect(effects.replies.map(\.kind) == [.direct, .ack])
        #expect(effects.replies[0].origin == Self.bob && effects.replies[0].sender == "alice" && effects.replies[0].addressee == "Bob")
        #expect(effects.replies[1].origin == Self.alice && effects.replies[1].addressee == "Bob")
        var unknown = ChatState.Effects()
        self.state.direct(origin: Self.alice, to: "nobody", clientMessageID: "d2", payload: [], flags: [], timestamp: 5, into: &unknown)
        #expect(Self.errorCode(unknown) == "unknown_user")
    }

    @Test mutating func whoListsTheMembersSorted() {
        self.claim(Self.bob, "bob")
        self.claim(Self.alice, "Alice")
        var effects = ChatState.Effects()
        self.state.who(origin: Self.bob, room: "lobby", clientMessageID: "w", into: &effects)
        #expect(String(decoding: effects.replies[0].payload, as: UTF8.self) == #"["Alice","bob"]"#)
    }

    @Test mutating func suggestionsFitTheNameLengthLimit() {
        let long = String(repeating: "n", count: 32)
        self.claim(Self.alice, long)
        #expect(self.state.suggestion(for: long) == String(repeating: "n", count: 31) + "2")
    }

    @Test mutating func theWelcomeCarriesTheSessionAndTheRoomLimit() throws {
        let effects = self.claim(Self.alice, "alice", session: "s-alice")
        let welcome = try #require(effects.replies.last)
        #expect(welcome.kind == .welcome && welcome.session == "s-alice")
        #expect(welcome.payload == WelcomeLimits(maxRooms: ChatLimits().roomsPerConnection, maxFileBytes: ChatLimits().fileBytes).bytes)
        #expect(welcome.welcomeLimits?.maxRooms == ChatLimits().roomsPerConnection)
    }
}
