import Logging
import RelayProtocol
import ZeroMQ

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The relay's one thread: the zguide's Clone server (`clonesrv3.c`, heartbeats from `clonesrv6.c`).
///
/// Gateways' envelopes arrive on the collector (ROUTER). A `say` gets the next sequence numbers, is
/// stamped in place, kept for replay, and published (PUB) to every gateway without being copied. A
/// `hello` is answered on the publisher, so the gateway sees its own subscription work. A replay
/// request is answered on the collector, to that gateway alone. Every `heartbeatInterval` the relay
/// publishes a heartbeat with its epoch and last sequence, so gateways notice a dead relay or a gap.
final class RelayLoop {
    private let configuration: RelayConfiguration
    private let context: ZMQContext
    private let status: RelayStatus
    private let logger: Logger
    private let metrics = RelayMetrics()
    private var sequencer = Sequencer()
    private var replayBuffer: ReplayBuffer
    private var gateways = GatewayRegistry()

    /// Most envelopes handled between two checks of the heartbeat timer.
    private static let batchLimit = 1024

    init(configuration: RelayConfiguration, context: ZMQContext, status: RelayStatus, logger: Logger) {
        self.configuration = configuration
        self.context = context
        self.status = status
        self.logger = logger
        self.replayBuffer = ReplayBuffer(capacity: configuration.replayWindow)
    }

    /// Binds the sockets, then serves until `wakeup` asks it to stop.
    func run(wakeup: ZMQWakeup) throws(ZMQError) {
        let collector = try ZMQSocket(self.context, .router)
        try collector.setRouterMandatory(true)
        try collector.setReceiveHighWaterMark(self.configuration.collectHighWaterMark)
        try collector.setSendHighWaterMark(self.configuration.publishHighWaterMark)
        try collector.setMaximumMessageSize(self.configuration.maximumEnvelopeBytes)
        try collector.bind(self.configuration.endpoints.collector)
        let publisher = try ZMQSocket(self.context, .publisher)
        try publisher.setSendHighWaterMark(self.configuration.publishHighWaterMark)
        try publisher.bind(self.configuration.endpoints.publisher)
        self.status.update(running: true)
        defer { self.status.update(running: false) }
        self.logger.info(
            "relay serving",
            metadata: [
                "collector": "\(self.configuration.endpoints.collector)",
                "publisher": "\(self.configuration.endpoints.publisher)",
                "epoch": "\(String(self.status.epoch, radix: 16))",
            ]
        )

        var poller = ZMQPoller([collector, wakeup.receiver])
        let identity = ZMQMessage()
        let body = ZMQMessage()
        let clock = ContinuousClock()
        var nextHeartbeat = clock.now
        while !wakeup.isStopRequested {
            let now = clock.now
            if now >= nextHeartbeat {
                try self.beat(publisher: publisher, now: now)
                nextHeartbeat = now + self.configuration.heartbeatInterval
            }
            guard try poller.poll(timeout: nextHeartbeat - now) else { continue }
            if poller.isReadable(1) { wakeup.drain() }
            guard poller.isReadable(0) else { continue }
            for _ in 0..<Self.batchLimit {
                guard try collector.receive(into: identity, dontWait: true) else { break }
                guard identity.hasMore, try collector.receive(into: body, dontWait: true), !body.hasMore else {
                    try collector.discardRemainingFrames(of: body)
                    self.reject("not an identity and one envelope frame")
                    continue
                }
                try self.handle(body, from: identity, collector: collector, publisher: publisher, now: clock.now)
            }
            self.status.update(sequence: self.sequencer.sequence)
        }
        self.logger.info("relay stopped", metadata: ["sequence": "\(self.sequencer.sequence)"])
    }

