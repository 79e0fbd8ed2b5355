import Testing

@testable import Gateway

@Suite struct TokenBucketTests {
    @Test func aBurstIsAllowedThenTheRateApplies() {
        let start = ContinuousClock.now
        var bucket = TokenBucket(rate: 2, burst: 3, now: start)
        let burst = (0..<4).map { _ in bucket.take(now: start) }
        #expect(burst == [true, true, true, false])
        let tooSoon = bucket.take(now: start + .milliseconds(400))
        let halfSecondLater = bucket.take(now: start + .milliseconds(600))
        #expect(!tooSoon && halfSecondLater)
    }

    @Test func idleTimeRefillsNoMoreThanTheBurst() {
        let start = ContinuousClock.now
        var bucket = TokenBucket(rate: 100, burst: 2, now: start)
        let later = start + .seconds(60)
        let taken = (0..<3).map { _ in bucket.take(now: later) }
        #expect(taken == [true, true, false])
    }
}
