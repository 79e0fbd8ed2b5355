import Testing

@testable import Gateway

/// Each webhook sender's pace (docs/PROTOCOL.md, "Incoming webhooks", Pacing).
@Suite struct WebhookPacerTests {
    @Test func aBurstGoesAtOnceThenEachWaitsForItsTokenInTurn() {
        let pacer = WebhookPacer(rate: 2, burst: 2)
        let now = ContinuousClock.now
        #expect(pacer.take(for: "ci", now: now) == .go(after: nil))
        #expect(pacer.take(for: "CI", now: now) == .go(after: nil), "one bucket per name, case aside")
        #expect(pacer.take(for: "ci", now: now) == .go(after: .milliseconds(501)))
        #expect(pacer.take(for: "ci", now: now) == .go(after: .milliseconds(1001)), "held in turn: nothing is dropped")
        #expect(pacer.take(for: "deploy", now: now) == .go(after: nil), "another sender has its own")
    }

    @Test func aRequestThatWouldWaitOverFiveSecondsIsRefusedAndTakesNothing() {
        let pacer = WebhookPacer(rate: 1, burst: 1)
        let now = ContinuousClock.now
        for _ in 0..<6 { _ = pacer.take(for: "ci", now: now) }  // tokens owed through 5 s
        guard case .refuse(let retryAfter) = pacer.take(for: "ci", now: now) else {
            Issue.record("not refused")
            return
        }
        #expect(retryAfter > .seconds(5) && retryAfter <= .seconds(6))
        #expect(pacer.take(for: "ci", now: now + .seconds(1)) == .go(after: .milliseconds(5001)), "the refusal took no token")
    }

    @Test func theSendersTrackedAreBoundedAndSendersWithFullBucketsAreForgottenFirst() {
        let pacer = WebhookPacer(rate: 1, burst: 1, capacity: 2)
        let now = ContinuousClock.now
        _ = pacer.take(for: "a", now: now)
        _ = pacer.take(for: "b", now: now)
        #expect(pacer.take(for: "c", now: now) == .refuse(retryAfter: .seconds(1)), "both still owe: nobody to forget")
        #expect(pacer.take(for: "c", now: now + .seconds(2)) == .go(after: nil), "full again: forgotten, losing nothing")
        #expect(pacer.count == 1)
    }
}
