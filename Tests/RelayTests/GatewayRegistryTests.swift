import Testing

@testable import Relay

@Suite struct GatewayRegistryTests {
    @Test func aGatewayIsNewOnceAndExpiresAfterItsSilence() {
        var registry = GatewayRegistry()
        let start = ContinuousClock.now
        let firstHello = registry.heard(from: 1, at: start)
        let secondHello = registry.heard(from: 1, at: start + .seconds(1))
        let otherGateway = registry.heard(from: 2, at: start + .seconds(1))
        #expect(firstHello && !secondHello && otherGateway)
        let early = registry.expire(at: start + .seconds(3.5), timeout: .seconds(3))
        #expect(early.isEmpty, "gateway 1 spoke 2.5 s ago")
        let late = registry.expire(at: start + .seconds(4.5), timeout: .seconds(3))
        #expect(Set(late) == [1, 2])
        #expect(registry.count == 0)
    }
}
