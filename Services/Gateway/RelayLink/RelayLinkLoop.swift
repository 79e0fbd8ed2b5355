import Logging
import RelayProtocol
import ZeroMQ

/// The relay link's thread: follows the relay's stream and keeps the link alive.
///
/// It owns each relay's subscriber and control DEALER (``RelaySockets``); ``StreamTracker`` decides what
/// each envelope means. One poll loop, as in the zguide's clients: it waits for the current relay's
/// sockets or the next timer (the gateway's heartbeat, a repeated hello while unsynced, the relay's
/// deadline, a replay's deadline), then acts on the outcome (`RelayLinkLoop+Outcome.swift`).
final class RelayLinkLoop {
    let configuration: RelayLinkConfiguration
    /// The relays of the pair, in configuration order.
    let relays: [LinkedRelay]
    /// Sends towards the relay in use and knows whether the link is up.
    let sender: RelaySender
    let sink: any RelayDeliverySink
    /// The gateway's own requests: answers to connection 0 go there (``RelayRequests``).
    let requests: RelayRequests
    let metrics: RelayLinkMetrics
    let logger: Logger
    var tracker: StreamTracker
    let clock = ContinuousClock()

    // Timers.
    var nextHeartbeat: ContinuousClock.Instant
    var nextHello: ContinuousClock.Instant
    var helloInterval = RelayLinkLoop.firstHelloInterval
    var relayDeadline: ContinuousClock.Instant
    var replayDeadline: ContinuousClock.Instant?
    var nextWaitingNotice: ContinuousClock.Instant
    /// When the link started waiting for the current relay's `sync`.
    var attemptStarted: ContinuousClock.Instant

    /// The one in use (an index in ``relays``).
    var currentIndex = 0
    /// Set when the link should move to the other relay of the pair.
    var switchDue = false
    /// Whether there is another relay to move to.
    var hasBackup: Bool { self.relays.count > 1 }
    var current: RelayEndpoints { self.relays[self.currentIndex].endpoints }

    /// Most envelopes taken from a socket before timers are checked and the batch is delivered.
    static let batchLimit = 512
    /// How soon to repeat an unanswered hello at first; it doubles up to ``maximumHelloInterval``.
    static let firstHelloInterval = Duration.milliseconds(20)
    static let maximumHelloInterval = Duration.milliseconds(500)
    /// How often to log that the relay still does not answer.
    static let waitingNoticeInterval = Duration.seconds(10)

    init(
        configuration: RelayLinkConfiguration,
        relays: [LinkedRelay],
        sender: RelaySender,
        sink: any RelayDeliverySink,
        requests: RelayRequests,
        metrics: RelayLinkMetrics,
        logger: Logger
    ) {
        self.configuration = configuration
        self.relays = relays
        self.sender = sender
        self.sink = sink
        self.requests = requests
        self.metrics = metrics
        self.logger = logger
        self.tracker = StreamTracker(gateway: sender.gatewayID)
        let now = self.clock.now
        self.nextHeartbeat = now
        self.nextHello = now
        self.relayDeadline = now + configuration.relayTimeout
        self.nextWaitingNotice = now + Self.waitingNoticeInterval
        self.attemptStarted = now
    }

    func run(wakeup: ZMQWakeup) throws(ZMQError) {
        var poller = ZMQPoller()
        let wakeupItem = poller.add(wakeup.receiver)
        var sockets: [RelaySockets] = []
        for relay in self.relays {
            sockets.append(try RelaySockets(relay, receiveHighWaterMark: self.configuration.receiveHighWaterMark, poller: &poller))
        }
        self.logger.info("relay link connecting", metadata: ["relay": "\(self.current.collector)"])

        let message = ZMQMessage()
        var replies: [Envelope] = []
        while !wakeup.isStopRequested {
            var outcome = StreamTracker.Outcome()
            if self.switchDue { self.switchRelay() }
            let current = sockets[self.currentIndex]
            if try poller.poll(timeout: self.nextWake - self.clock.now) {
                if poller.isReadable(wakeupItem) { wakeup.drain() }
                for index in sockets.indices where index != self.currentIndex {
                    try sockets[index].discardStaleTraffic(polled: poller, using: message)
                }
                if poller.isReadable(current.subscriberItem) {
                    try self.receiveSubscription(from: current.subscriber, using: message, into: &outcome)
                }
                if poller.isReadable(current.controlItem) {
                    try self.receiveControl(from: current.control, using: message, into: &outcome, replies: &replies)
                }
            }
            // After reading: whether the relay went quiet is judged on what has arrived, however long the
            // last pass took (a crowd's welcomes can keep it busy past the timeout).
            self.fireTimers(control: current, into: &outcome)
            self.act(on: outcome, control: current)
            for reply in replies where reply.origin.connection != 0 || !self.requests.answer(reply) { self.sink.reply(reply) }
            replies.removeAll(keepingCapacity: true)
        }
        self.logger.info("relay link stopped")
    }

    /// The current relay's stream: up to ``batchLimit`` frames, or until the relay hands over.
    private func receiveSubscription(
        from subscriber: ZMQSocket,
        using message: ZMQMessage,
        into outcome: inout StreamTracker.Outcome
    ) throws(ZMQError) {
        for _ in 0..<Self.batchLimit {
            guard try subscriber.receive(into: message, dontWait: true) else { return }
            self.relayDeadline = self.clock.now + self.configuration.relayTimeout
            for envelope in self.decode(message, from: subscriber) {
                if envelope.kind == .relayHeartbeat, envelope.flags.contains(.handover), self.hasBackup {
                    return self.handedOver()
                }
                self.sender.settle(by: envelope)
                self.tracker.receivePublished(envelope, into: &outcome)
            }
        }
    }

    /// The current relay's answers on the control socket: replays for the tracker, replies for the sink.
    private func receiveControl(
        from control: ZMQSocket,
        using message: ZMQMessage,
        into outcome: inout StreamTracker.Outcome,
        replies: inout [Envelope]
    ) throws(ZMQError) {
        for _ in 0..<Self.batchLimit {
            guard try control.receive(into: message, dontWait: true) else { return }
            for envelope in self.decode(message, from: control) {
                self.sender.settle(by: envelope)
                switch envelope.kind {
                case .message, .presence, .replayEnd: self.tracker.receiveReplayed(envelope, into: &outcome)
                default: replies.append(envelope)
                }
            }
        }
    }

    /// The relay is stopping and its peer took over: move now, not after the timeout.
    private func handedOver() {
        self.logger.notice("relay handed over to its peer", metadata: ["relay": "\(self.current.collector)"])
        self.tracker.relayLost()
        self.linkDown(now: self.clock.now)
        self.switchDue = true
    }

    /// The envelopes of one frame (the relay publishes a pass's envelopes as one frame).
    private func decode(_ message: ZMQMessage, from socket: ZMQSocket) -> [Envelope] {
        defer { try? socket.discardRemainingFrames(of: message) }
        do {
            let envelopes = try EnvelopeBatch.envelopes(in: UnsafeRawBufferPointer(message.bytes))
            self.metrics.received.increment(by: envelopes.count)
            return envelopes
        } catch {
            self.logger.warning("invalid envelope from relay", metadata: ["error": "\(error)"])
            return []
        }
    }
}
