import Logging
import RelayLinkSecurity
public import RelayProtocol
public import ServiceLifecycle
import ZeroMQ

/// A gateway's connection to the relay, as a `Service`.
///
/// Sending is synchronous and never blocks (``RelaySender``): any task hands an envelope to the current
/// relay's DEALER with `ZMQ_DONTWAIT`. Receiving runs on a thread of its own (``RelayLinkLoop``), which
/// delivers the relay's stream to the sink in batches.
public final class RelayLink: Service, Sendable {
    let configuration: RelayLinkConfiguration
    /// The first relay's context, which the loop thread's wakeup uses too.
    let context: ZMQContext
    /// The configured relay, and its backup if there is one; each with a ZeroMQ context of its own.
    let relays: [LinkedRelay]
    let sink: any RelayDeliverySink
    let logger: Logger
    let metrics = RelayLinkMetrics()
    /// The gateway's own requests waiting for the relay's answers.
    let requests: RelayRequests
    private let sender: RelaySender

    init(
        identity: GatewayIdentity,
        configuration: RelayLinkConfiguration,
        context: ZMQContext,
        sink: any RelayDeliverySink,
        requests: RelayRequests = RelayRequests(),
        logger: Logger
    ) throws(ZMQError) {
        self.configuration = configuration
        self.context = context
        self.relays = try LinkedRelay.all(of: configuration, identity: identity, context: context)
        self.sink = sink
        self.requests = requests
        self.logger = logger
        self.sender = try RelaySender(
            relays: self.relays,
            sendHighWaterMark: configuration.sendHighWaterMark,
            metrics: self.metrics
        )
    }

    /// This gateway's identity at the relay; random per process (``GatewayIdentity``).
    public var gatewayID: UInt64 { self.sender.gatewayID }

    /// Whether the relay answered and its stream is being followed: sends are accepted.
    public var isUp: Bool { self.sender.isUp }

    /// The epoch of the relay run last synced with (0: none yet).
    public var relayEpoch: UInt64 { self.sender.relayEpoch }

    /// Outcome of ``send(_:)``.
    public enum SendResult: Sendable, Equatable {
        case sent
        /// The link is down; nothing was sent.
        case unavailable
        /// The queue towards the relay is full; nothing was sent.
        case busy
    }

    /// Sends `envelope` to the relay, stamped with this gateway's id and the send time.
    public func send(_ envelope: Envelope) -> SendResult {
        self.sender.send(envelope)
    }

    /// Sends even while the link is down: a connection's `release` must not be lost to a brief outage
    /// (ZeroMQ drops it anyway if the relay is unreachable, and a new relay does not need it).
    public func sendAnyway(_ envelope: Envelope) -> SendResult {
        self.sender.sendAnyway(envelope)
    }

    /// Sends the envelope `request` makes with a client message id of the gateway's own (origin connection 0),
    /// and waits for the relay's answer to it (``RelayRequests``).
    func ask(_ request: (_ clientMessageID: String) -> Envelope) async throws(RelayRequests.Failure) -> Envelope {
        try await self.requests.ask(request) { self.send($0) }
    }

    public func run() async throws {
        try await ZMQLoopThread.run(context: self.context) { [configuration, relays, sender, sink, requests, metrics, logger] wakeup in
            let loop = RelayLinkLoop(
                configuration: configuration,
                relays: relays,
                sender: sender,
                sink: sink,
                requests: requests,
                metrics: metrics,
                logger: logger
            )
            try loop.run(wakeup: wakeup)
        }
        self.sender.setUp(false)
        self.requests.failAll()
    }
}
