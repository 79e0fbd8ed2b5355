public import RelayLinkSecurity
public import RelayProtocol

/// How a gateway talks to its relay.
public struct RelayLinkConfiguration: Sendable {
    public var endpoints: RelayEndpoints
    /// The backup relay of a failover pair: the link moves between the two when one stops answering.
    public var backup: RelayEndpoints?
    /// How often the gateway tells the relay it is alive.
    public var heartbeatInterval: Duration
    /// The relay is considered dead after this long without hearing from it (it beats 4 times a second).
    /// With a backup, it is also how long the link waits for a relay's answer before trying the other.
    public var relayTimeout: Duration
    /// How long to wait for a requested replay before counting the missing messages lost.
    public var replayTimeout: Duration
    /// Envelopes queued towards the relay before sends fail with "busy". ZeroMQ's ZMQ_SNDHWM.
    public var sendHighWaterMark: Int
    /// Frames (each one or more envelopes) queued from the relay before the relay starts dropping (and
    /// the gateway asks for a replay). ZeroMQ's ZMQ_RCVHWM.
    public var receiveHighWaterMark: Int
    /// The cluster's CurveZMQ keys, which a relay on `tcp://` requires (an embedded one needs none).
    public var keys: RelayLinkKeys?

    public init(
        endpoints: RelayEndpoints,
        backup: RelayEndpoints? = nil,
        heartbeatInterval: Duration = .seconds(1),
        relayTimeout: Duration = .seconds(1),
        replayTimeout: Duration = .seconds(2),
        sendHighWaterMark: Int = 10_000,
        receiveHighWaterMark: Int = 10_000,
        keys: RelayLinkKeys? = nil
    ) {
        self.endpoints = endpoints
        self.backup = backup
        self.heartbeatInterval = heartbeatInterval
        self.relayTimeout = relayTimeout
        self.replayTimeout = replayTimeout
        self.sendHighWaterMark = sendHighWaterMark
        self.receiveHighWaterMark = receiveHighWaterMark
        self.keys = keys
    }
}

extension RelayLinkConfiguration {
    /// The relays, in the order the link tries them: the configured one, then its backup if there is one.
    var relays: [RelayEndpoints] { [self.endpoints] + (self.backup.map { [$0] } ?? []) }
}
