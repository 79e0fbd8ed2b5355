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
    let (ports, portSink) = AsyncStream.makeStream(of: Int.self)
    let gateway = try buildGateway(
        configuration: configuration,
        registry: PrometheusCollectorRegistry(),
        logger: Logger(label: "gateway")
    ) { port in portSink.yield(port) }
    let group = ServiceGroup(configuration: .init(services: gateway.services, logger: gateway.logger))
    try await withThrowingTaskGroup(of: Void.self) { tasks in
        tasks.addTask { try await group.run() }
        var iterator = ports.makeAsyncIterator()
        let port = try #require(await iterator.next())
        while !gateway.link.isUp { try await Task.sleep(for: .milliseconds(5)) }
        try await body(port, gateway, group)
        await group.triggerGracefulShutdown()
        try await tasks.waitForAll()
    }
}
