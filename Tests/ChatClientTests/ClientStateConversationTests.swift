import ChatClient
import ChatProtocol
import Testing

/// Conversation frames in the client's queue: edits, deletes and reactions are messages (resent until
/// acknowledged, never twice), typing is a hint of the moment (never resent), read markers are not answered.
@Suite struct ClientStateConversationTests {
    static let target = MessageReference(seq: 2, id: "x")

    static func welcomed() -> ClientState {
        var state = ClientState(name: "amy", rooms: [])
        _ = state.receive(ClientStateTests.welcome())
        return state
    }

    @Test func anUnacknowledgedEditIsResentAfterAReconnectButTypingIsNot() {
        var state = Self.welcomed()
        state.enqueue(.edit(TargetedMessage(id: "e1", room: "lobby", target: Self.target, text: "better")))
        state.enqueue(.typing(Typing(room: "lobby")))
        state.enqueue(.read(ReadMarker(room: "lobby", seq: 3)))
        #expect(state.dequeue()?.id == "e1")
        #expect(state.dequeue() == .typing(Typing(room: "lobby")))
        #expect(state.dequeue() == .read(ReadMarker(room: "lobby", seq: 3)))
        #expect(state.unacknowledged.map(\.id) == ["e1"] && state.isIdle == false)
        state.connectionLost()
        _ = state.receive(ClientStateTests.welcome())
        #expect(state.dequeue()?.id == "e1", "resent with the same id")
        #expect(state.dequeue() == nil, "typing is stale once reconnected, and nothing waits for an answer")
    }

    @Test func aDeleteFoundInTheResumedHistoryCountsAsAcknowledged() {
        var state = Self.welcomed()
        state.enqueue(.delete(TargetedMessage(id: "d1", room: "lobby", target: Self.target)))
        _ = state.dequeue()
        state.connectionLost()
        let delete = ChatMessage(kind: .delete, room: "lobby", seq: 5, from: "amy", text: "", time: 9, id: "d1", target: Self.target)
        let events = state.receive(ClientStateTests.welcome(seq: 5, history: [delete]))
        #expect(events.contains(.acknowledged(Ack(id: "d1", room: "lobby", seq: 5, time: 9))))
        #expect(state.dequeue() == nil && state.isIdle)
    }

    @Test func typingAndReadFramesFromOthersChangeNoSequence() {
        var state = Self.welcomed()
        #expect(state.receive(.typing(Typing(room: "lobby", from: "bob"))).isEmpty)
        #expect(state.receive(.read(ReadMarker(room: "lobby", seq: 99, from: "bob"))).isEmpty)
        #expect(state.rooms["lobby"]?.lastSeq == 3)
    }
}
