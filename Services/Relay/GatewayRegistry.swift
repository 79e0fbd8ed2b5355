/// The gateways a relay has heard from recently, and when.
///
/// Gateways say `hello` when they (re)connect and send a heartbeat every second; one silent for
/// longer than the timeout is dropped, which is how a killed gateway's users are noticed.
struct GatewayRegistry {
    private var lastHeard: [UInt64: ContinuousClock.Instant] = [:]

    var count: Int { self.lastHeard.count }

    /// Records that `gateway` spoke at `now`. Returns `true` if it was not known before.
    mutating func heard(from gateway: UInt64, at now: ContinuousClock.Instant) -> Bool {
        self.lastHeard.updateValue(now, forKey: gateway) == nil
    }

    /// Forgets gateways silent since before `now - timeout`, and returns them.
    mutating func expire(at now: ContinuousClock.Instant, timeout: Duration) -> [UInt64] {
        let silent = self.lastHeard.filter { now - $0.value > timeout }.map(\.key)
        for gateway in silent { self.lastHeard[gateway] = nil }
        return silent
    }
}
