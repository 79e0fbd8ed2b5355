import NIOCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The phases of a storm, driven from the main thread; every wait is bounded, and a phase that does not
/// finish in time ends the run with the reason.
struct StormRun {
    let loop: any EventLoop
    let fleet: StormFleet
    let sender: StormSender
    let timeout: Double

    init(loop: any EventLoop, fleet: StormFleet, sender: StormSender, timeout: Double) {
        (self.loop, self.fleet, self.sender, self.timeout) = (loop, fleet, sender, timeout)
    }

    /// What the run found.
    struct Outcome {
        var error: String?
        var connectSeconds: Double?
        var timeline: StormTimeline?
        var resumeTimes: [UInt64] = []
        var tally: StormTally?
        /// The ledgers were checked against what the relay acknowledged (the run got that far).
        var checked = false
        var sent = 0
        var acknowledged = 0
        var refused = 0
        var firstRefusal: String?
        /// Messages some client lacks, how many lack the worst one, and when they were said relative
        /// to the kill (seconds; negative: before it).
        var missingMessages = 0
        var mostClientsMissingOne = 0
        var missingSaidFrom: Double?
        var missingSaidTo: Double?
    }

    func perform(senderURL: ServerAddress, window: Int, rate: Double, after: Double) -> Outcome {
        let (fleet, sender) = (self.fleet, self.sender)
        var outcome = self.phases(senderURL: senderURL, window: window, rate: rate, after: after)
        outcome.resumeTimes = (try? self.loop.submit { fleet.resumeTimes() }.wait()) ?? []
        (outcome.sent, outcome.acknowledged, outcome.refused, outcome.firstRefusal) =
            (try? self.loop.submit { (sender.sent, sender.acknowledgedCount, sender.refused, sender.firstRefusal) }.wait())
            ?? (0, 0, 0, nil)
        return outcome
    }

