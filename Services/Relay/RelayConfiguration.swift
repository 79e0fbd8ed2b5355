public import ChatConfig
public import RelayProtocol

/// Everything a relay needs to run; `chat-relay`'s flags fill it in.
public struct RelayConfiguration: Sendable {
    /// Where the relay binds its collector (ROUTER) and publisher (PUB).
    public var endpoints: RelayEndpoints
    /// How often the relay publishes a heartbeat (the zguide's HUGZ).
    public var heartbeatInterval: Duration
    /// A gateway silent this long is considered dead.
    public var gatewayTimeout: Duration
    /// How many published envelopes the relay keeps to replay to gateways that missed some.
    public var replayWindow: Int
    /// Envelopes queued per gateway on the publisher before that gateway starts missing some
    /// (it then asks for a replay). ZeroMQ's ZMQ_SNDHWM.
    public var publishHighWaterMark: Int
    /// Envelopes queued per gateway on the collector before that gateway's sends block. ZeroMQ's ZMQ_RCVHWM.
    public var collectHighWaterMark: Int
    /// Largest envelope accepted; a peer sending a larger one is disconnected by ZeroMQ (ZMQ_MAXMSGSIZE).
    public var maximumEnvelopeBytes: Int
    /// Bounds on names, rooms and history.
    public var chat: ChatLimits

    public init(
        endpoints: RelayEndpoints,
        heartbeatInterval: Duration = .seconds(1),
        gatewayTimeout: Duration = .seconds(3),
        replayWindow: Int = 100_000,
        publishHighWaterMark: Int = 100_000,
        collectHighWaterMark: Int = 100_000,
        maximumEnvelopeBytes: Int = 1 << 20,
        chat: ChatLimits = ChatLimits()
    ) {
        self.endpoints = endpoints
        self.heartbeatInterval = heartbeatInterval
        self.gatewayTimeout = gatewayTimeout
        self.replayWindow = replayWindow
        self.publishHighWaterMark = publishHighWaterMark
        self.collectHighWaterMark = collectHighWaterMark
        self.maximumEnvelopeBytes = maximumEnvelopeBytes
        self.chat = chat
    }
}
