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
/// stamped in place, kept for replay and history, and published (PUB) to every gateway without being
/// copied. Chat commands go through ``ChatState``, whose presence events are published the same way
/// and whose replies go back over the collector to the asking gateway alone. A `hello` is answered on
/// the publisher, so the gateway sees its own subscription work. Every `heartbeatInterval` the relay
/// publishes a heartbeat with its epoch and last sequence, so gateways notice a dead relay or a gap.
final class RelayLoop {
    let configuration: RelayConfiguration
    let status: RelayStatus
    let logger: Logger
    let metrics = RelayMetrics()
    let collector: ZMQSocket
    let publisher: ZMQSocket
    /// The last stream sequence handed out.
    var sequence: UInt64 = 0
    var replayBuffer: ReplayBuffer
    var gateways = GatewayRegistry()
    var chat: ChatState
    /// Each gateway's control socket, where replies go: learnt from its hellos and heartbeats.
    var controlSockets: [UInt64: [UInt8]] = [:]

    /// Most envelopes handled between two checks of the heartbeat timer.
    private static let batchLimit = 1024

    /// Binds the sockets; call on the thread that will run the loop.
    init(configuration: RelayConfiguration, context: ZMQContext, status: RelayStatus, logger: Logger) throws(ZMQError) {
        self.configuration = configuration
        self.status = status
        self.logger = logger
        self.replayBuffer = ReplayBuffer(capacity: configuration.replayWindow)
        self.chat = ChatState(limits: configuration.chat)
        self.collector = try ZMQSocket(context, .router)
        try self.collector.setRouterMandatory(true)
        try self.collector.setReceiveHighWaterMark(configuration.collectHighWaterMark)
        try self.collector.setSendHighWaterMark(configuration.publishHighWaterMark)
        try self.collector.setMaximumMessageSize(configuration.maximumEnvelopeBytes)
        try self.collector.bind(configuration.endpoints.collector)
        self.publisher = try ZMQSocket(context, .publisher)
        try self.publisher.setSendHighWaterMark(configuration.publishHighWaterMark)
        try self.publisher.bind(configuration.endpoints.publisher)
    }

    /// Serves until `wakeup` asks it to stop.
    func run(wakeup: ZMQWakeup) throws(ZMQError) {
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
        var poller = ZMQPoller([self.collector, wakeup.receiver])
        let identity = ZMQMessage()
        let body = ZMQMessage()
        let clock = ContinuousClock()
        var nextHeartbeat = clock.now
        while !wakeup.isStopRequested {
            let now = clock.now
            if now >= nextHeartbeat {
                try self.beat(now: now)
                nextHeartbeat = now + self.configuration.heartbeatInterval
            }
            guard try poller.poll(timeout: nextHeartbeat - now) else { continue }
            if poller.isReadable(1) { wakeup.drain() }
            guard poller.isReadable(0) else { continue }
            for _ in 0..<Self.batchLimit {
                guard try self.collector.receive(into: identity, dontWait: true) else { break }
                guard identity.hasMore, try self.collector.receive(into: body, dontWait: true), !body.hasMore else {
                    try self.collector.discardRemainingFrames(of: body)
                    self.reject("not an identity and one envelope frame")
                    continue
                }
                try self.handle(body, from: identity, now: clock.now)
            }
            self.status.update(sequence: self.sequence)
        }
        self.logger.info("relay stopped", metadata: ["sequence": "\(self.sequence)"])
    }

    /// Publishes a heartbeat, and releases the connections of gateways that went silent.
    private func beat(now: ContinuousClock.Instant) throws(ZMQError) {
        let heartbeat = Envelope(kind: .relayHeartbeat, epoch: self.status.epoch, sequence: self.sequence, timestamp: Self.wallClockMilliseconds())
        try self.publisher.send(heartbeat.encoded())
        for gateway in self.gateways.expire(at: now, timeout: self.configuration.gatewayTimeout) {
            self.logger.warning("gateway lost: no heartbeat", metadata: ["gateway": "\(String(gateway, radix: 16))"])
            self.controlSockets[gateway] = nil
            var effects = ChatState.Effects()
            self.chat.releaseGateway(gateway, into: &effects)
            try self.send(effects)
        }
        self.status.update(gatewayCount: self.gateways.count)
        self.metrics.gateways.record(self.gateways.count)
        self.metrics.sequence.record(Double(self.sequence))
    }

    // MARK: Sending

    /// Sequences, stamps, keeps and publishes the chat state's events, then sends its replies.
    func send(_ effects: ChatState.Effects) throws(ZMQError) {
        for var envelope in effects.publish {
            self.sequence += 1
            envelope.epoch = self.status.epoch
            envelope.sequence = self.sequence
            envelope.timestamp = Self.wallClockMilliseconds()
            let bytes = envelope.encoded()
            self.replayBuffer.append(bytes, sequence: self.sequence)
            try self.publisher.send(bytes)
        }
        for var reply in effects.replies {
            reply.epoch = self.status.epoch
            if reply.timestamp == 0 { reply.timestamp = Self.wallClockMilliseconds() }
            self.reply(reply.encoded(), toGateway: reply.origin.gateway)
        }
    }

    /// Sends one envelope to a gateway's control socket. A gone or overloaded gateway misses it.
    func reply(_ bytes: [UInt8], toGateway gateway: UInt64) {
        guard let identity = self.controlSockets[gateway] else {
            self.logger.debug("reply dropped: gateway unknown", metadata: ["gateway": "\(String(gateway, radix: 16))"])
            return
        }
        // ROUTER_MANDATORY: a gone or full gateway is an error here, not a silent drop.
        let sent =
            (try? self.collector.send(identity, more: true, dontWait: true)) == true && (try? self.collector.send(bytes, dontWait: true)) == true
        if !sent {
            self.metrics.repliesDropped.increment()
            self.logger.debug("reply dropped: gateway not reading", metadata: ["gateway": "\(String(gateway, radix: 16))"])
        }
    }

    func reject(_ reason: String) {
        self.metrics.rejected.increment()
        self.logger.debug("envelope rejected", metadata: ["reason": "\(reason)"])
    }

    static func wallClockMilliseconds() -> UInt64 {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return UInt64(now.tv_sec) * 1000 + UInt64(now.tv_nsec / 1_000_000)
    }
}
