import ChatConfig
import RelayProtocol
import Testing

@testable import Relay

/// A passive relay's copy of the chat state: taken as bytes, restored, and identical in behaviour.
@Suite struct ChatStateSnapshotTests {
    static let limits = ChatLimits(historyMessages: 3)

    static func busyState() -> ChatState {
        var state = ChatState(limits: Self.limits)
        var effects = ChatState.Effects()
        let alice = Origin(gateway: 1, connection: 1)
        let bob = Origin(gateway: 2, connection: 7)
        state.claim(
            origin: alice,
            name: "Alice",
            session: "s-a",
            flags: [],
            request: ClaimRequest(rooms: [.init(name: "lobby"), .init(name: "dev")]),
            epoch: 1,
            into: &effects
        )
        state.claim(origin: bob, name: "bob", session: "s-b", flags: .plain, request: ClaimRequest(rooms: [.init(name: "lobby")]), epoch: 1, into: &effects)
        for index in 1...5 {
            guard case .accept(let roomSequence) = state.admit(say: alice, room: "lobby", clientMessageID: "m\(index)") else {
                Issue.record("say \(index) refused")
                continue
            }
            let envelope = Envelope(kind: .message, roomSequence: roomSequence, origin: alice, room: "lobby", sender: "Alice", clientMessageID: "m\(index)", payload: Array("hi \(index)".utf8))
            state.record(
                published: envelope.encoded(),
                origin: alice,
                room: "lobby",
                roomSequence: roomSequence,
                timestamp: 1000 + UInt64(index),
                textBytes: 4,
                clientMessageID: "m\(index)"
            )
        }
        state.direct(origin: bob, to: "alice", clientMessageID: "d1", payload: Array("psst".utf8), flags: [], timestamp: 2000, into: &effects)
        state.rename(origin: bob, to: "robert", clientMessageID: "r1", into: &effects)
        state.read(origin: alice, room: "lobby", through: 4, visible: true, into: &effects)
        state.read(origin: alice, room: "dev", through: 1, visible: false, into: &effects)
        return state
    }

    @Test func aRestoredStateHasTheSameReadMarkers() throws {
        let state = Self.busyState()
        let restored = try ChatState(snapshot: state.snapshotBytes(), limits: Self.limits)
        #expect(restored.readMarkers.markers == state.readMarkers.markers && restored.readMarkers.markers.count == 2)
        #expect(restored.readMarkers.clock == state.readMarkers.clock)
    }

    @Test func aRestoredStateWritesTheSameBytes() throws {
        let state = Self.busyState()
        let bytes = state.snapshotBytes()
        let restored = try ChatState(snapshot: bytes, limits: Self.limits)
        #expect(restored.snapshotBytes() == bytes)
        #expect(restored.rooms["lobby"]?.history.count == 3, "history within its limit")
        #expect(restored.rooms["lobby"]?.history.forgottenThrough == state.rooms["lobby"]?.history.forgottenThrough)
    }

    @Test func aRestoredStateRemembersNamesIdsAndSequences() throws {
        var restored = try ChatState(snapshot: Self.busyState().snapshotBytes(), limits: Self.limits)
        let alice = Origin(gateway: 1, connection: 1)
        guard case .duplicate = restored.admit(say: alice, room: "lobby", clientMessageID: "m5") else {
            Issue.record("a resent message must be recognised by the copy")
            return
        }
        let lobbySequence = try #require(restored.rooms["lobby"]?.sequence)
        #expect(restored.admit(say: alice, room: "lobby", clientMessageID: "m6") == .accept(roomSequence: lobbySequence + 1))
        var effects = ChatState.Effects()
        restored.claim(origin: Origin(gateway: 3, connection: 1), name: "ALICE", session: "other", flags: [], request: ClaimRequest(rooms: []), epoch: 1, into: &effects)
        #expect(effects.replies.first?.kind == .error, "names stay unique")
        #expect(restored.nameOwners["robert"] == Origin(gateway: 2, connection: 7))
    }

    @Test(arguments: [0, 1, 9, 100])
    func aCutSnapshotIsRefused(keeping count: Int) {
        let bytes = Self.busyState().snapshotBytes()
        #expect(throws: SnapshotReader.Malformed.self) { try ChatState(snapshot: Array(bytes.prefix(count)), limits: Self.limits) }
    }

    @Test func trailingBytesAreRefused() {
        #expect(throws: SnapshotReader.Malformed.self) { try ChatState(snapshot: Self.busyState().snapshotBytes() + [0], limits: Self.limits) }
    }
}
