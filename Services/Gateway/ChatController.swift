import HTTPTypes
import Hummingbird
import HummingbirdWebSocket
import Logging
import Synchronization

/// The `/ws` route: upgrades to WebSocket and runs a session per connection.
///
/// A client that offers the subprotocol `privchat.v1` gets protocol v1 (``ChatSession``); any other
/// client gets the seed's plain text protocol (``PlainSession``).
struct ChatController: Sendable {
    static let subprotocol = "privchat.v1"

    let configuration: GatewayConfiguration
    let link: RelayLink
    let hub: RoomHub
    let closeHandshakes: CloseHandshakes
    private let metrics = SessionMetrics()
    private let connectionIDs = ConnectionIDs()

    init(configuration: GatewayConfiguration, link: RelayLink, hub: RoomHub, closeHandshakes: CloseHandshakes) {
        self.configuration = configuration
        self.link = link
        self.hub = hub
        self.closeHandshakes = closeHandshakes
    }

    func addRoutes(to router: Router<GatewayRequestContext>) {
        router.ws("ws") { request, _ in
            Self.offersV1(request) ? .upgrade([.secWebSocketProtocol: Self.subprotocol]) : .upgrade([:])
        } onUpgrade: { inbound, outbound, context in
            // Without its relay a gateway can do nothing for a new client: 1013 "try again later" sends
            // it back later (or, through a load balancer, elsewhere), as /healthz already says.
            guard self.link.isUp else {
                try await outbound.close(.unknown(1013), reason: "chat relay unavailable; try again shortly")
                return
            }
            let connectionID = self.connectionIDs.next()
            var logger = context.logger
            logger[metadataKey: "connection"] = "\(connectionID)"
            // The peer's address only at debug: info lines (joins, names) carry the connection id instead.
            logger.debug("connection opened", metadata: ["peer": "\(context.requestContext.channel.remoteAddress?.description ?? "unknown")"])
            let session = SessionContext(
                connectionID: connectionID,
                configuration: self.configuration,
                link: self.link,
                hub: self.hub,
                closeHandshakes: self.closeHandshakes,
                metrics: self.metrics,
                channel: context.requestContext.channel,
                logger: logger
            )
            if Self.offersV1(context.request) {
                try await ChatSession(context: session).run(inbound: inbound, outbound: outbound)
            } else {
                try await PlainSession(context: session).run(inbound: inbound, outbound: outbound)
            }
        }
    }

    /// Whether the client lists `privchat.v1` among the subprotocols it offers.
    static func offersV1(_ request: Request) -> Bool {
        request.headers[values: .secWebSocketProtocol].contains { header in
            header.split(separator: ",").contains { $0.trimmingCharacters(in: .whitespaces) == Self.subprotocol }
        }
    }
}

/// Connection ids for this gateway: unique while it runs, never 0 (0 means "the gateway itself").
final class ConnectionIDs: Sendable {
    private let last = Atomic<UInt64>(0)

    func next() -> UInt64 {
        self.last.add(1, ordering: .relaxed).newValue
    }
}
