import NIOCore
import NIOHTTP1
import NIOWebSocket

/// Fails a WebSocket connection whose client breaks a framing rule that the libraries below let through:
/// every client frame is masked (RFC 6455 §5.1), has no RSV bit set (§5.2: the gateway negotiates no
/// extension that would define one), and has a defined opcode (§5.2).
///
/// NIO's frame decoder checks lengths and fragmented control frames, and fails the connection itself.
/// swift-websocket accepts unmasked frames, and answers RSV bits and reserved opcodes with a close frame but
/// then goes on reading: frames sent after that close still reached the chat, and the connection stayed until
/// the client left. Failing a connection means closing it (§7.1.7), so this sends 1002 and closes the channel,
/// as NIO's `WebSocketProtocolErrorHandler` does for what its decoder finds, and drops whatever follows.
final class ClientFrameCheck: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = WebSocketFrame
    typealias InboundOut = WebSocketFrame

    private static let definedOpcodes: [WebSocketOpcode] = [.continuation, .text, .binary, .connectionClose, .ping, .pong]
    private var failed = false

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !self.failed else { return }
        let frame = self.unwrapInboundIn(data)
        let problem: String? =
            if frame.maskKey == nil {
                "client frames must be masked"
            } else if !frame.reservedBits.isEmpty {
                "reserved bits set without an extension"
            } else if !Self.definedOpcodes.contains(frame.opcode) {
                "reserved opcode"
            } else {
                nil
            }
        guard let problem else {
            context.fireChannelRead(data)
            return
        }
        self.failed = true
        ConnectionCloser.closeAbruptly(context.channel, code: .protocolError, reason: problem)
    }

    /// Puts a ``ClientFrameCheck`` right after the WebSocket frame decoder when the connection upgrades.
    ///
    /// It waits behind the upgrade handler for its `upgradeComplete` event, which comes after the WebSocket
    /// handlers are in place but before any byte that followed the upgrade request is decoded, so no frame
    /// passes unchecked. A request that reaches it instead was not an upgrade: it steps aside.
    final class Installer: ChannelInboundHandler, RemovableChannelHandler {
        typealias InboundIn = HTTPServerRequestPart
        typealias InboundOut = HTTPServerRequestPart

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            context.fireChannelRead(data)
            context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
        }

        func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
            if let upgrade = event as? HTTPServerUpgradeEvents, case .upgradeComplete = upgrade {
                do {
                    let decoder = try context.pipeline.syncOperations.handler(type: ByteToMessageHandler<WebSocketFrameDecoder>.self)
                    try context.pipeline.syncOperations.addHandler(ClientFrameCheck(), position: .after(decoder))
                } catch {
                    context.close(promise: nil)  // unchecked frames are not an option
                }
                context.fireUserInboundEventTriggered(event)
                context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
                return
            }
            context.fireUserInboundEventTriggered(event)
        }
    }
}
