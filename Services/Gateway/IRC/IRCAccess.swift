/// What an IRC connection's `PASS` is checked against: the gateway's access rule (``AccessPolicy/checkKey(_:clientKey:)``,
/// the one home of the key rule), with failures counted for the TCP peer's address, since IRC has no headers.
struct IRCAccess: Sendable {
    let policy: AccessPolicy
    let metrics: IRCMetrics

    /// Why the connection may not go on (the `ERROR` reason, after `464` if `passwordIncorrect`); `nil`: it may.
    func refusal(pass: String?, clientKey: String) -> (reason: String, passwordIncorrect: Bool)? {
        guard case .refused(let decision) = self.policy.checkKey(pass.map(PresentedKey.one) ?? .none, clientKey: clientKey) else { return nil }
        self.metrics.refusedAccessKey.increment()
        if case .refuse(.tooManyRequests, _, let retryAfter) = decision {
            return ("too many wrong access keys; try again in \(retryAfter ?? 1) s", false)
        }
        return ("access key required", true)
    }
}
