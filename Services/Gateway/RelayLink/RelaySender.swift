import RelayProtocol
import Synchronization
import ZeroMQ

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The link's sending half, used from any thread: a DEALER per relay, whether the link is up, and the
/// chat messages the relay has not yet confirmed.
///
/// Sending is synchronous and never blocks: an envelope goes to the current relay's DEALER (behind a
/// lock, the full fence `zmq_socket(3)` asks for) with `ZMQ_DONTWAIT`. The link's thread
/// (``RelayLinkLoop``) opens and closes the gate, moves between relays, and settles what the relay confirms.
final class RelaySender: Sendable {
    /// This gateway's identity at the relay; stamped on everything sent.
    let gatewayID: UInt64
    private let metrics: RelayLinkMetrics
    /// One DEALER per relay (two with a failover pair), each connected from the start so that moving
    /// to the other relay waits for no connection; and which one is in use.
    private let senders: Mutex<(sockets: [ZMQSocket], current: Int)>
    private let relays: [LinkedRelay]
    private let sendHighWaterMark: Int
    private let unconfirmed = Mutex(UnconfirmedMessages())
    private let synced = Atomic<Bool>(false)
    private let epochValue = Atomic<UInt64>(0)

    init(relays: [LinkedRelay], sendHighWaterMark: Int, metrics: RelayLinkMetrics) throws(ZMQError) {
        self.gatewayID = relays[0].identity.gatewayID
        self.metrics = metrics
        var sockets: [ZMQSocket] = []
        for relay in relays {
            sockets.append(try Self.connectedSender(to: relay, sendHighWaterMark: sendHighWaterMark))
        }
        self.senders = Mutex((sockets, 0))
        self.relays = relays
        self.sendHighWaterMark = sendHighWaterMark
    }

    private static func connectedSender(to relay: LinkedRelay, sendHighWaterMark: Int) throws(ZMQError) -> ZMQSocket {
        let sender = try ZMQSocket(relay.context, .dealer)
        try sender.setSendHighWaterMark(sendHighWaterMark)
        // Not ZMQ_IMMEDIATE: what is sent while the TCP connection is being (re)made waits for it, in
        // order. So a claim sent the moment the link is back is not lost to a socket still reconnecting,
        // and the messages after it follow it. The link refuses sends while the relay is known to be away.
        try sender.setReconnectInterval(.milliseconds(100), maximum: .seconds(1))
        try sender.setConnectionHeartbeat(interval: .seconds(1), timeout: .seconds(3))
        try relay.prepare(sender, as: .sender)
        try sender.connect(relay.endpoints.collector)
        return sender
    }

    /// Whether the relay answered and its stream is being followed: sends are accepted.
    var isUp: Bool { self.synced.load(ordering: .acquiring) }

    /// The epoch of the relay run last synced with (0: none yet).
    var relayEpoch: UInt64 { self.epochValue.load(ordering: .relaxed) }

    /// Opens (the relay of `epoch` answered) or closes the gate for sends.
    func setUp(_ up: Bool, epoch: UInt64? = nil) {
        if let epoch { self.epochValue.store(epoch, ordering: .relaxed) }
        self.synced.store(up, ordering: .releasing)
        self.metrics.up.record(up ? 1 : 0)
    }

    /// Sends `envelope` to the relay if the link is up, stamped with this gateway's id and the send time.
    func send(_ envelope: Envelope) -> RelayLink.SendResult {
        guard self.isUp else { return .unavailable }
        return self.sendAnyway(envelope)
    }

    /// Sends even while the link is down: a connection's `release` must not be lost to a brief outage
    /// (ZeroMQ drops it anyway if the relay is unreachable, and a new relay does not need it).
    func sendAnyway(_ envelope: Envelope) -> RelayLink.SendResult {
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

    /// Forgets the unconfirmed message `envelope` confirms, if it confirms one (``UnconfirmedMessages/settles(_:gateway:)``).
    func settle(by envelope: Envelope) {
        guard UnconfirmedMessages.settles(envelope, gateway: self.gatewayID) else { return }
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
    /// What was queued for the other one is dropped with its socket, and a new socket (with a routing id
    /// of its own) connects in its place: a relay that comes back must not get commands from before the move.
    func use(relay index: Int) {
        self.senders.withLock { senders in
            let old = senders.current
            senders.current = index
            guard old != index,
                let replacement = try? Self.connectedSender(to: self.relays[old], sendHighWaterMark: self.sendHighWaterMark)
            else { return }
            senders.sockets[old] = replacement
        }
    }

    /// Nanoseconds on a clock that never jumps, for measuring the relay round trip.
    static func monotonicNanoseconds() -> UInt64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return UInt64(now.tv_sec) * 1_000_000_000 + UInt64(now.tv_nsec)
    }
}
