import NIOCore
import Synchronization
import Testing

@testable import Gateway

@Suite struct OutboxTests {
    static func frame(_ text: String) -> ByteBuffer { ByteBuffer(string: text) }

    @Test func framesQueuedBeforeTheWriterAsksComeOutTogetherInOrder() async {
        let outbox = Outbox(byteLimit: 100)
        for text in ["a", "b", "c"] { #expect(outbox.push(Self.frame(text))) }
        guard case .frames(let frames) = await outbox.next() else {
            Issue.record("expected frames")
            return
        }
        #expect(frames == ["a", "b", "c"].map(Self.frame))
    }

    @Test func aWaitingWriterIsWokenByThePush() async {
        let outbox = Outbox(byteLimit: 100)
        async let next = outbox.next()
        try? await Task.sleep(for: .milliseconds(10))
        outbox.push(Self.frame("x"))
        guard case .frames(let frames) = await next else {
            Issue.record("expected frames")
            return
        }
        #expect(frames == [Self.frame("x")])
    }

    @Test func passingTheByteLimitClosesItAsTooSlowAndDropsWhatWasQueued() async {
        let closings = ClosingLog()
        let outbox = Outbox(byteLimit: 10) { closings.append($0) }
        #expect(outbox.push(Self.frame("12345")))
        #expect(outbox.push(Self.frame("67890")))
        #expect(!outbox.push(Self.frame("!")))
        #expect(outbox.isClosed)
        #expect(!outbox.push(Self.frame("?")), "a closed outbox takes nothing")
        guard case .closed(let closing) = await outbox.next() else {
            Issue.record("expected closed")
            return
        }
        #expect(closing == .tooSlow && closing.code == .unknown(1013))
        #expect(closings.all == [.tooSlow], "the close hook runs once")
    }

    @Test func closingDeliversWhatIsQueuedFirstAndTheFirstClosingWins() async {
        let outbox = Outbox(byteLimit: 100)
        outbox.push(Self.frame("last words"))
        outbox.close(.goingAway)
        outbox.close(.normal)
        guard case .frames(let frames) = await outbox.next() else {
            Issue.record("expected frames")
            return
        }
        #expect(frames == [Self.frame("last words")])
        guard case .closed(let closing) = await outbox.next() else {
            Issue.record("expected closed")
            return
        }
        #expect(closing == .goingAway && closing.code == .goingAway)
    }

    @Test func cancellingTheWriterEndsItsWait() async {
        let outbox = Outbox(byteLimit: 100)
        let writer = Task { await outbox.next() }
        writer.cancel()
        guard case .closed(let closing) = await writer.value else {
            Issue.record("expected closed")
            return
        }
        #expect(closing == .normal)
    }

    final class ClosingLog: Sendable {
        private let closings = Mutex<[Outbox.Closing]>([])
        func append(_ closing: Outbox.Closing) { self.closings.withLock { $0.append(closing) } }
        var all: [Outbox.Closing] { self.closings.withLock { $0 } }
    }
}
