import NIOCore

/// The receiving side of a fan-out run on one event loop: its clients' deliveries, counted and timed.
///
/// Confined to `eventLoop`: the clients it serves live there, and every method runs there, so the
/// counters are plain fields. (Hence `@unchecked Sendable`: it is handed to channel initialisers, which
/// run on the same loop.) It reports to the ``FanoutDriver`` when its clients are warm and when they have
/// every measured delivery.
final class FanoutShard: ClientEvents, @unchecked Sendable {
    let eventLoop: any EventLoop
    private let plan: FanoutPlan
    private let driver: FanoutDriver
    /// Global client index → index in this shard's tables (-1: another loop's client).
    private var localIndex: [Int32]
    private var ledger: DeliveryLedger
    private var warmSeen: [Bool]
    private var warmPending: Int
    private let expected: Int
    private var counts = FanoutCounts()
    private var latency: LatencyRecorder
    private var connections: [ClientConnection] = []
    private var finishedEarly = false

    init(loop: Int, eventLoop: any EventLoop, plan: FanoutPlan, driver: FanoutDriver, highestLatencyMicroseconds: UInt64) {
        self.eventLoop = eventLoop
        self.plan = plan
        self.driver = driver
        let clients = plan.clients(onLoop: loop)
        self.localIndex = Array(repeating: -1, count: plan.clients)
        for (local, client) in clients.enumerated() { self.localIndex[client] = Int32(local) }
        self.ledger = DeliveryLedger(receivers: clients.count, senders: plan.senders)
        self.warmSeen = Array(repeating: false, count: clients.count * plan.senders)
        self.warmPending = clients.reduce(0) { $0 + plan.expectedWarmups(to: $1) }
        self.expected = clients.reduce(0) { $0 + plan.expectedDeliveries(to: $1) }
        self.latency = LatencyRecorder(highestMicroseconds: highestLatencyMicroseconds)
    }

    /// Whether the driver should wait for this shard's warm-up and deliveries.
    var hasWork: Bool { self.expected > 0 || self.warmPending > 0 }

    // MARK: ClientEvents

    func ready(_ client: Int, connection: ClientConnection) {
        self.connections.append(connection)
        if client < self.plan.senders { self.driver.ready(sender: client, connection: connection) }
    }

    func received(_ client: Int, text: UnsafeRawBufferPointer) {
        let local = Int(self.localIndex[client])
        switch BenchMessage.parse(text) {
        case .message(let sender, let number, let sentAt):
            guard sender < self.plan.senders, number < self.plan.messages else {
                self.counts.otherFrames += 1
                return
            }
            guard sender != client else {
                self.counts.selfEcho += 1
                return
            }
            switch self.ledger.record(receiver: local, sender: sender, number: number) {
            case .duplicate:
                self.counts.duplicates += 1
                return
            case .newOutOfOrder:
                self.counts.outOfOrder += 1
            case .new:
                break
            }
            let now = MonotonicClock.nanoseconds()
            self.counts.received += 1
            self.counts.lastDelivery = now
            self.latency.record(nanoseconds: now > sentAt ? now - sentAt : 0)
            if client == self.plan.observer(of: sender) { self.driver.observed(sender: sender) }
            if self.counts.received == self.expected { self.report { $0.shardFinished() } }
        case .warmup(let sender):
            guard sender < self.plan.senders, sender != client, !self.warmSeen[local * self.plan.senders + sender] else { return }
            self.warmSeen[local * self.plan.senders + sender] = true
            self.warmPending -= 1
            if self.warmPending == 0 { self.report { $0.shardWarm() } }
        case .error:
            self.counts.errorFrames += 1
            if self.counts.firstError == nil { self.counts.firstError = String(decoding: text.prefix(200), as: UTF8.self) }
        case .other:
            self.counts.otherFrames += 1
        }
    }

    func readComplete(_ client: Int) {
        // Receipts by an observer may have let senders write; send those writes now, once per read batch.
        if self.driver.eventLoop.inEventLoop { self.driver.flush() }
    }

    func closed(_ client: Int, reason: String?) {
        self.counts.closed += 1
        if self.counts.firstClose == nil { self.counts.firstClose = "\(self.plan.name(of: client)): \(reason ?? "connection closed")" }
        let description = self.counts.firstClose!
        self.report { $0.clientClosed(description) }
    }

    // MARK: Driving

    /// This shard's counts and latencies so far.
    var summary: FanoutCounts {
        var counts = self.counts
        counts.latency = self.latency
        counts.warmPending = self.warmPending
        return counts
    }

    /// Closes every client of this shard politely (a close frame, then the socket).
    func closeAll() -> EventLoopFuture<Void> {
        let closed = self.connections.map { connection in
            connection.close()
            return connection.channel.closeFuture
        }
        return EventLoopFuture.andAllComplete(closed, on: self.eventLoop)
    }

    private func report(_ event: @escaping @Sendable (FanoutDriver) -> Void) {
        let driver = self.driver
        if driver.eventLoop.inEventLoop {
            event(driver)
        } else {
            driver.eventLoop.execute { event(driver) }
        }
    }
}
