import ChatClient
import ChatProtocol
import Testing

@Suite struct ClientStateTests {
    static let limits = Welcome.Limits(maxMessageBytes: 100, maxRooms: 4, rate: 10, burst: 10)

    static func welcome(
        epoch: String = "e1",
        seq: UInt64 = 3,
        history: [ChatMessage] = [],
        truncated: Bool = false,
        name: String = "amy"
    ) -> ServerMessage {
        .welcome(
            Welcome(
                name: name,
                session: "0123456789abcdef0123456789abcdef",
                epoch: epoch,
                rooms: [RoomSnapshot(room: "lobby", seq: seq, members: [name], history: history, truncated: truncated)],
                limits: Self.limits
            )
        )
    }

    static func message(_ seq: UInt64, from: String = "bob", id: String? = nil) -> ChatMessage {
        ChatMessage(room: "lobby", seq: seq, from: from, text: "m\(seq)", time: 0, id: id)
    }

    @Test func theFirstHelloAsksForTheRoomsAndResumesNothing() {
        let state = ClientState(name: "amy", rooms: ["lobby", "dev"])
        #expect(state.hello() == .hello(Hello(name: "amy", rooms: ["lobby", "dev"])))
    }

    @Test func aReconnectResumesWithTheSessionEpochAndLastSequences() {
        var state = ClientState(name: "amy", rooms: [])
        _ = state.receive(Self.welcome())
        _ = state.receive(.message(Self.message(7)))
        state.connectionLost()
        let hello = Hello(name: "amy", rooms: ["lobby"], session: "0123456789abcdef0123456789abcdef", resume: .init(epoch: "e1", rooms: ["lobby": 7]))
        #expect(state.hello() == .hello(hello))
    }

    @Test func nothingIsShownTwice() {
        var state = ClientState(name: "amy", rooms: [])
        _ = state.receive(Self.welcome(seq: 3))
        #expect(state.receive(.message(Self.message(3))).isEmpty, "in the snapshot already")
        #expect(state.receive(.message(Self.message(4))).count == 1)
        #expect(state.receive(.message(Self.message(4))).isEmpty)
        // A resumed welcome repeating what was seen shows only the rest.
        let events = state.receive(Self.welcome(seq: 6, history: [Self.message(4), Self.message(5)]))
        #expect(events.filter { if case .message = $0 { true } else { false } } == [.message(Self.message(5), isHistory: false)], "missed, so news")
    }

    @Test func unacknowledgedMessagesAreResentFirstAfterAReconnect() {
        var state = ClientState(name: "amy", rooms: [])
        state.enqueue(.say(Say(id: "1", room: "lobby", text: "queued before the welcome")))
        #expect(state.dequeue() == nil, "nothing leaves before the welcome")
        _ = state.receive(Self.welcome())
        let first = state.dequeue()
        state.enqueue(.say(Say(id: "2", room: "lobby", text: "second")))
        _ = state.dequeue()
        _ = state.receive(.ack(Ack(id: "1", room: "lobby", seq: 4, time: 0)))
        #expect(state.unacknowledged.map(\.id) == ["2"])
        state.connectionLost()
        _ = state.receive(Self.welcome(seq: 4))
        #expect(state.dequeue()?.id == "2", "resent with the same id")
        #expect(first?.id == "1")
        #expect(!state.isIdle)
        _ = state.receive(.ack(Ack(id: "2", room: "lobby", seq: 5, time: 0)))
        #expect(state.isIdle)
    }

    @Test func aRequestKeepsTheClientBusyUntilItIsAnsweredAndIsAskedAgainAfterAReconnect() {
        var state = ClientState(name: "amy", rooms: [])
        _ = state.receive(Self.welcome())
        state.enqueue(.who(RoomRequest(id: "w", room: "lobby")))
        _ = state.dequeue()
        #expect(!state.isIdle, "sent, but the members have not come")
        state.connectionLost()
        _ = state.receive(Self.welcome())
        #expect(state.dequeue()?.id == "w", "asked again")
        _ = state.receive(.members(Members(id: "w", room: "lobby", members: ["amy"])))
        #expect(state.isIdle)
        state.enqueue(.leave(RoomRequest(id: "l", room: "dev")))
        _ = state.dequeue()
        _ = state.receive(.error(ErrorMessage(code: .notInRoom, message: "not in dev", id: "l")))
        #expect(state.isIdle, "a refusal answers too")
    }

    @Test func aMessageRefusedWhileTheRelayIsAwayGoesAgainUntilRefusedTooOften() {
        var state = ClientState(name: "amy", rooms: [])
        _ = state.receive(Self.welcome())
        state.enqueue(.say(Say(id: "s", room: "lobby", text: "during a failover")))
        let unavailable = ServerMessage.error(ErrorMessage(code: .unavailable, message: "relay away", id: "s"))
        for _ in 1..<ClientState.maximumRetries {
            #expect(state.dequeue()?.id == "s")
            #expect(state.receive(unavailable) == [.throttled])
        }
        _ = state.dequeue()
        #expect(state.receive(unavailable) == [.refused(ErrorMessage(code: .unavailable, message: "relay away", id: "s"))])
        #expect(state.isIdle)
    }

    @Test func anOwnMessageFoundInTheResumedHistoryCountsAsAcknowledged() {
        var state = ClientState(name: "amy", rooms: [])
        _ = state.receive(Self.welcome())
        state.enqueue(.say(Say(id: "x", room: "lobby", text: "m4")))
        _ = state.dequeue()
        state.connectionLost()
        let events = state.receive(Self.welcome(seq: 4, history: [Self.message(4, from: "amy", id: "x")]))
        #expect(events.contains(.acknowledged(Ack(id: "x", room: "lobby", seq: 4, time: 0))))
        #expect(state.isIdle, "not resent: the server already has it")
    }

