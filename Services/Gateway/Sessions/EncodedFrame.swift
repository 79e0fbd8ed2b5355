import NIOCore
import NIOWebSocket

/// A WebSocket frame as a server sends it: header and payload in one buffer, unmasked, final.
///
/// Server frames are the same bytes for every client, so a room's message is encoded once per gateway
/// and this one buffer is written to every member: no per-connection frame encoding, and one write
/// (not a header and a payload) per client.
struct EncodedFrame: Sendable {
    let bytes: ByteBuffer

    /// A text frame carrying `payload`, already UTF-8.
    init(payload: ByteBuffer) {
        self.init(opcode: .text, payload: payload)
    }

    init(opcode: WebSocketOpcode, payload: ByteBuffer) {
        let length = payload.readableBytes
        var bytes = ByteBufferAllocator().buffer(capacity: length + 10)
        bytes.writeInteger(UInt8(0x80) | UInt8(webSocketOpcode: opcode))  // FIN
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

    /// A close frame with `code` and `reason`.
    static func close(code: WebSocketErrorCode, reason: String) -> EncodedFrame {
        var data = ByteBuffer()
        data.write(webSocketErrorCode: code)
        data.writeString(reason)
        return EncodedFrame(opcode: .connectionClose, payload: data)
    }
}
