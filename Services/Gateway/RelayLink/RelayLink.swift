import Logging
import Metrics
import NIOPosix
public import RelayProtocol
public import ServiceLifecycle
import Synchronization
import ZeroMQ

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A gateway's connection to the relay, as a `Service`.
///
/// Sending is synchronous and never blocks: any task hands an envelope to the collector DEALER (behind a
/// lock) with `ZMQ_DONTWAIT`. Receiving runs on a thread of its own (``RelayLinkLoop``), which
/// delivers the relay's stream to the sink in batches.
public final class RelayLink: Service, Sendable {
    /// This gateway's identity at the relay; random per process.
    public let gatewayID: UInt64
    let configuration: RelayLinkConfiguration
    let context: ZMQContext
    /// One ZeroMQ context per relay: libzmq resolves a host name on its context's I/O thread, and a lookup
    /// of a relay that is gone can hang for seconds (a container's name whose DNS server does not answer),
    /// which must not stall the sockets to the other relay. The first is `context` (an embedded relay's
    /// `inproc://` endpoints need it).
    let contexts: [ZMQContext]
    let sink: any RelayDeliverySink
    let logger: Logger
    /// One sending DEALER per relay (two with a failover pair), each connected from the start so that
    /// moving to the other relay waits for no connection; and which one is in use.
    private let senders: Mutex<(sockets: [ZMQSocket], current: Int)>
    private let unconfirmed = Mutex(UnconfirmedMessages())
    private let synced = Atomic<Bool>(false)
    private let epochValue = Atomic<UInt64>(0)
    let metrics = RelayLinkMetrics()

    init(
        gatewayID: UInt64,
        configuration: RelayLinkConfiguration,
        context: ZMQContext,
        sink: any RelayDeliverySink,
        logger: Logger
    ) throws(ZMQError) {
        self.gatewayID = gatewayID
        self.configuration = configuration
        self.context = context
        self.contexts = configuration.backup == nil ? [context] : [context, try ZMQContext()]
        self.sink = sink
        self.logger = logger
        var sockets: [ZMQSocket] = []
        for (index, endpoints) in ([configuration.endpoints] + (configuration.backup.map { [$0] } ?? [])).enumerated() {
            let sender = try ZMQSocket(self.contexts[index], .dealer)
            try sender.setSendHighWaterMark(configuration.sendHighWaterMark)
            // Not ZMQ_IMMEDIATE: what is sent while the TCP connection is being (re)made waits for it, in
            // order. So a claim sent the moment the link is back is not lost to a socket still reconnecting,
            // and the messages after it follow it. The link refuses sends while the relay is known to be away.
            try sender.setReconnectInterval(.milliseconds(100), maximum: .seconds(1))
            try sender.setConnectionHeartbeat(interval: .seconds(1), timeout: .seconds(3))
            try sender.connect(endpoints.collector)
            sockets.append(sender)
        }
        self.senders = Mutex((sockets, 0))
    }

    /// Whether the relay answered and its stream is being followed: sends are accepted.
    public var isUp: Bool { self.synced.load(ordering: .acquiring) }

    /// The epoch of the relay run last synced with (0: none yet).
    public var relayEpoch: UInt64 { self.epochValue.load(ordering: .relaxed) }

    func setUp(_ up: Bool, epoch: UInt64? = nil) {
        if let epoch { self.epochValue.store(epoch, ordering: .relaxed) }
        self.synced.store(up, ordering: .releasing)
        self.metrics.up.record(up ? 1 : 0)
    }

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
        guard self.isUp else { return .unavailable }
        return self.sendAnyway(envelope)
    }

    /// Sends even while the link is down: a connection's `release` must not be lost to a brief outage
    /// (ZeroMQ drops it anyway if the relay is unreachable, and a new relay does not need it).
    public func sendAnyway(_ envelope: Envelope) -> SendResult {
        var envelope = envelope
        envelope.origin.gateway = self.gatewayID
        envelope.trace = Self.monotonicNanoseconds()
        let bytes = envelope.encoded()
        let sent = self.senders.withLock { senders in (try? senders.sockets[senders.current].send(bytes, dontWait: true)) ?? false }
        guard sent else { return .busy }
        switch envelope.kind {
        case .say where !envelope.clientMessageID.isEmpty, .direct where !envelope.clientMessageID.isEmpty:
            self.unconfirmed.withLock { $0.sent(bytes, connection: envelope.origin.connection, clientMessageID: envelope.clientMessageID) }
        case .release:
            self.unconfirmed.withLock { $0.forget(connection: envelope.origin.connection) }
        default: break
        }
        return .sent
    }

    /// The relay published, acknowledged or refused a chat message of this gateway's.
    func settled(_ envelope: Envelope) {
        self.unconfirmed.withLock { $0.settled(connection: envelope.origin.connection, clientMessageID: envelope.clientMessageID) }
    }

    /// Sends every unconfirmed chat message again, oldest first (after moving to the backup relay).
    ///
    /// - Returns: how many.
    func resendUnconfirmed() -> Int {
        let envelopes = self.unconfirmed.withLock { $0.inOrder }
        self.senders.withLock { senders in
            for bytes in envelopes { _ = try? senders.sockets[senders.current].send(bytes, dontWait: true) }
        }
        return envelopes.count
    }

    /// Sends to the relay at `index` of the pair (0: the configured one, 1: its backup) from now on.
    ///
    /// What was queued for the other one is dropped (it reconnects at once, empty): a relay that comes
    /// back must not get commands from before the move.
    func use(relay index: Int, of endpoints: [RelayEndpoints]) {
        self.senders.withLock { senders in
            let old = senders.current
            senders.current = index
            guard old != index else { return }
            try? senders.sockets[old].disconnect(endpoints[old].collector)
            try? senders.sockets[old].connect(endpoints[old].collector)
        }
    }

    public func run() async throws {
        let wakeup = try ZMQWakeup(context: self.context)
        let thread = NIOThreadPool(numberOfThreads: 1)
        thread.start()
        defer { thread.shutdownGracefully { _ in } }
        try await withTaskCancellationOrGracefulShutdownHandler {
            try await thread.runIfActive {
                try RelayLinkLoop(link: self).run(wakeup: wakeup)
            }
        } onCancelOrGracefulShutdown: {
            wakeup.requestStop()
        }
        self.setUp(false)
    }

    /// Nanoseconds on a clock that never jumps, for measuring the relay round trip.
    static func monotonicNanoseconds() -> UInt64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return UInt64(now.tv_sec) * 1_000_000_000 + UInt64(now.tv_nsec)
    }
}
