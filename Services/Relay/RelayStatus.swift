import Synchronization

/// What the relay loop publishes about itself for `/healthz`, readable from any thread.
public final class RelayStatus: Sendable {
    /// This run's epoch, fixed at start.
    public let epoch: UInt64
    private let sequenceValue = Atomic<UInt64>(0)
    private let gatewayCountValue = Atomic<Int>(0)
    private let runningValue = Atomic<Bool>(false)

    public init(epoch: UInt64) {
        self.epoch = epoch
    }

    /// The last stream sequence handed out.
    public var sequence: UInt64 { self.sequenceValue.load(ordering: .relaxed) }
    /// Gateways heard from within the timeout.
    public var gatewayCount: Int { self.gatewayCountValue.load(ordering: .relaxed) }
    /// Whether the loop has bound its sockets and is serving.
    public var isRunning: Bool { self.runningValue.load(ordering: .acquiring) }

    func update(sequence: UInt64) { self.sequenceValue.store(sequence, ordering: .relaxed) }
    func update(gatewayCount: Int) { self.gatewayCountValue.store(gatewayCount, ordering: .relaxed) }
    func update(running: Bool) { self.runningValue.store(running, ordering: .releasing) }

    /// A fresh random epoch, never 0 (0 means "no epoch yet" to gateways).
    public static func newEpoch() -> UInt64 {
        UInt64.random(in: 1...UInt64.max)
    }
}
