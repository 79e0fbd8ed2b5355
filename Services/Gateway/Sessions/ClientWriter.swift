import HummingbirdWebSocket
import NIOCore
import NIOWebSocket

/// Writes one client's ``Outbox`` to its WebSocket until the outbox closes.
///
/// When the outbox closes for a reason the client must hear (too slow, shutting down) it sends that
/// close frame, gives the client `closeTimeout` to answer, then drops the connection, so a client
/// that stopped reading cannot hold it open.
struct ClientWriter {
    let outbox: Outbox
    let outbound: WebSocketOutboundWriter
    let channel: any Channel
    let closeTimeout: Duration

    func run() async throws {
        while true {
            switch await self.outbox.next() {
            case .frames(let frames):
                for frame in frames {
                    try await self.outbound.write(.custom(.text(frame)))
                }
            case .closed(let closing):
                guard closing != .normal else { return }
                try? await self.outbound.close(closing.code, reason: closing.reason)
                try await Task.sleep(for: self.closeTimeout)
                self.channel.close(promise: nil)
                return
            }
        }
    }

    /// Sends a close frame straight to the channel and closes it, for a connection with no session yet.
    static func closeAbruptly(_ channel: any Channel, code: WebSocketErrorCode, reason: String) {
        var data = channel.allocator.buffer(capacity: 2 + reason.utf8.count)
        data.write(webSocketErrorCode: code)
        data.writeString(reason)
        channel.writeAndFlush(WebSocketFrame(fin: true, opcode: .connectionClose, data: data)).whenComplete { _ in
            channel.close(promise: nil)
        }
    }
}

extension WebSocketFrame {
    /// A final text frame carrying `data`, already UTF-8.
    static func text(_ data: ByteBuffer) -> WebSocketFrame {
        WebSocketFrame(fin: true, opcode: .text, data: data)
    }
}
