import ChatConfig
import ChatProtocol
import RelayProtocol
import Testing

@testable import Relay

@Suite struct SequencerTests {
    static let epoch: UInt64 = 0xE1
    static let alice = Origin(gateway: 1, connection: 1)
    static let bob = Origin(gateway: 2, connection: 1)

    /// One relay's side: its sequencer and the chat state it records into, as the relay loop holds them.
    struct RelaySide {
        var sequencer = Sequencer(replayWindow: 100)
        var chat = ChatState(limits: ChatLimits())

        /// Claims a name with `rooms`, sequencing the presence events as the relay loop does.
        @discardableResult
        mutating func claim(_ origin: Origin, _ name: String, rooms: [String] = ["lobby"], timestamp: UInt64 = 500) -> [[UInt8]] {
            var effects = ChatState.Effects()
            let request = ClaimRequest(resumeEpoch: 0, rooms: rooms.map { .init(name: $0, resumeAfter: nil) })
            self.chat.claim(
                origin: origin,
                name: name,
                session: "session-\(name)",
                flags: [],
                request: request,
                epoch: SequencerTests.epoch,
                into: &effects
            )
            return effects.publish.map { self.sequencer.sequence(event: $0, epoch: SequencerTests.epoch, timestamp: timestamp) }
        }

        /// Says `text` as a gateway sends it, and returns the outcome with the buffer as it is afterwards.
        mutating func say(
            _ origin: Origin,
            _ text: String,
            room: String = "lobby",
            id: String = "",
            timestamp: UInt64 = 1000
        )
            -> (outcome: Sequencer.SayOutcome, buffer: [UInt8])
        {
            var bytes = Envelope(kind: .say, origin: origin, room: room, sender: "ignored", clientMessageID: id, payload: Array(text.utf8)).encoded()
            let outcome = bytes.withUnsafeMutableBytes { bytes in
                let header = try! EnvelopeHeader(validating: UnsafeRawBufferPointer(bytes))
                return self.sequencer.sequence(say: bytes, header: header, epoch: SequencerTests.epoch, timestamp: timestamp, chat: &self.chat)
            }
            return (outcome, bytes)
        }

        /// Sequences a message the active relay published, as the passive relay does.
        mutating func follow(_ published: [UInt8]) throws -> Bool {
            let header = try published.withUnsafeBytes { try EnvelopeHeader(validating: $0) }
            return self.sequencer.sequence(replicated: published, header: header, epoch: SequencerTests.epoch, chat: &self.chat)
        }
    }

    static func published(_ outcome: Sequencer.SayOutcome) throws -> [UInt8] {
        guard case .published(let bytes) = outcome else { throw Unexpected(outcome: outcome) }
        return bytes
    }

    struct Unexpected: Error { let outcome: Sequencer.SayOutcome }

    @Test func aSayIsStampedInItsOwnBufferAsTheNextMessageAndKeptForReplayAndHistory() throws {
        var relay = RelaySide()
        relay.claim(Self.alice, "alice")
        let (outcome, buffer) = relay.say(Self.alice, "hi", id: "m1", timestamp: 1234)
        let published = try Self.published(outcome)
        #expect(published == buffer, "stamped where it lies; the published bytes are those")
        let message = try Envelope(decoding: published)
        #expect(message.kind == .message && message.epoch == Self.epoch && message.timestamp == 1234)
        #expect(message.sequence == 2, "after alice's join")
        #expect(message.roomSequence == 2 && message.payload == Array("hi".utf8) && message.clientMessageID == "m1")
        #expect(relay.sequencer.sequence == 2)
        #expect(relay.sequencer.replayBuffer.envelopes(from: 2, through: 2).envelopes == [published])
        #expect(relay.chat.rooms["lobby"]?.history.window.map(\.envelope) == [published])
    }

