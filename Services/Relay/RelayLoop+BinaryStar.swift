import Logging
import RelayProtocol
import ZeroMQ

/// Both relays of a Binary Star pair (the zguide's `bstar.c`): state reports, the peer's messages,
/// and what ``BinaryStar`` decides.
///
/// Each relay reports its state to the other every heartbeat. The state machine turns reports,
/// handovers, silence and gateways' hellos into outcomes: the passive relay takes over with the copy
/// it holds (same epoch, gateways resume) or, without a current copy, starts over in a new epoch.
extension RelayLoop {
    /// Reports this relay's state to the peer, gives up a silent one, and asks for a snapshot when needed.
    func pairTimers(now: ContinuousClock.Instant) throws {
        guard let pair = self.pair else { return }
        if now >= pair.nextBeat {
            self.reportState()
            pair.nextBeat = now + pair.configuration.heartbeatInterval
        }
        if pair.replicaAttached, pair.isPeerSilent(at: now) { self.detachReplica("the passive relay went silent") }
        if !pair.star.isServing, !pair.isCurrent, !pair.isPeerSilent(at: now), now >= pair.nextSnapshotRequest {
            _ = pair.send([Envelope(kind: .snapshotRequest).encoded()])
            pair.nextSnapshotRequest = now + .seconds(1)
        }
    }

    /// Tells the peer this relay's state, epoch, sequence and log position.
    func reportState() {
        guard let pair = self.pair else { return }
        let report = PeerStateReport(state: pair.star.state, logPosition: pair.logPosition)
        // `trace`: the body bytes this relay received as the passive one, for its active peer's window.
        let envelope = Envelope(
            kind: .peerState,
            epoch: self.status.epoch,
            sequence: self.sequencer.sequence,
            trace: UInt64(pair.fileBytesReceived),
            payload: report.bytes
        )
        _ = pair.send([envelope.encoded()])
    }

    /// Handles every message waiting from the peer.
    func receiveFromPeer(now: ContinuousClock.Instant) throws {
        guard let pair = self.pair else { return }
        let frame = ZMQMessage()
        while try pair.listener.receive(into: frame, dontWait: true) {
            // The ROUTER's first frame names the peer's socket; what the peer sent follows.
            var frames: [[UInt8]] = []
            while frame.hasMore {
                guard try pair.listener.receive(into: frame) else { break }
                frames.append(frame.array)
            }
            guard let first = frames.first, let envelope = try? Envelope(decoding: first) else {
                self.reject("invalid message from the peer relay")
                continue
            }
            pair.lastHeard = now
            try self.handlePeer(envelope, frames: frames.dropFirst(), now: now)
        }
    }

    /// Handles one message from the peer: a state report or a handover for the state machine, the
    /// active side's replication traffic, or the passive side's.
    private func handlePeer(_ envelope: Envelope, frames: ArraySlice<[UInt8]>, now: ContinuousClock.Instant) throws {
        guard let pair = self.pair else { return }
        switch envelope.kind {
        case .peerState:
            guard let report = try? PeerStateReport(bytes: envelope.payload) else { return self.reject("invalid peer state") }
            if pair.star.isServing { pair.fileBytesAcknowledged = min(Int(clamping: envelope.trace), pair.fileBytesSent) }
            try self.apply(pair.star.handle(.peer(report.state)), now: now, peerSequence: envelope.sequence)
            if pair.star.state == .passive, report.state == .active, pair.isCurrent,
                envelope.epoch != self.status.epoch || report.logPosition != pair.logPosition
            {
                // Commands were sent before this report on the same channel: missing ones are lost.
                self.lostTrack("the active relay is at position \(report.logPosition), this copy at \(pair.logPosition)")
            }
        case .snapshotRequest:
            if pair.star.isServing { self.sendSnapshot() }
        case .snapshot:
            guard !pair.star.isServing else { return }
            self.restore(envelope, frames: frames)
        case .replicate:
            guard !pair.star.isServing else { return }
            self.applyReplicated(envelope, frames: frames)
        case .replicated:
            guard let position = try? UInt64(littleEndianBytes: envelope.payload) else { return self.reject("invalid confirmation") }
            pair.confirmed = max(pair.confirmed, position)
        case .handover:
            try self.apply(pair.star.handle(.handover), now: now)
        case .fileOpen, .fileChunk, .fileForget:
            guard !pair.star.isServing else { return self.reject("an active relay takes no file bodies from its peer") }
            self.applyFileReplica(envelope, now: now)
        default:
            self.reject("the peer relay may not send \(envelope.kind)")
        }
    }

