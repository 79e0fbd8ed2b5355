import ChatProtocol
import Testing

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

    @Test func waitingTakesTheTokenAndSaysHowLongUntilItWasDue() {
        let start = ContinuousClock.now
        var bucket = TokenBucket(rate: 4, burst: 2, now: start)
        let waits = (0..<3).map { _ in bucket.wait(now: start) }
        #expect(waits == [nil, nil, .milliseconds(251)], "the third token comes a quarter second later (rounded up)")
    }

    @Test func emptyingOwesOneTokenBeforeTheNext() {
        let start = ContinuousClock.now
        var bucket = TokenBucket(rate: 10, burst: 5, now: start)
        bucket.empty(now: start)
        let wait = bucket.wait(now: start)
        #expect(wait == .milliseconds(201), "two tokens at 10 per second: 200 ms")
        let taken = bucket.take(now: start + .milliseconds(250))
        #expect(!taken, "the owed token and the one taken leave half a token")
    }
}

@Suite struct TokenBucketCountTests {
    @Test func severalTokensAreTakenAtOnceOrNotAtAll() {
        let start = ContinuousClock.now
        var bucket = TokenBucket(rate: 1000, burst: 4096, now: start)
        let first = bucket.take(3000, now: start)
        let second = bucket.take(3000, now: start)
        #expect(first && !second, "1096 left: none of the second 3000 is taken")
        #expect(bucket.until(3000, now: start) == .microseconds(1_904_000), "1904 more tokens at 1000 a second")
        let rest = bucket.take(1096, now: start)
        #expect(rest)
    }
}
