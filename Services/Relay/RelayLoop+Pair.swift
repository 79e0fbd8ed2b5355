import Logging
import RelayProtocol
import ZeroMQ

/// The relay's side of a Binary Star pair (the zguide's `bstar.c` and `clonesrv6.c`).
///
/// The active relay counts every state-changing command in its log and, while a passive relay
/// follows, sends each batch's commands to it and publishes the batch only when it confirms: what a
/// gateway saw, the passive relay has. The passive relay first takes a snapshot, then applies the
/// commands with the active relay's timestamps, which yields the same sequences and bytes; it checks
/// the stream sequence after every command, and takes a new snapshot if anything differs or is missing.
extension RelayLoop {
    // MARK: Active side

    /// Counts a command applied while serving, and queues it for the passive relay if one follows.
    func replicate(_ command: [UInt8], timestamp: UInt64) {
        guard let pair = self.pair, pair.star.isServing else { return }
        pair.logPosition += 1
        guard pair.replicaAttached else { return }
        pair.records.append(ReplicatedCommand(timestamp: timestamp, sequenceAfter: self.sequence, envelope: command).bytes)
    }

    /// Ends a batch: sends its commands to the passive relay, waits for its confirmation, then sends
    /// what the batch held back. A passive relay that does not confirm in time is given up.
    func finishBatch() throws {
        guard let pair = self.pair else { return }
        if pair.isReplicating, !pair.records.isEmpty {
            let first = pair.logPosition - UInt64(pair.records.count) + 1
            let header = Envelope(kind: .replicate, epoch: self.status.epoch, sequence: self.sequence, payload: first.littleEndianBytes)
            if pair.send([header.encoded()] + pair.records) {
                try self.awaitConfirmation(of: pair.logPosition)
            } else {
                self.detachReplica("the passive relay is not reading")
            }
        }
        pair.records.removeAll(keepingCapacity: true)
        try self.releaseHeld()
    }

    /// Waits, handling the peer's messages, until the passive relay confirmed `position`.
    private func awaitConfirmation(of position: UInt64) throws {
        guard let pair = self.pair else { return }
        let clock = ContinuousClock()
        let deadline = clock.now + pair.configuration.replicationTimeout
        var poller = ZMQPoller([pair.listener])
        while pair.replicaAttached, pair.confirmed < position {
            let now = clock.now
            guard now < deadline else { return self.detachReplica("the passive relay did not confirm in time") }
            if try poller.poll(timeout: deadline - now) { try self.receiveFromPeer(now: clock.now) }
        }
    }

    func detachReplica(_ reason: String) {
        guard let pair = self.pair, pair.replicaAttached else { return }
        pair.replicaAttached = false
        pair.records.removeAll()
        // Tell it before publishing without it (if it still listens): its copy is stale from here on.
        self.reportState()
        self.metrics.replicaLost.increment()
        self.logger.warning("serving without a replica", metadata: ["reason": "\(reason)", "position": "\(pair.logPosition)"])
    }

    /// Sends the whole state to the passive relay, which then follows the log from here.
    private func sendSnapshot() {
        guard let pair = self.pair else { return }
        let header = Envelope(kind: .snapshot, epoch: self.status.epoch, sequence: self.sequence, payload: pair.logPosition.littleEndianBytes)
        let held = self.replayBuffer.envelopes(from: self.replayBuffer.firstSequence, through: self.sequence).envelopes
        guard pair.send([header.encoded(), self.chat.snapshotBytes()] + held) else {
            return self.logger.warning("snapshot not sent: the passive relay is not reading")
        }
        pair.replicaAttached = true
        pair.confirmed = 0
        self.logger.info(
            "passive relay following",
            metadata: ["position": "\(pair.logPosition)", "sequence": "\(self.sequence)", "replay": "\(held.count)"]
        )
    }

