/// What an envelope means; the byte at offset 1 of the wire layout.
public enum EnvelopeKind: UInt8, Sendable, CaseIterable {
    /// Gateway → relay: a user's chat message for `room`.
    case say = 1
    /// Relay → gateways (published): a sequenced chat message.
    case message = 2
    /// Gateway → relay: "I am here; prove my subscription is live." Answered with ``sync``.
    case hello = 3
    /// Relay → gateways (published): answers ``hello`` from `origin.gateway`; `sequence` is the last sequence so far.
    case sync = 4
    /// Relay → gateways (published), every second: the relay's epoch and last sequence (the zguide's HUGZ).
    case relayHeartbeat = 5
    /// Gateway → relay, every second: the gateway is alive.
    case gatewayHeartbeat = 6
    /// Gateway → relay: resend the published envelopes in the ``ReplayRange`` carried as payload.
    case replayRequest = 7
    /// Relay → one gateway: the replay is complete through `sequence`; flag `truncated` if older ones are gone.
    case replayEnd = 8
}

/// Bit flags; the two bytes at offset 2 of the wire layout.
public struct EnvelopeFlags: OptionSet, Sendable, Hashable {
    public let rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    /// On ``EnvelopeKind/replayEnd``: the relay no longer holds some of the requested envelopes.
    public static let truncated = EnvelopeFlags(rawValue: 1 << 0)
}
