import ChatConfig
import NIOCore
import NIOHTTP1
import Synchronization

/// `/ws`: which upgrade requests become chat connections, and the handler each one gets.
///
/// A client that offers the subprotocol `privchat.v1` gets protocol v1 (``ChatSession``); any other
/// client gets the seed's plain text protocol (``PlainSession``). The access gate has already let the
/// request through (``AccessGateHandler``); this only decides the path and the protocol.
struct WebSocketEndpoint: Sendable {
    static let path = "/ws"
    static let subprotocol = "privchat.v1"

    let services: SessionServices

    /// The headers to add to the upgrade response, or `nil` if the request is not for `/ws`.
    func upgradeHeaders(for head: HTTPRequestHead) -> HTTPHeaders? {
        let path = head.uri.prefix { $0 != "?" }
        guard path == Self.path || path == Self.path + "/" else { return nil }
        return Self.offersV1(head) ? ["Sec-WebSocket-Protocol": Self.subprotocol] : [:]
    }

    /// Puts the connection's handler in the upgraded pipeline, alone: it reads and writes frames itself.
    func open(_ channel: any Channel, head: HTTPRequestHead) throws {
        let context = SessionContext(connectionID: self.services.connectionIDs.next(), services: self.services)
        // Without its relay a gateway can do nothing for a new client: 1013 "try again later" sends
        // it back later (or, through a load balancer, elsewhere), as /healthz already says.
        let refusal = self.services.link.isUp ? nil : Outbox.Closing.relayUnavailable
        let pipeline = channel.pipeline.syncOperations
        if Self.offersV1(head) {
            try pipeline.addHandler(WebSocketConnection(session: ChatSession(context: context), context: context, refusal: refusal))
        } else {
            let session = PlainSession(context: context, linkHost: FileLinkBase.requestedHost(head.headers.first(name: "Host")))
            try pipeline.addHandler(WebSocketConnection(session: session, context: context, refusal: refusal))
        }
    }

    /// Whether the client lists `privchat.v1` among the subprotocols it offers.
    static func offersV1(_ head: HTTPRequestHead) -> Bool {
        head.headers["Sec-WebSocket-Protocol"].contains { header in
            header.split(separator: ",").contains { String($0).trimmingWhitespace() == Self.subprotocol }
        }
    }
}

extension Outbox.Closing {
    /// The gateway has no relay link just now (1013 "try again later").
    static let relayUnavailable = Outbox.Closing(code: .unknown(1013), reason: "chat relay unavailable; try again shortly")
}

/// Connection ids for this gateway: unique while it runs, never 0 (0 means "the gateway itself").
final class ConnectionIDs: Sendable {
    private let last = Atomic<UInt64>(0)

    func next() -> UInt64 {
        self.last.add(1, ordering: .relaxed).newValue
    }
}
