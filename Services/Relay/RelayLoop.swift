import Logging
import RelayLinkSecurity
import RelayProtocol
import ZeroMQ

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The relay's one thread: the zguide's Clone server (`clonesrv3.c`, heartbeats from `clonesrv6.c`),
/// optionally one of a Binary Star pair (`bstar.c`, `clonesrv6.c`).
///
/// Gateways' envelopes arrive on the collector (ROUTER). A `say` gets the next sequence numbers from
/// the ``Sequencer``, which stamps it in place and keeps it for replay and history, and is published
/// (PUB) to every gateway. Chat commands go through ``ChatState``, whose presence events the sequencer
/// sequences the same way, and whose replies go back over the collector to the asking gateway alone.
/// A `hello` is answered on the publisher, so the gateway sees its own subscription work. Every `heartbeatInterval` the relay
/// publishes a heartbeat with its epoch and last sequence, so gateways notice a dead relay or a gap.
///
/// In a pair, the active relay sends every command it applied to the passive one and publishes a batch
/// only once the passive one confirmed it (`RelayLoop+Replication.swift`), so whatever gateways saw
/// survives the active relay's death. The passive relay applies them to its copy
/// (`RelayLoop+Restore.swift`), and `RelayLoop+BinaryStar.swift` decides which of the two serves.
///
/// File bodies live beside the chat state, in the ``FileStore`` (`RelayLoop+Files.swift`): answered at
/// once, kept out of the command log, and sent to the passive relay on the side (`RelayLoop+FileReplication.swift`).
final class RelayLoop {
    let configuration: RelayConfiguration
    let status: RelayStatus
    let logger: Logger
    let metrics = RelayMetrics()
    let collector: ZMQSocket
    let publisher: ZMQSocket
    /// Stream sequences, replay and history: the same rule for the active relay and the passive one.
    var sequencer: Sequencer
    var gateways = GatewayRegistry()
    var chat: ChatState
    /// Each gateway's control socket, where replies go: learnt from its hellos and heartbeats.
    var controlSockets: [UInt64: [UInt8]] = [:]
    /// The gateway each collector connection proves to be: an envelope must come from its origin's gateway.
    var provenGateways = ProvenGateways()
    /// The ZAP handlers admitting the cluster's gateways and peer relay (none for `inproc://` alone).
    var zapHandlers: [ZAPHandler] = []
    /// The link to the other relay of a pair; `nil` for a relay alone.
    var pair: PairLink?
    /// What a batch sends, held until the passive relay confirmed the batch (only while replicating).
    var held: [Output] = []
    /// Envelopes to publish, sent as one frame at the end of a pass (``EnvelopeBatch``).
    var outgoing: [UInt8] = []
    /// Each connection's pace of `typing` events: kept out of the chat state, as typing is never replicated.
    var typists = TypingPace()
    /// File bodies, in memory only: beside the chat state, not in it (`RelayLoop+Files.swift`).
    var files: FileStore
    /// The bodies the passive relay of a pair is still owed (`RelayLoop+FileReplication.swift`).
    var fileReplicas = FileReplicaQueue()

    /// Something the relay sends to gateways.
    enum Output {
        case publish([UInt8])
        case reply([UInt8], gateway: UInt64)
    }

    /// Most frames handled between two checks of the heartbeat timer.
    static let batchLimit = 1024
    /// A published frame grows to about this many bytes before it is sent, even within a pass.
    static let outgoingLimit = 256 * 1024

