import NIOCore
import NIOWebSocket

/// What a server writes to a client, as it goes on the socket: a WebSocket frame (header and payload in one
/// buffer, unmasked, final), or an IRC client's lines, which need no framing of their own.
///
/// Server frames are the same bytes for every client, so a room's message is encoded once per gateway
/// and this one buffer is written to every member: no per-connection frame encoding, and one write
/// (not a header and a payload) per client.
struct EncodedFrame: Sendable {
    /// How a connection's payloads are put on the wire.
    enum Framing: Sendable {
        /// Each payload is a WebSocket text frame.
        case webSocketText
        /// Each payload goes as it is (IRC lines, which end with CR LF already).
        case raw
    }

    let bytes: ByteBuffer

    /// `payload` framed as `framing` says.
    init(payload: ByteBuffer, framing: Framing) {
        switch framing {
        case .webSocketText: self.init(opcode: .text, payload: payload)
        case .raw: self.init(raw: payload)
        }
    }

    /// Bytes that go on the socket as they are.
    init(raw bytes: ByteBuffer) {
        self.bytes = bytes
    }

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
