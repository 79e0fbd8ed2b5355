import Metrics

/// The relay's counters, created once so the hot path only increments.
struct RelayMetrics {
    let published = Counter(label: "relay_messages_published_total")
    let received = Counter(label: "relay_envelopes_received_total")
    let rejected = Counter(label: "relay_envelopes_rejected_total")
    let replayed = Counter(label: "relay_envelopes_replayed_total")
    let replaysTruncated = Counter(label: "relay_replays_truncated_total")
    let repliesDropped = Counter(label: "relay_replies_dropped_total")
    /// Handshakes refused on the relay link: a client without the cluster's keys.
    let handshakesRefused = Counter(label: "relay_link_handshakes_refused_total")
    /// Envelopes whose origin is not the gateway their connection proves to be (``GatewayIdentity``).
    let forgedOrigins = Counter(label: "relay_forged_origins_total")
    let sequence = Gauge(label: "relay_sequence")
    /// Bytes the replay buffer holds, at most `--replay-bytes`.
    let replayBytes = Gauge(label: "relay_replay_bytes")
    let gateways = Gauge(label: "relay_gateways")
    /// Pairs: the active relay gave up on a passive one that stopped confirming.
    let replicaLost = Counter(label: "relay_replica_lost_total")
    /// Pairs: the passive relay's copy went out of step and it took a new snapshot.
    let replicaResyncs = Counter(label: "relay_replica_resyncs_total")
    /// Files: the bytes the store's bodies reserve (their declared sizes), at most `--max-file-store-bytes`.
    let fileStoreBytes = Gauge(label: "relay_file_store_bytes")
    /// Files: the bodies the store holds, complete or not.
    let filesHeld = Gauge(label: "relay_files_held")
    /// Files: bodies dropped, for room, idle or deleted; clients see each shared one as expired.
    let filesExpired = Counter(label: "relay_files_expired_total")
    /// Files: body bytes that gateways' chunks added to the store.
    let fileBytesReceived = Counter(label: "relay_file_bytes_received_total")
    /// Files: reads answered with body bytes (socket and HTTP downloads alike).
    let fileReads = Counter(label: "relay_file_reads_total")
    /// Pairs: body bytes the active relay sent the passive one.
    let fileReplicaBytes = Counter(label: "relay_file_replica_bytes_total")
}
