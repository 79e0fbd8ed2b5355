import NIOCore

/// The sending side of a fan-out run: warm-up rounds, then the measured messages, closed or open loop.
///
/// Confined to the first event loop, where all senders and observers live (``FanoutPlan/loop(of:)``), so
/// pacing is plain field updates. Writes are batched and flushed once per event-loop tick: after a read
/// batch (``flush()``, called by the shard) or after a timer tick.
final class FanoutDriver: @unchecked Sendable {
    /// How a measured run ended.
    enum Ending: Sendable, Equatable {
        case complete
        case timedOut
        case failed(String)
    }

    let eventLoop: any EventLoop
    private let plan: FanoutPlan
    private let serverPIDs: [Int32]
    private var senders: [ClientConnection?]
    private var sent: [Int]
    private var unobserved: [Int]
    private var dirty: [Int] = []
    private var isDirty: [Bool]

    private var shardsToWarm = 0
    private var shardsToFinish = 0
    private var warmupTask: Scheduled<Void>?
    private var rateTask: Scheduled<Void>?
    private var timeoutTask: Scheduled<Void>?
    private var started = false
    private var ended = false
    /// Next message to send in open loop, numbered across senders (message j is sender j % S's number j / S).
    private var nextScheduled = 0
    private var interval: Double = 0

    /// Succeeds (`true`) once every client heard a warm-up message from every other sender; `false` on failure.
    let warmed: EventLoopPromise<Bool>
    /// Succeeds when the measured run ends, however it ends.
    let finished: EventLoopPromise<Ending>
    /// When the first measured message was sent.
    private(set) var firstSend: UInt64 = 0
    private(set) var messagesSent = 0
    /// Server CPU and memory when the first measured message was sent, and when the run ended.
    private(set) var serverAtStart = ProcessSample()
    private(set) var serverAtEnd = ProcessSample()
    private(set) var endedAt: UInt64 = 0

    init(eventLoop: any EventLoop, plan: FanoutPlan, serverPIDs: [Int32]) {
        self.eventLoop = eventLoop
        self.plan = plan
        self.serverPIDs = serverPIDs
        self.senders = Array(repeating: nil, count: plan.senders)
        self.sent = Array(repeating: 0, count: plan.senders)
        self.unobserved = Array(repeating: 0, count: plan.senders)
        self.isDirty = Array(repeating: false, count: plan.senders)
        self.warmed = eventLoop.makePromise()
        self.finished = eventLoop.makePromise()
    }

    // MARK: Warm-up

    /// Sends a warm-up message from every sender now, and again after 100 ms, 200 ms, … (at most 1 s apart)
    /// until each client heard one from every sender: a server may still be registering clients that sent
    /// their name (the name claim is asynchronous), so a single round could miss late joiners. The rounds
    /// back off so that they do not themselves load a server busy with thousands of joins. Gives up after
    /// `timeout`.
    func startWarmup(shardsToWarm: Int, shardsToFinish: Int, timeout: TimeAmount) {
        self.eventLoop.preconditionInEventLoop()
        self.shardsToWarm = shardsToWarm
        self.shardsToFinish = shardsToFinish
        guard shardsToWarm > 0 else { return self.warmed.succeed(true) }
        self.warmupRound(after: .milliseconds(100))
        self.eventLoop.scheduleTask(in: timeout) {
            self.warmupTask?.cancel()
            self.warmed.succeed(false)
        }
    }

    private func warmupRound(after delay: TimeAmount) {
        guard self.shardsToWarm > 0, !self.ended else { return }
        self.sendWarmupRound()
        let next = TimeAmount.nanoseconds(min(delay.nanoseconds * 2, TimeAmount.seconds(1).nanoseconds))
        self.warmupTask = self.eventLoop.scheduleTask(in: delay) { self.warmupRound(after: next) }
    }

    private func sendWarmupRound() {
        for sender in 0..<self.plan.senders {
            guard let connection = self.senders[sender] else { continue }
            connection.writeText(capacity: self.plan.payload + BenchMessage.maximumFieldBytes) {
                BenchMessage.writeWarmup(sender: sender, payload: self.plan.payload, into: &$0)
            }
            connection.flush()
        }
    }

    func shardWarm() {
        self.shardsToWarm -= 1
        if self.shardsToWarm == 0 {
            self.warmupTask?.cancel()
            self.warmed.succeed(true)
        }
    }

