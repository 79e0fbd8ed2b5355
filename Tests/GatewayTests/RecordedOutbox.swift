import NIOCore
import NIOEmbedded
import NIOWebSocket

@testable import Gateway

/// An outbox writing to an embedded channel: what it wrote, and how it closed.
final class RecordedOutbox {
    let channel = EmbeddedChannel()
    private let closings = OutboxTests.ClosingLog()
    let outbox: Outbox

    init(byteLimit: Int = 1 << 20) {
        self.outbox = Outbox(channel: self.channel, byteLimit: byteLimit) { [closings] in closings.append($0) }
    }

    /// The text frames written since the last call (the event loop runs the pending drains first).
    func written() throws -> [ByteBuffer] {
        self.channel.embeddedEventLoop.run()
        var frames: [ByteBuffer] = []
        while let frame = try self.channel.readOutbound(as: WebSocketFrame.self) { frames.append(frame.data) }
        return frames
    }

    /// How the outbox closed, once its drain ran.
    var closing: Outbox.Closing? {
        self.channel.embeddedEventLoop.run()
        return self.closings.all.first
    }
}