    /// Binds the sockets; call on the thread that will run the loop.
    init(configuration: RelayConfiguration, context: ZMQContext, status: RelayStatus, logger: Logger) throws(ZMQError) {
        self.configuration = configuration
        self.status = status
        self.logger = logger
        self.sequencer = Sequencer(replayWindow: configuration.replayWindow, replayBytes: configuration.replayBytes)
        self.chat = ChatState(limits: configuration.chat)
        self.files = FileStore(limits: configuration.chat, idleTimeout: configuration.fileIdleTimeout)
        let link = LinkSecurity(keys: configuration.linkKeys, metrics: self.metrics, logger: logger)
        if RelayLinkKeys.crossesProcesses(configuration.endpoints.collector) {
            self.zapHandlers.append(try link.zapHandler(context: context))
        }
        self.collector = try ZMQSocket(context, .router)
        try self.collector.setRouterMandatory(true)
        // A gateway's routing id is fixed (``GatewayIdentity``), and a second connection with it is ignored
        // while the first lasts (ZMQ_ROUTER_HANDOVER loses messages in flight): heartbeats end a dead one within seconds.
        try self.collector.setConnectionHeartbeat(interval: .seconds(1), timeout: .seconds(3))
        try self.collector.setReceiveHighWaterMark(configuration.collectHighWaterMark)
        try self.collector.setSendHighWaterMark(configuration.replyHighWaterMark)
        try self.collector.setMaximumMessageSize(configuration.maximumEnvelopeBytes)
        try link.secureServer(self.collector, endpoint: configuration.endpoints.collector)
        try self.collector.bind(configuration.endpoints.collector)
        self.publisher = try ZMQSocket(context, .publisher)
        try self.publisher.setSendHighWaterMark(configuration.publishHighWaterMark)
        try link.secureServer(self.publisher, endpoint: configuration.endpoints.publisher)
        try self.publisher.bind(configuration.endpoints.publisher)
        if let pair = configuration.pair {
            let pairLink = try PairLink(configuration: pair, listen: configuration.endpoints.peer, context: context, securing: link)
            self.zapHandlers += pairLink.zapHandler.map { [$0] } ?? []
            self.pair = pairLink
            self.status.update(peerState: pairLink.star.state)
        }
        self.letChatAskForFiles()
    }

    /// Serves until `wakeup` asks it to stop.
    ///
    /// - Throws: ``SplitBrain`` when this is the backup and both relays of the pair are active.
    func run(wakeup: ZMQWakeup) throws {
        self.status.update(running: true)
        defer { self.status.update(running: false) }
        self.logger.info(
            "relay serving",
            metadata: [
                "collector": "\(self.configuration.endpoints.collector)",
                "publisher": "\(self.configuration.endpoints.publisher)",
                "epoch": "\(String(self.status.epoch, radix: 16))",
            ].merging(self.pair.map { ["state": "\($0.star.state)", "peer": "\($0.configuration.peer.peer)"] } ?? [:]) { $1 }
        )
        var sockets = [self.collector, wakeup.receiver]
        if let pair = self.pair { sockets.append(pair.listener) }
        var poller = ZMQPoller(sockets)
        let zapItems = self.zapHandlers.map { poller.add($0.socket) }
        let identity = ZMQMessage()
        let body = ZMQMessage()
        let clock = ContinuousClock()
        var nextHeartbeat = clock.now
        self.outgoing.reserveCapacity(Self.outgoingLimit + 64 * 1024)
        while !wakeup.isStopRequested {
            let start = clock.now
            if start >= nextHeartbeat {
                try self.beat(now: start)
                nextHeartbeat = start + self.configuration.heartbeatInterval
            }
            let wake = min(nextHeartbeat, self.pair?.nextWake ?? nextHeartbeat)
            if self.pair != nil {
                try self.pairTimers(now: start)
                self.drainFileReplicas()
            }
            // Bodies owed to the passive relay go a little each pass: come round at once while they may.
            guard try poller.poll(timeout: self.owesFileReplicas ? .zero : wake - clock.now) else { continue }
            if poller.isReadable(1) { wakeup.drain() }
            for (handler, item) in zip(self.zapHandlers, zapItems) where poller.isReadable(item) { try handler.answerRequests() }
            if self.pair != nil, poller.isReadable(2) { try self.receiveFromPeer(now: clock.now) }
            guard poller.isReadable(0) else { continue }
            let now = clock.now
            let time = Self.wallClockMilliseconds()
            for _ in 0..<Self.batchLimit {
                guard try self.collector.receive(into: identity, dontWait: true) else { break }
                guard identity.hasMore, try self.collector.receive(into: body, dontWait: true), !body.hasMore else {
                    try self.collector.discardRemainingFrames(of: body)
                    self.reject("not an identity and one envelope frame")
                    continue
                }
                try self.handle(body, from: identity, now: now, time: time)
            }
            try self.finishBatch()
            try self.flushPublished()
            self.status.update(sequence: self.sequencer.sequence)
        }
        try self.handOver()
        self.logger.info("relay stopped", metadata: ["sequence": "\(self.sequencer.sequence)"])
    }