    private func phases(senderURL: ServerAddress, window: Int, rate: Double, after: Double) -> Outcome {
        let (fleet, sender) = (self.fleet, self.sender)
        var control = StormControl()
        var outcome = Outcome()
        let clients = self.fleet.plan.clients

        // The sender first, on the gateway that stays up.
        guard (try? self.sender.connect(to: senderURL).wait()) != nil,
            self.wait(seconds: 10, until: { $0.sender.welcomed })
        else {
            outcome.error = "the sender was not welcomed by \(senderURL) within 10 s"
            return outcome
        }

        // Every client welcomed, then receiving the sender's messages.
        Report.say("storm: connecting \(clients) clients to \(self.fleet.plan.rooms) rooms")
        let connectStart = MonotonicClock.nanoseconds()
        self.loop.execute { fleet.startInitial(window: window) }
        guard self.wait(seconds: self.timeout, until: { $0.tally.counts.welcomedNow + $0.tally.counts.fatal >= clients }),
            let welcomed = self.tally(), welcomed.counts.fatal == 0
        else {
            let tally = self.tally()
            outcome.tally = tally
            outcome.error =
                "\(tally?.counts.welcomedNow ?? 0) of \(clients) clients welcomed within \(Int(self.timeout)) s"
                + (tally?.counts.firstFatal.map { "; \($0)" } ?? tally?.counts.firstFailure.map { "; the first failure: \($0)" } ?? "")
            return outcome
        }
        outcome.connectSeconds = MonotonicClock.seconds(from: connectStart, to: MonotonicClock.nanoseconds())
        Report.say("storm: \(clients) welcomed in \(JSONLine.number(outcome.connectSeconds, decimals: 1)) s; the sender starts at \(rate)/s")
        self.loop.execute { sender.start(rate: rate) }
        guard self.wait(seconds: 30, until: { $0.tally.receiving >= clients }) else {
            outcome.tally = self.tally()
            outcome.error = "\(outcome.tally?.receiving ?? 0) of \(clients) clients received the sender's messages within 30 s"
            return outcome
        }

        // The kill and the restart, by whoever reads `ready`.
        try? self.loop.submit { fleet.startStorm() }.wait()
        StormControl.announceReady(at: MonotonicClock.nanoseconds())
        Report.say("storm: ready; waiting for the gateway to be killed and restarted")
        guard let killed = control.expect("killed", timeout: 30)?.nanoseconds,
            let restarted = control.expect("restarted", timeout: 60)?.nanoseconds,
            // run.py gives up on /healthz after 60 s and says `healthy -1`: wait a little longer than that.
            let healthy = control.expect("healthy", timeout: 75)
        else {
            outcome.tally = self.tally()
            outcome.error = "no `killed`, `restarted` and `healthy` lines on stdin (bench/run.py kills and restarts the gateway)"
            return outcome
        }
        outcome.timeline = StormTimeline(killedAt: killed, restartedAt: restarted, healthyAt: healthy.nanoseconds)

        // Every client back by itself.
        let resumedAll = self.wait(seconds: self.timeout, until: { $0.tally.resumed + $0.tally.counts.fatal >= clients })
        let resumed = self.tally()
        Report.say("storm: \(resumed?.resumed ?? 0) of \(clients) resumed after \(resumed?.counts.reconnectAttempts ?? 0) attempts")
        if !resumedAll || (resumed?.counts.fatal ?? 0) > 0 {
            outcome.tally = resumed
            outcome.error =
                "\(resumed?.resumed ?? 0) of \(clients) clients resumed within \(Int(self.timeout)) s"
                + (resumed?.counts.firstFatal.map { "; \($0)" } ?? resumed?.counts.firstFailure.map { "; the last failure: \($0)" } ?? "")
            return outcome
        }

        // The sender goes on a little, stops, and everything drains.
        if after > 0 { usleep(UInt32(after * 1e6)) }
        try? self.loop.submit { sender.stop() }.wait()
        let senderDone = self.wait(seconds: 10, until: { $0.sender.isIdle })
        let expected = (try? self.loop.submit { sender.acknowledged }.wait()) ?? []
        _ = self.wait(seconds: 15, until: { $0.fleet.tally(expected: expected).complete >= clients })
        outcome.tally = try? self.loop.submit { fleet.tally(expected: expected) }.wait()
        outcome.checked = outcome.tally != nil
        if let tally = outcome.tally, tally.lost > 0, let timeline = outcome.timeline {
            let missing = (try? self.loop.submit { fleet.missing(expected: expected) }.wait()) ?? [:]
            let saidAt = (try? self.loop.submit { sender.saidAt }.wait()) ?? []
            let offsets = missing.keys.compactMap { message -> Double? in
                let number = fleet.plan.number(of: message)
                guard number < saidAt.count else { return nil }
                return (Double(saidAt[number]) - Double(timeline.killedAt)) / 1e9
            }
            outcome.missingMessages = missing.count
            outcome.mostClientsMissingOne = missing.values.max() ?? 0
            (outcome.missingSaidFrom, outcome.missingSaidTo) = (offsets.min(), offsets.max())
        }
        if !senderDone {
            outcome.error = "the sender still had unacknowledged messages 10 s after it stopped"
        } else if let tally = outcome.tally, tally.lost > 0 || tally.duplicates > 0 || tally.outOfOrder > 0 {
            outcome.error =
                "\(tally.lost) messages lost (by \(tally.clientsWithLoss) clients), \(tally.duplicates) duplicated, \(tally.outOfOrder) out of order"
        } else if let closed = (try? self.loop.submit { sender.closedReason }.wait()) ?? nil {
            outcome.error = "the sender's connection closed: \(closed)"
        }
        return outcome
    }

    /// The fleet's tally, read on its loop.
    private func tally() -> StormTally? { try? self.loop.submit { self.fleet.tally() }.wait() }

    /// Checks `condition` on the loop every 50 ms for up to `seconds`; `true` once it holds.
    private func wait(seconds: Double, until condition: @escaping @Sendable (StormRunView) -> Bool) -> Bool {
        let deadline = MonotonicClock.nanoseconds() + UInt64(seconds * 1e9)
        let view = StormRunView(fleet: self.fleet, sender: self.sender)
        var lastSaid = MonotonicClock.nanoseconds()
        while true {
            if (try? self.loop.submit({ condition(view) }).wait()) == true { return true }
            let now = MonotonicClock.nanoseconds()
            guard now < deadline else { return false }
            if now - lastSaid > 5_000_000_000, let tally = self.tally() {
                lastSaid = now
                Report.say(
                    "storm: … \(tally.counts.welcomedNow) welcomed, \(tally.resumed) resumed, \(tally.counts.reconnectAttempts) reconnect attempts"
                )
            }
            usleep(50_000)
        }
    }
}

/// What a wait condition reads, on the loop.
struct StormRunView: @unchecked Sendable {
    let fleet: StormFleet
    let sender: StormSender
    var tally: StormTally { self.fleet.tally() }
}
