import NIOCore
import NIOWebSocket

/// A whole message from a client: the payload of its data frames, unmasked and joined.
enum InboundMessage {
    /// Checked to be UTF-8.
    case text(ByteBuffer)
    case binary(ByteBuffer)
}

/// Joins a client's data frames into messages (RFC 6455 §5.4), within a size limit, and checks that a
/// text message is UTF-8 once it is whole, so a character split across fragments is fine.
///
/// What it keeps between fragments is its own copy, never a slice of a read buffer: the channel reuses
/// its receive buffer only when nobody else holds it.
struct MessageAssembler {
    /// Why the connection must fail, with the close code RFC 6455 gives for it.
    struct Failure: Error {
        let code: WebSocketErrorCode
        let reason: String

        static let tooLarge = Failure(code: .messageTooLarge, reason: "message too large")
        static let invalidUTF8 = Failure(code: .dataInconsistentWithMessage, reason: "text is not valid UTF-8")
    }

    let maximumBytes: Int
    private var partial: (opcode: WebSocketOpcode, bytes: ByteBuffer)?

    init(maximumBytes: Int) {
        self.maximumBytes = maximumBytes
    }

    /// Takes a data frame (text, binary or continuation); returns the message it completes, if any.
    mutating func add(_ frame: WebSocketFrame) throws(Failure) -> InboundMessage? {
        switch frame.opcode {
        case .text, .binary:
            guard self.partial == nil else {
                throw Failure(code: .protocolError, reason: "a new message began inside a fragmented one")
            }
            guard frame.length <= self.maximumBytes else { throw .tooLarge }
            let payload = frame.unmaskedData  // unmasking copies: nothing here refers to the read buffer
            if frame.fin { return try Self.message(frame.opcode, payload) }
            self.partial = (frame.opcode, payload)
            return nil
        case .continuation:
            guard var (opcode, bytes) = self.partial else {
                throw Failure(code: .protocolError, reason: "a continuation frame with no message to continue")
            }
            self.partial = nil
            guard bytes.readableBytes + frame.length <= self.maximumBytes else { throw .tooLarge }
            var payload = frame.unmaskedData
            bytes.writeBuffer(&payload)
            if frame.fin { return try Self.message(opcode, bytes) }
            self.partial = (opcode, bytes)
            return nil
        default:
            preconditionFailure("control frames are not part of a message")
        }
    }

    private static func message(_ opcode: WebSocketOpcode, _ payload: ByteBuffer) throws(Failure) -> InboundMessage {
        guard opcode == .text else { return .binary(payload) }
        guard payload.withUnsafeReadableBytes(UTF8Validation.isValid) else { throw .invalidUTF8 }
        return .text(payload)
    }
}
