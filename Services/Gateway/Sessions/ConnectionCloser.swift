import HummingbirdWebSocket
import NIOCore
import NIOWebSocket

/// Writes one client's ``Outbox`` to its WebSocket until the outbox closes.
///
/// When the outbox closes for a reason the client must hear (too slow, shutting down) it sends that
/// close frame; ``dropLater(_:after:)`` makes sure a client that stopped reading cannot hold the
/// connection open even so.
struct ClientWriter {
    let outbox: Outbox
    let outbound: WebSocketOutboundWriter

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
                return
            }
        }
    }

    /// Closes `channel` after `delay`, whether or not the close handshake finished. Closing the channel
    /// also fails a write stuck on a client that stopped reading, which frees the writer.
    static func dropLater(_ channel: any Channel, after delay: Duration) {
        channel.eventLoop.scheduleTask(in: TimeAmount(delay)) {
            channel.close(promise: nil)
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
