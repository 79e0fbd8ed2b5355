import RelayLinkSecurity
import RelayProtocol
import ZeroMQ

/// A stand-in gateway on a relay's ZeroMQ link: the same sockets and handshake as the gateway's
/// `RelayLink`, with one user, so the relay can be measured without WebSocket clients in the way.
///
/// Sockets as in docs/PROTOCOL.md §3: a *sender* DEALER for chat, a *control* DEALER (hello, heartbeats;
/// the relay's replies come back on it) and a SUB on the published stream, over CurveZMQ with the
/// cluster's keys and the routing ids that prove the gateway (``GatewayIdentity``). Not `Sendable`: libzmq
/// sockets stay on the thread that made them, here the command's own.
final class FakeGateway {
    let identity = GatewayIdentity()
    var gatewayID: UInt64 { self.identity.gatewayID }
    let sender: ZMQSocket
    let control: ZMQSocket
    let subscriber: ZMQSocket
    private let message = ZMQMessage()
    private var nextHeartbeat: UInt64 = 0
    /// The relay run whose stream this gateway follows, learnt from its `sync`.
    private(set) var epoch: UInt64 = 0

    /// The connection id of the one user; 0 means the gateway itself.
    static let connection: UInt64 = 1

    init(context: ZMQContext, endpoints: RelayEndpoints, keys: RelayLinkKeys) throws(ZMQError) {
        self.sender = try ZMQSocket(context, .dealer)
        try self.sender.setSendHighWaterMark(10_000)
        try self.sender.setRoutingID(self.identity.routingID(for: .sender))
        try keys.secureClient(self.sender, endpoint: endpoints.collector)
        try self.sender.connect(endpoints.collector)
        self.control = try ZMQSocket(context, .dealer)
        try self.control.setImmediate(true)
        try self.control.setRoutingID(self.identity.routingID(for: .control))
        try keys.secureClient(self.control, endpoint: endpoints.collector)
        try self.control.connect(endpoints.collector)
        self.subscriber = try ZMQSocket(context, .subscriber)
        try self.subscriber.setReceiveHighWaterMark(100_000)
        try self.subscriber.subscribe()
        try keys.secureClient(self.subscriber, endpoint: endpoints.publisher)
        try self.subscriber.connect(endpoints.publisher)
    }

    var origin: Origin { Origin(gateway: self.gatewayID, connection: Self.connection) }

    // MARK: Handshake

    /// Says `hello` (every 20 ms, backing off to 500 ms) until the relay's `sync` for this gateway arrives
    /// on the subscriber: from then on nothing published can be missed (the zguide's slow-joiner cure).
    func synchronize(until deadline: UInt64) throws -> Envelope {
        var interval: UInt64 = 20_000_000
        var nextHello: UInt64 = 0
        var poller = ZMQPoller([self.subscriber])
        while MonotonicClock.nanoseconds() < deadline {
            let now = MonotonicClock.nanoseconds()
            if now >= nextHello {
                self.sendControl(Envelope(kind: .hello))
                nextHello = now + interval
                interval = min(interval * 2, 500_000_000)
            }
            guard try poller.poll(timeout: .milliseconds(20)) else { continue }
            while try self.subscriber.receive(into: self.message, dontWait: true) {
                let envelopes = (try? EnvelopeBatch.envelopes(in: UnsafeRawBufferPointer(self.message.bytes))) ?? []
                for envelope in envelopes where envelope.kind == .sync && envelope.origin.gateway == self.gatewayID {
                    self.epoch = envelope.epoch
                    return envelope
                }
            }
        }
        throw RelayBenchError("the relay did not answer hello with a sync within the timeout")
    }

    /// Claims `name` for the one user (a plain-mode claim, no rooms) and waits for the relay's `welcome`.
    func claim(name: String, until deadline: UInt64) throws {
        let session = String(UInt64.random(in: 1...UInt64.max), radix: 16)
        let claim = Envelope.claim(origin: self.origin, name: name, session: session, request: ClaimRequest(rooms: []), flags: .plain)
        try self.sender.send(claim.encoded())
        _ = try self.awaitReply(.welcome, until: deadline)
    }

    /// Joins `room` and waits for its `joined` snapshot; returns the room's sequence.
    func join(room: String, until deadline: UInt64) throws -> UInt64 {
        try self.sender.send(Envelope(kind: .join, origin: self.origin, room: room).encoded())
        return try self.awaitReply(.joined, until: deadline).roomSequence
    }

    /// Tells the relay the user is gone, so its name is free for the next run.
    func release() {
        _ = try? self.sender.send(Envelope(kind: .release, origin: self.origin).encoded(), dontWait: true)
    }

    private func awaitReply(_ kind: EnvelopeKind, until deadline: UInt64) throws -> Envelope {
        var poller = ZMQPoller([self.control])
        while MonotonicClock.nanoseconds() < deadline {
            self.beatIfDue()
            guard try poller.poll(timeout: .milliseconds(50)) else { continue }
            while try self.control.receive(into: self.message, dontWait: true) {
                guard let envelope = try? Envelope(decoding: UnsafeRawBufferPointer(self.message.bytes)) else { continue }
                if envelope.kind == kind { return envelope }
                if envelope.kind == .error {
                    throw RelayBenchError(
                        "the relay refused the \(kind == .welcome ? "claim" : "join"): \(String(decoding: envelope.payload, as: UTF8.self))"
                    )
                }
            }
        }
        throw RelayBenchError("no \(kind) from the relay within the timeout")
    }

    // MARK: Liveness

    /// Sends `gatewayHeartbeat` once a second: the relay forgets (and logs out the users of) a gateway
    /// silent for 3 seconds.
    func beatIfDue() {
        let now = MonotonicClock.nanoseconds()
        guard now >= self.nextHeartbeat else { return }
        self.sendControl(Envelope(kind: .gatewayHeartbeat))
        self.nextHeartbeat = now + 1_000_000_000
    }

    private func sendControl(_ envelope: Envelope) {
        var envelope = envelope
        envelope.origin = Origin(gateway: self.gatewayID, connection: 0)
        // Dropped while unconnected (ZMQ_IMMEDIATE); hellos and heartbeats are repeated anyway.
        _ = try? self.control.send(envelope.encoded(), dontWait: true)
    }
}
