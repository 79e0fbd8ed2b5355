import AsyncSignals
import ChatConfig
import ChatProtocol
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
public import Logging
import NIOCore
import NIOSSL
import Observability
public import Prometheus
import Relay
import RelayLinkSecurity
import RelayProtocol
public import ServiceLifecycle
import ZeroMQ

/// A gateway ready to run: the HTTP/WebSocket application and the services around it, in start order.
///
/// Shutdown runs in reverse: the hub first closes every client with 1001, then the HTTP server stops,
/// then the relay link, then (when embedded) the relay.
public struct Gateway: Sendable {
    public let services: [any Service]
    public let link: RelayLink
    public let hub: RoomHub
    /// How people reach this chat.
    public let address: PublicAddress
    public let logger: Logger

    /// Runs every service until SIGTERM or SIGINT, then shuts them down gracefully.
    public func run() async throws {
        let group = ServiceGroup(
            configuration: .init(services: self.services, gracefulShutdownSignals: [.sigterm, .sigint], logger: self.logger)
        )
        try await group.run()
    }
}

/// Builds `chat-gateway` as its process runs it: logging and metrics at ``GatewayConfiguration/logLevel``,
/// the open-file limit raised, a warning when the chat is open beyond this machine, and its announcements
/// printed on standard output (a generated key only when that is a terminal).
public func buildGateway(configuration: GatewayConfiguration) throws -> Gateway {
    let registry = Observability.bootstrap(logLevel: configuration.logLevel)
    FileDescriptorLimit.raiseToMaximum()  // one socket per connection: 1024 is not enough
    var logger = Logger(label: "chat-gateway")
    logger.logLevel = configuration.logLevel
    configuration.warnIfOpenBeyondThisMachine(logger: logger)
    configuration.warnIfClientAddressHeaderIsIgnored(logger: logger)
    return try buildGateway(
        configuration: configuration,
        registry: registry,
        logger: logger,
        onServerRunning: { port in announce(configuration.runningAnnouncement(port: port)) },
        onIRCListening: { port in announce(configuration.ircAnnouncement(port: port)) },
        onPublicAddress: { address in announce(configuration.publicAnnouncement(address, toTerminal: StandardOutput.isTerminal)) }
    )
}

