import RelayProtocol
import Testing

@Suite struct EnvelopeCodecTests {
    static let sample = Envelope(
        kind: .say,
        origin: Origin(gateway: 7, connection: 3),
        trace: 99,
        room: "lobby",
        sender: "alice",
        target: "bob",
        clientMessageID: "m-1",
        payload: Array("hi there".utf8)
    )

    @Test(arguments: EnvelopeKind.allCases)
    func everyKindRoundTrips(kind: EnvelopeKind) throws {
        var envelope = Self.sample
        envelope.kind = kind
        envelope.flags = .truncated
        envelope.epoch = .max
        envelope.sequence = 1 << 40
        envelope.roomSequence = 12
        envelope.timestamp = 1_764_093_600_123
        #expect(try Envelope(decoding: envelope.encoded()) == envelope)
    }

    @Test func emptyFieldsAndPayloadRoundTrip() throws {
        let envelope = Envelope(kind: .hello)
        #expect(envelope.encoded().count == EnvelopeLayout.headerSize)
        #expect(try Envelope(decoding: envelope.encoded()) == envelope)
    }

    @Test func tooShortIsRefused() {
        #expect(throws: EnvelopeError.self) { try Envelope(decoding: [1, 1, 0]) }
        #expect(Self.code(of: Array(Self.sample.encoded().prefix(71))) == .tooShort)
    }

    @Test func anotherVersionIsRefused() {
        var bytes = Self.sample.encoded()
        bytes[0] = 2
        #expect(Self.code(of: bytes) == .unsupportedVersion)
    }

    @Test func anUnknownKindIsRefused() {
        var bytes = Self.sample.encoded()
        bytes[1] = 200
        #expect(Self.code(of: bytes) == .unknownKind)
    }

    @Test func lengthsThatDoNotAddUpAreRefused() {
        #expect(Self.code(of: Self.sample.encoded() + [0]) == .lengthMismatch)
        #expect(Self.code(of: Array(Self.sample.encoded().dropLast())) == .lengthMismatch)
    }

    @Test func anOverlongFieldIsRefused() {
        var bytes = Self.sample.encoded()
        bytes[4] = 0xFF  // room length 0x05FF > 1024
        bytes[5] = 0x05
        #expect(Self.code(of: bytes) == .fieldTooLong)
    }

    @Test func invalidUTF8InATextFieldIsRefused() {
        var envelope = Self.sample
        envelope.room = "abc"
        var bytes = envelope.encoded()
        // Replace the room "abc" with a truncated four-byte sequence, same length.
        bytes.replaceSubrange(EnvelopeLayout.headerSize..<EnvelopeLayout.headerSize + 3, with: [0xF0, 0x9F, 0x98])
        #expect(Self.code(of: bytes) == .invalidUTF8)
    }

    @Test func thePayloadIsOpaqueBytes() throws {
        var envelope = Self.sample
        envelope.payload = [0xFF, 0x00, 0xFE]
        #expect(try Envelope(decoding: envelope.encoded()).payload == [0xFF, 0x00, 0xFE])
    }

    @Test func stampingRewritesOnlyTheRelayFields() throws {
        var bytes = Self.sample.encoded()
        bytes.withUnsafeMutableBytes { buffer in
            EnvelopeHeader.stamp(buffer, kind: .message, epoch: 5, sequence: 6, roomSequence: 7, timestamp: 8)
        }
        var expected = Self.sample
        expected.kind = .message
        expected.epoch = 5
        expected.sequence = 6
        expected.roomSequence = 7
        expected.timestamp = 8
        #expect(try Envelope(decoding: bytes) == expected)
    }

    @Test func theHeaderLocatesEveryFieldWithoutCopying() throws {
        let bytes = Self.sample.encoded()
        let header = try bytes.withUnsafeBytes { try EnvelopeHeader(validating: $0) }
        #expect(header.kind == .say && header.origin == Origin(gateway: 7, connection: 3) && header.trace == 99)
        #expect(Array(bytes[header.roomRange]) == Array("lobby".utf8))
        #expect(Array(bytes[header.senderRange]) == Array("alice".utf8))
        #expect(Array(bytes[header.targetRange]) == Array("bob".utf8))
        #expect(Array(bytes[header.clientMessageIDRange]) == Array("m-1".utf8))
        #expect(Array(bytes[header.payloadRange]) == Array("hi there".utf8))
    }

    @Test func replayRangesRoundTripAndRejectWrongSizes() throws {
        let range = ReplayRange(first: 5, last: 1 << 33)
        #expect(try ReplayRange(bytes: range.bytes) == range)
        #expect(throws: EnvelopeError.self) { try ReplayRange(bytes: [1, 2, 3]) }
    }

    static func code(of bytes: [UInt8]) -> EnvelopeError.Code? {
        do {
            _ = try Envelope(decoding: bytes)
            return nil
        } catch {
            return error.code
        }
    }
}
