import ChatProtocol
import Testing

@testable import RelayProtocol

/// The file-body envelopes and the file reference of a shared file (docs/PROTOCOL.md, "File bodies").
@Suite struct EnvelopeFileTests {
    static let origin = Origin(gateway: 0xa, connection: 3)
    static let file = FileID(hex: "0f1e2d3c4b5a69788796a5b4c3d2e1f0")!

    @Test func eachKindRoundTripsThroughTheCodecWithItsPayload() throws {
        let open = Envelope.fileOpen(origin: Self.origin, room: "lobby", size: 70_000, resuming: Self.file, clientMessageID: "u1")
        let chunk = Envelope.fileChunk(origin: Self.origin, file: Self.file, offset: 32_768, bytes: [1, 2, 3], clientMessageID: "c")
        let read = Envelope.fileRead(origin: Self.origin, file: Self.file, range: FileReadRange(offset: 5, length: 9), clientMessageID: "r")
        let data = Envelope.fileData(origin: Self.origin, file: Self.file, size: 70_000, offset: 5, bytes: [9, 8], clientMessageID: "r")
        let status = Envelope.fileStatus(origin: Self.origin, file: Self.file, room: "lobby", progress: FileProgress(size: 10, received: 4), clientMessageID: "c")
        for envelope in [open, chunk, read, data, status, Envelope.fileForget(file: Self.file, room: "lobby")] {
            #expect(try Envelope(decoding: envelope.encoded()) == envelope)
            #expect(envelope.fileID == Self.file)
        }
        #expect(open.fileSize == 70_000)
        #expect(chunk.fileChunk.map { ($0.offset, Array($0.bytes)) }! == (32_768, [1, 2, 3]))
        #expect(read.fileReadRange == FileReadRange(offset: 5, length: 9))
        #expect(data.fileData.map { ($0.size, $0.offset, Array($0.bytes)) }! == (70_000, 5, [9, 8]))
        #expect(status.fileProgress == FileProgress(size: 10, received: 4) && status.fileProgress?.isComplete == false)
        #expect(Envelope.fileOpen(origin: Self.origin, room: "lobby", size: 1, resuming: nil, clientMessageID: "").fileID == nil)
    }

    @Test func aSharedFileCarriesItsReferenceBeforeTheTextSignedOrNot() throws {
        let reference = EnvelopeFileReference(file: Self.file, size: 70_000)
        let metadata = Array(#"{"name":"cat.png","type":"image/png"}"#.utf8)
        let plain = Envelope(kind: .message, flags: .file, room: "lobby", sender: "alice", payload: reference.bytes + metadata)
        #expect(plain.fileReference == reference && Array(plain.text) == metadata)
        let signed = Envelope(
            kind: .message,
            flags: [.file, .signed],
            room: "lobby",
            sender: "alice",
            payload: SignedPayload.make(key: Array(repeating: 1, count: 32), signature: Array(repeating: 2, count: 64), text: reference.bytes + metadata)
        )
        #expect(signed.fileReference == reference && Array(signed.text) == metadata)
        let short = Envelope(kind: .message, flags: .file, payload: [1, 2, 3])
        #expect(short.fileReference == nil && short.text.isEmpty)
    }

    @Test func aSharedFileIsWrittenAsAFileFrameWithTheRelaysFacts() throws {
        let reference = EnvelopeFileReference(file: Self.file, size: 12)
        let envelope = Envelope(kind: .message, flags: .file, roomSequence: 52, timestamp: 7, room: "lobby", sender: "bob", clientMessageID: "f9", payload: reference.bytes + Array("{}".utf8))
        var writer = JSONWriter()
        envelope.writeRoomMessage(into: &writer, fileExpired: true)
        let message = try ServerMessage(decoding: writer.bytes)
        guard case .message(let file) = message else { Issue.record("not a message: \(message)"); return }
        #expect(file.kind == .file && file.file == FileFacts(id: Self.file.hex, size: 12, expired: true) && file.text == "{}")
    }
}