    @Test func aNewEpochStartsTheRoomsOverAndSaysSo() {
        var state = ClientState(name: "amy", rooms: [])
        _ = state.receive(Self.welcome(epoch: "e1", seq: 50))
        let events = state.receive(Self.welcome(epoch: "e2", seq: 2, history: [Self.message(2)], truncated: true))
        #expect(events.contains(.serverRestarted))
        #expect(!events.contains(.historyGap(room: "lobby")))
        #expect(events.contains(.message(Self.message(2), isHistory: true)), "seq 2 is new in the new epoch")
        #expect(state.rooms["lobby"]?.lastSeq == 2)
    }

    @Test func joiningAndLeavingChangeTheRoomsTheNextHelloAsksFor() {
        var state = ClientState(name: "amy", rooms: [])
        _ = state.receive(Self.welcome())
        state.enqueue(.join(RoomRequest(id: "j", room: "dev")))
        _ = state.dequeue()
        _ = state.receive(.joined(Joined(id: "j", snapshot: RoomSnapshot(room: "dev", seq: 1, members: ["amy"], history: [], truncated: false))))
        #expect(state.wantedRooms == ["lobby", "dev"])
        state.enqueue(.leave(RoomRequest(id: "l", room: "lobby")))
        #expect(state.wantedRooms == ["dev"])
        state.enqueue(.join(RoomRequest(id: "k", room: "full")))
        _ = state.dequeue()
        _ = state.dequeue()
        _ = state.receive(.error(ErrorMessage(code: .roomFull, message: "full", id: "k")))
        #expect(state.wantedRooms == ["dev"], "a refused join is forgotten")
    }

    @Test func presenceUpdatesMembers() {
        var state = ClientState(name: "amy", rooms: [])
        _ = state.receive(Self.welcome())
        let before = state.rooms["lobby"]?.members ?? []
        _ = state.receive(.presence(Presence(room: "lobby", seq: 4, event: .joined, name: "Zed")))
        #expect(state.rooms["lobby"]?.members == MemberList.sorted(before + ["Zed"]))
        _ = state.receive(.presence(Presence(room: "lobby", seq: 5, event: .renamed, name: "zoe", from: "Zed")))
        _ = state.receive(.presence(Presence(room: "lobby", seq: 4, event: .joined, name: "old news")))
        #expect(state.rooms["lobby"]?.members == MemberList.sorted(before + ["zoe"]), "an old event changes nothing")
        _ = state.receive(.presence(Presence(room: "lobby", seq: 6, event: .left, name: "zoe")))
        #expect(state.rooms["lobby"]?.members == before)
        #expect(before.contains("amy"))
        _ = state.receive(.renamed(Renamed(id: "r", name: "amelia", from: "amy")))
        #expect(state.rooms["lobby"]?.members == MemberList.sorted(before.filter { $0 != "amy" } + ["amelia"]), "our own rename")
    }

    @Test func nothingElseLeavesWhileARenameIsUnanswered() {
        var state = ClientState(name: "amy", rooms: [])
        _ = state.receive(Self.welcome())
        state.enqueue(.rename(RenameRequest(id: "r", name: "amelia")))
        state.enqueue(.say(Say(id: "1", room: "lobby", text: "sealed with the new name")))
        #expect(state.dequeue() == .rename(RenameRequest(id: "r", name: "amelia")))
        #expect(state.dequeue() == nil, "the name to seal with is not known yet")
        _ = state.receive(.renamed(Renamed(id: "r", name: "amelia", from: "amy")))
        #expect(state.name == "amelia")
        #expect(state.dequeue()?.id == "1")
    }

    @Test func aRefusedRenameLetsTheQueueGoOn() {
        var state = ClientState(name: "amy", rooms: [])
        _ = state.receive(Self.welcome())
        state.enqueue(.rename(RenameRequest(id: "r", name: "bob")))
        state.enqueue(.say(Say(id: "1", room: "lobby", text: "hi")))
        _ = state.dequeue()
        _ = state.receive(.error(ErrorMessage(code: .nameTaken, message: "taken", id: "r")))
        #expect(state.name == "amy")
        #expect(state.dequeue()?.id == "1")
    }
}

@Suite struct ClientStateQueueTests {
    @Test func aFrameQueuedFirstGoesBeforeWhatWasQueued() {
        var state = ClientState(name: "amy", rooms: ["lobby"])
        state.enqueue(.say(Say(id: "1", room: "lobby", text: "sealed with the key")))
        state.enqueue(.share(Say(id: "2", room: "lobby", text: "e2k2:the key")), first: true)
        _ = state.receive(ClientStateTests.welcome())
        #expect(state.dequeue()?.id == "2" && state.dequeue()?.id == "1")
    }
}

@Suite struct ClientStateIDTests {
    @Test func keySharesAreNumberedApartSoOtherIDsKeepTheOrderOfTheLinesThatAskedForThem() throws {
        var state = ClientState(name: "amy", rooms: ["lobby"])
        let first = state.makeID()
        let shares = [state.makeShareID(), state.makeShareID()]
        let second = state.makeID()
        let prefix = try #require(first.split(separator: "-").first)
        #expect([first, second] == ["\(prefix)-1", "\(prefix)-2"])
        #expect(shares == ["\(prefix)-key1", "\(prefix)-key2"])
    }
}
