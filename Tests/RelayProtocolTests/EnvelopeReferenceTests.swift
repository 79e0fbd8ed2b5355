import ChatProtocol
import Testing

@testable import RelayProtocol

/// References in the payload of replies, edits, deletes and reactions (docs/PROTOCOL.md, "References").
@Suite struct EnvelopeReferenceTests {
    @Test func theFixturesReplyReadsAsAReferenceThenTheTextAndWritesTheReplyFrame() throws {
        let (envelope, _) = try EnvelopeFixtureTests.load("message-reply.json")
        #expect(envelope.reference == EnvelopeReference(relation: .reply, roomSequence: 3, id: "c-1", author: "Zoë"))
        #expect(String(decoding: envelope.text, as: UTF8.self) == "me too")
        var writer = JSONWriter()
        envelope.writeRoomMessage(into: &writer)
        let frame = try #require(try? ServerMessage(decoding: writer.bytes))
        guard case .message(let message) = frame else {
            Issue.record("a reply is a message frame: \(frame)")
            return
        }
        #expect(message.kind == .message && message.text == "me too" && message.reply == MessageReference(seq: 3, id: "c-1", from: "Zoë"))
    }

    @Test(arguments: [EnvelopeReference.Relation.edit, .delete, .reaction])
    func aSignedEventsReferenceFollowsTheKeyAndSignatureAndNamesItsKind(relation: EnvelopeReference.Relation) throws {
        let reference = EnvelopeReference(relation: relation, roomSequence: 41, id: "k3-7")
        let payload = SignedPayload.make(key: Array(repeating: 1, count: 32), signature: Array(repeating: 2, count: 64), reference: reference, text: Array("+👍".utf8))
        let envelope = Envelope(kind: .message, flags: [.signed, .refers], roomSequence: 42, room: "lobby", sender: "bob", payload: payload)
        #expect(envelope.reference == reference && envelope.text.elementsEqual("+👍".utf8))
        var writer = JSONWriter()
        envelope.writeRoomMessage(into: &writer)
        guard case .message(let message) = try ServerMessage(decoding: writer.bytes) else { throw Unexpected() }
        #expect(message.kind == reference.kind && message.target == MessageReference(seq: 41, id: "k3-7") && message.reply == nil)
        #expect(message.key == Base64URL.encode(Array(repeating: 1, count: 32)))
    }

    @Test(arguments: [[], [0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0], [5, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0], [2, 1, 0, 0, 0, 0, 0, 0, 0, 4, 0], [2, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0xFF, 0]] as [[UInt8]])
    func aMalformedReferenceReadsAsNoneAndLeavesNoText(bytes: [UInt8]) {
        #expect(EnvelopeReference.read(from: bytes) == nil)
        let envelope = Envelope(kind: .message, flags: .refers, payload: bytes + Array("text".utf8))
        #expect(envelope.reference == nil && envelope.text.isEmpty, "the relay refuses these; nobody reads past them")
    }

    struct Unexpected: Error {}
}
