import ChatConfig
import ChatProtocol
import RelayProtocol
import Testing

@testable import Relay

/// A webhook's post through the stream (docs/PROTOCOL.md, "Incoming webhooks"): published and kept as a
/// plain client's message, and applied identically by a passive relay.
@Suite struct SequencerPostTests {
    typealias RelaySide = SequencerTests.RelaySide
    static let gateway = Origin(gateway: 7, connection: 0)

    static func post(_ text: String, as name: String = "ci", room: String = "lobby", id: String = "request-1") -> Envelope {
        var post = Envelope.post(origin: Self.gateway, room: room, name: name, clientMessageID: id, text: Array(text.utf8))
        post.trace = 99
        return post
    }

    @Test func anAdmittedPostIsPublishedAsAPlainMessageKeptInHistoryAndAcknowledged() throws {
        var relay = RelaySide()
        relay.claim(SequencerTests.alice, "alice")  // sequence 1, lobby 1
        let outcome = relay.sequencer.sequence(post: Self.post("build 41 passed"), epoch: SequencerTests.epoch, timestamp: 2_000, chat: &relay.chat)
        guard case .published(let bytes, let ack) = outcome else {
            Issue.record("refused: \(outcome)")
            return
        }
        let message = try Envelope(decoding: bytes)
        #expect(message.kind == .message && message.flags == .plain)
        #expect(message.sequence == 2 && message.roomSequence == 2 && message.epoch == SequencerTests.epoch && message.timestamp == 2_000)
        #expect(message.sender == "ci" && message.room == "lobby" && message.payload == Array("build 41 passed".utf8))
        #expect(message.origin == Self.gateway && message.clientVisibleID == "", "clients are not shown the gateway's request id")
        #expect(ack.kind == .ack && ack.roomSequence == 2 && ack.clientMessageID == "request-1" && ack.origin == Self.gateway)
        #expect(ack.epoch == SequencerTests.epoch)
        #expect(relay.chat.rooms["lobby"]?.history.window.last?.envelope == bytes, "in the room's history for later joiners")
        #expect(relay.sequencer.replayable.last == bytes, "and held for replay")
    }

    @Test func aRefusedPostIsAnsweredWithItsErrorAndPublishesNothing() {
        var relay = RelaySide()
        relay.claim(SequencerTests.alice, "alice")
        let outcome = relay.sequencer.sequence(post: Self.post("hi", as: "alice"), epoch: SequencerTests.epoch, timestamp: 2_000, chat: &relay.chat)
        guard case .refused(let error) = outcome else {
            Issue.record("published")
            return
        }
        #expect(error.errorCode == "name_taken" && error.epoch == SequencerTests.epoch && error.clientMessageID == "request-1")
        #expect(relay.sequencer.sequence == 1)
    }

    @Test func aPassiveRelayAppliesAPublishedPostIdentically() throws {
        var active = RelaySide()
        var passive = RelaySide()
        active.claim(SequencerTests.alice, "alice")
        passive.claim(SequencerTests.alice, "alice")
        let outcome = active.sequencer.sequence(post: Self.post("deployed"), epoch: SequencerTests.epoch, timestamp: 3_000, chat: &active.chat)
        guard case .published(let bytes, _) = outcome else {
            Issue.record("refused")
            return
        }
        #expect(try passive.follow(bytes))
        #expect(passive.sequencer.sequence == active.sequencer.sequence)
        #expect(passive.chat.rooms["lobby"]?.history.window.last?.envelope == bytes)
        #expect(passive.chat.rooms["lobby"]?.sequence == 2)
    }

    @Test func aPassiveRelayWhoseStateWouldRefuseThePostReportsItOutOfStep() throws {
        var active = RelaySide()
        var passive = RelaySide()
        active.claim(SequencerTests.alice, "alice")
        passive.claim(SequencerTests.alice, "alice")
        passive.claim(SequencerTests.bob, "ci")  // a state that differs: the name is held here
        guard
            case .published(let bytes, _) = active.sequencer.sequence(
                post: Self.post("x"),
                epoch: SequencerTests.epoch,
                timestamp: 3_000,
                chat: &active.chat
            )
        else {
            Issue.record("refused")
            return
        }
        #expect(try passive.follow(bytes) == false)
    }
}
