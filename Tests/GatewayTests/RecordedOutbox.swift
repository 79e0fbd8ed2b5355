import NIOCore
import NIOEmbedded

@testable import Gateway

/// An outbox writing to an embedded channel: what it wrote, and how it closed.
final class RecordedOutbox {
    let channel = RecordedOutbox.webSocketChannel()
    private let closings = OutboxTests.ClosingLog()
    let outbox: Outbox

    init(byteLimit: Int = 1 << 20) {
        self.outbox = Outbox(channel: self.channel, byteLimit: byteLimit) { [closings] closing, _ in closings.append(closing) }
    }

    /// An embedded channel with nothing in its pipeline: the outbox writes encoded frames, as bytes.
    static func webSocketChannel() -> EmbeddedChannel {
        EmbeddedChannel()
    }

    /// The payloads of the text frames written since the last call (the event loop runs the pending drains first).
    func written() throws -> [ByteBuffer] {
        try Self.payloads(written: self.channel)
    }

    /// The payloads of the encoded text frames written to `channel`, one frame per write.
    static func payloads(written channel: EmbeddedChannel) throws -> [ByteBuffer] {
        channel.embeddedEventLoop.run()
        var payloads: [ByteBuffer] = []
        while var frame = try channel.readOutbound(as: ByteBuffer.self) {
            guard frame.readInteger(as: UInt8.self) == 0x81, let length = frame.readInteger(as: UInt8.self) else { break }
            switch length {
            case 126: _ = frame.readInteger(as: UInt16.self)
            case 127: _ = frame.readInteger(as: UInt64.self)
            default: break
            }
            payloads.append(frame)
        }
        return payloads
    }

    /// How the outbox closed, once its drain ran.
    var closing: Outbox.Closing? {
        self.channel.embeddedEventLoop.run()
        return self.closings.all.first
    }
}
