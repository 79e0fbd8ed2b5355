import ChatConfig
import ChatProtocol
import RelayProtocol
import Testing

@testable import Relay

/// `file` events at the sequencer and in snapshots (docs/PROTOCOL.md, "Files", "File references"): the
/// active relay's check runs after resends are recognised, the passive relay follows without one, and a
/// snapshot marks a body the store no longer holds as expired.
@Suite struct SequencerFileTests {
    static let alice = SequencerTests.alice
    static let file = FileID(hex: "00112233445566778899aabbccddeeff")!

    struct Relay {
        var side = SequencerTests.RelaySide()

        init() { self.side.claim(SequencerFileTests.alice, "alice") }

        /// Says a `file` event sharing `reference`, as a gateway sends it, with `check` as the store's answer.
        mutating func share(
            _ reference: EnvelopeFileReference,
            id: String,
            flags: EnvelopeFlags = .file,
            check: (EnvelopeFileReference, String, String) -> FileRefusal? = { _, _, _ in nil }
        ) -> Sequencer.SayOutcome {
            var bytes = Envelope(
                kind: .say,
                flags: flags,
                origin: SequencerFileTests.alice,
                room: "lobby",
                sender: "alice",
                clientMessageID: id,
                payload: reference.bytes + Array(#"{"name":"a.png"}"#.utf8)
            )
            .encoded()
            return bytes.withUnsafeMutableBytes { bytes in
                let header = try! EnvelopeHeader(validating: UnsafeRawBufferPointer(bytes))
                return self.side.sequencer.sequence(
                    say: bytes,
                    header: header,
                    epoch: SequencerTests.epoch,
                    timestamp: 1000,
                    chat: &self.side.chat,
                    checkFile: check
                )
            }
        }
    }

    static func code(_ outcome: Sequencer.SayOutcome) -> String? {
        guard case .refused(let error) = outcome else { return nil }
        return error.errorCode
    }

    @Test func theStoresRefusalIsTheSendersErrorAndNothingIsSequenced() {
        var relay = Relay()
        let outcome = relay.share(EnvelopeFileReference(file: Self.file, size: 5), id: "f1") { _, _, _ in .expired }
        guard case .refused(let error) = outcome else {
            Issue.record("not refused: \(outcome)")
            return
        }
        #expect(error.errorCode == "file_expired" && error.clientMessageID == "f1" && error.origin == Self.alice)
        #expect(relay.side.sequencer.sequence == 1, "only alice's join")
    }

    @Test func theCheckIsAskedAboutTheReferenceTheSendersPersonAndTheRoom() throws {
        var relay = Relay()
        var asked: [(EnvelopeFileReference, String, String)] = []
        let outcome = relay.share(EnvelopeFileReference(file: Self.file, size: 5), id: "f1") {
            asked.append(($0, $1, $2))
            return nil
        }
        let message = try Envelope(decoding: try SequencerTests.published(outcome))
        #expect(message.fileReference == EnvelopeFileReference(file: Self.file, size: 5) && message.flags.contains(.file))
        #expect(asked.count == 1 && asked.first?.0.file == Self.file && asked.first?.1 == "name:alice" && asked.first?.2 == "lobby")
    }

    @Test func aResendOfASharedFileIsAcknowledgedWithoutAskingTheStoreAgain() throws {
        var relay = Relay()
        let reference = EnvelopeFileReference(file: Self.file, size: 5)
        let first = try Envelope(decoding: try SequencerTests.published(relay.share(reference, id: "f1")))
        // The store now says "shared already"; a resend (after a failover, say) must still get its ack.
        let resend = relay.share(reference, id: "f1") { _, _, _ in FileRefusal(.badRequest, "that file was shared already") }
        guard case .duplicate(let ack) = resend else {
            Issue.record("not acknowledged: \(resend)")
            return
        }
        #expect(ack.roomSequence == first.roomSequence)
        #expect(Self.code(relay.share(reference, id: "f2") { _, _, _ in FileRefusal(.badRequest, "shared already") }) == "bad_request")
    }

    @Test func aMalformedReferenceOrOneThatAlsoRefersIsABadRequest() {
        var relay = Relay()
        var bytes = Envelope(kind: .say, flags: .file, origin: Self.alice, room: "lobby", sender: "alice", clientMessageID: "f1", payload: [1, 2, 3])
            .encoded()
        let short = bytes.withUnsafeMutableBytes { bytes in
            let header = try! EnvelopeHeader(validating: UnsafeRawBufferPointer(bytes))
            return relay.side.sequencer.sequence(say: bytes, header: header, epoch: SequencerTests.epoch, timestamp: 1000, chat: &relay.side.chat)
        }
        #expect(Self.code(short) == "bad_request")
        #expect(Self.code(relay.share(EnvelopeFileReference(file: Self.file, size: 5), id: "f2", flags: [.file, .refers])) == "bad_request")
    }

    @Test func thePassiveRelayFollowsAFileEventByteForByteWithoutAStore() throws {
        var active = Relay()
        var passive = Relay()
        let published = try SequencerTests.published(active.share(EnvelopeFileReference(file: Self.file, size: 5), id: "f1"))
        #expect(try passive.side.follow(published))
    }

    @Test func aSnapshotMarksAFileTheStoreNoLongerHoldsAsExpired() throws {
        var relay = Relay()
        let kept = FileID.random()
        _ = try SequencerTests.published(relay.share(EnvelopeFileReference(file: Self.file, size: 5), id: "f1"))
        _ = try SequencerTests.published(relay.share(EnvelopeFileReference(file: kept, size: 7), id: "f2"))
        let everything = try RoomSnapshotView(
            relay.side.chat.snapshot(of: "lobby", for: Self.alice, clientMessageID: "", resumeAfter: nil, truncated: false).payload
        )
        #expect(everything.history.compactMap(\.file).allSatisfy { $0.expired == nil }, "without a store every body counts as held")
        relay.side.chat.heldFiles = { $0 == kept }
        let snapshot = try RoomSnapshotView(
            relay.side.chat.snapshot(of: "lobby", for: Self.alice, clientMessageID: "", resumeAfter: nil, truncated: false).payload
        )
        let files = snapshot.history.compactMap(\.file)
        #expect(files == [FileFacts(id: Self.file.hex, size: 5, expired: true), FileFacts(id: kept.hex, size: 7)])
        #expect(snapshot.history.map(\.kind) == [.file, .file])
    }
}
