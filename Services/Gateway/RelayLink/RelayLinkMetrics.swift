import Metrics

/// The relay link's metrics, created once so the hot path only updates them.
struct RelayLinkMetrics: Sendable {
    let up = Gauge(label: "gateway_relay_up")
    let roundTrip = Timer(label: "gateway_relay_round_trip_seconds")
    let received = Counter(label: "gateway_relay_envelopes_received_total")
    let replays = Counter(label: "gateway_relay_replays_total")
    let lost = Counter(label: "gateway_relay_messages_lost_total")
    let relayRestarts = Counter(label: "gateway_relay_restarts_seen_total")
    /// Moves between the two relays of a failover pair.
    let relaySwitches = Counter(label: "gateway_relay_switches_total")
}
