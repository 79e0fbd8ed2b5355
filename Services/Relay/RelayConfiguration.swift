public import ArgumentParser
public import ChatConfig
public import RelayLinkSecurity
public import RelayProtocol

/// Everything a relay needs to run; `chat-relay`'s flags fill it in (``RelayOptions``), and a gateway's
/// embedded relay gets the defaults.
public struct RelayConfiguration: Sendable {
    /// The values used when no flag or variable sets them: the one place each is written, which help and README quote.
    public enum Defaults {
        public static let heartbeatInterval: Duration = .milliseconds(250)
        public static let gatewayTimeout: Duration = .seconds(3)
        public static let replayWindow = 100_000
        public static let publishHighWaterMark = 10_000
        public static let replyHighWaterMark = 100_000
        public static let collectHighWaterMark = 100_000
        public static let maximumEnvelopeBytes = 1 << 20
        public static let replayBytes = 256 << 20
        public static let fileIdleTimeout: Duration = .seconds(120)
    }

    /// Where the relay binds its collector (ROUTER) and publisher (PUB).
    public var endpoints: RelayEndpoints
    /// How often the relay publishes a heartbeat (the zguide's HUGZ).
    public var heartbeatInterval: Duration
    /// A gateway silent this long is considered dead.
    public var gatewayTimeout: Duration
    /// How many published envelopes the relay keeps to replay to gateways that missed some.
    public var replayWindow: Int
    /// The most bytes those envelopes may take together: a few large messages must not pin gigabytes.
    public var replayBytes: Int
    /// Frames (each a pass's envelopes, up to 256 KiB) queued per gateway on the publisher before that
    /// gateway starts missing some (it then asks for a replay). ZeroMQ's ZMQ_SNDHWM.
    public var publishHighWaterMark: Int
    /// Replies queued per gateway on the collector before they are dropped. ZeroMQ's ZMQ_SNDHWM.
    public var replyHighWaterMark: Int
    /// Envelopes queued per gateway on the collector before that gateway's sends block. ZeroMQ's ZMQ_RCVHWM.
    public var collectHighWaterMark: Int
    /// Largest envelope accepted; a peer sending a larger one is disconnected by ZeroMQ (ZMQ_MAXMSGSIZE).
    public var maximumEnvelopeBytes: Int
    /// Bounds on names, rooms and history, and on the file store.
    public var chat: ChatLimits
    /// An upload that gets no chunk this long is dropped from the file store (docs/PROTOCOL.md, "Files").
    public var fileIdleTimeout: Duration
    /// The other relay of a Binary Star failover pair, if this relay has one.
    public var pair: RelayPairConfiguration?
    /// The cluster's CurveZMQ keys, which every `tcp://` endpoint requires (`inproc://` needs none);
    /// `chat-relay` loads them from its state directory when it starts.
    public var linkKeys: RelayLinkKeys?

    public init(
        endpoints: RelayEndpoints,
        heartbeatInterval: Duration = Defaults.heartbeatInterval,
        gatewayTimeout: Duration = Defaults.gatewayTimeout,
        replayWindow: Int = Defaults.replayWindow,
        replayBytes: Int = Defaults.replayBytes,
        publishHighWaterMark: Int = Defaults.publishHighWaterMark,
        replyHighWaterMark: Int = Defaults.replyHighWaterMark,
        collectHighWaterMark: Int = Defaults.collectHighWaterMark,
        maximumEnvelopeBytes: Int = Defaults.maximumEnvelopeBytes,
        chat: ChatLimits = ChatLimits(),
        fileIdleTimeout: Duration = Defaults.fileIdleTimeout,
        pair: RelayPairConfiguration? = nil,
        linkKeys: RelayLinkKeys? = nil
    ) {
        self.endpoints = endpoints
        self.heartbeatInterval = heartbeatInterval
        self.gatewayTimeout = gatewayTimeout
        self.replayWindow = replayWindow
        self.replayBytes = replayBytes
        self.publishHighWaterMark = publishHighWaterMark
        self.replyHighWaterMark = replyHighWaterMark
        self.collectHighWaterMark = collectHighWaterMark
        self.maximumEnvelopeBytes = maximumEnvelopeBytes
        self.chat = chat
        self.fileIdleTimeout = fileIdleTimeout
        self.pair = pair
        self.linkKeys = linkKeys
    }

    /// Throws the first rule this configuration breaks, with the message `chat-relay` prints for it.
    public func validate() throws(ValidationError) {
        guard self.replayWindow >= 1 else { throw ValidationError("--replay-window must be at least 1") }
        guard self.replayBytes >= self.maximumEnvelopeBytes else {
            throw ValidationError("--replay-bytes must be at least the largest envelope (\(self.maximumEnvelopeBytes) bytes)")
        }
        try self.chat.validate()
    }
}

/// One relay of a Binary Star pair: which one it is and where its peer listens.
public struct RelayPairConfiguration: Sendable {
    /// The primary goes active when both start; the backup takes over when the primary dies.
    public var isPrimary: Bool
    /// The peer relay's endpoints (its ``RelayEndpoints/peer`` is where this relay sends).
    public var peer: RelayEndpoints
    /// How often the two relays tell each other their state.
    public var heartbeatInterval: Duration
    /// A peer silent this long is considered dead (the zguide's peer expiry, a few heartbeats).
    public var peerTimeout: Duration
    /// How long the active relay waits for the passive one to confirm a batch before giving up on it
    /// and serving alone. Shorter than a gateway's relay timeout, so gateways never notice the wait.
    public var replicationTimeout: Duration

    public init(
        isPrimary: Bool,
        peer: RelayEndpoints,
        heartbeatInterval: Duration = .milliseconds(100),
        peerTimeout: Duration = .milliseconds(500),
        replicationTimeout: Duration = .milliseconds(400)
    ) {
        self.isPrimary = isPrimary
        self.peer = peer
        self.heartbeatInterval = heartbeatInterval
        self.peerTimeout = peerTimeout
        self.replicationTimeout = replicationTimeout
    }
}
