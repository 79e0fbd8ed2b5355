import ChatConfig
public import Hummingbird
public import Logging
import Observability
import RelayLinkSecurity
public import Prometheus
import ZeroMQ

/// Builds `chat-relay` as its process runs it: logging and metrics at ``RelayServerConfiguration/logLevel``,
/// the open-file limit raised, the relay link's keys read (or made) in its state directory, HTTP on ``RelayServerConfiguration/httpPort``, and its announcement printed
/// on standard output.
public func buildRelayApplication(configuration: RelayServerConfiguration) throws -> some ApplicationProtocol {
    let registry = Observability.bootstrap(logLevel: configuration.logLevel)
    FileDescriptorLimit.raiseToMaximum()  // one socket per connection: 1024 is not enough
    var logger = Logger(label: "chat-relay")
    logger.logLevel = configuration.logLevel
    var relay = configuration.relay
    relay.linkKeys = try RelayLinkKeys.load(stateDirectory: configuration.stateDirectory).keys
    return try buildRelayApplication(
        configuration: relay,
        httpHost: configuration.host,
        httpPort: configuration.httpPort,
        registry: registry,
        logger: logger
    ) { httpPort in
        announce(configuration.announcement(httpPort: httpPort))
    }
}

/// Builds a standalone relay: the ``RelayService`` plus a small HTTP server for `/healthz` and `/metrics`.
///
/// The HTTP server is an `Application` so that it owns signal handling and runs the relay as one of
/// its services: both start together and stop together.
public func buildRelayApplication(
    configuration: RelayConfiguration,
    httpHost: String,
    httpPort: Int,
    registry: PrometheusCollectorRegistry,
    logger: Logger,
    onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
) throws -> some ApplicationProtocol {
    let relay = RelayService(configuration: configuration, context: try ZMQContext(), logger: logger)
    let router = Router()
    RelayHealthController(status: relay.status).addRoutes(to: router)
    MetricsController(registry: registry).addRoutes(to: router)
    return Application(
        router: router,
        configuration: .init(address: .hostname(httpHost, port: httpPort), serverName: "chat-relay"),
        services: [relay],
        onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? httpPort) },
        logger: logger
    )
}
