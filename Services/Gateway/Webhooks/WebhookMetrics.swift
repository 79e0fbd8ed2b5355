import Metrics

/// The gateway's incoming webhook metrics, created once (docs/PROTOCOL.md, "Incoming webhooks").
struct WebhookMetrics: Sendable {
    /// Messages the relay sequenced (answered `201`).
    let posted = Counter(label: "gateway_webhook_posted_total")

    /// Requests refused, by the status they were answered.
    func refused(_ status: Int) -> Counter {
        Counter(label: "gateway_webhook_refused_total", dimensions: [("status", "\(status)")])
    }
}