    /// A gateway said hello to a relay that does not serve: the Binary Star client vote.
    ///
    /// - Returns: whether to serve it (the relay just took over).
    func gatewayAsks(now: ContinuousClock.Instant) -> Bool {
        guard let pair = self.pair else { return true }
        let outcome = pair.star.handle(.gatewayRequest(peerSilent: pair.isPeerSilent(at: now)))
        try? self.apply(outcome, now: now)
        return pair.star.isServing
    }

    /// Acts on what the state machine decided: stops on a split brain, or serves or follows.
    private func apply(_ outcome: BinaryStar.Outcome, now: ContinuousClock.Instant, peerSequence: UInt64 = 0) throws {
        guard let pair = self.pair else { return }
        switch outcome {
        case .unchanged, .serve, .refuse: return
        case .dualActive:
            // Both took gateways while they could not reach each other (or one was frozen). The one
            // that published less steps down, the backup on a tie: its gateways move to the other.
            let stepsDown = self.sequencer.sequence < peerSequence || (self.sequencer.sequence == peerSequence && !pair.configuration.isPrimary)
            self.logger.critical(
                "both relays of the pair are active",
                metadata: [
                    "sequence": "\(self.sequencer.sequence)", "peer_sequence": "\(peerSequence)", "action": "\(stepsDown ? "stopping" : "staying")",
                ]
            )
            if stepsDown { throw SplitBrain(sequence: self.sequencer.sequence, peerSequence: peerSequence) }
        case .became(let state, let reason):
            let wasServing = self.status.peerState == .primary
            self.status.update(peerState: state)
            self.logger.notice("relay \(state)", metadata: ["reason": "\(reason)", "sequence": "\(self.sequencer.sequence)"])
            switch state {
            case .active where wasServing: break  // the primary, serving already, goes on with its own state
            case .active where pair.isCurrent: self.takeOver(now: now)
            case .active: self.startOver(now: now)
            case .passive:
                pair.replicaAttached = false
                self.fileReplicas.removeAll()
                pair.isCurrent = false
                pair.nextSnapshotRequest = now
            case .primary, .backup: break
            }
        }
    }

    /// Serves from the copy it holds: same epoch, same sequences, so gateways resume without a gap.
    private func takeOver(now: ContinuousClock.Instant) {
        // The gateways of the copied connections must speak up within the timeout, or be released.
        for origin in self.chat.members.keys { _ = self.gateways.heard(from: origin.gateway, at: now) }
        self.status.update(gatewayCount: self.gateways.count)
        self.logger.notice(
            "failed over",
            metadata: [
                "epoch": "\(String(self.status.epoch, radix: 16))", "sequence": "\(self.sequencer.sequence)", "gateways": "\(self.gateways.count)",
            ]
        )
    }

    /// Serves without a copy of the active relay's state: a new epoch, as after a restart.
    private func startOver(now: ContinuousClock.Instant) {
        guard let pair = self.pair else { return }
        self.chat = ChatState(limits: self.configuration.chat)
        self.letChatAskForFiles()
        self.files.removeAll()
        self.fileReplicas.removeAll()
        self.filesChanged()
        self.sequencer = Sequencer(replayWindow: self.configuration.replayWindow, replayBytes: self.configuration.replayBytes)
        self.gateways = GatewayRegistry()
        self.controlSockets = [:]
        pair.logPosition = 0
        pair.isCurrent = true
        self.status.update(epoch: RelayStatus.newEpoch())
        self.logger.warning("took over without a current copy of the active relay: new epoch, history starts over")
    }
}
