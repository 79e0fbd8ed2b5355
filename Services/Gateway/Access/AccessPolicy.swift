import ChatConfig
import NIOHTTP1

/// Who must present the access key.
public enum AccessRequirement: Sendable {
    /// Nobody: the chat is open to whoever can reach it.
    case open
    /// Every client.
    case everyone(AccessKey)
    /// Clients that did not address the request to this machine's loopback (`localhost`, `127.x`, `::1`):
    /// what a tunnel's generated key guards, so that the person at the machine needs no key.
    case remote(AccessKey)
}

/// What the gateway says to a WebSocket upgrade request before it upgrades (docs/PROTOCOL.md, section 0).
enum AccessDecision: Equatable {
    case allow
    case refuse(HTTPResponseStatus, reason: String, retryAfterSeconds: Int? = nil)
}

/// Decides upgrade requests: rate of failures first, then the key, then the origin.
struct AccessPolicy: Sendable {
    static let subprotocolPrefix = "privchat.key."

    let requirement: AccessRequirement
    let origins: OriginPolicy
    let failures: FailureLimiter
    /// The chat's public URL right now (a tunnel's appears while running).
    let publicURL: @Sendable () -> String?

    func decide(_ head: HTTPRequestHead, clientAddress: String) -> AccessDecision {
        if let key = self.requiredKey(for: head) {
            if let wait = self.failures.retryAfter(clientAddress) {
                let seconds = Int((Double(wait.components.seconds) + Double(wait.components.attoseconds) / 1e18).rounded(.up))
                return .refuse(.tooManyRequests, reason: "too many wrong access keys", retryAfterSeconds: max(seconds, 1))
            }
            let presented = Self.presentedKeys(head)
            guard presented.contains(where: { key.matches($0.utf8) }) else {
                self.failures.recordFailure(clientAddress)
                return .refuse(.unauthorized, reason: presented.isEmpty ? "no access key" : "wrong access key")
            }
        }
        let hosts =
            head.headers["Host"] + head.headers["X-Forwarded-Host"].flatMap { $0.split(separator: ",").map { String($0).trimmingWhitespace() } }
        guard self.origins.permits(origin: head.headers.first(name: "Origin"), requestHosts: hosts, publicURL: self.publicURL()) else {
            return .refuse(.forbidden, reason: "origin not allowed")
        }
        return .allow
    }

    private func requiredKey(for head: HTTPRequestHead) -> AccessKey? {
        switch self.requirement {
        case .open: nil
        case .everyone(let key): key
        case .remote(let key): Self.isAddressedToLoopback(head) ? nil : key
        }
    }

    /// Keys the request presents: `Authorization: Bearer`, `privchat.key.` subprotocol tokens, `?key=`.
    static func presentedKeys(_ head: HTTPRequestHead) -> [String] {
        var keys: [String] = []
        for value in head.headers["Authorization"] {
            let parts = value.split(separator: " ", maxSplits: 1)
            if parts.count == 2, parts[0].lowercased() == "bearer" { keys.append(String(parts[1]).trimmingWhitespace()) }
        }
        for value in head.headers["Sec-WebSocket-Protocol"] {
            for token in value.split(separator: ",") {
                let token = String(token).trimmingWhitespace()
                if token.hasPrefix(subprotocolPrefix) { keys.append(String(token.dropFirst(subprotocolPrefix.count))) }
            }
        }
        if let query = head.uri.split(separator: "?", maxSplits: 1).dropFirst().first {
            for pair in query.split(separator: "&") where pair.hasPrefix("key=") {
                keys.append(String(pair.dropFirst(4)))
            }
        }
        return keys
    }

    /// Whether every host the request names (`Host`, `X-Forwarded-Host`) is this machine's loopback.
    static func isAddressedToLoopback(_ head: HTTPRequestHead) -> Bool {
        let hosts = head.headers["Host"] + head.headers["X-Forwarded-Host"]
        return !hosts.isEmpty && hosts.allSatisfy(Loopback.contains(authority:))
    }
}
