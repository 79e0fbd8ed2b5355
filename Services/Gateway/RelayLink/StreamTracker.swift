import RelayProtocol

/// Follows the relay's published stream for one gateway: what to deliver, when to ask for a replay,
/// when to say hello again. The zguide Clone client's logic (`clonecli3.c`), kept free of ZeroMQ.
///
/// A gateway subscribes first and says `hello`; the relay's `sync` answer, seen on the subscription,
/// proves the subscription live, so nothing published after it can be missed to the "slow joiner"
/// effect. Anything before it that the gateway needs is replayed from the relay's buffer:
/// - a brand-new gateway needs nothing and starts at the sync's sequence;
/// - a gateway that lost its link resumes after the last sequence it delivered;
/// - after a relay restart (new epoch) it takes the new relay's stream from its first sequence.
/// Every envelope is delivered once, in sequence order; sequences that cannot be had are counted lost.
struct StreamTracker {
    /// What the caller must do after feeding an envelope in.
    struct Outcome {
        /// Envelopes to deliver to clients, in order.
        var deliveries: [Envelope] = []
        /// Ask the relay to resend this range.
        var replayRequest: ReplayRange?
        /// Say hello again: the relay restarted, or the link must be re-established.
        var needsHello = false
        /// The link just became usable (a `sync` arrived).
        var becameSynced = false
        /// The link was synced before and is again (`becameSynced` after a loss).
        var resynchronized = false
        /// The relay restarted since the last sync.
        var relayRestarted = false
        /// Sequences that could not be recovered.
        var lost: UInt64 = 0
    }

    let gateway: UInt64
    /// The relay run whose stream this follows (0: none yet).
    private(set) var epoch: UInt64 = 0
    /// The last sequence delivered (or skipped as lost).
    private(set) var lastSequence: UInt64 = 0
    /// Whether the subscription is proven live in the current epoch.
    private(set) var isSynced = false
    /// The range requested and not yet completed.
    private(set) var replaying: ReplayRange?
    /// Live envelopes that arrived ahead of a gap, delivered once the gap is filled.
    private var held: [Envelope] = []

    init(gateway: UInt64) {
        self.gateway = gateway
    }

    /// Feeds one envelope from the subscription.
    mutating func receivePublished(_ envelope: Envelope, into outcome: inout Outcome) {
        switch envelope.kind {
        case .sync:
            guard envelope.origin.gateway == self.gateway, !self.isSynced else { return }
            self.synchronize(with: envelope, into: &outcome)
        case .relayHeartbeat:
            guard self.isSynced else { return }
            guard envelope.epoch == self.epoch else { return self.restart(into: &outcome) }
            // A gap at the tail: the heartbeat says more was published than we have seen.
            if self.replaying == nil, envelope.sequence > self.lastSequence {
                self.startReplay(ReplayRange(first: self.lastSequence + 1, last: envelope.sequence), into: &outcome)
            }
        case .message, .presence:
            guard self.isSynced else { return }
            guard envelope.epoch == self.epoch else { return self.restart(into: &outcome) }
            self.accept(envelope, into: &outcome)
        case .typing, .read, .fileForget:
            // Outside the stream (sequence 0): delivered at once, never waited for or replayed.
            guard self.isSynced, envelope.epoch == self.epoch else { return }
            outcome.deliveries.append(envelope)
        default:
            return
        }
    }

    /// Feeds one envelope of a replay (sent to this gateway alone).
    mutating func receiveReplayed(_ envelope: Envelope, into outcome: inout Outcome) {
        guard let range = self.replaying, envelope.epoch == self.epoch else { return }
        switch envelope.kind {
        case .message, .presence:
            guard envelope.sequence > self.lastSequence, envelope.sequence <= range.last else { return }
            outcome.lost += envelope.sequence - self.lastSequence - 1
            outcome.deliveries.append(envelope)
            self.lastSequence = envelope.sequence
        case .replayEnd:
            self.skip(through: min(envelope.sequence, range.last), into: &outcome)
            self.finishReplay(into: &outcome)
        default:
            return
        }
    }

    /// The replay did not complete in time: count what is missing as lost and move on.
    mutating func replayTimedOut(into outcome: inout Outcome) {
        guard let range = self.replaying else { return }
        self.skip(through: range.last, into: &outcome)
        self.finishReplay(into: &outcome)
    }

    /// The relay went silent: wait for a new `sync`, keeping the resume point.
    mutating func relayLost() {
        self.isSynced = false
        self.replaying = nil
        self.held.removeAll()
    }

    // MARK: Private

    private mutating func synchronize(with sync: Envelope, into outcome: inout Outcome) {
        let first: UInt64
        if self.epoch == 0 {
            first = sync.sequence + 1
        } else if self.epoch == sync.epoch, sync.sequence >= self.lastSequence {
            first = self.lastSequence + 1
            outcome.resynchronized = true
        } else {
            // A new relay run, or (never expected) a relay of the same run that has less than was
            // delivered, such as a backup that took over without the last commands: either way its
            // stream cannot continue ours, so take it from the start like a restart's.
            first = 1
            outcome.resynchronized = true
            outcome.relayRestarted = true
        }
        self.epoch = sync.epoch
        self.isSynced = true
        self.held.removeAll()
        outcome.becameSynced = true
        self.lastSequence = first - 1
        if first <= sync.sequence {
            self.startReplay(ReplayRange(first: first, last: sync.sequence), into: &outcome)
        }
    }

    /// Delivers `envelope` if it is next, holds it if a replay is under way or needed.
    private mutating func accept(_ envelope: Envelope, into outcome: inout Outcome) {
        guard envelope.sequence > self.lastSequence else { return }
        if self.replaying != nil {
            self.held.append(envelope)
        } else if envelope.sequence == self.lastSequence + 1 {
            outcome.deliveries.append(envelope)
            self.lastSequence = envelope.sequence
        } else {
            self.held.append(envelope)
            self.startReplay(ReplayRange(first: self.lastSequence + 1, last: envelope.sequence - 1), into: &outcome)
        }
    }

    private mutating func startReplay(_ range: ReplayRange, into outcome: inout Outcome) {
        self.replaying = range
        outcome.replayRequest = range
    }

    private mutating func finishReplay(into outcome: inout Outcome) {
        self.replaying = nil
        let held = self.held
        self.held.removeAll()
        for envelope in held {
            self.accept(envelope, into: &outcome)
        }
    }

    private mutating func skip(through sequence: UInt64, into outcome: inout Outcome) {
        guard sequence > self.lastSequence else { return }
        outcome.lost += sequence - self.lastSequence
        self.lastSequence = sequence
    }

    /// A message or heartbeat from another epoch: the relay restarted under us.
    private mutating func restart(into outcome: inout Outcome) {
        self.relayLost()
        outcome.needsHello = true
    }
}
