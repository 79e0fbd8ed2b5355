import ChatProtocol
import Logging
import RelayProtocol

/// File bodies for the passive relay of a pair (docs/PROTOCOL.md, "File bodies"): not in the command
/// log, sent beside it over the peer link without waiting for confirmation.
///
/// The active relay sends each body as it arrives (its `fileOpen`, then its chunks, and a `fileForget`
/// when it drops it), and after a snapshot every body it holds, from a queue drained a little each pass
/// and kept a window ahead of what the passive relay said it received. So neither a burst of uploads
/// nor a snapshot's bodies ever stand in front of the log's commands for long. The passive relay keeps
/// them in its own store, with the same limits; after a takeover, uploads go on from its offset.
extension RelayLoop {
    /// The most body bytes the queue sends in one pass of the loop.
    static let fileReplicaBytesPerPass = 1 << 20
    /// The most body bytes the queue sends ahead of what the passive relay reported receiving.
    static let fileReplicaWindow = 4 << 20
    /// The bytes of one chunk the queue sends.
    static let fileReplicaChunkBytes = 64 << 10

    // MARK: Active side

    /// Sends a new upload's `fileOpen` to the passive relay, if one follows.
    func replicateOpen(of id: FileID) {
        guard self.pair?.isReplicating == true, let file = self.files.files[id] else { return }
        if !self.sendReplica(announcing: file) { self.fileReplicas.add(id, announced: false, sent: 0) }
    }

    /// Sends a chunk the store just appended, unless the queue owes that body (it sends the chunk then).
    func replicate(chunk bytes: UnsafeRawBufferPointer, of id: FileID, at offset: UInt64) {
        guard self.pair?.isReplicating == true, !self.fileReplicas.contains(id) else { return }
        if !self.sendReplica(chunk: bytes, of: id, at: offset) { self.fileReplicas.add(id, announced: true, sent: Int(offset)) }
    }

    /// Tells the passive relay a body is gone.
    func replicateForget(of file: StoredFile) {
        self.fileReplicas.remove(file.id)
        guard let pair = self.pair, pair.isReplicating else { return }
        _ = pair.send([Envelope.fileForget(file: file.id, room: file.post?.room ?? "").encoded()])
    }

    /// After a snapshot: owes the passive relay every body held, oldest first.
    func queueFileReplicas() {
        guard let pair = self.pair else { return }
        self.fileReplicas.replaceAll(with: self.files.idsOldestFirst)
        pair.fileBytesSent = 0
        pair.fileBytesAcknowledged = 0
    }

    /// Sends what the queue owes, within this pass's budget and the window; what does not fit (or finds
    /// the peer socket full) waits for the next pass. Never blocks.
    func drainFileReplicas() {
        guard let pair = self.pair, pair.isReplicating else { return }
        var budget = Self.fileReplicaBytesPerPass
        pair.fileReplicasStalled = false
        while budget > 0, self.fileReplicaWindowIsOpen, var next = self.fileReplicas.first {
            guard let file = self.files.files[next.id], next.sent < file.received || !next.announced else {
                // Sent as far as it arrived (or gone): its next chunks go live.
                self.fileReplicas.removeFirst()
                continue
            }
            if !next.announced {
                guard self.sendReplica(announcing: file) else {
                    pair.fileReplicasStalled = true
                    return
                }
                next.announced = true
            } else {
                let end = min(file.received, next.sent + min(Self.fileReplicaChunkBytes, budget))
                let sent = file.bytes[next.sent..<end].withUnsafeBytes { self.sendReplica(chunk: $0, of: file.id, at: UInt64(next.sent)) }
                guard sent else {
                    pair.fileReplicasStalled = true
                    return
                }
                budget -= end - next.sent
                next.sent = end
            }
            self.fileReplicas.updateFirst(next)
        }
    }

    /// Whether the loop should come round again at once, rather than sleep: the queue owes bytes the window lets go.
    var owesFileReplicas: Bool {
        guard let pair = self.pair, pair.isReplicating, !pair.fileReplicasStalled else { return false }
        return !self.fileReplicas.isEmpty && self.fileReplicaWindowIsOpen
    }

    private var fileReplicaWindowIsOpen: Bool {
        guard let pair = self.pair else { return false }
        return pair.fileBytesSent - pair.fileBytesAcknowledged < Self.fileReplicaWindow
    }

    /// A body's `fileOpen` on the pair link; for one shared already (sent by the queue after a snapshot
    /// that holds its event), `roomSequence` says where, since the passive relay never applies that event.
    private func sendReplica(announcing file: StoredFile) -> Bool {
        guard let pair = self.pair else { return false }
        var open = Envelope.fileReplica(
            file: file.id,
            room: file.room,
            owner: file.owner,
            size: UInt64(file.size),
            timestamp: Self.wallClockMilliseconds()
        )
        open.roomSequence = file.post?.roomSequence ?? 0
        return pair.send([open.encoded()])
    }

    private func sendReplica(chunk bytes: UnsafeRawBufferPointer, of id: FileID, at offset: UInt64) -> Bool {
        guard let pair = self.pair, pair.send([Envelope.fileChunk(file: id, offset: offset, bytes: bytes).encoded()]) else { return false }
        pair.fileBytesSent += bytes.count
        self.metrics.fileReplicaBytes.increment(by: bytes.count)
        return true
    }

    // MARK: Passive side

    /// Applies a body the active relay sent to this relay's own store. What does not apply (a chunk at
    /// another offset, a body over this relay's limits) is left out: the next snapshot sends it again.
    func applyFileReplica(_ envelope: Envelope, now: ContinuousClock.Instant) {
        guard let pair = self.pair, let id = envelope.fileID else { return self.reject("a file replica without a file id") }
        switch envelope.kind {
        case .fileOpen:
            guard let size = envelope.fileSize,
                let dropped = try? self.files.open(id, room: envelope.room, owner: envelope.sender, size: size, now: now)
            else { return self.reject("a file replica that does not fit") }
            self.forget(dropped, reason: "store full")
            if envelope.roomSequence != 0 { self.files.markPosted(id, in: envelope.room, at: envelope.roomSequence) }
        case .fileChunk:
            guard let (offset, bytes) = envelope.fileChunk else { return self.reject("a file chunk without an offset") }
            pair.fileBytesReceived += bytes.count
            _ = try? self.files.append(id, offset: offset, bytes: bytes, owner: nil, now: now)
        case .fileForget:
            self.forget(self.files.drop(id).map { [$0] } ?? [], reason: "dropped by the active relay")
        default:
            return self.reject("not a file replica: \(envelope.kind)")
        }
        self.filesChanged()
    }
}
