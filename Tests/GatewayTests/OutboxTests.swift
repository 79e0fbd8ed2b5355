import NIOCore
import NIOEmbedded
import NIOWebSocket
import Synchronization
import Testing

@testable import Gateway

@Suite struct OutboxTests {
    static func frame(_ text: String) -> ByteBuffer { ByteBuffer(string: text) }

    /// The text frames written to `channel` so far.
    static func written(_ channel: EmbeddedChannel) throws -> [String] {
        var texts: [String] = []
        while let frame = try channel.readOutbound(as: WebSocketFrame.self) {
            texts.append(String(buffer: frame.data))
        }
        return texts
    }

    @Test func framesQueuedBeforeTheDrainAreWrittenTogetherInOrderWithOneFlush() throws {
        let channel = EmbeddedChannel()
        let outbox = Outbox(channel: channel, byteLimit: 100)
        for text in ["a", "b", "c"] { #expect(outbox.push(Self.frame(text))) }
        #expect(try Self.written(channel) == [], "nothing is written before the event loop runs the drain")
        channel.embeddedEventLoop.run()
        #expect(try Self.written(channel) == ["a", "b", "c"])
        outbox.push(Self.frame("d"))
        channel.embeddedEventLoop.run()
        #expect(try Self.written(channel) == ["d"])
    }

    @Test func outboxesOnOneLoopAreDrainedByOneTask() throws {
        let channel = EmbeddedChannel()
        let outboxes = (0..<3).map { _ in Outbox(channel: channel, byteLimit: 100) }
        var drains: [Outbox] = []
        for (index, outbox) in outboxes.enumerated() {
            let (accepted, needsDrain) = outbox.enqueue(Self.frame("\(index)"))
            #expect(accepted && needsDrain)
            drains.append(outbox)
            #expect(outbox.enqueue(Self.frame("again")).needsDrain == false, "a drain is already due")
        }
        Outbox.drainAll(drains)
        channel.embeddedEventLoop.run()
        #expect(try Self.written(channel) == ["0", "again", "1", "again", "2", "again"])
    }

    @Test func passingTheByteLimitClosesItAsTooSlowAndDropsWhatWasQueued() throws {
        let channel = EmbeddedChannel()
        let closings = ClosingLog()
        let outbox = Outbox(channel: channel, byteLimit: 10) { closings.append($0) }
        #expect(outbox.push(Self.frame("12345")))
        #expect(outbox.push(Self.frame("67890")))
        #expect(!outbox.push(Self.frame("!")))
        #expect(outbox.isClosed)
        #expect(!outbox.push(Self.frame("?")), "a closed outbox takes nothing")
        channel.embeddedEventLoop.run()
        #expect(try Self.written(channel) == [])
        #expect(closings.all == [.tooSlow], "the close hook runs once, on the loop")
    }

    @Test func bytesWrittenButNotYetOnTheSocketCountAgainstTheLimit() throws {
        let channel = EmbeddedChannel()
        let outbox = Outbox(channel: channel, byteLimit: 10)
        // An embedded channel completes writes when flushed; a promise held back stands for a slow socket.
        let stuck = PromiseHolder(channel: channel)
        try channel.pipeline.syncOperations.addHandler(stuck)
        #expect(outbox.push(Self.frame("123456")))
        channel.embeddedEventLoop.run()
        #expect(!outbox.push(Self.frame("7890!")), "6 bytes still on their way + 5 > 10")
        #expect(outbox.isClosed)
    }

    @Test func closingWritesWhatIsQueuedFirstAndTheFirstClosingWins() throws {
        let channel = EmbeddedChannel()
        let closings = ClosingLog()
        let outbox = Outbox(channel: channel, byteLimit: 100) { closings.append($0) }
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

    /// Keeps write promises instead of completing them: a socket that takes nothing.
    final class PromiseHolder: ChannelOutboundHandler, @unchecked Sendable {
        typealias OutboundIn = WebSocketFrame
        var held: [EventLoopPromise<Void>] = []
        init(channel: EmbeddedChannel) {}
        func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
            if let promise { self.held.append(promise) }
        }
    }
}
