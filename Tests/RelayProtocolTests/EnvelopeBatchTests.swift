import RelayProtocol
import Testing

/// Frames of several envelopes back to back, as the relay publishes them and accepts `say`s.
@Suite struct EnvelopeBatchTests {
    static let envelopes = [
        Envelope(kind: .message, sequence: 1, room: "lobby", sender: "ann", payload: Array("hi".utf8)),
        Envelope(kind: .presence, flags: .joined, sequence: 2, room: "lobby", sender: "bob"),
        Envelope(kind: .message, sequence: 3, room: "dev", sender: "bob", clientMessageID: "b-1", payload: Array(repeating: 0x61, count: 300)),
    ]

    @Test func aFrameOfSeveralEnvelopesSplitsIntoEach() throws {
        let frame = Self.envelopes.flatMap { $0.encoded() }
        let decoded = try frame.withUnsafeBytes { bytes in try EnvelopeBatch.envelopes(in: bytes) }
        #expect(decoded == Self.envelopes)
    }

    @Test func aFrameOfOneEnvelopeIsThatEnvelope() throws {
        let frame = Self.envelopes[0].encoded()
        #expect(try frame.withUnsafeBytes { try EnvelopeBatch.ranges(in: $0) } == [0..<frame.count])
    }

    @Test(arguments: [1, 50, 71])
    func aFrameWithATruncatedLastEnvelopeIsRefusedWhole(cut: Int) {
        let frame = Array(Self.envelopes.flatMap { $0.encoded() }.dropLast(cut))
        #expect(throws: EnvelopeError.self) { try frame.withUnsafeBytes { try EnvelopeBatch.ranges(in: $0) } }
    }

    @Test func anEmptyFrameIsRefused() {
        #expect(throws: EnvelopeError.self) { try [UInt8]().withUnsafeBytes { try EnvelopeBatch.ranges(in: $0) } }
    }

    @Test func aSingleEnvelopeWithTrailingBytesIsNotValidOnItsOwn() {
        let frame = Self.envelopes[0].encoded() + [1, 2, 3]
        #expect(throws: EnvelopeError.self) { try frame.withUnsafeBytes { try EnvelopeHeader(validating: $0) } }
    }
}
