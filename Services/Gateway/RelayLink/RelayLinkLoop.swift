import Logging
import RelayProtocol
import ZeroMQ

/// The relay link's thread: follows the relay's stream and keeps the link alive.
///
/// It owns the subscriber (SUB, the relay's stream) and a control DEALER (hello, heartbeats, replay
/// requests and their answers); ``StreamTracker`` decides what each envelope means. It polls both, and
/// wakes for timers only: the next heartbeat, the next hello while unsynced, the relay's deadline,
/// and a replay's deadline.
final class RelayLinkLoop {
    private let link: RelayLink
    private var tracker: StreamTracker
    private var logger: Logger { self.link.logger }
    private let clock = ContinuousClock()

    /// Most envelopes taken from a socket before timers are checked and the batch is delivered.
    private static let batchLimit = 512
    /// How soon to repeat an unanswered hello at first; it doubles up to ``maximumHelloInterval``.
    private static let firstHelloInterval = Duration.milliseconds(20)
    private static let maximumHelloInterval = Duration.milliseconds(500)

    init(link: RelayLink) {
        self.link = link
        self.tracker = StreamTracker(gateway: link.gatewayID)
    }

    func run(wakeup: ZMQWakeup) throws(ZMQError) {
        let configuration = self.link.configuration
        let subscriber = try ZMQSocket(self.link.context, .subscriber)
        try subscriber.setReceiveHighWaterMark(configuration.receiveHighWaterMark)
        try subscriber.setReconnectInterval(.milliseconds(100), maximum: .seconds(1))
        try subscriber.setConnectionHeartbeat(interval: .seconds(1), timeout: .seconds(3))
        try subscriber.subscribe()
        try subscriber.connect(configuration.endpoints.publisher)
        let control = try ZMQSocket(self.link.context, .dealer)
        try control.setImmediate(true)
        try control.setReconnectInterval(.milliseconds(100), maximum: .seconds(1))
        try control.setConnectionHeartbeat(interval: .seconds(1), timeout: .seconds(3))
        try control.connect(configuration.endpoints.collector)

        var poller = ZMQPoller([subscriber, control, wakeup.receiver])
        let message = ZMQMessage()
        let start = self.clock.now
        var nextHeartbeat = start
        var nextHello = start
        var helloInterval = Self.firstHelloInterval
        var relayDeadline = start + configuration.relayTimeout
        var replayDeadline: ContinuousClock.Instant?
        self.logger.info("relay link connecting", metadata: ["relay": "\(configuration.endpoints.collector)"])

        while !wakeup.isStopRequested {
            var outcome = StreamTracker.Outcome()
            var now = self.clock.now

            // Timers.
            if now >= nextHeartbeat {
                self.sendControl(Envelope(kind: .gatewayHeartbeat), on: control)
                nextHeartbeat = now + configuration.heartbeatInterval
            }
            if !self.tracker.isSynced, now >= nextHello {
                self.sendControl(Envelope(kind: .hello), on: control)
                nextHello = now + helloInterval
                helloInterval = min(helloInterval * 2, Self.maximumHelloInterval)
            }
            if self.tracker.isSynced, now >= relayDeadline {
                self.tracker.relayLost()
                helloInterval = Self.firstHelloInterval
                self.link.setUp(false)
                self.logger.warning("relay link down: no heartbeat", metadata: ["timeout": "\(configuration.relayTimeout)"])
            }
            if let deadline = replayDeadline, now >= deadline {
                self.logger.warning("replay timed out")
                self.tracker.replayTimedOut(into: &outcome)
            }

            // Wait for traffic or the next timer.
            var wakeAt = nextHeartbeat
            if !self.tracker.isSynced { wakeAt = min(wakeAt, nextHello) }
            if self.tracker.isSynced { wakeAt = min(wakeAt, relayDeadline) }
            if self.tracker.replaying != nil, let deadline = replayDeadline { wakeAt = min(wakeAt, deadline) }
            if outcome.deliveries.isEmpty, outcome.replayRequest == nil, try poller.poll(timeout: wakeAt - now) {
                if poller.isReadable(2) { wakeup.drain() }
                now = self.clock.now
                if poller.isReadable(0) {
                    for _ in 0..<Self.batchLimit {
                        guard try subscriber.receive(into: message, dontWait: true) else { break }
                        guard let envelope = self.decode(message, from: subscriber) else { continue }
                        relayDeadline = now + configuration.relayTimeout
                        self.tracker.receivePublished(envelope, into: &outcome)
                    }
                }
                if poller.isReadable(1) {
                    for _ in 0..<Self.batchLimit {
                        guard try control.receive(into: message, dontWait: true) else { break }
                        guard let envelope = self.decode(message, from: control) else { continue }
                        self.tracker.receiveReplayed(envelope, into: &outcome)
                    }
                }
            }

            // Act on what the stream said.
            if outcome.becameSynced {
                self.link.setUp(true, epoch: self.tracker.epoch)
                relayDeadline = now + configuration.relayTimeout
                if outcome.relayRestarted { self.link.metrics.relayRestarts.increment() }
                self.logger.info(
                    outcome.relayRestarted ? "relay link up: relay restarted, replaying its stream" : "relay link up",
                    metadata: ["epoch": "\(String(self.tracker.epoch, radix: 16))", "sequence": "\(self.tracker.lastSequence)"]
                )
            }
            if outcome.needsHello {
                self.link.setUp(false)
                nextHello = now
                helloInterval = Self.firstHelloInterval
                self.logger.warning("relay restarted: resynchronizing")
            }
            if let range = outcome.replayRequest {
                self.link.metrics.replays.increment()
                self.sendControl(Envelope(kind: .replayRequest, payload: range.bytes), on: control)
                replayDeadline = now + configuration.replayTimeout
                self.logger.debug("replay requested", metadata: ["first": "\(range.first)", "last": "\(range.last)"])
            } else if self.tracker.replaying == nil {
                replayDeadline = nil
            }
            if outcome.lost > 0 {
                self.link.metrics.lost.increment(by: Int(outcome.lost))
                self.logger.warning("messages lost: not in the relay's replay window", metadata: ["count": "\(outcome.lost)"])
            }
            if !outcome.deliveries.isEmpty {
                self.measureRoundTrip(outcome.deliveries)
                self.link.sink.deliver(outcome.deliveries)
            }
        }
        self.logger.info("relay link stopped")
    }

    private func decode(_ message: ZMQMessage, from socket: ZMQSocket) -> Envelope? {
        defer { try? socket.discardRemainingFrames(of: message) }
        self.link.metrics.received.increment()
        do {
            return try Envelope(decoding: UnsafeRawBufferPointer(message.bytes))
        } catch {
            self.logger.warning("invalid envelope from relay", metadata: ["error": "\(error)"])
            return nil
        }
    }

    private func sendControl(_ envelope: Envelope, on control: ZMQSocket) {
        var envelope = envelope
        envelope.origin = Origin(gateway: self.link.gatewayID, connection: 0)
        // Dropped when the relay is unreachable or busy; every control message is repeated or timed out.
        _ = try? control.send(envelope.encoded(), dontWait: true)
    }

    private func measureRoundTrip(_ envelopes: [Envelope]) {
        let now = RelayLink.monotonicNanoseconds()
        for envelope in envelopes where envelope.origin.gateway == self.link.gatewayID && envelope.trace != 0 && envelope.trace <= now {
            self.link.metrics.roundTrip.recordNanoseconds(Int64(now - envelope.trace))
        }
    }
}
