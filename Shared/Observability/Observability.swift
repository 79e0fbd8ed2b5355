public import Logging
import Metrics
public import Prometheus
import Synchronization

/// Process-wide logging and metrics setup, done once by each executable's `main`.
public enum Observability {
    private static let bootstrapped = Mutex<PrometheusCollectorRegistry?>(nil)

    /// Routes swift-log to ``LogfmtLogHandler`` and swift-metrics to a Prometheus registry, once per process.
    ///
    /// - Returns: The registry that `/metrics` endpoints render.
    @discardableResult
    public static func bootstrap(logLevel: Logger.Level) -> PrometheusCollectorRegistry {
        bootstrapped.withLock { registry in
            if let registry { return registry }
            let made = PrometheusCollectorRegistry()
            LoggingSystem.bootstrap { label in LogfmtLogHandler(label: label, logLevel: logLevel) }
            var factory = PrometheusMetricsFactory(registry: made)
            // Chat latencies live between a tenth of a millisecond and a second.
            factory.defaultDurationHistogramBuckets = [
                .microseconds(100), .microseconds(250), .microseconds(500), .milliseconds(1), .milliseconds(2),
                .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
                .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5),
            ]
            MetricsSystem.bootstrap(factory)
            registry = made
            return made
        }
    }
}
