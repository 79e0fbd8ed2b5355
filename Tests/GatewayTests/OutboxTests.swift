import NIOCore
import NIOEmbedded
import NIOWebSocket
import Synchronization
import Testing

@testable import Gateway

@Suite struct OutboxTests {
    static func frame(_ text: String) -> ByteBuffer { ByteBuffer(string: text) }

    /// The payloads of the text frames written to `channel` so far.
    static func written(_ channel: EmbeddedChannel) throws -> [String] {
        try RecordedOutbox.payloads(written: channel).map { String(buffer: $0) }
    }

    @Test func framesQueuedBeforeTheDrainAreWrittenTogetherInOrderWithOneFlush() throws {
        let channel = RecordedOutbox.webSocketChannel()
        let outbox = Outbox(channel: channel, byteLimit: 100)
        for text in ["a", "b", "c"] { #expect(outbox.push(Self.frame(text))) }
        #expect(try channel.readOutbound(as: ByteBuffer.self) == nil, "nothing is written before the event loop runs the drain")
        #expect(try Self.written(channel) == ["a", "b", "c"])
        outbox.push(Self.frame("d"))
        channel.embeddedEventLoop.run()
        #expect(try Self.written(channel) == ["d"])
    }

    @Test func outboxesOnOneLoopAreDrainedByOneTask() throws {
        let channel = RecordedOutbox.webSocketChannel()
        let outboxes = (0..<3).map { _ in Outbox(channel: channel, byteLimit: 100) }
        var drains: [Outbox] = []
        for (index, outbox) in outboxes.enumerated() {
            let (accepted, needsDrain) = outbox.enqueue(EncodedFrame(payload: Self.frame("\(index)")))
            #expect(accepted && needsDrain)
            drains.append(outbox)
            #expect(outbox.enqueue(EncodedFrame(payload: Self.frame("again"))).needsDrain == false, "a drain is already due")
        }
        Outbox.drainAll(drains)
        channel.embeddedEventLoop.run()
        #expect(try Self.written(channel) == ["0", "again", "1", "again", "2", "again"])
    }

    /// The limit bounds what waits for the event loop; a slow socket is WebSocketConnection's to judge (test_faults.py).
    @Test func passingTheByteLimitClosesItAsTooSlowAndDropsWhatWasQueued() throws {
        let channel = RecordedOutbox.webSocketChannel()
        let closings = ClosingLog()
        // Frames count with their 2-byte headers: 7 + 7 fit in 14.
        let outbox = Outbox(channel: channel, byteLimit: 14) { closing, _ in closings.append(closing) }
        #expect(outbox.push(Self.frame("12345")))
        #expect(outbox.push(Self.frame("67890")))
        #expect(!outbox.push(Self.frame("!")))
        #expect(outbox.isClosed)
        #expect(!outbox.push(Self.frame("?")), "a closed outbox takes nothing")
        channel.embeddedEventLoop.run()
        #expect(try Self.written(channel) == [])
        #expect(closings.all == [.tooSlow], "the close hook runs once, on the loop")
    }

    @Test func closingWritesWhatIsQueuedFirstAndTheFirstClosingWins() throws {
        let channel = RecordedOutbox.webSocketChannel()
        let closings = ClosingLog()
        let outbox = Outbox(channel: channel, byteLimit: 100) { closing, _ in closings.append(closing) }
        outbox.push(Self.frame("last words"))
        outbox.close(.goingAway)
        outbox.close(.normal)
        channel.embeddedEventLoop.run()
        #expect(try Self.written(channel) == ["last words"])
        #expect(closings.all == [.goingAway])
    }

    final class ClosingLog: Sendable {
        private let closings = Mutex<[Outbox.Closing]>([])
        func append(_ closing: Outbox.Closing) { self.closings.withLock { $0.append(closing) } }
        var all: [Outbox.Closing] { self.closings.withLock { $0 } }
    }
}

@Suite struct EncodedFrameTests {
    /// NIO's own encoder, for comparison: header and payload as it writes them.
    static func niosBytes(_ payload: ByteBuffer) throws -> ByteBuffer {
        let channel = EmbeddedChannel(handler: WebSocketFrameEncoder())
        try channel.writeOutbound(WebSocketFrame(fin: true, opcode: .text, data: payload))
        var bytes = ByteBuffer()
        while var part = try channel.readOutbound(as: ByteBuffer.self) { bytes.writeBuffer(&part) }
        return bytes
    }

    @Test(arguments: [0, 1, 125, 126, 127, 65535, 65536, 100_000])
    func theBytesAreWhatNIOsEncoderWrites(length: Int) throws {
        let payload = ByteBuffer(repeating: UInt8(ascii: "x"), count: length)
        #expect(EncodedFrame(payload: payload).bytes == (try Self.niosBytes(payload)))
    }
}
