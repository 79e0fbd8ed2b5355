import NIOHTTP1

/// Who must present the access key.
public enum AccessRequirement: Sendable {
    /// Nobody: the chat is open to whoever can reach it (and the request's `Host` must be one of its own).
    case open
    /// Every client, wherever it says it comes from: a request cannot prove it came from the person at
    /// the machine (through compose every request comes from nginx, through a tunnel from its agent).
    case everyone(AccessKey)
}

/// What the gateway says to a request before it answers it (docs/PROTOCOL.md, section 0).
enum AccessDecision: Equatable {
    case allow
    case refuse(HTTPResponseStatus, reason: String, retryAfterSeconds: Int? = nil)
}

/// Decides upgrade requests: the host (open mode), then the key (rate of failures first), then the origin.
struct AccessPolicy: Sendable {
    let requirement: AccessRequirement
    let origins: OriginPolicy
    let failures: FailureLimiter
    /// The hosts an open chat answers to; not consulted when a key is required.
    let hosts: HostAllowList
    /// The chat's public URL right now (a tunnel's appears while running).
    let publicURL: @Sendable () -> String?

    func decide(_ head: HTTPRequestHead, clientKey: String) -> AccessDecision {
        let presented = PresentedKey(
            authorization: head.headers["Authorization"],
            subprotocols: head.headers["Sec-WebSocket-Protocol"],
            target: head.uri
        )
        if case .refuse(let status, let reason, let retryAfter) = self.checkHost(head.headers.first(name: "Host")) {
            return .refuse(status, reason: reason, retryAfterSeconds: retryAfter)
        }
        if case .everyone = self.requirement {
            switch self.checkKey(presented, clientKey: clientKey) {
            case .valid: break
            case .refused(let decision): return decision
            }
        }
        return self.checkOrigin(head.headers.first(name: "Origin"), host: head.headers["Host"], forwardedHost: head.headers["X-Forwarded-Host"])
    }

    /// Refuses a page on another site (section 0's `Origin` rule): the upgrade's and a webhook's.
    func checkOrigin(_ origin: String?, host: [String], forwardedHost: [String]) -> AccessDecision {
        let hosts = host + forwardedHost.flatMap { $0.split(separator: ",").map { String($0).trimmingWhitespace() } }
        guard self.origins.permits(origin: origin, requestHosts: hosts, publicURL: self.publicURL()) else {
            return .refuse(.forbidden, reason: "origin not allowed")
        }
        return .allow
    }

    /// In open mode, refuses a `Host` that is not one of the chat's own (a DNS-rebinding page's).
    func checkHost(_ host: String?) -> AccessDecision {
        guard case .open = self.requirement, !self.hosts.permits(host) else { return .allow }
        return .refuse(.misdirectedRequest, reason: "this chat does not answer to the host \(host ?? ""): open it at its own address")
    }

    /// What the presented key is worth: the one home of the key rule for the upgrade and `/api/share`.
    enum KeyCheck: Equatable {
        /// The access key itself.
        case valid
        /// No key, a wrong key, several keys, or an address still waiting after too many failures.
        case refused(AccessDecision)
    }

    /// The `429` for a client that sent too many wrong keys lately (section 0's limiter), or `nil`: also
    /// for credentials other than the access key (a webhook's bot token), which count the same.
    func refusalAfterFailures(_ clientKey: String) -> AccessDecision? {
        guard let wait = self.failures.retryAfter(clientKey) else { return nil }
        return .refuse(.tooManyRequests, reason: "too many wrong access keys", retryAfterSeconds: wait.retryAfterSeconds)
    }

    /// Checks `presented` against the access key, counting failures for `clientKey`. Open mode: `.valid`.
    func checkKey(_ presented: PresentedKey, clientKey: String) -> KeyCheck {
        guard case .everyone(let key) = self.requirement else { return .valid }
        if let refusal = self.refusalAfterFailures(clientKey) { return .refused(refusal) }
        switch presented {
        case .several:
            return .refused(.refuse(.badRequest, reason: "several access keys: present exactly one"))
        case .none:
            self.failures.recordFailure(clientKey)
            return .refused(.refuse(.unauthorized, reason: "no access key"))
        case .one(let candidate):
            guard key.matches(candidate.utf8) else {
                self.failures.recordFailure(clientKey)
                return .refused(.refuse(.unauthorized, reason: "wrong access key"))
            }
            return .valid
        }
    }
}
