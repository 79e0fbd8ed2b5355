import Metrics

/// The relay's counters, created once so the hot path only increments.
struct RelayMetrics {
    let published = Counter(label: "relay_messages_published_total")
    let received = Counter(label: "relay_envelopes_received_total")
    let rejected = Counter(label: "relay_envelopes_rejected_total")
    let replayed = Counter(label: "relay_envelopes_replayed_total")
    let replaysTruncated = Counter(label: "relay_replays_truncated_total")
    let repliesDropped = Counter(label: "relay_replies_dropped_total")
    let sequence = Gauge(label: "relay_sequence")
    let gateways = Gauge(label: "relay_gateways")
}
