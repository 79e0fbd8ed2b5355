import ChatConfig
import ChatProtocol
import RelayProtocol
import Testing

@testable import Relay

/// Replies, edits, deletes and reactions at the relay (docs/PROTOCOL.md, "What the relay checks"): what they
/// refer to, whose it is, the edit window and the reaction bound, and what a delete takes out of history.
@Suite struct SequencerConversationTests {
    static let alice = SequencerTests.alice
    static let bob = SequencerTests.bob

    struct Relay {
        var side: SequencerTests.RelaySide

        init(limits: ChatLimits = ChatLimits()) {
            self.side = SequencerTests.RelaySide(chat: ChatState(limits: limits))
            self.side.claim(SequencerConversationTests.alice, "alice")
            self.side.claim(SequencerConversationTests.bob, "bob")
        }

        /// Sends a `say` referring to `reference` (or none) as a gateway does, and returns the outcome.
        mutating func say(_ origin: Origin, _ text: String, id: String, about reference: EnvelopeReference? = nil, timestamp: UInt64 = 1000) -> Sequencer.SayOutcome {
            let payload = (reference?.bytes ?? []) + Array(text.utf8)
            let sender = self.side.chat.members[origin]?.name ?? ""
            var bytes = Envelope(kind: .say, flags: reference == nil ? [] : .refers, origin: origin, room: "lobby", sender: sender, clientMessageID: id, payload: payload)
                .encoded()
            return bytes.withUnsafeMutableBytes { bytes in
                let header = try! EnvelopeHeader(validating: UnsafeRawBufferPointer(bytes))
                return self.side.sequencer.sequence(say: bytes, header: header, epoch: SequencerTests.epoch, timestamp: timestamp, chat: &self.side.chat)
            }
        }

        /// The room sequence a published outcome got.
        func sequence(of outcome: Sequencer.SayOutcome) throws -> UInt64 {
            try Envelope(decoding: try SequencerTests.published(outcome)).roomSequence
        }

        var history: [Envelope] { self.side.chat.rooms["lobby"]!.history.window.map { try! Envelope(decoding: $0.envelope) } }
    }

    static func code(_ outcome: Sequencer.SayOutcome) -> String? {
        guard case .refused(let error) = outcome else { return nil }
        return error.errorCode
    }

    @Test func aReplyGetsItsOriginalsAuthorFromHistoryAndThePassiveRelayFollowsByteForByte() throws {
        var active = Relay()
        var passive = Relay()
        let original = try active.sequence(of: active.say(Self.alice, "lunch?", id: "a1"))
        _ = try passive.sequence(of: passive.say(Self.alice, "lunch?", id: "a1"))
        let forged = EnvelopeReference(relation: .reply, roomSequence: original, id: "a1", author: "the president")
        let reply = try SequencerTests.published(active.say(Self.bob, "yes", id: "b1", about: forged))
        let message = try Envelope(decoding: reply)
        #expect(message.reference?.author == "alice" && message.text == Array("yes".utf8)[...])
        #expect(try passive.side.follow(reply), "the passive relay makes the very same bytes")
        let unheld = try Envelope(decoding: try SequencerTests.published(active.say(Self.bob, "?", id: "b2", about: .init(relation: .reply, roomSequence: 99, id: "x", author: "z"))))
        #expect(unheld.reference?.author == "", "an author the relay does not hold is cleared")
    }

    @Test func onlyTheAuthorMayEditOrDeleteAndOnlyWithinTheEditWindow() throws {
        var relay = Relay(limits: ChatLimits(editWindow: .seconds(60)))
        let original = try relay.sequence(of: relay.say(Self.alice, "helo", id: "a1", timestamp: 1000))
        let edit = EnvelopeReference(relation: .edit, roomSequence: original, id: "a1")
        #expect(Self.code(relay.say(Self.bob, "hello", id: "b1", about: edit)) == ErrorCode.notYours.rawValue)
        #expect(Self.code(relay.say(Self.alice, "hello", id: "a2", about: .init(relation: .edit, roomSequence: original, id: "a9"))) == ErrorCode.unknownMessage.rawValue)
        #expect(Self.code(relay.say(Self.alice, "hello", id: "a3", about: edit, timestamp: 61_001)) == ErrorCode.tooLate.rawValue)
        let edited = try relay.sequence(of: relay.say(Self.alice, "hello", id: "a4", about: edit, timestamp: 60_999))
        #expect(Self.code(relay.say(Self.alice, "again", id: "a5", about: .init(relation: .edit, roomSequence: edited, id: "a4"))) == ErrorCode.unknownMessage.rawValue, "an edit is not a message to edit")
    }

