import ChatClient
import ChatProtocol
import Testing

/// What the client state makes of files: a `file` event is acknowledged and resent like a message, and
/// `file_expired` is news only for a room the client is in.
@Suite struct ClientStateFilesTests {
    static let shared = SharedFile(id: "f1", room: "lobby", file: "0f1e2d3c4b5a69788796a5b4c3d2e1f0", text: #"{"name":"a.txt","type":"text/plain"}"#)

    @Test func aFileEventIsResentAfterAReconnectAndCountsAsAcknowledgedWhenTheHistoryHoldsIt() {
        var state = ClientState(name: "amy", rooms: [])
        _ = state.receive(ClientStateTests.welcome())
        state.enqueue(.file(Self.shared))
        #expect(state.dequeue() == .file(Self.shared))
        state.connectionLost()
        _ = state.receive(ClientStateTests.welcome())
        #expect(state.dequeue() == .file(Self.shared), "with the same id")
        state.connectionLost()
        let posted = ChatMessage(kind: .file, room: "lobby", seq: 4, from: "amy", text: Self.shared.text, time: 9, id: "f1")
        let events = state.receive(ClientStateTests.welcome(seq: 4, history: [posted]))
        #expect(events.contains(.acknowledged(Ack(id: "f1", room: "lobby", seq: 4, time: 9))))
        #expect(state.dequeue() == nil && state.isIdle)
    }

    @Test func aHeldFrameWaitsWhileOthersGoUntilItIsReleasedOrWithdrawn() {
        var state = ClientState(name: "amy", rooms: [])
        _ = state.receive(ClientStateTests.welcome())
        state.enqueue(.file(Self.shared))
        state.hold("f1")
        state.enqueue(.say(Say(id: "s1", room: "lobby", text: "meanwhile")))
        #expect(state.dequeue()?.id == "s1", "what comes after a held frame is not held up")
        #expect(state.dequeue() == nil)
        state.release("f1")
        #expect(state.dequeue() == .file(Self.shared))
        state.withdraw("f1")
        _ = state.receive(.ack(Ack(id: "s1", room: "lobby", seq: 4, time: 0)))
        #expect(state.isIdle, "a withdrawn frame waits for nothing")
    }

    @Test func fileExpiredIsNewsOnlyForARoomTheClientIsIn() {
        var state = ClientState(name: "amy", rooms: [])
        _ = state.receive(ClientStateTests.welcome())
        let file = "0f1e2d3c4b5a69788796a5b4c3d2e1f0"
        #expect(state.receive(.fileExpired(FileExpired(room: "lobby", file: file))) == [.fileExpired(room: "lobby", file: file, message: nil)])
        #expect(state.receive(.fileExpired(FileExpired(room: "elsewhere", file: file))).isEmpty)
    }
}
