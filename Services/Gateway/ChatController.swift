import Hummingbird
import HummingbirdWebSocket
import Logging
import Synchronization

/// The `/ws` route: upgrades to WebSocket and runs a session per connection.
struct ChatController: Sendable {
    let configuration: GatewayConfiguration
    let link: RelayLink
    let hub: RoomHub
    private let metrics = SessionMetrics()
    private let connectionIDs = ConnectionIDs()

    init(configuration: GatewayConfiguration, link: RelayLink, hub: RoomHub) {
        self.configuration = configuration
        self.link = link
        self.hub = hub
    }

    func addRoutes(to router: Router<GatewayRequestContext>) {
        router.ws("ws") { inbound, outbound, context in
            let connectionID = self.connectionIDs.next()
            var logger = context.logger
            logger[metadataKey: "connection"] = "\(connectionID)"
            if let peer = context.requestContext.channel.remoteAddress { logger[metadataKey: "peer"] = "\(peer)" }
            let session = PlainSession(
                connectionID: connectionID,
                configuration: self.configuration,
                link: self.link,
                hub: self.hub,
                metrics: self.metrics,
                channel: context.requestContext.channel,
                logger: logger
            )
            try await session.run(inbound: inbound, outbound: outbound)
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
