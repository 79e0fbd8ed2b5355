import ChatConfig
import ChatProtocol
import RelayProtocol

/// The relay's file store (docs/PROTOCOL.md, "Files"): file bodies, in memory only and never on disk,
/// bounded per body, per person and in all, the oldest dropped first.
///
/// Not part of the chat state: bodies stay out of the command log and the chat snapshot, so a 10 MiB
/// upload never holds up the message stream, and the passive relay of a pair gets them on the side
/// (`RelayLoop+FileReplication.swift`). Like ``ChatState``, no ZeroMQ and no clock: the loop passes the
/// time, so every rule is tested directly.
struct FileStore {
    let limits: ChatLimits
    /// An unfinished upload without a chunk this long is dropped.
    let idleTimeout: Duration
    private(set) var files: [FileID: StoredFile] = [:]
    /// The sizes of the bodies held, reserved at each open: what the limits count.
    private(set) var reservedBytes = 0
    /// The bytes of those bodies that arrived so far.
    private(set) var receivedBytes = 0
    private var reservedByOwner: [String: Int] = [:]
    private var order = FileOrder()
    /// Uploads still waiting for chunks: the only bodies the idle check looks at.
    private var unfinished: Set<FileID> = []
    /// Which body each `file` event shared, so that deleting the event drops the body.
    private(set) var posts: [FilePost: FileID] = [:]

    init(limits: ChatLimits, idleTimeout: Duration) {
        self.limits = limits
        self.idleTimeout = idleTimeout
    }

    func holds(_ id: FileID) -> Bool { self.files[id] != nil }

    /// Every body held, the oldest first: what the passive relay of a pair is sent after a snapshot.
    var idsOldestFirst: [FileID] { self.order.all }

    /// Reserves room for a new body of `size` bytes, dropping the owner's oldest bodies while over the
    /// per-person limit, then anyone's oldest while over the store's. An id held already is replaced (a
    /// replica sent again).
    ///
    /// - Returns: the bodies dropped to make room, for the loop to announce.
    /// - Throws: `too_large` before reserving anything, for a body over either of the two bounds on one body.
    mutating func open(_ id: FileID, room: String, owner: String, size: UInt64, now: ContinuousClock.Instant) throws(FileRefusal) -> [StoredFile] {
        guard size >= 1 else { throw FileRefusal(.badRequest, "a file has at least 1 byte") }
        let largest = min(self.limits.fileBytes, self.limits.fileBytesPerPerson)
        guard size <= UInt64(largest) else { throw FileRefusal(.tooLarge, "a file may have at most \(largest) bytes") }
        let size = Int(size)
        var dropped: [StoredFile] = []
        if let old = self.drop(id) { dropped.append(old) }
        while self.reservedByOwner[owner, default: 0] + size > self.limits.fileBytesPerPerson, let oldest = self.order.oldest(of: owner) {
            dropped += self.drop(oldest).map { [$0] } ?? []
        }
        while self.reservedBytes + size > self.limits.fileStoreBytes, let oldest = self.order.oldest() {
            dropped += self.drop(oldest).map { [$0] } ?? []
        }
        self.order.append(id, owner: owner)
        self.files[id] = StoredFile(id: id, room: room, owner: owner, size: size, now: now)
        self.reservedBytes += size
        self.reservedByOwner[owner, default: 0] += size
        self.unfinished.insert(id)
        return dropped
    }

    /// Goes on with an upload: its owner, for the same room and size, learns how much arrived.
    mutating func resume(_ id: FileID, owner: String, room: String, size: UInt64, now: ContinuousClock.Instant) throws(FileRefusal) -> FileProgress {
        guard let file = self.files[id] else { throw .expired }
        guard file.owner == owner, file.room == room else { throw FileRefusal(.notYours, "that upload is another person's, or for another room") }
        guard UInt64(file.size) == size else { throw FileRefusal(.badRequest, "that upload has \(file.size) bytes, not \(size)") }
        if !file.isComplete { self.files[id]?.lastActivity = now }
        return file.progress
    }

