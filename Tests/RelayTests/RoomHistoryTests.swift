import ChatConfig
import RelayProtocol
import Testing

@testable import Relay

/// A room's history window, and the key shares kept past it (docs/PROTOCOL.md, "Key shares"): a member
/// back after more than the window still gets the keys of what is held.
@Suite struct RoomHistoryTests {
    static let limits = ChatLimits(historyMessages: 3)

    static func entry(_ roomSequence: UInt64, share: Bool = false) -> RoomHistory.Entry {
        let envelope = Envelope(kind: .message, flags: share ? .share : [], roomSequence: roomSequence, room: "dev", payload: Array("x".utf8))
        return .init(roomSequence: roomSequence, envelope: envelope.encoded(), textBytes: 1)
    }

    static func sequences(_ held: RoomHistory.Held) -> [UInt64] {
        held.map(\.roomSequence)
    }

    @Test func aShareThatLeavesTheWindowIsKeptAndComesBeforeIt() {
        var history = RoomHistory()
        for sequence: UInt64 in 1...8 { history.append(Self.entry(sequence, share: sequence == 2), limits: Self.limits) }
        #expect(Self.sequences(history.all) == [2, 6, 7, 8], "the window is 3 messages; the share of #2 outlives #1, #3, #4 and #5")
        #expect(history.count == 3)
        let (resumed, truncated) = history.after(1)
        #expect(Self.sequences(resumed) == [2, 6, 7, 8] && truncated, "a resume from #1 gets the share, and is told #3–#5 are gone")
        #expect(Self.sequences(history.after(2).entries) == [6, 7, 8])
        #expect(history.forgottenThrough == 5)
    }

    @Test func keptSharesAreBoundedAndTheOldestGoFirst() {
        var history = RoomHistory()
        let shares = UInt64(KeptShares.maximumCount + 5)
        for sequence in 1...shares { history.append(Self.entry(sequence, share: true), limits: Self.limits) }
        for sequence in (shares + 1)...(shares + 3) { history.append(Self.entry(sequence), limits: Self.limits) }
        let held = Self.sequences(history.all)
        #expect(held.count == KeptShares.maximumCount + 3)
        #expect(held.first == shares - UInt64(KeptShares.maximumCount) + 1, "the oldest shares went first")
        #expect(history.forgottenThrough == shares - UInt64(KeptShares.maximumCount), "what was pushed out counts as forgotten")
    }

    @Test func aByteBudgetTooSmallForAShareKeepsNone() {
        var history = RoomHistory()
        let tight = ChatLimits(historyMessages: 1, historyBytes: 8)
        for sequence: UInt64 in 1...3 { history.append(Self.entry(sequence, share: sequence == 1), limits: tight) }
        #expect(Self.sequences(history.all) == [3])
        #expect(history.forgottenThrough == 2)
    }

    @Test func theBackupRelaysCopyKeepsTheKeptShares() throws {
        var state = ChatState(limits: Self.limits)
        state.rooms["dev"] = Room(name: "dev")
        for sequence: UInt64 in 1...6 { state.rooms["dev"]?.history.append(Self.entry(sequence, share: sequence == 1), limits: Self.limits) }
        let bytes = state.snapshotBytes()
        let restored = try ChatState(snapshot: bytes, limits: Self.limits)
        #expect(restored.rooms["dev"].map { Self.sequences($0.history.all) } == [1, 4, 5, 6])
        #expect(restored.snapshotBytes() == bytes)
    }

    static func reaction(_ roomSequence: UInt64, to target: UInt64) -> RoomHistory.Entry {
        let reference = EnvelopeReference(relation: .reaction, roomSequence: target, id: "")
        let envelope = Envelope(kind: .message, flags: .refers, roomSequence: roomSequence, room: "dev", payload: reference.bytes + Array("+x".utf8))
        return .init(roomSequence: roomSequence, envelope: envelope.encoded(), textBytes: 2)
    }

    @Test func entriesAreFoundByRoomSequenceAndRestoredReactionsAreCountedAgain() throws {
        var history = RoomHistory()
        let roomy = ChatLimits(historyMessages: 10)
        for entry in [Self.entry(1), Self.entry(3), Self.reaction(4, to: 1), Self.reaction(5, to: 1), Self.reaction(6, to: 3)] {
            history.append(entry, limits: roomy)
        }
        for target: UInt64 in [1, 1, 3] { history.countReaction(to: target) }
        #expect(history.entry(at: 2) == nil && history.entry(at: 3)?.roomSequence == 3)
        #expect(history.entry(at: 1)?.reactions == 2)
        let restored = RoomHistory(entries: Array(history.window), forgottenThrough: 0)
        #expect(restored.entry(at: 1)?.reactions == 2 && restored.entry(at: 3)?.reactions == 1, "a snapshot's counts come from the reactions it holds")
    }

    @Test func forgettingADeletedMessageTakesItsReactionsAndLeavesTheRest() {
        var history = RoomHistory()
        let roomy = ChatLimits(historyMessages: 10)
        for entry in [Self.entry(1), Self.entry(2), Self.reaction(3, to: 2), Self.reaction(4, to: 1)] { history.append(entry, limits: roomy) }
        history.forget(deleted: 2)
        #expect(history.window.map(\.roomSequence) == [1, 4])
        history.forget(deleted: 9)
        #expect(history.count == 2)
    }
}