    @Test func aMessageGetsAtMostItsBoundOfReactionEventsCountedWithoutReadingThem() throws {
        var relay = Relay(limits: ChatLimits(reactionsPerMessage: 2))
        let original = try relay.sequence(of: relay.say(Self.alice, "vote", id: "a1"))
        let reaction = EnvelopeReference(relation: .reaction, roomSequence: original, id: "a1")
        _ = try relay.sequence(of: relay.say(Self.bob, "e2e2:sealed", id: "b1", about: reaction))
        _ = try relay.sequence(of: relay.say(Self.bob, "e2e2:sealed", id: "b2", about: reaction))
        #expect(Self.code(relay.say(Self.alice, "+x", id: "a2", about: reaction)) == ErrorCode.tooManyReactions.rawValue)
        guard case .duplicate = relay.say(Self.bob, "e2e2:sealed", id: "b2", about: reaction) else {
            Issue.record("a resent reaction is acknowledged again, not refused")
            return
        }
    }

    @Test func aDeleteTakesTheMessageItsEditsAndItsReactionsOutOfHistoryAndLeavesTheRest() throws {
        var relay = Relay()
        let kept = try relay.sequence(of: relay.say(Self.alice, "stays", id: "a1"))
        let secret = try relay.sequence(of: relay.say(Self.alice, "secret", id: "a2"))
        _ = try relay.sequence(of: relay.say(Self.alice, "secret!", id: "a3", about: .init(relation: .edit, roomSequence: secret, id: "a2")))
        _ = try relay.sequence(of: relay.say(Self.bob, "+😮", id: "b1", about: .init(relation: .reaction, roomSequence: secret, id: "a2")))
        let thumbs = try relay.sequence(of: relay.say(Self.bob, "+👍", id: "b2", about: .init(relation: .reaction, roomSequence: kept, id: "a1")))
        let reply = try relay.sequence(of: relay.say(Self.bob, "what secret?", id: "b3", about: .init(relation: .reply, roomSequence: secret, id: "a2")))
        let delete = try relay.sequence(of: relay.say(Self.alice, "", id: "a4", about: .init(relation: .delete, roomSequence: secret, id: "a2")))
        #expect(relay.history.map(\.roomSequence) == [kept, thumbs, reply, delete], "the message, its edit and its reaction are gone")
        #expect(!relay.history.contains { $0.text.starts(with: Array("secret".utf8)) })
        #expect(Self.code(relay.say(Self.bob, "+x", id: "b4", about: .init(relation: .reaction, roomSequence: secret, id: "a2"))) == ErrorCode.unknownMessage.rawValue)
        #expect(Self.code(relay.say(Self.alice, "", id: "a5", about: .init(relation: .delete, roomSequence: secret, id: "a2"))) == ErrorCode.unknownMessage.rawValue)
    }

    @Test(arguments: [[], [2], [9, 0, 0, 0, 0, 0, 0, 0, 0, 5, 1], [4, 1, 0, 0, 0, 0, 0, 0, 0, 0]] as [[UInt8]])
    func aMalformedReferenceIsRefusedAndTakesNoSequence(reference: [UInt8]) {
        var relay = Relay()
        var bytes = Envelope(kind: .say, flags: .refers, origin: Self.alice, room: "lobby", clientMessageID: "m", payload: reference).encoded()
        let outcome = bytes.withUnsafeMutableBytes { bytes in
            let header = try! EnvelopeHeader(validating: UnsafeRawBufferPointer(bytes))
            return relay.side.sequencer.sequence(say: bytes, header: header, epoch: SequencerTests.epoch, timestamp: 1, chat: &relay.side.chat)
        }
        #expect(Self.code(outcome) == ErrorCode.badRequest.rawValue)
        #expect(relay.side.sequencer.sequence == 2, "only the two joins")
    }
}
