import NIOWebSocket

/// The framing rules every client frame must keep, beyond the lengths and fragmented control frames that
/// NIO's frame decoder checks itself: masked (RFC 6455 §5.1), no RSV bit (§5.2: the gateway negotiates no
/// extension that would define one), a defined opcode (§5.2). Breaking one fails the connection with 1002.
enum ClientFrameRules {
    private static let definedOpcodes: [WebSocketOpcode] = [.continuation, .text, .binary, .connectionClose, .ping, .pong]

    /// What is wrong with `frame`, or `nil`.
    static func problem(in frame: WebSocketFrame) -> String? {
        if frame.maskKey == nil {
            "client frames must be masked"
        } else if !frame.reservedBits.isEmpty {
            "reserved bits set without an extension"
        } else if !Self.definedOpcodes.contains(frame.opcode) {
            "reserved opcode"
        } else {
            nil
        }
    }
}
