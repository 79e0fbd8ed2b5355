import NIOCore

/// A WebSocket text frame as a server sends it: header and payload in one buffer, unmasked.
///
/// Server frames are the same bytes for every client, so a room's message is encoded once per gateway
/// and this one buffer is written to every member: no per-connection frame encoding, and one write
/// (not a header and a payload) per client.
struct EncodedTextFrame: Sendable {
    let bytes: ByteBuffer

    init(payload: ByteBuffer) {
        let length = payload.readableBytes
        var bytes = ByteBufferAllocator().buffer(capacity: length + 10)
        bytes.writeInteger(UInt8(0x81))  // FIN, text
        switch length {
        case ..<126:
            bytes.writeInteger(UInt8(length))
        case ...0xFFFF:
            bytes.writeInteger(UInt8(126))
            bytes.writeInteger(UInt16(length))
        default:
            bytes.writeInteger(UInt8(127))
            bytes.writeInteger(UInt64(length))
        }
        var payload = payload
        bytes.writeBuffer(&payload)
        self.bytes = bytes
    }
}
