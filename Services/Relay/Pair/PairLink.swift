import RelayLinkSecurity
import RelayProtocol
import ZeroMQ

/// One relay's side of a Binary Star pair: its sockets to the peer, the state machine, and where
/// replication stands. Owned by the relay loop's thread.
///
/// Each relay binds a ROUTER (``listener``) where its peer's DEALER (``sender``) connects: state
/// reports, snapshot requests, snapshots, replicated commands and confirmations all travel on these
/// two one-way channels, in order.
final class PairLink {
    let configuration: RelayPairConfiguration
    let listener: ZMQSocket
    let sender: ZMQSocket
    /// Admits the peer relay to ``listener``, when the pair talks over TCP.
    let zapHandler: ZAPHandler?
    var star: BinaryStar
    /// When the peer was last heard from (`nil`: never).
    var lastHeard: ContinuousClock.Instant?
    var nextBeat: ContinuousClock.Instant
    /// State-changing commands applied in this epoch (the replication log's position).
    var logPosition: UInt64 = 0

    // Active side.
    /// The passive relay asked for a snapshot and follows: batches wait for its confirmation.
    var replicaAttached = false
    /// This batch's commands, as ``ReplicatedCommand`` bytes.
    var records: [[UInt8]] = []
    /// The log position the passive relay confirmed.
    var confirmed: UInt64 = 0

    /// Body bytes sent to the passive relay since the snapshot, and how many of them it said it got
    /// (in its state reports): the queue of bodies owed after a snapshot stays a window ahead, so that
    /// bodies never pile up in front of the log's commands on the peer socket.
    var fileBytesSent = 0
    var fileBytesAcknowledged = 0
    /// The peer socket refused the queue's last send: the loop stops coming round at once for it, and
    /// tries again on its next pass (at the latest on the next state report).
    var fileReplicasStalled = false

    // Passive side.
    /// This relay holds exactly the active relay's state as of ``logPosition``.
    var isCurrent = false
    var nextSnapshotRequest: ContinuousClock.Instant
    /// Body bytes received from the active relay since its snapshot, told in each state report.
    var fileBytesReceived = 0

    init(configuration: RelayPairConfiguration, listen endpoint: String, context: ZMQContext, securing link: LinkSecurity) throws(ZMQError) {
        self.configuration = configuration
        self.star = BinaryStar(isPrimary: configuration.isPrimary)
        // Over TCP, a context of its own: libzmq resolves the peer's host name on its context's I/O thread,
        // and the lookup of a peer that is gone can hang for seconds (a removed container's name), which
        // must not stall the sockets gateways use. (In-process pairs, in tests, share the context.)
        let crossesProcesses = RelayLinkKeys.crossesProcesses(configuration.peer.peer)
        let context = crossesProcesses ? try ZMQContext() : context
        // The peer relay is admitted by the same cluster keys as the gateways, by a handler of this context's own.
        self.zapHandler = crossesProcesses ? try link.zapHandler(context: context) : nil
        self.listener = try ZMQSocket(context, .router)
        try link.secureServer(self.listener, endpoint: endpoint)
        try self.listener.bind(endpoint)
        self.sender = try ZMQSocket(context, .dealer)
        try link.secureClient(self.sender, endpoint: configuration.peer.peer)
        // Only to a connected peer: a state report or command sent to an absent peer is worthless later.
        try self.sender.setImmediate(true)
        try self.sender.setSendHighWaterMark(100_000)
        try self.sender.setReconnectInterval(.milliseconds(100), maximum: .milliseconds(500))
        try self.sender.connect(configuration.peer.peer)
        let now = ContinuousClock.now
        self.nextBeat = now
        self.nextSnapshotRequest = now
    }

    /// Batches are published only once the passive relay has them.
    var isReplicating: Bool { self.replicaAttached && self.star.isServing }

    var nextWake: ContinuousClock.Instant { self.nextBeat }

    /// Whether the peer has been silent past the timeout (or never spoke).
    func isPeerSilent(at now: ContinuousClock.Instant) -> Bool {
        guard let lastHeard = self.lastHeard else { return true }
        return now - lastHeard > self.configuration.peerTimeout
    }

    /// Sends one message of several frames to the peer; `false` if it is not connected or not reading.
    func send(_ frames: [[UInt8]]) -> Bool {
        for (index, frame) in frames.enumerated() {
            guard (try? self.sender.send(frame, more: index < frames.count - 1, dontWait: true)) == true else { return false }
        }
        return true
    }
}

/// Both relays of a pair were active at once, and this one published less: it stops, so that its
/// gateways move to the other and one history goes on.
struct SplitBrain: Error, CustomStringConvertible {
    let sequence: UInt64
    let peerSequence: UInt64

    var description: String {
        "split brain: both relays of the pair were active; this one (sequence \(self.sequence)) stops for its peer "
            + "(sequence \(self.peerSequence)), whose history goes on. Restart it to rejoin as passive."
    }
}
