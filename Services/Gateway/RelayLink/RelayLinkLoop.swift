import Logging
import RelayProtocol
import ZeroMQ

/// The relay link's thread: follows the relay's stream and keeps the link alive.
///
/// It owns the subscriber (SUB, the relay's stream) and a control DEALER (hello, heartbeats, replay
/// requests and their answers); ``StreamTracker`` decides what each envelope means. One poll loop, as
/// in the zguide's clients: it waits for either socket or the next timer (the gateway's heartbeat, a
/// repeated hello while unsynced, the relay's deadline, a replay's deadline), then acts on the outcome.
final class RelayLinkLoop {
    private let link: RelayLink
    private var tracker: StreamTracker
    private let clock = ContinuousClock()
    private var logger: Logger { self.link.logger }
    private var configuration: RelayLinkConfiguration { self.link.configuration }

    // Timers.
    private var nextHeartbeat: ContinuousClock.Instant
    private var nextHello: ContinuousClock.Instant
    private var helloInterval = RelayLinkLoop.firstHelloInterval
    private var relayDeadline: ContinuousClock.Instant
    private var replayDeadline: ContinuousClock.Instant?
    private var nextWaitingNotice: ContinuousClock.Instant
    /// The relays: the configured one, and its backup if there is one.
    private let relays: [RelayEndpoints]
    /// The one in use (an index in ``relays``).
    private var currentIndex = 0
    private var current: RelayEndpoints { self.relays[self.currentIndex] }
    /// When the link started waiting for the current relay's `sync`.
    private var attemptStarted: ContinuousClock.Instant

    /// Most envelopes taken from a socket before timers are checked and the batch is delivered.
    private static let batchLimit = 512
    /// How soon to repeat an unanswered hello at first; it doubles up to ``maximumHelloInterval``.
    private static let firstHelloInterval = Duration.milliseconds(20)
    private static let maximumHelloInterval = Duration.milliseconds(500)
    /// How often to log that the relay still does not answer.
    private static let waitingNoticeInterval = Duration.seconds(10)

    init(link: RelayLink) {
        self.link = link
        self.tracker = StreamTracker(gateway: link.gatewayID)
        let now = self.clock.now
        self.nextHeartbeat = now
        self.nextHello = now
        self.relayDeadline = now + link.configuration.relayTimeout
        self.nextWaitingNotice = now + Self.waitingNoticeInterval
        self.relays = [link.configuration.endpoints] + (link.configuration.backup.map { [$0] } ?? [])
        self.attemptStarted = now
    }