    /// Publishes a heartbeat, and releases the connections of gateways that went silent.
    private func beat(now: ContinuousClock.Instant) throws {
        guard self.isServing else { return }
        let heartbeat = Envelope(
            kind: .relayHeartbeat,
            epoch: self.status.epoch,
            sequence: self.sequencer.sequence,
            timestamp: Self.wallClockMilliseconds()
        )
        try self.publish(heartbeat.encoded())
        for gateway in self.gateways.expire(at: now, timeout: self.configuration.gatewayTimeout) {
            self.logger.warning("gateway lost: no heartbeat", metadata: ["gateway": "\(String(gateway, radix: 16))"])
            self.controlSockets[gateway] = nil
            var effects = ChatState.Effects()
            // Replicated as a `release` of the gateway's connection 0: "all of its connections".
            let release = Envelope(kind: .release, origin: Origin(gateway: gateway, connection: 0))
            let timestamp = Self.wallClockMilliseconds()
            self.chat.now = timestamp
            self.chat.releaseGateway(gateway, into: &effects)
            try self.send(effects, timestamp: timestamp)
            self.replicate(release.encoded(), timestamp: timestamp)
        }
        self.dropIdleUploads(now: now)
        try self.finishBatch()
        try self.flushPublished()
        self.status.update(gatewayCount: self.gateways.count)
        self.metrics.gateways.record(self.gateways.count)
        self.metrics.sequence.record(Double(self.sequencer.sequence))
        self.metrics.replayBytes.record(self.sequencer.replayBuffer.byteCount)
        self.recordFileMetrics()
    }

    /// Whether this relay serves gateways: a relay alone always does; one of a pair when active.
    var isServing: Bool { self.pair?.star.isServing ?? true }

    // MARK: Sending

    /// Sequences, stamps, keeps and publishes the chat state's events, then sends its replies.
    ///
    /// Every event of one command gets the same `timestamp`, the one replicated with the command, so
    /// that a passive relay stamps identical bytes.
    func send(_ effects: ChatState.Effects, timestamp: UInt64) throws(ZMQError) {
        for event in effects.publish {
            try self.publish(self.sequencer.sequence(event: event, epoch: self.status.epoch, timestamp: timestamp))
        }
        for var event in effects.broadcast {
            event.epoch = self.status.epoch
            event.timestamp = timestamp
            try self.publish(event.encoded())
        }
        for var reply in effects.replies {
            reply.epoch = self.status.epoch
            if reply.timestamp == 0 { reply.timestamp = timestamp }
            self.emit(.reply(reply.encoded(), gateway: reply.origin.gateway))
        }
    }

    /// Publishes with the pass's frame, or once the passive relay confirmed the batch.
    func publish(_ bytes: [UInt8]) throws(ZMQError) {
        if self.pair?.isReplicating == true {
            self.held.append(.publish(bytes))
        } else {
            try self.append(published: bytes)
        }
    }

    /// Sends now, or once the passive relay confirmed the batch.
    func emit(_ output: Output) {
        if self.pair?.isReplicating == true {
            self.held.append(output)
        } else if case .reply(let bytes, let gateway) = output {
            self.reply(bytes, toGateway: gateway)
        } else if case .publish(let bytes) = output {
            _ = try? self.append(published: bytes)
        }
    }

    /// Ends a batch, alone or in a pair: a following passive relay gets the batch's commands and confirms
    /// them (``replicateBatch()``), then what the batch held back goes out.
    func finishBatch() throws {
        try self.replicateBatch()
        try self.releaseHeld()
    }

    /// Sends what the batch held back, in order.
    private func releaseHeld() throws(ZMQError) {
        for output in self.held {
            switch output {
            case .publish(let bytes): try self.append(published: bytes)
            case .reply(let bytes, let gateway): self.reply(bytes, toGateway: gateway)
            }
        }
        self.held.removeAll(keepingCapacity: true)
    }

    /// Adds an envelope to the frame being built; a full frame goes out at once.
    private func append(published bytes: [UInt8]) throws(ZMQError) {
        self.outgoing.append(contentsOf: bytes)
        if self.outgoing.count >= Self.outgoingLimit { try self.flushPublished() }
    }

    /// Publishes the pass's envelopes as one frame: one ZeroMQ message for all of them.
    func flushPublished() throws(ZMQError) {
        guard !self.outgoing.isEmpty else { return }
        try self.publisher.send(self.outgoing)
        self.outgoing.removeAll(keepingCapacity: true)
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

    /// Counts and logs an envelope the relay will not handle.
    func reject(_ reason: String) {
        self.metrics.rejected.increment()
        self.logger.debug("envelope rejected", metadata: ["reason": "\(reason)"])
    }

    /// The wall clock in ms since 1970: the timestamps envelopes carry.
    static func wallClockMilliseconds() -> UInt64 {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return UInt64(now.tv_sec) * 1000 + UInt64(now.tv_nsec / 1_000_000)
    }
}
