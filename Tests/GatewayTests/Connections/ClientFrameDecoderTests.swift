import NIOCore
import NIOWebSocket
import Testing

@testable import Gateway

@Suite struct ClientFrameDecoderTests {
    static let key: [UInt8] = [0x37, 0xFA, 0x21, 0x3D]

    /// A frame as RFC 6455 §5.2 lays it out, built here byte by byte.
    static func wire(_ opcode: UInt8, _ payload: [UInt8], fin: Bool = true, masked: Bool = true, rsv: UInt8 = 0, length: UInt64? = nil) -> ByteBuffer {
        var bytes = ByteBuffer()
        bytes.writeInteger((fin ? 0x80 : 0) | rsv | opcode)
        let mask: UInt8 = masked ? 0x80 : 0
        let count = length ?? UInt64(payload.count)
        switch count {
        case ..<126: bytes.writeInteger(mask | UInt8(count))
        case ...0xFFFF:
            bytes.writeInteger(mask | 126)
            bytes.writeInteger(UInt16(count))
        default:
            bytes.writeInteger(mask | 127)
            bytes.writeInteger(count)
        }
        if masked { bytes.writeBytes(Self.key) }
        bytes.writeBytes(payload.enumerated().map { masked ? $1 ^ Self.key[$0 % 4] : $1 })
        return bytes
    }

    static func decode(_ chunks: [ByteBuffer], limit: Int = 1 << 20) throws(ClientFrameDecoder.Failure) -> [ClientFrame] {
        var decoder = ClientFrameDecoder(maximumFrameBytes: limit)
        var frames: [ClientFrame] = []
        for chunk in chunks { try decoder.decode(chunk) { frames.append($0); return true } }
        return frames
    }

    static func failure(_ chunks: [ByteBuffer], limit: Int = 1 << 20) -> ClientFrameDecoder.Failure? {
        do {
            _ = try Self.decode(chunks, limit: limit)
            return nil
        } catch {
            return error
        }
    }

    @Test(arguments: [0, 1, 7, 8, 9, 125, 126, 65535, 65536, 100_003])
    func payloadsOfEveryLengthAreUnmasked(length: Int) throws {
        let payload = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let frames = try Self.decode([Self.wire(0x2, payload)])
        #expect(frames.count == 1)
        #expect(frames.first.map { Array($0.payload.readableBytesView) } == payload)
    }

    @Test func framesSplitAnywhereAcrossReadsComeOutWholeAndInOrder() throws {
        var stream = Self.wire(0x1, Array("hello".utf8))
        var second = Self.wire(0x9, Array("ping".utf8))
        var third = Self.wire(0x1, Array(repeating: 0x61, count: 300))
        stream.writeBuffer(&second)
        stream.writeBuffer(&third)
        for cut in [1, 2, 3, 7, 11, 12, 200] {
            var bytes = stream
            let head = bytes.readSlice(length: cut)!
            let frames = try Self.decode([head, bytes])
            #expect(frames.map(\.opcode) == [.text, .ping, .text], "cut at \(cut)")
            #expect(frames.map(\.payload.readableBytes) == [5, 4, 300])
        }
    }

    @Test func whatIsKeptOfAnUnfinishedFrameIsACopyNotTheReadBuffer() throws {
        var decoder = ClientFrameDecoder(maximumFrameBytes: 1000)
        var read = Self.wire(0x1, Array("unfinished".utf8))
        read.moveWriterIndex(to: read.writerIndex - 3)
        try decoder.decode(read) { _ in true }
        read.setBytes([0, 0, 0, 0], at: 0)  // the channel reuses its buffer for the next read
        var frames: [ClientFrame] = []
        try decoder.decode(ByteBuffer(bytes: Self.wire(0x1, Array("unfinished".utf8)).readableBytesView.suffix(3))) {
            frames.append($0)
            return true
        }
        #expect(frames.map { String(buffer: $0.payload) } == ["unfinished"])
    }

    @Test(
        arguments: [
            (ClientFrameDecoderTests.wire(0x1, [0x68, 0x69], masked: false), "client frames must be masked"),
            (ClientFrameDecoderTests.wire(0x1, [0x68], rsv: 0x40), "reserved bits set without an extension"),
            (ClientFrameDecoderTests.wire(0x2, [0x68], rsv: 0x10), "reserved bits set without an extension"),
            (ClientFrameDecoderTests.wire(0x3, []), "reserved opcode"),
            (ClientFrameDecoderTests.wire(0xB, []), "reserved opcode"),
            (ClientFrameDecoderTests.wire(0x9, [], fin: false), "a control frame must not be fragmented"),
            (ClientFrameDecoderTests.wire(0x9, Array(repeating: 0x70, count: 126)), "a control frame carries at most 125 bytes"),
        ]
    )
    func aBrokenFramingRuleFailsWith1002(bytes: ByteBuffer, reason: String) {
        let failure = Self.failure([bytes])
        #expect(failure?.code == .protocolError)
        #expect(failure?.reason == reason)
    }

    @Test func aFrameOverTheLimitFailsWith1009AsSoonAsItsHeaderIsIn() {
        var header = Self.wire(0x1, [], length: 1 << 40)
        header.moveWriterIndex(to: 10)  // the length only: no key, no payload
        #expect(Self.failure([header], limit: 1000)?.code == .messageTooLarge)
        #expect(Self.failure([Self.wire(0x1, Array(repeating: 0x61, count: 1001))], limit: 1000)?.code == .messageTooLarge)
    }

    @Test func decodingStopsWhenTheHandlerSaysSo() throws {
        var decoder = ClientFrameDecoder(maximumFrameBytes: 1000)
        var stream = Self.wire(0x8, [])
        var after = Self.wire(0x1, [0x61])
        stream.writeBuffer(&after)
        var seen: [WebSocketOpcode] = []
        try decoder.decode(stream) {
            seen.append($0.opcode)
            return false  // the connection closed
        }
        #expect(seen == [.connectionClose])
    }
}