    private func handle(
        _ body: ZMQMessage,
        from identity: ZMQMessage,
        collector: ZMQSocket,
        publisher: ZMQSocket,
        now: ContinuousClock.Instant
    ) throws(ZMQError) {
        self.metrics.received.increment()
        let header: EnvelopeHeader
        do {
            header = try EnvelopeHeader(validating: UnsafeRawBufferPointer(body.bytes))
        } catch {
            self.reject(error.description)
            return
        }
        switch header.kind {
        case .say:
            let room = String(decoding: UnsafeRawBufferPointer(rebasing: body.bytes[header.roomRange]), as: UTF8.self)
            let (sequence, roomSequence) = self.sequencer.next(room: room)
            EnvelopeHeader.stamp(
                body.bytes,
                kind: .message,
                epoch: self.status.epoch,
                sequence: sequence,
                roomSequence: roomSequence,
                timestamp: Self.wallClockMilliseconds()
            )
            self.replayBuffer.append(body.array, sequence: sequence)
            try publisher.send(body)
            self.metrics.published.increment()
        case .hello:
            self.heard(from: header.origin.gateway, now: now)
            let sync = Envelope(
                kind: .sync,
                epoch: self.status.epoch,
                sequence: self.sequencer.sequence,
                timestamp: Self.wallClockMilliseconds(),
                origin: Origin(gateway: header.origin.gateway, connection: 0)
            )
            try publisher.send(sync.encoded())
        case .gatewayHeartbeat:
            self.heard(from: header.origin.gateway, now: now)
        case .replayRequest:
            self.heard(from: header.origin.gateway, now: now)
            let payload = Array(UnsafeRawBufferPointer(rebasing: body.bytes[header.payloadRange]))
            guard let range = try? ReplayRange(bytes: payload) else {
                self.reject("replay request without a valid range")
                return
            }
            try self.replay(range, to: identity.array, collector: collector)
        case .message, .sync, .relayHeartbeat, .replayEnd:
            self.reject("gateways may not send \(header.kind)")
        }
    }

    /// Sends the held envelopes in `range` to one gateway, then a `replayEnd`.
    private func replay(_ range: ReplayRange, to identity: [UInt8], collector: ZMQSocket) throws(ZMQError) {
        let (envelopes, truncated) = self.replayBuffer.envelopes(from: range.first, through: range.last)
        let end = Envelope(
            kind: .replayEnd,
            flags: truncated ? .truncated : [],
            epoch: self.status.epoch,
            sequence: min(range.last, self.sequencer.sequence)
        )
        do {
            for envelope in envelopes + [end.encoded()] {
                // ROUTER_MANDATORY: a gone or full gateway is an error here, not a silent drop.
                guard try collector.send(identity, more: true, dontWait: true), try collector.send(envelope, dontWait: true) else {
                    self.logger.warning("replay abandoned: gateway not reading", metadata: ["range": "\(range.first)...\(range.last)"])
                    return
                }
            }
        } catch  where error.errno == EHOSTUNREACH {
            self.logger.debug("replay abandoned: gateway gone")
            return
        }
        self.metrics.replayed.increment(by: envelopes.count)
        if truncated { self.metrics.replaysTruncated.increment() }
        self.logger.debug(
            "replayed",
            metadata: ["first": "\(range.first)", "last": "\(range.last)", "count": "\(envelopes.count)", "truncated": "\(truncated)"]
        )
    }

    /// Publishes a heartbeat and forgets gateways that went silent.
    private func beat(publisher: ZMQSocket, now: ContinuousClock.Instant) throws(ZMQError) {
        let heartbeat = Envelope(
            kind: .relayHeartbeat,
            epoch: self.status.epoch,
            sequence: self.sequencer.sequence,
            timestamp: Self.wallClockMilliseconds()
        )
        try publisher.send(heartbeat.encoded())
        for gateway in self.gateways.expire(at: now, timeout: self.configuration.gatewayTimeout) {
            self.logger.warning("gateway lost: no heartbeat", metadata: ["gateway": "\(String(gateway, radix: 16))"])
        }
        self.status.update(gatewayCount: self.gateways.count)
        self.metrics.gateways.record(self.gateways.count)
        self.metrics.sequence.record(Double(self.sequencer.sequence))
    }

    private func heard(from gateway: UInt64, now: ContinuousClock.Instant) {
        if self.gateways.heard(from: gateway, at: now) {
            self.logger.info("gateway joined", metadata: ["gateway": "\(String(gateway, radix: 16))"])
            self.status.update(gatewayCount: self.gateways.count)
        }
    }

    private func reject(_ reason: String) {
        self.metrics.rejected.increment()
        self.logger.debug("envelope rejected", metadata: ["reason": "\(reason)"])
    }

    static func wallClockMilliseconds() -> UInt64 {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return UInt64(now.tv_sec) * 1000 + UInt64(now.tv_nsec / 1_000_000)
    }
}
