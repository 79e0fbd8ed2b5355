import Metrics
import Synchronization

/// The IRC listener's metrics, created once per gateway.
final class IRCMetrics: Sendable {
    /// IRC connections open now (they count toward `gateway_connections` and `--max-connections` too).
    private let connections = Gauge(label: "gateway_irc_connections")
    private let open = Atomic<Int>(0)
    let linesIn = Counter(label: "gateway_irc_lines_in_total")
    let refusedAccessKey = Counter(label: "gateway_irc_refused_total", dimensions: [("reason", "access_key")])
    let refusedFull = Counter(label: "gateway_irc_refused_total", dimensions: [("reason", "full")])
    let refusedHTTP = Counter(label: "gateway_irc_refused_total", dimensions: [("reason", "http")])
    let refusedLineTooLong = Counter(label: "gateway_irc_refused_total", dimensions: [("reason", "line_too_long")])
    let refusedInvalidUTF8 = Counter(label: "gateway_irc_refused_total", dimensions: [("reason", "invalid_utf8")])

    func connectionOpened() {
        self.connections.record(self.open.add(1, ordering: .relaxed).newValue)
    }

    func connectionClosed() {
        self.connections.record(self.open.subtract(1, ordering: .relaxed).newValue)
    }
}
