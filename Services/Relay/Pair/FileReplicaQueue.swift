import ChatProtocol

/// The bodies the active relay of a pair still owes the passive one, oldest first, each with how far
/// it was sent: every body it held when it sent a snapshot, and any whose live copy found the peer
/// socket full. Drained a little each pass of the loop (`RelayLoop+FileReplication.swift`).
///
/// A body in the queue is sent from here only: its new chunks are not sent live meanwhile, since the
/// queue sends everything received by the time it gets there.
struct FileReplicaQueue {
    struct Pending: Equatable {
        let id: FileID
        /// Whether its `fileOpen` went out.
        var announced: Bool
        /// The bytes of it sent so far.
        var sent: Int
    }

    private var pending: [Pending] = []
    private var queued: Set<FileID> = []

    var isEmpty: Bool { self.pending.isEmpty }
    var first: Pending? { self.pending.first }

    func contains(_ id: FileID) -> Bool { self.queued.contains(id) }

    /// Owes the passive relay all of these bodies, from the start (after a snapshot).
    mutating func replaceAll(with ids: [FileID]) {
        self.pending = ids.map { Pending(id: $0, announced: false, sent: 0) }
        self.queued = Set(ids)
    }

    /// Owes it the rest of a body from `sent` on (a live copy did not fit).
    mutating func add(_ id: FileID, announced: Bool, sent: Int) {
        guard self.queued.insert(id).inserted else { return }
        self.pending.append(Pending(id: id, announced: announced, sent: sent))
    }

    /// Notes progress on the first body.
    mutating func updateFirst(_ pending: Pending) {
        precondition(pending.id == self.pending.first?.id)
        self.pending[0] = pending
    }

    /// The first body is sent in full (or gone): live copies take over.
    mutating func removeFirst() {
        self.queued.remove(self.pending.removeFirst().id)
    }

    /// The body is gone.
    mutating func remove(_ id: FileID) {
        guard self.queued.remove(id) != nil else { return }
        self.pending.removeAll { $0.id == id }
    }

    mutating func removeAll() {
        self.pending.removeAll()
        self.queued.removeAll()
    }
}
