import ChatProtocol
import RelayProtocol

/// One body in the relay's file store: who uploaded it where, how much of it arrived, and whether a
/// `file` event shared it. The bytes live in memory only, append-only and in order.
struct StoredFile {
    let id: FileID
    /// The room it was uploaded to, and may be shared in.
    let room: String
    /// The person who uploaded it (``Member/person``): only they add to it or share it.
    let owner: String
    /// The size the upload declared and reserved.
    let size: Int
    private(set) var bytes: [UInt8]
    /// When the last chunk arrived (or the upload opened or resumed): an unfinished upload idle too long is dropped.
    var lastActivity: ContinuousClock.Instant
    /// Where a `file` event shared it; `nil` until one did.
    var post: FilePost?

    init(id: FileID, room: String, owner: String, size: Int, now: ContinuousClock.Instant) {
        self.id = id
        self.room = room
        self.owner = owner
        self.size = size
        // The whole size at once: it is reserved against the limits anyway, and chunks then never reallocate.
        self.bytes = []
        self.bytes.reserveCapacity(size)
        self.lastActivity = now
    }

    var received: Int { self.bytes.count }
    var isComplete: Bool { self.bytes.count == self.size }
    var progress: FileProgress { FileProgress(size: UInt64(self.size), received: UInt64(self.bytes.count)) }

    /// Appends bytes that the store checked fit at the end.
    mutating func append(_ chunk: some Collection<UInt8>) {
        self.bytes.append(contentsOf: chunk)
    }
}

/// Where a `file` event shared a body: the room and the event's room sequence.
struct FilePost: Hashable {
    let room: String
    let roomSequence: UInt64
}
