import Testing

@testable import Gateway

@Suite struct ConnectionLimitTests {
    @Test func placesRunOutAtTheMaximumAndComeBackOnRelease() {
        let limit = ConnectionLimit(maximum: 2)
        #expect(limit.reserve() && limit.reserve())
        #expect(!limit.reserve())
        limit.release()
        #expect(limit.reserve())
        #expect(limit.refusal == .refuse(.serviceUnavailable, reason: "this gateway is full: try again later", retryAfterSeconds: 5))
    }
}