    func run(wakeup: ZMQWakeup) throws(ZMQError) {
        // A subscriber and a control socket per relay of a pair, all connected from the start, so that
        // moving to the other relay waits for no connection. Only the current relay's are read; what the
        // other one sends (a restarted relay's first heartbeats, a replay under way when the link moved) is
        // stale and dropped.
        var subscribers: [ZMQSocket] = []
        for (index, relay) in self.relays.enumerated() {
            let subscriber = try ZMQSocket(self.link.contexts[index], .subscriber)
            try subscriber.setReceiveHighWaterMark(self.configuration.receiveHighWaterMark)
            try subscriber.setReconnectInterval(.milliseconds(100), maximum: .seconds(1))
            try subscriber.setConnectionHeartbeat(interval: .seconds(1), timeout: .seconds(3))
            try subscriber.subscribe()
            try subscriber.connect(relay.publisher)
            subscribers.append(subscriber)
        }
        var controls: [ZMQSocket] = []
        for (index, relay) in self.relays.enumerated() {
            let control = try ZMQSocket(self.link.contexts[index], .dealer)
            try control.setImmediate(true)
            try control.setReconnectInterval(.milliseconds(100), maximum: .seconds(1))
            try control.setConnectionHeartbeat(interval: .seconds(1), timeout: .seconds(3))
            try control.connect(relay.collector)
            controls.append(control)
        }
        self.logger.info("relay link connecting", metadata: ["relay": "\(self.current.collector)"])

        // Poll items: the wakeup, then each relay's subscriber and control socket.
        var poller = ZMQPoller([wakeup.receiver] + zip(subscribers, controls).flatMap { [$0, $1] })
        let message = ZMQMessage()
        var replies: [Envelope] = []
        while !wakeup.isStopRequested {
            var outcome = StreamTracker.Outcome()
            if self.switchDue { self.switchRelay() }
            let control = controls[self.currentIndex]
            let subscriber = subscribers[self.currentIndex]
            self.fireTimers(control: control, into: &outcome)
            if outcome.deliveries.isEmpty, outcome.replayRequest == nil,
                try poller.poll(timeout: self.nextWake - self.clock.now)
            {
                if poller.isReadable(0) { wakeup.drain() }
                for index in self.relays.indices where index != self.currentIndex {
                    for (offset, other) in [subscribers[index], controls[index]].enumerated() where poller.isReadable(1 + 2 * index + offset) {
                        while try other.receive(into: message, dontWait: true) { try other.discardRemainingFrames(of: message) }
                    }
                }
                if poller.isReadable(1 + 2 * self.currentIndex) {
                    subscription: for _ in 0..<Self.batchLimit {
                        guard try subscriber.receive(into: message, dontWait: true) else { break }
                        self.relayDeadline = self.clock.now + self.configuration.relayTimeout
                        for envelope in self.decode(message, from: subscriber) {
                            if envelope.kind == .relayHeartbeat, envelope.flags.contains(.handover), self.configuration.backup != nil {
                                // The relay is stopping and its peer took over: move now, not after the timeout.
                                self.logger.notice("relay handed over to its peer", metadata: ["relay": "\(self.current.collector)"])
                                self.tracker.relayLost()
                                self.linkDown(now: self.clock.now)
                                self.switchDue = true
                                break subscription
                            }
                            if envelope.kind == .message, envelope.origin.gateway == self.link.gatewayID { self.link.settled(envelope) }
                            self.tracker.receivePublished(envelope, into: &outcome)
                        }
                    }
                }
                if poller.isReadable(2 + 2 * self.currentIndex) {
                    for _ in 0..<Self.batchLimit {
                        guard try control.receive(into: message, dontWait: true) else { break }
                        for envelope in self.decode(message, from: control) {
                            switch envelope.kind {
                            case .message, .presence, .replayEnd:
                                if envelope.kind == .message, envelope.origin.gateway == self.link.gatewayID { self.link.settled(envelope) }
                                self.tracker.receiveReplayed(envelope, into: &outcome)
                            case .ack, .error:
                                self.link.settled(envelope)
                                replies.append(envelope)
                            default: replies.append(envelope)
                            }
                        }
                    }
                }
            }
            self.act(on: outcome, control: control)
            for reply in replies { self.link.sink.reply(reply) }
            replies.removeAll(keepingCapacity: true)
        }
        self.logger.info("relay link stopped")
    }

    /// The earliest timer that matters in the current state.
    private var nextWake: ContinuousClock.Instant {
        var wake = self.nextHeartbeat
        if self.tracker.isSynced {
            wake = min(wake, self.relayDeadline)
        } else {
            wake = min(wake, self.nextHello, self.nextWaitingNotice)
            if self.configuration.backup != nil { wake = min(wake, self.attemptStarted + self.configuration.relayTimeout) }
        }
        if self.tracker.replaying != nil, let deadline = self.replayDeadline { wake = min(wake, deadline) }
        return wake
    }

    private func fireTimers(control: ZMQSocket, into outcome: inout StreamTracker.Outcome) {
        let now = self.clock.now
        if now >= self.nextHeartbeat {
            self.sendControl(Envelope(kind: .gatewayHeartbeat), on: control)
            self.nextHeartbeat = now + self.configuration.heartbeatInterval
        }
        if self.tracker.isSynced, now >= self.relayDeadline {
            self.tracker.relayLost()
            self.linkDown(now: now)
            self.logger.warning("relay link down: no heartbeat", metadata: ["timeout": "\(self.configuration.relayTimeout)", "relay": "\(self.current.collector)"])
            self.switchDue = self.configuration.backup != nil
        }
        if !self.tracker.isSynced, self.configuration.backup != nil, now - self.attemptStarted >= self.configuration.relayTimeout {
            // No answer from this relay of the pair (dead, or passive): try the other.
            self.switchDue = true
        }
        if !self.tracker.isSynced, now >= self.nextWaitingNotice {
            self.logger.warning("relay not answering yet; still trying", metadata: ["relay": "\(self.current.collector)"])
            self.nextWaitingNotice = now + Self.waitingNoticeInterval
        }
        if !self.tracker.isSynced, now >= self.nextHello {
            self.sendControl(Envelope(kind: .hello), on: control)
            self.nextHello = now + self.helloInterval
            self.helloInterval = min(self.helloInterval * 2, Self.maximumHelloInterval)
        }
        if let deadline = self.replayDeadline, now >= deadline {
            self.logger.warning("replay timed out")
            self.tracker.replayTimedOut(into: &outcome)
        }
    }

