public import Gateway
import Logging
import Prometheus
public import ServiceLifecycle
import Testing

/// Runs a gateway (with its embedded relay) in process on a free port until `body` returns, then shuts
/// it down gracefully. `body` gets the port, once the gateway listens and its relay link is up.
public func withRunningGateway(
    configuration: GatewayConfiguration = GatewayConfiguration(port: 0),
    _ body: (Int, Gateway, ServiceGroup) async throws -> Void
) async throws {
    try await withRunningGateway(configuration: configuration, irc: false) { ports, gateway, group in
        try await body(ports.web, gateway, group)
    }
}

/// Runs a gateway as ``withRunningGateway(configuration:_:)`` does, with its IRC port open on a free port
/// too; `body` gets both ports once both listen.
public func withRunningIRCGateway(
    configuration: GatewayConfiguration = GatewayConfiguration(port: 0),
    _ body: ((web: Int, irc: Int), Gateway, ServiceGroup) async throws -> Void
) async throws {
    var configuration = configuration
    configuration.ircPort = 0
    try await withRunningGateway(configuration: configuration, irc: true, body)
}

private func withRunningGateway(
    configuration: GatewayConfiguration,
    irc: Bool,
    _ body: ((web: Int, irc: Int), Gateway, ServiceGroup) async throws -> Void
) async throws {
    let (ports, portSink) = AsyncStream.makeStream(of: Int.self)
    let (ircPorts, ircPortSink) = AsyncStream.makeStream(of: Int.self)
    let gateway = try buildGateway(
        configuration: configuration,
        registry: PrometheusCollectorRegistry(),
        logger: Logger(label: "gateway"),
        onServerRunning: { port in portSink.yield(port) },
        onIRCListening: { port in ircPortSink.yield(port) }
    )
    let group = ServiceGroup(configuration: .init(services: gateway.services, logger: gateway.logger))
    try await withThrowingTaskGroup(of: Void.self) { tasks in
        tasks.addTask { try await group.run() }
        var iterator = ports.makeAsyncIterator()
        let port = try #require(await iterator.next())
        var ircIterator = ircPorts.makeAsyncIterator()
        let ircPort = irc ? try #require(await ircIterator.next()) : 0
        while !gateway.link.isUp { try await Task.sleep(for: .milliseconds(5)) }
        try await body((port, ircPort), gateway, group)
        await group.triggerGracefulShutdown()
        try await tasks.waitForAll()
    }
}