    // MARK: Measured run

    /// Sends the first messages (a window per sender, or the first open-loop tick); the run ends by
    /// itself when every delivery arrived, a client closed, or `timeout` passed.
    func start(timeout: TimeAmount) {
        self.eventLoop.preconditionInEventLoop()
        self.started = true
        self.timeoutTask = self.eventLoop.scheduleTask(in: timeout) { self.end(.timedOut) }
        self.serverAtStart = ProcessSample.take(self.serverPIDs)
        self.firstSend = MonotonicClock.nanoseconds()
        if self.shardsToFinish == 0 { return self.end(.complete) }
        if let rate = self.plan.rate {
            self.interval = 1e9 / rate
            self.tick()
        } else {
            for sender in 0..<self.plan.senders {
                for _ in 0..<min(self.plan.window, self.plan.messages) { self.sendNext(from: sender, stamp: nil) }
            }
            self.flush()
        }
    }

    /// Closed loop: the observer received one of `sender`'s messages, so the sender may send another.
    func observed(sender: Int) {
        guard self.plan.rate == nil, self.started, !self.ended else { return }
        self.unobserved[sender] -= 1
        if self.sent[sender] < self.plan.messages { self.sendNext(from: sender, stamp: nil) }
    }

    /// Open loop: sends every message whose time has come, stamped with the time it was due (so a server
    /// that falls behind shows as latency, not as a slower send rate), then sleeps until the next is due.
    private func tick() {
        guard !self.ended else { return }
        let now = MonotonicClock.nanoseconds()
        let elapsed = Double(now - self.firstSend)
        let due = min(self.plan.totalMessages, Int(elapsed / self.interval) + 1)
        while self.nextScheduled < due {
            let index = self.nextScheduled
            let dueAt = self.firstSend + UInt64(Double(index) * self.interval)
            self.sendNext(from: index % self.plan.senders, stamp: dueAt)
            self.nextScheduled += 1
        }
        self.flush()
        guard self.nextScheduled < self.plan.totalMessages else { return }
        let nextAt = self.firstSend + UInt64(Double(self.nextScheduled) * self.interval)
        let wait = nextAt > now ? Int64(nextAt - now) : 0
        self.rateTask = self.eventLoop.scheduleTask(in: .nanoseconds(max(wait, 10_000))) { self.tick() }
    }

    private func sendNext(from sender: Int, stamp: UInt64?) {
        guard let connection = self.senders[sender] else { return }
        let number = self.sent[sender]
        self.sent[sender] += 1
        self.unobserved[sender] += 1
        self.messagesSent += 1
        let payload = self.plan.payload
        connection.writeText(capacity: payload + BenchMessage.maximumFieldBytes) {
            BenchMessage.writeMessage(sender: sender, number: number, sentAt: stamp ?? MonotonicClock.nanoseconds(), payload: payload, into: &$0)
        }
        if !self.isDirty[sender] {
            self.isDirty[sender] = true
            self.dirty.append(sender)
        }
    }

    /// Flushes the senders written to since the last flush.
    func flush() {
        for sender in self.dirty {
            self.isDirty[sender] = false
            self.senders[sender]?.flush()
        }
        self.dirty.removeAll(keepingCapacity: true)
    }

    /// Completes whatever is still pending, so that no promise is left unfulfilled (NIO flags that).
    func abandon() {
        self.warmupTask?.cancel()
        self.warmed.succeed(false)
        self.end(.failed("abandoned"))
    }

    // MARK: Events from shards

    func ready(sender: Int, connection: ClientConnection) {
        self.senders[sender] = connection
    }

    func shardFinished() {
        self.shardsToFinish -= 1
        if self.shardsToFinish == 0 { self.end(.complete) }
    }

    /// A client's connection closed before the run ended: its deliveries will never come, so stop now.
    func clientClosed(_ description: String) {
        guard !self.ended else { return }
        if !self.started {
            self.warmupTask?.cancel()
            self.warmed.succeed(false)
        }
        self.end(.failed("a client's connection closed: \(description)"))
    }

    private func end(_ ending: Ending) {
        guard !self.ended else { return }
        self.ended = true
        self.endedAt = MonotonicClock.nanoseconds()
        self.serverAtEnd = ProcessSample.take(self.serverPIDs)
        self.timeoutTask?.cancel()
        self.rateTask?.cancel()
        self.finished.succeed(ending)
    }
}