    /// On a graceful stop: if the passive relay has everything, it takes over at once, and gateways
    /// are told to move to it rather than wait for the heartbeat to time out.
    func handOver() throws {
        guard let pair = self.pair, pair.isReplicating, pair.confirmed == pair.logPosition else { return }
        try pair.sender.setLinger(.milliseconds(500))
        try self.publisher.setLinger(.milliseconds(500))
        guard pair.send([Envelope(kind: .handover, epoch: self.status.epoch, sequence: self.sequence).encoded()]) else { return }
        let heartbeat = Envelope(
            kind: .relayHeartbeat,
            flags: .handover,
            epoch: self.status.epoch,
            sequence: self.sequence,
            timestamp: Self.wallClockMilliseconds()
        )
        try self.flushPublished()
        try self.publisher.send(heartbeat.encoded())
        self.logger.info("handed over to the passive relay", metadata: ["sequence": "\(self.sequence)"])
    }

    // MARK: Both sides

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
    private func reportState() {
        guard let pair = self.pair else { return }
        let report = PeerStateReport(state: pair.star.state, logPosition: pair.logPosition)
        _ = pair.send([Envelope(kind: .peerState, epoch: self.status.epoch, sequence: self.sequence, payload: report.bytes).encoded()])
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

    private func handlePeer(_ envelope: Envelope, frames: ArraySlice<[UInt8]>, now: ContinuousClock.Instant) throws {
        guard let pair = self.pair else { return }
        switch envelope.kind {
        case .peerState:
            guard let report = try? PeerStateReport(bytes: envelope.payload) else { return self.reject("invalid peer state") }
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

    private func apply(_ outcome: BinaryStar.Outcome, now: ContinuousClock.Instant, peerSequence: UInt64 = 0) throws {
        guard let pair = self.pair else { return }
        switch outcome {
        case .unchanged, .serve, .refuse: return
        case .dualActive:
            // Both took gateways while they could not reach each other (or one was frozen). The one
            // that published less steps down, the backup on a tie: its gateways move to the other.
            let stepsDown = self.sequence < peerSequence || (self.sequence == peerSequence && !pair.configuration.isPrimary)
            self.logger.critical(
                "both relays of the pair are active",
                metadata: ["sequence": "\(self.sequence)", "peer_sequence": "\(peerSequence)", "action": "\(stepsDown ? "stopping" : "staying")"]
            )
            if stepsDown { throw SplitBrain(sequence: self.sequence, peerSequence: peerSequence) }
        case .became(let state, let reason):
            let wasServing = self.status.peerState == .primary
            self.status.update(peerState: state)
            self.logger.notice("relay \(state)", metadata: ["reason": "\(reason)", "sequence": "\(self.sequence)"])
            switch state {
            case .active where wasServing: break  // the primary, serving already, goes on with its own state
            case .active where pair.isCurrent: self.takeOver(now: now)
            case .active: self.startOver(now: now)
            case .passive:
                pair.replicaAttached = false
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
            metadata: ["epoch": "\(String(self.status.epoch, radix: 16))", "sequence": "\(self.sequence)", "gateways": "\(self.gateways.count)"]
        )
    }

    /// Serves without a copy of the active relay's state: a new epoch, as after a restart.
    private func startOver(now: ContinuousClock.Instant) {
        guard let pair = self.pair else { return }
        self.chat = ChatState(limits: self.configuration.chat)
        self.sequence = 0
        self.replayBuffer = ReplayBuffer(capacity: self.configuration.replayWindow)
        self.gateways = GatewayRegistry()
        self.controlSockets = [:]
        pair.logPosition = 0
        pair.isCurrent = true
        self.status.update(epoch: RelayStatus.newEpoch())
        self.logger.warning("took over without a current copy of the active relay: new epoch, history starts over")
    }

    // MARK: Passive side

    private func restore(_ header: Envelope, frames: ArraySlice<[UInt8]>) {
        guard let pair = self.pair, let state = frames.first, let position = try? UInt64(littleEndianBytes: header.payload) else {
            return self.reject("invalid snapshot")
        }
        do {
            self.chat = try ChatState(snapshot: state, limits: self.configuration.chat)
        } catch {
            return self.logger.error("snapshot not applied", metadata: ["error": "\(error)"])
        }
        let held = frames.dropFirst()
        self.replayBuffer = ReplayBuffer(capacity: self.configuration.replayWindow, after: header.sequence - UInt64(held.count))
        for (offset, envelope) in held.enumerated() {
            self.replayBuffer.append(envelope, sequence: header.sequence - UInt64(held.count) + 1 + UInt64(offset))
        }
        self.sequence = header.sequence
        self.status.update(epoch: header.epoch)
        self.status.update(sequence: self.sequence)
        pair.logPosition = position
        pair.isCurrent = true
        self.confirm(position)
        self.logger.info(
            "snapshot applied",
            metadata: ["epoch": "\(String(header.epoch, radix: 16))", "sequence": "\(self.sequence)", "position": "\(position)"]
        )
    }

    private func applyReplicated(_ header: Envelope, frames: ArraySlice<[UInt8]>) {
        guard let pair = self.pair, pair.isCurrent else { return }
        guard let first = try? UInt64(littleEndianBytes: header.payload), first == pair.logPosition + 1, header.epoch == self.status.epoch else {
            return self.lostTrack("commands from position \(header.payload.count == 8 ? "\((try? UInt64(littleEndianBytes: header.payload)) ?? 0)" : "?") after \(pair.logPosition)")
        }
        for frame in frames {
            let applied = frame.withUnsafeBytes { bytes in
                (try? ReplicatedCommand(bytes: bytes)).map { self.apply($0) } ?? false
            }
            guard applied else { return self.lostTrack("a replicated command did not apply identically") }
            pair.logPosition += 1
        }
        self.status.update(sequence: self.sequence)
        self.confirm(pair.logPosition)
    }

    /// Applies one command as the active relay did; `false` if the outcome differs.
    private func apply(_ command: ReplicatedCommand) -> Bool {
        guard let header = command.envelope.withUnsafeBytes({ try? EnvelopeHeader(validating: $0) }) else { return false }
        if header.kind == .message {
            let room = String(decoding: command.envelope[header.roomRange], as: UTF8.self)
            let clientMessageID = String(decoding: command.envelope[header.clientMessageIDRange], as: UTF8.self)
            guard case .accept(let roomSequence) = self.chat.admit(say: header.origin, room: room, clientMessageID: clientMessageID),
                roomSequence == header.roomSequence, header.sequence == self.sequence + 1
            else { return false }
            self.sequence += 1
            self.replayBuffer.append(command.envelope, sequence: self.sequence)
            self.chat.record(
                published: command.envelope,
                origin: header.origin,
                room: room,
                roomSequence: roomSequence,
                timestamp: header.timestamp,
                textBytes: header.payloadRange.count,
                clientMessageID: clientMessageID
            )
        } else {
            guard let envelope = try? Envelope(decoding: command.envelope), let effects = self.execute(envelope, timestamp: command.timestamp) else {
                return false
            }
            for event in effects.publish { _ = self.sequenced(event, timestamp: command.timestamp) }
        }
        return self.sequence == command.sequenceAfter
    }

    private func confirm(_ position: UInt64) {
        guard let pair = self.pair else { return }
        _ = pair.send([Envelope(kind: .replicated, epoch: self.status.epoch, payload: position.littleEndianBytes).encoded()])
    }

    /// This copy no longer matches the active relay: take a fresh snapshot.
    private func lostTrack(_ reason: String) {
        guard let pair = self.pair, pair.isCurrent else { return }
        pair.isCurrent = false
        pair.nextSnapshotRequest = .now
        self.metrics.replicaResyncs.increment()
        self.logger.warning("replica out of step: taking a new snapshot", metadata: ["reason": "\(reason)"])
    }
}
