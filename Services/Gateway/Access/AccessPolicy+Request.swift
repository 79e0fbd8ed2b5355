import HTTPTypes
import Hummingbird
import NIOCore

/// The access rules' inputs as an HTTP route reads them (`/api/share`, `/files/…`): the same rules as the
/// upgrade's (``AccessPolicy``), from a Hummingbird request.
extension PresentedKey {
    /// The key `request` presents, in any of the ways the upgrade accepts one.
    init(_ request: Request) {
        self.init(
            authorization: request.headers[values: .authorization],
            subprotocols: request.headers[values: .secWebSocketProtocol],
            target: request.uri.description
        )
    }
}

extension ClientAddressRule {
    /// Whose failures `request`, from the TCP peer `peer`, counts as.
    func failureCountingKey(_ request: Request, peer: SocketAddress?) -> String {
        let forwarded = self.header.flatMap { HTTPField.Name($0) }.map { request.headers[values: $0] } ?? []
        return self.failureCountingKey(peer: peer?.ipAddress, forwarded: forwarded)
    }
}

extension AccessPolicy {
    /// Refuses `request` if a page on another site sent it (``checkOrigin(_:host:forwardedHost:)``).
    func checkOrigin(of request: Request) -> AccessDecision {
        self.checkOrigin(
            request.headers[.origin],
            host: request.head.authority.map { [$0] } ?? [],
            forwardedHost: request.headers[values: HTTPField.Name("X-Forwarded-Host")!]
        )
    }
}