    private func act(on outcome: StreamTracker.Outcome, control: ZMQSocket) {
        let now = self.clock.now
        if outcome.becameSynced {
            self.link.setUp(true, epoch: self.tracker.epoch)
            self.relayDeadline = now + self.configuration.relayTimeout
            self.nextWaitingNotice = now + Self.waitingNoticeInterval
            if outcome.relayRestarted { self.link.metrics.relayRestarts.increment() }
            self.logger.info(
                outcome.relayRestarted ? "relay link up: relay restarted, replaying its stream" : "relay link up",
                metadata: ["epoch": "\(String(self.tracker.epoch, radix: 16))", "sequence": "\(self.tracker.lastSequence)"]
            )
            if outcome.resynchronized {
                let claims = self.link.sink.relinked(relayRestarted: outcome.relayRestarted)
                for claim in claims { _ = self.link.send(claim) }
                if !claims.isEmpty { self.logger.info("connections claimed again", metadata: ["count": "\(claims.count)"]) }
                if !outcome.relayRestarted {
                    // Same epoch (the backup relay took over, or the link only blinked): what the old
                    // relay never confirmed goes again; the relay drops what it already has by id.
                    let resent = self.link.resendUnconfirmed()
                    if resent > 0 { self.logger.info("unconfirmed messages sent again", metadata: ["count": "\(resent)"]) }
                }
            }
        }
        if outcome.needsHello {
            self.linkDown(now: now)
            self.logger.warning("relay restarted: resynchronizing")
        }
        if let range = outcome.replayRequest {
            self.link.metrics.replays.increment()
            self.sendControl(Envelope(kind: .replayRequest, payload: range.bytes), on: control)
            self.replayDeadline = now + self.configuration.replayTimeout
            self.logger.debug("replay requested", metadata: ["first": "\(range.first)", "last": "\(range.last)"])
        } else if self.tracker.replaying == nil {
            self.replayDeadline = nil
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

    /// Set when the link should move to the other relay of the pair.
    private var switchDue = false

    /// Moves to the other relay of the pair and starts saying hello to it.
    private func switchRelay() {
        self.switchDue = false
        guard self.relays.count > 1 else { return }
        let from = self.current
        self.currentIndex = (self.currentIndex + 1) % self.relays.count
        self.link.use(relay: self.currentIndex, of: self.relays)
        self.logger.notice("relay link moving to the other relay of the pair", metadata: ["from": "\(from.collector)", "to": "\(self.current.collector)"])
        self.link.metrics.relaySwitches.increment()
        self.linkDown(now: self.clock.now)
    }

    /// Stops accepting chat and starts saying hello again, quickly at first.
    private func linkDown(now: ContinuousClock.Instant) {
        self.link.setUp(false)
        self.attemptStarted = now
        self.nextHello = now
        self.helloInterval = Self.firstHelloInterval
        self.nextWaitingNotice = now + Self.waitingNoticeInterval
    }

    /// The envelopes of one frame (the relay publishes a pass's envelopes as one frame).
    private func decode(_ message: ZMQMessage, from socket: ZMQSocket) -> [Envelope] {
        defer { try? socket.discardRemainingFrames(of: message) }
        do {
            let envelopes = try EnvelopeBatch.envelopes(in: UnsafeRawBufferPointer(message.bytes))
            self.link.metrics.received.increment(by: envelopes.count)
            return envelopes
        } catch {
            self.logger.warning("invalid envelope from relay", metadata: ["error": "\(error)"])
            return []
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
