import ChatProtocol
import Testing

@testable import Gateway

@Suite struct MessagePacerTests {
    static let start = ContinuousClock.now

    /// 2 messages at once, then 10 a second; 100 bytes at once, then 1000 a second; paced for more than 5 s
    /// without a break is too long.
    static func pacer() -> MessagePacer<Int> {
        MessagePacer(
            messages: TokenBucket(rate: 10, burst: 2, now: Self.start),
            bytes: TokenBucket(rate: 1000, burst: 100, now: Self.start),
            limit: .seconds(5)
        )
    }

    static func at(_ milliseconds: Int) -> ContinuousClock.Instant { Self.start + .milliseconds(milliseconds) }

    @Test func messagesOverTheBurstWaitForTheirTokensInOrderAndNoneIsLost() {
        var pacer = Self.pacer()
        var delivered: [Int] = []
        for message in 0..<6 {
            if case .deliver(let message) = pacer.admit(message, now: Self.at(0)) { delivered.append(message) }
        }
        #expect(delivered == [0, 1])
        #expect(pacer.isHolding && pacer.isPaced)
        #expect(pacer.untilNextToken(now: Self.at(0)) == .milliseconds(100))
        delivered += pacer.release(now: Self.at(100))
        #expect(delivered == [0, 1, 2])
        delivered += pacer.release(now: Self.at(350))
        #expect(delivered == [0, 1, 2, 3, 4], "tokens build up to the burst at most")
        delivered += pacer.release(now: Self.at(450))
        #expect(delivered == [0, 1, 2, 3, 4, 5])
        #expect(!pacer.isHolding)
    }

    @Test func aMessageArrivingWhileOthersWaitQueuesBehindThemEvenWithATokenLeft() {
        var pacer = Self.pacer()
        _ = pacer.admit(0, now: Self.at(0))
        _ = pacer.admit(1, now: Self.at(0))
        #expect(pacer.admit(2, now: Self.at(0)).isWait)
        #expect(pacer.admit(3, now: Self.at(150)).isWait, "a token came, but 2 is first")
        #expect(pacer.release(now: Self.at(150)) == [2])
    }

    @Test func aMessageThatFindsATokenIsABreak() {
        var pacer = Self.pacer()
        _ = pacer.admit(0, now: Self.at(0))
        _ = pacer.admit(1, now: Self.at(0))
        _ = pacer.admit(2, now: Self.at(0))
        _ = pacer.release(now: Self.at(100))
        #expect(pacer.isPaced, "still paced: it used its token as soon as it came")
        #expect(pacer.admit(3, now: Self.at(300)).isDeliver)
        #expect(!pacer.isPaced)
    }

    @Test func pacedWithoutABreakForLongerThanTheLimitIsTooLong() {
        var pacer = Self.pacer()
        _ = pacer.admit(0, now: Self.at(0))
        _ = pacer.admit(1, now: Self.at(0))
        var now = 0
        // A flood: each message is sent as soon as the one before it got its token.
        while now <= 5000 {
            #expect(pacer.admit(now, now: Self.at(now)).isWait)
            now += 100
            _ = pacer.release(now: Self.at(now))
        }
        guard case .pacedTooLong = pacer.admit(now, now: Self.at(now)) else {
            Issue.record("paced for over 5 s without a break")
            return
        }
    }

    @Test func fileBytesDrawOnTheirOwnBucketAndLeaveTheMessageTokensAlone() {
        var pacer = Self.pacer()
        #expect(pacer.admit(0, cost: .bytes(60), now: Self.at(0)).isDeliver)
        #expect(pacer.admit(1, cost: .bytes(40), now: Self.at(0)).isDeliver)
        #expect(pacer.admit(2, now: Self.at(0)).isDeliver, "100 bytes took no message token")
        #expect(pacer.admit(3, now: Self.at(0)).isDeliver, "nor did they take the second")
        #expect(pacer.admit(4, cost: .bytes(50), now: Self.at(0)).isWait, "the byte bucket is empty")
        #expect(pacer.untilNextToken(now: Self.at(0)) == .milliseconds(50), "50 bytes at 1000 a second")
        #expect(pacer.release(now: Self.at(49)).isEmpty)
        #expect(pacer.release(now: Self.at(50)) == [4])
    }

    @Test func aMessageWaitsBehindAChunkThatWaitsForItsBytes() {
        var pacer = Self.pacer()
        _ = pacer.admit(0, cost: .bytes(100), now: Self.at(0))
        #expect(pacer.admit(1, cost: .bytes(100), now: Self.at(0)).isWait)
        #expect(pacer.admit(2, now: Self.at(0)).isWait, "a message token is there, but the chunk came first")
        #expect(pacer.release(now: Self.at(100)) == [1, 2])
    }

    @Test func aCostOverTheByteBurstIsChargedTheWholeBurstAndStillComes() {
        var pacer = Self.pacer()
        #expect(pacer.admit(0, cost: .bytes(500), now: Self.at(0)).isDeliver)
        #expect(pacer.admit(1, cost: .bytes(500), now: Self.at(0)).isWait)
        #expect(pacer.release(now: Self.at(100)) == [1], "100 bytes, the burst, a tenth of a second later")
    }
}

extension MessagePacer.Admission {
    var isWait: Bool {
        if case .wait = self { true } else { false }
    }
    var isDeliver: Bool {
        if case .deliver = self { true } else { false }
    }
}
