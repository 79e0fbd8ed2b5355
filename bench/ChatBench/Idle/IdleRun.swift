import NIOCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The steps of an idle run: each opens connections up to a count, lets the server settle, proves it
/// named them all, and samples it.
struct IdleRun {
    let common: CommonOptions
    let loops: [any EventLoop]
    let trackers: [IdleTracker]
    let hold: Double
    let timeout: Double
    private let opened = Counter()

    init(common: CommonOptions, loops: [any EventLoop], hold: Double, timeout: Double) {
        self.common = common
        self.loops = loops
        self.trackers = loops.map { IdleTracker(eventLoop: $0) }
        self.hold = hold
        self.timeout = timeout
    }

    /// What one step did.
    struct Step {
        var sample: IdleSample
        /// Connections this step opened.
        var opened = 0
        var failed = 0
        /// Client side: until every name frame was written.
        var connectSeconds = 0.0
        /// Until the server went idle afterwards.
        var settleSeconds = 0.0
        /// Server CPU from the step's start until it went idle.
        var cpuSeconds = 0.0
        var probeRounds = 0
        var error: String?

        var json: JSONLine {
            var json = JSONLine()
            json.add("connections", self.sample.connections)
            json.add("rss_kib", self.sample.residentKiB)
            json.add("cpu_s", self.sample.cpuSeconds, decimals: 3)
            json.add("opened", self.opened)
            json.add("connect_s", self.connectSeconds)
            json.add("settle_s", self.settleSeconds)
            json.add("setup_cpu_s", self.cpuSeconds, decimals: 3)
            json.add("probe_rounds", self.probeRounds)
            return json
        }
    }

    /// Every tracker's counts, merged.
    var counts: IdleCounts {
        var counts = IdleCounts()
        for tracker in self.trackers {
            if let theirs = try? tracker.eventLoop.submit({ tracker.counts }).wait() { counts.merge(theirs) }
        }
        return counts
    }

    /// Opens connections until `target` are open, then waits for the server and samples it.
    func step(to target: Int) -> Step {
        let pids = self.common.serverPid
        let started = MonotonicClock.nanoseconds()
        let deadline = started + UInt64(self.timeout * 1e9)
        let before = ProcessSample.take(pids)
        let first = self.opened.value
        let results = WebSocketConnector<IdleTracker>(servers: self.common.servers).connectAll(
            clients: first..<target,
            batch: self.common.batch,
            deadline: deadline,
            name: { "\(self.common.namePrefix)\($0)" },
            loop: { self.loops[$0 % self.loops.count] },
            events: { self.trackers[$0 % self.trackers.count] }
        )
        self.opened.value = first + results.count
        let connected = MonotonicClock.nanoseconds()
        var step = Step(sample: IdleSample(connections: 0, residentKiB: 0, cpuSeconds: 0))
        step.opened = results.count
        step.failed = results.filter { if case .failure = $0 { true } else { false } }.count
        step.connectSeconds = MonotonicClock.seconds(from: started, to: connected)

        // The connect phase ends when the server has done its work: it goes idle.
        var quiet = QuietWindow()
        while MonotonicClock.nanoseconds() < deadline {
            let now = MonotonicClock.nanoseconds()
            if quiet.observe(time: Double(now) / 1e9, cpuSeconds: ProcessSample.take(pids).cpuSeconds) { break }
            usleep(50_000)
        }
        let settled = ProcessSample.take(pids)
        step.settleSeconds = MonotonicClock.seconds(from: connected, to: MonotonicClock.nanoseconds())
        step.cpuSeconds = settled.cpuSeconds - before.cpuSeconds

        // Then prove it named them all: every open client hears a probe.
        let (open, confirmed, rounds) = self.probe(until: deadline)
        step.probeRounds = rounds
        if self.hold > 0 { usleep(UInt32(self.hold * 1e6)) }
        let after = ProcessSample.take(pids)
        step.sample = IdleSample(connections: open, residentKiB: after.residentKiB, cpuSeconds: after.cpuSeconds)

        if let failure = results.first(where: { if case .failure = $0 { true } else { false } }), case .failure(let error) = failure {
            step.error = "reached \(open) of \(target) connections: \(step.failed) could not connect; the first: \(error)"
        } else if results.count < target - first {
            step.error = "reached \(open) of \(target) connections: connecting took longer than \(JSONLine.number(self.timeout, decimals: 0)) s"
        } else if confirmed < open {
            step.error = "the server named \(confirmed) of \(open) connections within \(JSONLine.number(self.timeout, decimals: 0)) s"
        } else if !after.unreadable.isEmpty {
            step.error = "could not read /proc for pid(s) \(after.unreadable.map(String.init).joined(separator: ", "))"
        }
        Report.say(
            "idle: \(open) open (\(confirmed) confirmed named) after \(JSONLine.number(step.connectSeconds, decimals: 2)) s + "
                + "\(JSONLine.number(step.settleSeconds, decimals: 2)) s to settle; server RSS \(after.residentKiB) KiB"
        )
        return step
    }

    /// Sends probes, one a second, until every open client heard one or `deadline` passes.
    ///
    /// - Returns: the open clients, those that heard a probe, and how many probes went out.
    private func probe(until deadline: UInt64) -> (open: Int, confirmed: Int, rounds: Int) {
        var rounds = 0
        var (open, confirmed) = self.tally()
        while confirmed < open, MonotonicClock.nanoseconds() < deadline {
            // Rounds alternate senders so each confirms the other; both go out before the first check.
            for _ in 0..<(rounds == 0 ? 2 : 1) {
                let round = rounds
                let tracker = self.trackers[NamedProbe.sender(round: round) % self.trackers.count]
                _ = try? tracker.eventLoop.submit { tracker.sendProbe(round: round) }.wait()
                rounds += 1
            }
            let roundEnd = min(deadline, MonotonicClock.nanoseconds() + 1_000_000_000)
            while MonotonicClock.nanoseconds() < roundEnd {
                usleep(50_000)
                (open, confirmed) = self.tally()
                if confirmed >= open { break }
            }
        }
        return (open, confirmed, rounds)
    }

    private func tally() -> (open: Int, confirmed: Int) {
        var open = 0
        var confirmed = 0
        for tracker in self.trackers {
            if let (o, c) = try? tracker.eventLoop.submit({ (tracker.counts.open, tracker.confirmed) }).wait() {
                open += o
                confirmed += c
            }
        }
        return (open, confirmed)
    }

    /// Closes every client politely.
    func closeAll() {
        let closed = self.trackers.map { tracker in tracker.eventLoop.flatSubmit { tracker.closeAll() } }
        for future in closed { try? future.wait() }
    }
}

/// A count the non-mutating steps share (the run is driven from one thread).
private final class Counter: @unchecked Sendable {
    var value = 0
}