    /// Appends a chunk at the end of an unfinished body. `owner` is the sender's person (`nil`: the
    /// active relay's replica, trusted).
    ///
    /// - Throws: `file_expired` for a body not held, `not_yours` for another person's, `bad_request` (and
    ///   nothing changes) for an empty chunk, one at another offset than the bytes received, or past the size.
    mutating func append(
        _ id: FileID,
        offset: UInt64,
        bytes: some Collection<UInt8>,
        owner: String?,
        now: ContinuousClock.Instant
    ) throws(FileRefusal) -> FileProgress {
        // Only the facts, not a copy of the body: a second reference to its bytes would make the append copy them all.
        guard let (size, received, uploader) = self.files[id].map({ ($0.size, $0.received, $0.owner) }) else { throw .expired }
        if let owner, owner != uploader { throw FileRefusal(.notYours, "only its uploader adds to a file") }
        let room = size - received
        guard !bytes.isEmpty, offset == UInt64(received), bytes.count <= room else {
            throw FileRefusal(.badRequest, room == 0 ? "that file is complete" : "expected 1 to \(room) bytes at offset \(received)")
        }
        self.files[id]?.append(bytes)
        self.files[id]?.lastActivity = now
        self.receivedBytes += bytes.count
        if bytes.count == room { self.unfinished.remove(id) }
        return FileProgress(size: UInt64(size), received: UInt64(received + bytes.count))
    }

    /// Up to `range.length` bytes (at most ``FileReadRange/maximumLength``) of a complete body from
    /// `range.offset`, and the body's size; empty at the end.
    func read(_ id: FileID, range: FileReadRange) throws(FileRefusal) -> (size: UInt64, bytes: ArraySlice<UInt8>) {
        guard let file = self.files[id] else { throw .expired }
        guard file.isComplete else { throw FileRefusal(.badRequest, "that file is not complete yet") }
        guard range.offset <= UInt64(file.size) else { throw FileRefusal(.badRequest, "the file has \(file.size) bytes") }
        let start = Int(range.offset)
        let length = min(Int(range.length), FileReadRange.maximumLength, file.size - start)
        return (UInt64(file.size), file.bytes[start..<start + length])
    }

    /// Notes that the event at `roomSequence` of `room` shared the body `id`, if it is held and was not
    /// shared yet. The passive relay of a pair notes it too, as it applies the event, complete or not.
    mutating func markPosted(_ id: FileID, in room: String, at roomSequence: UInt64) {
        guard self.files[id]?.post == nil, self.files[id] != nil else { return }
        let post = FilePost(room: room, roomSequence: roomSequence)
        self.files[id]?.post = post
        self.posts[post] = id
    }

    /// Forgets a body and frees what it reserved.
    ///
    /// - Returns: the body, if it was held.
    @discardableResult
    mutating func drop(_ id: FileID) -> StoredFile? {
        guard let file = self.files.removeValue(forKey: id) else { return nil }
        self.order.remove(id)
        self.unfinished.remove(id)
        self.reservedBytes -= file.size
        self.receivedBytes -= file.received
        self.reservedByOwner[file.owner, default: 0] -= file.size
        if self.reservedByOwner[file.owner] == 0 { self.reservedByOwner[file.owner] = nil }
        if let post = file.post { self.posts[post] = nil }
        return file
    }

    /// Drops the unfinished uploads that got no chunk for ``idleTimeout``.
    ///
    /// - Returns: the bodies dropped.
    mutating func dropIdle(now: ContinuousClock.Instant) -> [StoredFile] {
        let idle = self.unfinished.filter { self.files[$0].map { now - $0.lastActivity > self.idleTimeout } ?? true }
        return idle.compactMap { self.drop($0) }
    }

    /// Forgets every body: a passive relay about to be sent them all again, or one starting over.
    mutating func removeAll() {
        self = FileStore(limits: self.limits, idleTimeout: self.idleTimeout)
    }
}
