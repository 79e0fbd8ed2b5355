import NIOCore
import NIOWebSocket

/// Ways a connection ends besides the client leaving.
enum ConnectionCloser {
    /// Closes `channel` after `delay`, whether or not the close handshake finished: a client that stopped
    /// reading cannot hold its connection open.
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