    @Test func eventsAndMessagesShareOneStreamOfSequences() throws {
        var relay = RelaySide()
        let joined = relay.claim(Self.alice, "alice", timestamp: 77)
        _ = try Self.published(relay.say(Self.alice, "one").outcome)
        let bobJoined = relay.claim(Self.bob, "bob")
        _ = try Self.published(relay.say(Self.bob, "two").outcome)
        let event = try Envelope(decoding: try #require(joined.first))
        #expect(event.kind == .presence && event.sequence == 1 && event.epoch == Self.epoch && event.timestamp == 77)
        #expect(try Envelope(decoding: try #require(bobJoined.first)).sequence == 3)
        let stream = relay.sequencer.replayable.map { try! Envelope(decoding: $0) }
        #expect(stream.map(\.sequence) == [1, 2, 3, 4])
        #expect(stream.map(\.kind) == [.presence, .message, .presence, .message])
    }

    @Test func aResentMessageIsAcknowledgedWithItsFirstSequencesAndTakesNoNewOne() throws {
        var relay = RelaySide()
        relay.claim(Self.alice, "alice")
        let first = try Envelope(decoding: try Self.published(relay.say(Self.alice, "hi", id: "m1").outcome))
        guard case .duplicate(let ack) = relay.say(Self.alice, "hi", id: "m1", timestamp: 2000).outcome else {
            Issue.record("a resend is a duplicate")
            return
        }
        #expect(ack.kind == .ack && ack.epoch == Self.epoch && ack.origin == Self.alice)
        #expect(ack.roomSequence == first.roomSequence && ack.timestamp == first.timestamp && ack.clientMessageID == "m1")
        #expect(relay.sequencer.sequence == first.sequence)
        #expect(relay.chat.rooms["lobby"]?.history.count == 1)
    }

    @Test func aSayOutsideTheSpeakersRoomsIsRefusedAndTakesNoSequence() {
        var relay = RelaySide()
        relay.claim(Self.alice, "alice")
        let (outcome, _) = relay.say(Self.alice, "hi", room: "elsewhere", id: "m1")
        guard case .refused(let error) = outcome else {
            Issue.record("not in the room: refused")
            return
        }
        #expect(error.kind == .error && error.epoch == Self.epoch && error.errorCode == ErrorCode.notInRoom.rawValue)
        guard case .refused(let unknown) = relay.say(Origin(gateway: 9, connection: 9), "who?").outcome else {
            Issue.record("an unknown connection is refused too")
            return
        }
        #expect(unknown.errorCode == ErrorCode.unavailable.rawValue)
        #expect(relay.sequencer.sequence == 1, "only alice's join")
        #expect(relay.sequencer.replayable.count == 1)
    }

    @Test func thePassiveRelayPublishesTheActiveRelaysBytesAndSequencesExactly() throws {
        var active = RelaySide()
        var passive = RelaySide()
        // The passive relay applies the same commands with the active relay's timestamps.
        #expect(active.claim(Self.alice, "alice", rooms: ["lobby", "dev"]) == passive.claim(Self.alice, "alice", rooms: ["lobby", "dev"]))
        #expect(active.claim(Self.bob, "bob") == passive.claim(Self.bob, "bob"))
        var replicated: [[UInt8]] = []
        for index in 1...10 {
            let (outcome, _) = active.say(
                index.isMultiple(of: 2) ? Self.alice : Self.bob,
                "text \(index)",
                id: "m\(index)",
                timestamp: 1000 + UInt64(index)
            )
            replicated.append(try Self.published(outcome))
        }
        replicated.append(try Self.published(active.say(Self.alice, "in dev", room: "dev").outcome))
        // Duplicates and refusals publish nothing, so nothing of them is replicated.
        _ = active.say(Self.alice, "text 2", id: "m2")
        _ = active.say(Self.bob, "not a member", room: "dev")

        for published in replicated { #expect(try passive.follow(published)) }
        #expect(passive.sequencer.sequence == active.sequencer.sequence)
        #expect(passive.sequencer.replayable == active.sequencer.replayable)
        #expect(passive.chat.snapshotBytes() == active.chat.snapshotBytes(), "the same history and deduplication window")
        // What the copy remembers, it answers as the active relay did.
        #expect(passive.say(Self.alice, "text 2", id: "m2").outcome == active.say(Self.alice, "text 2", id: "m2").outcome)
    }

    @Test func aReplicatedMessageThatDoesNotFollowOnIsOutOfStep() throws {
        var active = RelaySide()
        var passive = RelaySide()
        active.claim(Self.alice, "alice")
        passive.claim(Self.alice, "alice")
        _ = try Self.published(active.say(Self.alice, "missed").outcome)
        let second = try Self.published(active.say(Self.alice, "second").outcome)
        #expect(try !passive.follow(second), "the passive relay missed a message: its bytes differ")

        var stranger = RelaySide()
        #expect(try !stranger.follow(second), "a copy without the speaker refuses the say")
    }

    @Test func aRestoredStreamHoldsWhatTheActiveRelayHeldAndGoesOnFromItsSequence() throws {
        var active = RelaySide()
        active.sequencer = Sequencer(replayWindow: 3)
        active.claim(Self.alice, "alice")
        for index in 1...4 { _ = try Self.published(active.say(Self.alice, "text \(index)").outcome) }
        #expect(active.sequencer.replayable.count == 3, "the window holds the last three of five")

        var restored = Sequencer(replayWindow: 3, restoring: active.sequencer.replayable, through: active.sequencer.sequence)
        #expect(restored.sequence == 5 && restored.replayBuffer.firstSequence == 3)
        #expect(restored.replayable == active.sequencer.replayable)
        let next = try Envelope(decoding: restored.sequence(event: Envelope(kind: .presence), epoch: Self.epoch, timestamp: 1))
        #expect(next.sequence == 6)
    }
}
