public import RelayProtocol
import Synchronization

/// What the relay loop publishes about itself for `/healthz`, readable from any thread.
public final class RelayStatus: Sendable {
    private let epochValue: Atomic<UInt64>
    private let peerStateValue = Atomic<UInt8>(0)
    private let sequenceValue = Atomic<UInt64>(0)
    private let gatewayCountValue = Atomic<Int>(0)
    private let runningValue = Atomic<Bool>(false)
    private let filesHeldValue = Atomic<Int>(0)
    private let fileBytesHeldValue = Atomic<Int>(0)

    public init(epoch: UInt64) {
        self.epochValue = Atomic(epoch)
    }

    /// The epoch of the history this relay serves: fixed at start, except that a passive relay of a
    /// pair adopts its peer's, and keeps it when it takes over.
    public var epoch: UInt64 { self.epochValue.load(ordering: .relaxed) }
    /// The relay's Binary Star state, or `nil` for a relay without a peer.
    public var peerState: PeerState? { PeerState(rawValue: self.peerStateValue.load(ordering: .relaxed)) }

    /// The last stream sequence handed out.
    public var sequence: UInt64 { self.sequenceValue.load(ordering: .relaxed) }
    /// Gateways heard from within the timeout.
    public var gatewayCount: Int { self.gatewayCountValue.load(ordering: .relaxed) }
    /// Whether the loop has bound its sockets and is serving.
    public var isRunning: Bool { self.runningValue.load(ordering: .acquiring) }
    /// The bodies the file store holds, and the bytes of them received: a passive relay's too, which
    /// is how one can tell what it would serve after a takeover.
    public var filesHeld: Int { self.filesHeldValue.load(ordering: .relaxed) }
    public var fileBytesHeld: Int { self.fileBytesHeldValue.load(ordering: .relaxed) }

    func update(epoch: UInt64) { self.epochValue.store(epoch, ordering: .relaxed) }
    func update(peerState: PeerState) { self.peerStateValue.store(peerState.rawValue, ordering: .relaxed) }
    func update(sequence: UInt64) { self.sequenceValue.store(sequence, ordering: .relaxed) }
    func update(gatewayCount: Int) { self.gatewayCountValue.store(gatewayCount, ordering: .relaxed) }
    func update(running: Bool) { self.runningValue.store(running, ordering: .releasing) }
    func update(filesHeld: Int, fileBytesHeld: Int) {
        self.filesHeldValue.store(filesHeld, ordering: .relaxed)
        self.fileBytesHeldValue.store(fileBytesHeld, ordering: .relaxed)
    }

    /// A fresh random epoch, never 0 (0 means "no epoch yet" to gateways).
    public static func newEpoch() -> UInt64 {
        UInt64.random(in: 1...UInt64.max)
    }
}