/// Builds a gateway with its relay link, and an embedded relay when `configuration.relay` is `nil`.
///
/// - Parameter onServerRunning: Called with the bound port once clients can connect.
/// - Parameter onIRCListening: Called with the IRC port once IRC clients can connect (with `--irc-port`).
/// - Parameter onPublicAddress: Called when a tunnel agent reports (or changes) the public address.
public func buildGateway(
    configuration: GatewayConfiguration,
    registry: PrometheusCollectorRegistry,
    logger: Logger,
    onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in },
    onIRCListening: @escaping @Sendable (Int) async -> Void = { _ in },
    onPublicAddress: @escaping @Sendable (PublicAddress.Value) -> Void = { _ in }
) throws -> Gateway {
    let context = try ZMQContext()
    var services: [any Service] = []
    let endpoints: RelayEndpoints
    if let relay = configuration.relay {
        endpoints = relay
    } else {
        endpoints = .inproc(name: "relay")
        let relayConfiguration = RelayConfiguration(
            endpoints: endpoints,
            replayWindow: configuration.embeddedReplayWindow,
            chat: configuration.embeddedChatLimits
        )
        services.append(RelayService(configuration: relayConfiguration, context: context, logger: logger))
    }
    // A relay in another process is reached over CurveZMQ, with the cluster's keys from the state directory.
    let keys = try RelayLinkKeys.crossesProcesses(endpoints.collector) ? RelayLinkKeys.load(stateDirectory: configuration.stateDirectory).keys : nil
    let identity = GatewayIdentity()
    let limits = Welcome.Limits(
        maxMessageBytes: configuration.maxMessageBytes,
        maxRooms: configuration.embeddedChatLimits.roomsPerConnection,
        rate: configuration.messagesPerSecond,
        burst: configuration.burst,
        maxFileBytes: configuration.embeddedChatLimits.fileBytes,  // until a welcome brings the relay's own
        fileChunkBytes: FileTransfer.chunkBytes,
        fileRate: configuration.fileBytesPerSecond
    )
    let address = PublicAddress(webSocket: configuration.publicURL ?? "")
    let hub = RoomHub(
        gatewayID: identity.gatewayID,
        limits: limits,
        logger: logger,
        fileLinks: FileLinkBase(address: address, secure: configuration.tls != nil)
    )
    let link = try RelayLink(
        identity: identity,
        configuration: RelayLinkConfiguration(endpoints: endpoints, backup: configuration.backupRelay, keys: keys),
        context: context,
        sink: hub,
        logger: logger
    )

    let publicURL: @Sendable () -> String? = { address.current.webSocket }
    let policy = AccessPolicy(
        requirement: configuration.access,
        origins: OriginPolicy(allowed: configuration.allowedOrigins),
        failures: FailureLimiter(),
        hosts: HostAllowList(listenHost: configuration.host, publicURL: publicURL),
        publicURL: publicURL
    )
    let clients = ClientAddressRule(header: configuration.clientAddressHeader, trustedProxies: configuration.trustedProxies)

    let router = Router(context: GatewayRequestContext.self)
    router.add(middleware: HostCheckMiddleware(policy: policy))
    router.add(middleware: SecurityHeaders())
    if configuration.tls != nil { router.add(middleware: StrictTransportSecurity()) }
    if let webRoot = configuration.webRoot {
        router.add(middleware: WebFiles.middleware(root: webRoot, logger: logger))
    } else {
        router.get("/") { _, _ in
            Response(
                status: .ok,
                headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-cache"],
                body: .init(byteBuffer: ByteBuffer(string: WebFiles.notBuilt))
            )
        }
    }
    GatewayHealthController(link: link, hub: hub).addRoutes(to: router)
    ShareController(address: address, policy: policy, clients: clients, inviteKey: configuration.inviteKey).addRoutes(to: router)
    MetricsController(registry: registry).addRoutes(to: router)
    FileDownloadController(source: link, policy: policy, clients: clients, metrics: hub.fileMetrics).addRoutes(to: router)
    WebhookController(
        relay: link,
        credentials: WebhookCredentials(bots: configuration.botTokens, policy: policy),
        clients: clients,
        pacer: WebhookPacer(rate: configuration.messagesPerSecond, burst: configuration.burst),
        maxTextBytes: configuration.maxMessageBytes,
        metrics: WebhookMetrics()
    ).addRoutes(to: router)
    let sessionServices = SessionServices(configuration: configuration, link: link, hub: hub, logger: logger)
    let endpoint = WebSocketEndpoint(services: sessionServices)
    // One count for WebSocket and IRC connections alike: --max-connections bounds the gateway's sockets.
    let connections = ConnectionLimit(maximum: configuration.maxConnections)
    var server = HTTPServerBuilder.accessGatedGateway(
        endpoint: endpoint,
        // A kept-alive connection has as long for its next request head as a new one for its first.
        http1: .init(idleTimeout: TimeAmount(configuration.requestHeadTimeout)),
        policy: policy,
        clients: clients,
        connections: connections,
        requestHeadTimeout: configuration.requestHeadTimeout
    )
    if let tls = configuration.tls {
        server = try .tls(server, tlsConfiguration: tls.serverConfiguration())
    }
    let scheme = configuration.tls == nil ? "ws" : "wss"
    let serverRunning = AsyncSignal(.once)
    let app = Application(
        router: router,
        server: server,
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "chat-gateway"),
        onServerRunning: { channel in
            let port = channel.localAddress?.port ?? configuration.port
            let host = Loopback.shownHost(listeningOn: configuration.host)
            address.fallBack(toWebSocket: "\(scheme)://\(host):\(port)/ws")
            await onServerRunning(port)
            serverRunning.fire()
        },
        logger: logger
    )
    // Shut down in reverse: the hub first (it closes every connection), then the IRC port, the server, the link.
    services += [link, app]
    if let ircPort = configuration.ircPort {
        let metrics = IRCMetrics()
        services.append(
            IRCListener(
                host: configuration.host,
                port: ircPort,
                services: sessionServices,
                access: IRCAccess(policy: policy, metrics: metrics),
                connections: connections,
                tls: try configuration.tls.map { try NIOSSLContext(configuration: $0.serverConfiguration()) },
                metrics: metrics,
                logger: logger,
                onListening: onIRCListening
            )
        )
    }
    services.append(hub)
    if !configuration.tunnelAPIs.isEmpty {
        services.append(
            TunnelDiscovery(
                apis: configuration.tunnelAPIs,
                address: address,
                logger: logger,
                announce: onPublicAddress,
                serverRunning: serverRunning
            )
        )
    }
    return Gateway(services: services, link: link, hub: hub, address: address, logger: logger)
}
