public import Hummingbird
public import Prometheus

/// Serves `GET /metrics` in the Prometheus text format from one registry.
public struct MetricsController<Context: RequestContext>: Sendable {
    let registry: PrometheusCollectorRegistry

    public init(registry: PrometheusCollectorRegistry) {
        self.registry = registry
    }

    public func addRoutes(to router: some RouterMethods<Context>) {
        router.get("metrics") { _, _ in
            var bytes = [UInt8]()
            self.registry.emit(into: &bytes)
            return Response(
                status: .ok,
                headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8", .cacheControl: "no-store"],
                body: .init(byteBuffer: ByteBuffer(bytes: bytes))
            )
        }
    }
}
