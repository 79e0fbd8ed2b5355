import Logging
import RelayProtocol

/// The link's timers, and what the loop does with a ``StreamTracker/Outcome``.
extension RelayLinkLoop {
    /// The earliest timer that matters in the current state.
    var nextWake: ContinuousClock.Instant {
        var wake = self.nextHeartbeat
        if self.tracker.isSynced {
            wake = min(wake, self.relayDeadline)
        } else {
            wake = min(wake, self.nextHello, self.nextWaitingNotice)
            if self.hasBackup { wake = min(wake, self.attemptStarted + self.configuration.relayTimeout) }
        }
        if self.tracker.replaying != nil, let deadline = self.replayDeadline { wake = min(wake, deadline) }
        return wake
    }

    /// Sends what is due on the current relay's control socket and notices the deadlines that passed.
    func fireTimers(control relay: RelaySockets, into outcome: inout StreamTracker.Outcome) {
        let now = self.clock.now
        if now >= self.nextHeartbeat {
            relay.sendControl(Envelope(kind: .gatewayHeartbeat), from: self.sender.gatewayID)
            self.nextHeartbeat = now + self.configuration.heartbeatInterval
        }
        if self.tracker.isSynced, now >= self.relayDeadline {
            self.tracker.relayLost()
            self.linkDown(now: now)
            self.logger.warning(
                "relay link down: no heartbeat",
                metadata: ["timeout": "\(self.configuration.relayTimeout)", "relay": "\(self.current.collector)"]
            )
            self.switchDue = self.hasBackup
        }
        if !self.tracker.isSynced, self.hasBackup, now - self.attemptStarted >= self.configuration.relayTimeout {
            // No answer from this relay of the pair (dead, or passive): try the other.
            self.switchDue = true
        }
        if !self.tracker.isSynced, now >= self.nextWaitingNotice {
            // A relay whose link key differs refuses the handshake without a word: say what to check.
            self.logger.warning(
                "relay not answering yet; still trying",
                metadata: ["relay": "\(self.current.collector)", "check": "that it runs, and has the same relay-link.key as this gateway's --state-dir"]
            )
            self.nextWaitingNotice = now + Self.waitingNoticeInterval
        }
        if !self.tracker.isSynced, now >= self.nextHello {
            relay.sendControl(Envelope(kind: .hello), from: self.sender.gatewayID)
            self.nextHello = now + self.helloInterval
            self.helloInterval = min(self.helloInterval * 2, Self.maximumHelloInterval)
        }
        if let deadline = self.replayDeadline, now >= deadline {
            self.logger.warning("replay timed out")
            self.tracker.replayTimedOut(into: &outcome)
        }
    }

    /// Opens the link, claims connections again, asks for replays and delivers, as `outcome` says.
    func act(on outcome: StreamTracker.Outcome, control relay: RelaySockets) {
        let now = self.clock.now
        if outcome.becameSynced {
            // Claims and the old relay's unconfirmed messages go first, and only then may sessions send:
            // a message sent in between would overtake an earlier one of its sender's that is resent.
            if outcome.resynchronized { self.resynchronized(relayRestarted: outcome.relayRestarted) }
            self.sender.setUp(true, epoch: self.tracker.epoch)
            self.relayDeadline = now + self.configuration.relayTimeout
            self.nextWaitingNotice = now + Self.waitingNoticeInterval
            if outcome.relayRestarted { self.metrics.relayRestarts.increment() }
            self.logger.info(
                outcome.relayRestarted ? "relay link up: relay restarted, replaying its stream" : "relay link up",
                metadata: ["epoch": "\(String(self.tracker.epoch, radix: 16))", "sequence": "\(self.tracker.lastSequence)"]
            )
        }
        if outcome.needsHello {
            self.linkDown(now: now)
            self.logger.warning("relay restarted: resynchronizing")
        }
        if let range = outcome.replayRequest {
            self.metrics.replays.increment()
            relay.sendControl(Envelope(kind: .replayRequest, payload: range.bytes), from: self.sender.gatewayID)
            self.replayDeadline = now + self.configuration.replayTimeout
            self.logger.debug("replay requested", metadata: ["first": "\(range.first)", "last": "\(range.last)"])
        } else if self.tracker.replaying == nil {
            self.replayDeadline = nil
        }
        if outcome.lost > 0 {
            self.metrics.lost.increment(by: Int(outcome.lost))
            self.logger.warning("messages lost: not in the relay's replay window", metadata: ["count": "\(outcome.lost)"])
        }
        if !outcome.deliveries.isEmpty {
            self.measureRoundTrip(outcome.deliveries)
            self.sink.deliver(outcome.deliveries)
        }
    }

    /// The link is back after a loss: the relay hears of this gateway's connections again.
    private func resynchronized(relayRestarted: Bool) {
        let claims = self.sink.relinked(relayRestarted: relayRestarted)
        for claim in claims { _ = self.sender.sendAnyway(claim) }
        if !claims.isEmpty { self.logger.info("connections claimed again", metadata: ["count": "\(claims.count)"]) }
        if !relayRestarted {
            // Same epoch (the backup relay took over, or the link only blinked): what the old
            // relay never confirmed goes again; the relay drops what it already has by id.
            let resent = self.sender.resendUnconfirmed()
            if resent > 0 { self.logger.info("unconfirmed messages sent again", metadata: ["count": "\(resent)"]) }
        }
    }

    /// Moves to the other relay of the pair and starts saying hello to it.
    func switchRelay() {
        self.switchDue = false
        guard self.hasBackup else { return }
        let from = self.current
        self.currentIndex = (self.currentIndex + 1) % self.relays.count
        self.sender.use(relay: self.currentIndex)
        self.logger.notice(
            "relay link moving to the other relay of the pair",
            metadata: ["from": "\(from.collector)", "to": "\(self.current.collector)"]
        )
        self.metrics.relaySwitches.increment()
        self.linkDown(now: self.clock.now)
    }

    /// Stops accepting chat and starts saying hello again, quickly at first; the gateway's own requests
    /// get no answers now.
    func linkDown(now: ContinuousClock.Instant) {
        self.sender.setUp(false)
        self.requests.failAll()
        self.attemptStarted = now
        self.nextHello = now
        self.helloInterval = Self.firstHelloInterval
        self.nextWaitingNotice = now + Self.waitingNoticeInterval
    }

    private func measureRoundTrip(_ envelopes: [Envelope]) {
        let now = RelaySender.monotonicNanoseconds()
        for envelope in envelopes where envelope.origin.gateway == self.sender.gatewayID && envelope.trace != 0 && envelope.trace <= now {
            self.metrics.roundTrip.recordNanoseconds(Int64(now - envelope.trace))
        }
    }
}
