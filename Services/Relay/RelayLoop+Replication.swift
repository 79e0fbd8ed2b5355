import Logging
import RelayProtocol
import ZeroMQ

/// The active relay's side of a pair: replication (the zguide's `clonesrv6.c`, made synchronous).
///
/// The active relay counts every state-changing command in its log and, while a passive relay
/// follows, sends each batch's commands to it and publishes the batch only when it confirms: what a
/// gateway saw, the passive relay has. A passive relay starts following with a snapshot of the whole
/// state; one that stops confirming is given up, and the active relay serves alone.
extension RelayLoop {
    /// Counts a command applied while serving, and queues it for the passive relay if one follows.
    func replicate(_ command: [UInt8], timestamp: UInt64) {
        guard let pair = self.pair, pair.star.isServing else { return }
        pair.logPosition += 1
        guard pair.replicaAttached else { return }
        pair.records.append(ReplicatedCommand(timestamp: timestamp, sequenceAfter: self.sequencer.sequence, envelope: command).bytes)
    }

    /// Sends the batch's commands to the passive relay, if one follows, and waits for its confirmation.
    /// A passive relay that does not confirm in time is given up. Part of ``finishBatch()``.
    func replicateBatch() throws {
        guard let pair = self.pair else { return }
        if pair.isReplicating, !pair.records.isEmpty {
            let first = pair.logPosition - UInt64(pair.records.count) + 1
            let header = Envelope(kind: .replicate, epoch: self.status.epoch, sequence: self.sequencer.sequence, payload: first.littleEndianBytes)
            if pair.send([header.encoded()] + pair.records) {
                try self.awaitConfirmation(of: pair.logPosition)
            } else {
                self.detachReplica("the passive relay is not reading")
            }
        }
        pair.records.removeAll(keepingCapacity: true)
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

    /// Gives up the passive relay: batches are published without waiting for it from here on.
    func detachReplica(_ reason: String) {
        guard let pair = self.pair, pair.replicaAttached else { return }
        pair.replicaAttached = false
        pair.records.removeAll()
        self.fileReplicas.removeAll()
        // Tell it before publishing without it (if it still listens): its copy is stale from here on.
        self.reportState()
        self.metrics.replicaLost.increment()
        self.logger.warning("serving without a replica", metadata: ["reason": "\(reason)", "position": "\(pair.logPosition)"])
    }

    /// Sends the whole state to the passive relay, which then follows the log from here.
    func sendSnapshot() {
        guard let pair = self.pair else { return }
        let header = Envelope(
            kind: .snapshot,
            epoch: self.status.epoch,
            sequence: self.sequencer.sequence,
            payload: pair.logPosition.littleEndianBytes
        )
        let held = self.sequencer.replayable
        guard pair.send([header.encoded(), self.chat.snapshotBytes()] + held) else {
            return self.logger.warning("snapshot not sent: the passive relay is not reading")
        }
        pair.replicaAttached = true
        pair.confirmed = 0
        self.queueFileReplicas()
        self.logger.info(
            "passive relay following",
            metadata: ["position": "\(pair.logPosition)", "sequence": "\(self.sequencer.sequence)", "replay": "\(held.count)"]
        )
    }

    /// On a graceful stop: if the passive relay has everything, it takes over at once, and gateways
    /// are told to move to it rather than wait for the heartbeat to time out.
    func handOver() throws {
        guard let pair = self.pair, pair.isReplicating, pair.confirmed == pair.logPosition else { return }
        try pair.sender.setLinger(.milliseconds(500))
        try self.publisher.setLinger(.milliseconds(500))
        guard pair.send([Envelope(kind: .handover, epoch: self.status.epoch, sequence: self.sequencer.sequence).encoded()]) else { return }
        let heartbeat = Envelope(
            kind: .relayHeartbeat,
            flags: .handover,
            epoch: self.status.epoch,
            sequence: self.sequencer.sequence,
            timestamp: Self.wallClockMilliseconds()
        )
        try self.flushPublished()
        try self.publisher.send(heartbeat.encoded())
        self.logger.info("handed over to the passive relay", metadata: ["sequence": "\(self.sequencer.sequence)"])
    }
}
