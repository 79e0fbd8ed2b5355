import NIOCore
import NIOWebSocket

/// One frame from a client, unmasked, in a buffer of its own.
struct ClientFrame {
    let fin: Bool
    let opcode: WebSocketOpcode
    var payload: ByteBuffer

    var isControl: Bool { self.opcode.isControlOpcode }
}

/// Reads client frames out of the bytes a connection receives (RFC 6455 §5.2), checking every framing
/// rule as soon as a frame's header is in: the frame is masked (§5.1), has no RSV bit (§5.2: the gateway
/// negotiates no extension that would define one), has a defined opcode, a control frame is whole (FIN)
/// and at most 125 bytes (§5.5), and no frame is longer than the limit.
///
/// What it keeps between reads is its own copy of an unfinished frame, never a slice of the read buffer,
/// which the channel reuses for the next read only when nobody else holds it.
struct ClientFrameDecoder {
    /// Why the connection must fail, with the close code RFC 6455 gives for it.
    struct Failure: Error {
        let code: WebSocketErrorCode
        let reason: String

        static func protocolError(_ reason: String) -> Failure { Failure(code: .protocolError, reason: reason) }
        static let tooLarge = Failure(code: .messageTooLarge, reason: "message too large")
    }

    let maximumFrameBytes: Int
    /// The start of a frame whose end has not arrived.
    private var unfinished: ByteBuffer?

    init(maximumFrameBytes: Int) {
        self.maximumFrameBytes = maximumFrameBytes
    }

    /// Hands every whole frame in `bytes` to `body`, in order, until it returns `false`; keeps a copy of
    /// the frame that is not whole yet.
    mutating func decode(_ bytes: ByteBuffer, _ body: (ClientFrame) -> Bool) throws(Failure) {
        var input: ByteBuffer
        if var unfinished = self.unfinished {
            self.unfinished = nil
            var bytes = bytes
            unfinished.writeBuffer(&bytes)
            input = unfinished
        } else {
            input = bytes
        }
        while let frame = try self.next(from: &input) {
            guard body(frame) else { return }
        }
        if input.readableBytes > 0 {
            var copy = ByteBufferAllocator().buffer(capacity: input.readableBytes)
            copy.writeBuffer(&input)
            self.unfinished = copy
        }
    }

    /// The next whole frame of `input`, or `nil` if it has not all arrived (`input` is then left as it was).
    private func next(from input: inout ByteBuffer) throws(Failure) -> ClientFrame? {
        let start = input.readerIndex
        guard let first = input.getInteger(at: start, as: UInt8.self), let second = input.getInteger(at: start + 1, as: UInt8.self) else {
            return nil
        }
        guard first & 0x70 == 0 else { throw .protocolError("reserved bits set without an extension") }
        guard let opcode = Self.definedOpcode(first & 0x0F) else { throw .protocolError("reserved opcode") }
        guard second & 0x80 != 0 else { throw .protocolError("client frames must be masked") }
        let fin = first & 0x80 != 0
        var headerLength = 2
        var length = UInt64(second & 0x7F)
        if length == 126 {
            guard let extended = input.getInteger(at: start + 2, as: UInt16.self) else { return nil }
            (length, headerLength) = (UInt64(extended), 4)
        } else if length == 127 {
            guard let extended = input.getInteger(at: start + 2, as: UInt64.self) else { return nil }
            (length, headerLength) = (extended, 10)
        }
        if opcode.isControlOpcode {
            guard fin else { throw .protocolError("a control frame must not be fragmented") }
            guard length <= 125 else { throw .protocolError("a control frame carries at most 125 bytes") }
        }
        guard length <= UInt64(self.maximumFrameBytes) else { throw .tooLarge }
        let payloadStart = start + headerLength + 4
        guard input.readableBytes >= headerLength + 4 + Int(length), let key = input.getInteger(at: start + headerLength, as: UInt32.self) else {
            return nil
        }
        var payload = ByteBufferAllocator().buffer(capacity: Int(length))
        input.withUnsafeReadableBytes { raw in
            let masked = UnsafeRawBufferPointer(rebasing: raw[(payloadStart - start)...].prefix(Int(length)))
            payload.writeWithUnsafeMutableBytes(minimumWritableBytes: masked.count) { target in
                Self.unmask(masked, key: key, into: target)
                return masked.count
            }
        }
        input.moveReaderIndex(to: payloadStart + Int(length))
        return ClientFrame(fin: fin, opcode: opcode, payload: payload)
    }

    private static func definedOpcode(_ bits: UInt8) -> WebSocketOpcode? {
        switch bits {
        case 0x0, 0x1, 0x2, 0x8, 0x9, 0xA: WebSocketOpcode(encodedWebSocketOpcode: bits)
        default: nil
        }
    }

    /// XORs `masked` with the 4-byte key (big-endian, as on the wire) into `target`, eight bytes at a time.
    static func unmask(_ masked: UnsafeRawBufferPointer, key: UInt32, into target: UnsafeMutableRawBufferPointer) {
        let keyBytes = key.bigEndian  // the key's first wire byte first in memory
        let key64 = UInt64(keyBytes) | (UInt64(keyBytes) << 32)
        var index = 0
        while index + 8 <= masked.count {
            let word = masked.loadUnaligned(fromByteOffset: index, as: UInt64.self) ^ key64
            target.storeBytes(of: word, toByteOffset: index, as: UInt64.self)
            index += 8
        }
        withUnsafeBytes(of: keyBytes) { key in
            while index < masked.count {
                target[index] = masked[index] ^ key[index % 4]
                index += 1
            }
        }
    }
}
