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
/// Each fragment's payload is already a buffer of its own (``ClientFrameDecoder``), so a single-frame
/// message is passed on without a copy.
struct MessageAssembler {
    typealias Failure = ClientFrameDecoder.Failure

    let maximumBytes: Int
    private var partial: (opcode: WebSocketOpcode, bytes: ByteBuffer)?

    init(maximumBytes: Int) {
        self.maximumBytes = maximumBytes
    }

    /// Takes a data frame (text, binary or continuation); returns the message it completes, if any.
    mutating func add(_ frame: ClientFrame) throws(Failure) -> InboundMessage? {
        switch frame.opcode {
        case .text, .binary:
            guard self.partial == nil else { throw .protocolError("a new message began inside a fragmented one") }
            if frame.fin { return try Self.message(frame.opcode, frame.payload) }
            self.partial = (frame.opcode, frame.payload)
            return nil
        case .continuation:
            guard var (opcode, bytes) = self.partial else { throw .protocolError("a continuation frame with no message to continue") }
            self.partial = nil
            guard bytes.readableBytes + frame.payload.readableBytes <= self.maximumBytes else { throw .tooLarge }
            var payload = frame.payload
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
        guard payload.withUnsafeReadableBytes(UTF8Validation.isValid) else {
            throw Failure(code: .dataInconsistentWithMessage, reason: "text is not valid UTF-8")
        }
        return .text(payload)
    }
}
