import Logging
import RelayProtocol
import ZeroMQ

/// The passive relay's side of a pair: its copy of the active relay's state (the Clone pattern's
/// snapshot, then updates).
///
/// The passive relay first takes a snapshot, then applies the commands with the active relay's
/// timestamps through the same ``Sequencer``, which yields the same sequences and bytes. It checks the
/// stream sequence after every command, and takes a new snapshot if anything differs or is missing.
extension RelayLoop {
    /// Replaces this relay's state with the active relay's snapshot, and follows its log from there.
    func restore(_ header: Envelope, frames: ArraySlice<[UInt8]>) {
        guard let pair = self.pair, let state = frames.first, let position = try? UInt64(littleEndianBytes: header.payload) else {
            return self.reject("invalid snapshot")
        }
        do {
            self.chat = try ChatState(snapshot: state, limits: self.configuration.chat)
        } catch {
            return self.logger.error("snapshot not applied", metadata: ["error": "\(error)"])
        }
        self.letChatAskForFiles()
        // The active relay sends every body it holds after a snapshot: none held here may be stale.
        self.files.removeAll()
        pair.fileBytesReceived = 0
        self.filesChanged()
        self.sequencer = Sequencer(
            replayWindow: self.configuration.replayWindow,
            replayBytes: self.configuration.replayBytes,
            restoring: frames.dropFirst(),
            through: header.sequence
        )
        self.status.update(epoch: header.epoch)
        self.status.update(sequence: self.sequencer.sequence)
        pair.logPosition = position
        pair.isCurrent = true
        self.confirm(position)
        self.logger.info(
            "snapshot applied",
            metadata: ["epoch": "\(String(header.epoch, radix: 16))", "sequence": "\(self.sequencer.sequence)", "position": "\(position)"]
        )
    }

    /// Applies a batch of the active relay's commands, which must follow on from this copy's position.
    func applyReplicated(_ header: Envelope, frames: ArraySlice<[UInt8]>) {
        guard let pair = self.pair, pair.isCurrent else { return }
        let first = try? UInt64(littleEndianBytes: header.payload)
        guard let first, first == pair.logPosition + 1, header.epoch == self.status.epoch else {
            return self.lostTrack("commands from position \(first.map { "\($0)" } ?? "?") after \(pair.logPosition)")
        }
        for frame in frames {
            let applied = frame.withUnsafeBytes { bytes in
                (try? ReplicatedCommand(bytes: bytes)).map { self.apply($0) } ?? false
            }
            guard applied else { return self.lostTrack("a replicated command did not apply identically") }
            pair.logPosition += 1
        }
        self.status.update(sequence: self.sequencer.sequence)
        self.confirm(pair.logPosition)
    }

    /// Applies one command as the active relay did; `false` if the outcome differs.
    private func apply(_ command: ReplicatedCommand) -> Bool {
        guard let header = command.envelope.withUnsafeBytes({ try? EnvelopeHeader(validating: $0) }) else { return false }
        if header.kind == .message {
            guard self.sequencer.sequence(replicated: command.envelope, header: header, epoch: self.status.epoch, chat: &self.chat) else {
                return false
            }
            self.noteFiles(ofPublished: command.envelope, header: header)
        } else {
            guard let envelope = try? Envelope(decoding: command.envelope), let effects = self.execute(envelope, timestamp: command.timestamp) else {
                return false
            }
            // Replies went to gateways from the active relay; only the events' sequences matter here.
            for event in effects.publish { _ = self.sequencer.sequence(event: event, epoch: self.status.epoch, timestamp: command.timestamp) }
        }
        return self.sequencer.sequence == command.sequenceAfter
    }

    /// Tells the active relay this copy holds everything up to `position`.
    private func confirm(_ position: UInt64) {
        guard let pair = self.pair else { return }
        _ = pair.send([Envelope(kind: .replicated, epoch: self.status.epoch, payload: position.littleEndianBytes).encoded()])
    }

    /// This copy no longer matches the active relay: take a fresh snapshot.
    func lostTrack(_ reason: String) {
        guard let pair = self.pair, pair.isCurrent else { return }
        pair.isCurrent = false
        pair.nextSnapshotRequest = .now
        self.metrics.replicaResyncs.increment()
        self.logger.warning("replica out of step: taking a new snapshot", metadata: ["reason": "\(reason)"])
    }
}
