import NIOCore
import NIOWebSocket

/// The WebSocket end of one benchmark client: sends its greeting (the plain protocol's name, or a v1
/// `hello`), then hands every text frame to `events`.
///
/// Added by the upgrader once the handshake succeeded. It answers pings and close frames itself (the
/// server would otherwise drop a silent client after its ping timeout) and reassembles fragmented
/// messages, so `events` sees whole text messages only.
final class BenchClientHandler<Events: ClientEvents>: ChannelInboundHandler {
    typealias InboundIn = WebSocketFrame
    typealias OutboundOut = WebSocketFrame

    private let client: Int
    /// The first text frame: the name in plain mode, the `hello` in protocol v1.
    private let greeting: String
    private let events: Events
    /// Succeeds once the greeting frame is written.
    private let named: EventLoopPromise<Void>
    private var connection: ClientConnection?
    private var fragments: ByteBuffer?
    private var closeReason: String?
    private var sentClose = false

    init(client: Int, greeting: String, events: Events, named: EventLoopPromise<Void>) {
        self.client = client
        self.greeting = greeting
        self.events = events
        self.named = named
    }

    func handlerAdded(context: ChannelHandlerContext) {
        let connection = ClientConnection(context: context, seed: UInt64(self.client) &* 0x9E37_79B9_7F4A_7C15 &+ 1)
        self.connection = connection
        connection.writeText(capacity: self.greeting.utf8.count, promise: self.named) { $0.writeString(self.greeting) }
        connection.flush()
        self.events.ready(self.client, connection: connection)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = Self.unwrapInboundIn(data)
        switch frame.opcode {
        case .text where frame.fin:
            frame.unmaskedData.withUnsafeReadableBytes { self.events.received(self.client, text: $0) }
        case .text:
            self.fragments = frame.unmaskedData
        case .continuation:
            guard var fragments = self.fragments else { return }
            var data = frame.unmaskedData
            fragments.writeBuffer(&data)
            if frame.fin {
                self.fragments = nil
                fragments.withUnsafeReadableBytes { self.events.received(self.client, text: $0) }
            } else {
                self.fragments = fragments
            }
        case .ping:
            self.connection?.write(WebSocketFrame(fin: true, opcode: .pong, data: frame.unmaskedData))
            self.connection?.flush()
        case .connectionClose:
            var data = frame.unmaskedData
            let code = data.readWebSocketErrorCode().map { "\($0)" } ?? "no code"
            let text = data.readString(length: data.readableBytes) ?? ""
            self.closeReason = "server closed the connection (\(code))" + (text.isEmpty ? "" : ": \(text)")
            if !self.sentClose {
                self.sentClose = true
                self.connection?.close()
            } else {
                context.close(promise: nil)
            }
        default:
            break
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        self.events.readComplete(self.client)
        context.fireChannelReadComplete()
    }

    func channelInactive(context: ChannelHandlerContext) {
        self.named.fail(ChannelError.inputClosed)
        self.events.closed(self.client, reason: self.closeReason)
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if self.closeReason == nil { self.closeReason = "\(error)" }
        context.close(promise: nil)
    }
}
