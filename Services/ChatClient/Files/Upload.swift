import ChatProtocol
import EndToEnd
import Foundation
import Identity

/// One file going up (docs/PROTOCOL.md, "Files"): `upload` reserves room and names the file id, chunks
/// follow from the offset the answer gives, at most ``Transfers/window`` unanswered, and once the relay
/// holds the whole body its `file` event shares it. After a reconnect (or a chunk gone astray) it asks
/// again with the file id, and goes on from the offset it is told; so does one whose `file` event was
/// on its way, since a gateway takes that only for an upload it saw (the event waits meanwhile).
///
/// Free of I/O, like ``ClientState``: ``Transfers`` hands it the frames about it.
struct Upload: Sendable {
    enum Phase: Sendable, Equatable {
        /// An `upload` is due: the first, or one that resumes (the connection dropped, a chunk was refused).
        case waiting
        /// The `upload` with this id is sent; its answer is awaited.
        case reserving(request: String)
        /// Chunks are going up.
        case sending
        /// The relay holds the whole body; the `file` event is on its way, until its `ack`.
        case posting
    }

    /// What the upload would send now.
    enum Want: Sendable, Equatable {
        /// `upload`: paced like a message.
        case request
        /// A chunk: paced by bytes.
        case chunk
    }

    /// What a frame did to the upload.
    enum Outcome: Sendable, Equatable {
        case unchanged
        case progressed
        /// The whole body is stored: time to share it.
        case stored
        case failed(String)
    }

    /// The key and sender a body is sealed with, in an encrypted room: once the file id is known, as it
    /// is bound to it.
    struct Sealing: Sendable {
        let key: RoomKey
        let sender: IdentityKey
    }

    static let expiredReason = "the server no longer holds the upload (it restarted): send it again"

    /// Also the id of the `file` event that shares it.
    let id: String
    /// As the server spells it: sealing binds it.
    let room: String
    let metadata: FileMetadata
    /// The body's bytes on the wire (sealed, in an encrypted room).
    let size: Int
    /// The plaintext until the file id is known, then what goes up (kept until the `ack`: a relay that
    /// took over may hold less of it).
    private var body: [UInt8]
    /// Set until the body is sealed.
    private var sealing: Sealing?
    private(set) var file: FileID?
    private(set) var phase = Phase.waiting
    /// Whether its `file` event was queued: from then on it is the client's message, resent until acknowledged.
    private(set) var posted = false
    private(set) var chunkBytes = 0
    /// The bytes the relay said it holds.
    private(set) var received = 0
    /// Where the next chunk starts.
    private var next = 0
    /// Chunks sent and not yet stored, oldest first: their ids, and where each ends.
    private var unanswered: [(id: String, end: Int)] = []
    private var resyncs = 0

    init(id: String, room: String, file: OutgoingFile, sealing: Sealing?) {
        self.id = id
        self.room = RoomName.spelled(room)
        self.metadata = file.metadata
        self.body = file.bytes
        self.sealing = sealing
        self.size = file.bytes.count + (sealing?.key.sealedFileOverhead ?? 0)
    }

    var progress: TransferProgress {
        TransferProgress(id: self.id, direction: .upload, room: self.room, name: self.metadata.name, done: self.received, total: self.size)
    }

    var wants: Want? {
        switch self.phase {
        case .waiting: .request
        case .sending: self.unanswered.count < Transfers.window && self.next < self.size ? .chunk : nil
        case .reserving, .posting: nil
        }
    }

    /// The `upload` asking for room, or (with the file id) where the relay's copy stands; sent with id `request`.
    mutating func request(id request: String) -> ClientMessage {
        self.phase = .reserving(request: request)
        return .upload(UploadRequest(id: request, room: self.room, size: self.size, file: self.file?.hex))
    }

    /// The bytes of the next chunk, what pacing counts.
    var nextChunkBytes: Int { min(self.chunkBytes, self.size - self.next) }

    /// The next chunk, from where the last one ended; sent with id `chunkID`.
    mutating func chunk(id chunkID: String) -> ClientMessage? {
        guard let file, self.wants == .chunk else { return nil }
        let end = min(self.next + self.chunkBytes, self.size)
        let data = Data(self.body[self.next..<end]).base64EncodedString()
        defer {
            self.unanswered.append((chunkID, end))
            self.next = end
        }
        return .chunk(FileChunk(id: chunkID, file: file.hex, offset: self.next, data: data))
    }

    /// Whether the frame with `id` is an `upload` or chunk of this upload's still unanswered.
    func awaits(_ id: String) -> Bool {
        switch self.phase {
        case .reserving(let request): request == id
        case .sending: self.unanswered.contains { $0.id == id }
        case .posting, .waiting: false
        }
    }

    /// Whether `id` is this upload's `file` event, queued already.
    func posts(_ id: String) -> Bool { self.posted && self.id == id }

    /// Its `file` event is queued.
    mutating func markPosted() { self.posted = true }

    /// Whether this upload waits for the answer to an `upload` with `id` (`nil`: an answer without one).
    func isReserving(_ id: String?) -> Bool {
        guard case .reserving(let request) = self.phase else { return false }
        return id == nil || id == request
    }

    /// The answer to its `upload`: the file id, the chunk size and where to go on from. The body is
    /// sealed now, the first time, since the file id is part of what sealing binds.
    mutating func ready(_ answer: UploadReady) -> Outcome {
        guard self.isReserving(answer.id) else { return .unchanged }
        guard let file = FileID(hex: answer.file), self.file == nil || self.file == file else {
            return .failed("the server answered with another file")
        }
        guard answer.chunk > 0, (0...self.size).contains(answer.offset) else {
            return .failed("the server's answer makes no sense (offset \(answer.offset) of \(self.size) bytes, chunks of \(answer.chunk))")
        }
        if let sealing {
            self.body = sealing.key.seal(fileBody: self.body, context: .fileBody(room: self.room, sender: sealing.sender, file: file))
            self.sealing = nil
        }
        (self.file, self.chunkBytes, self.received, self.next, self.unanswered) = (file, answer.chunk, answer.offset, answer.offset, [])
        self.phase = .sending
        return self.finishIfWhole()
    }

    /// A `stored`: the chunks it covers are answered, and the relay holds `received` bytes.
    mutating func stored(_ stored: FileStored) -> Outcome {
        guard self.phase == .sending, stored.file == self.file?.hex else { return .unchanged }
        guard stored.size == self.size else { return .failed("the server holds a body of \(stored.size) bytes, not \(self.size)") }
        // Of a chunk sent before a resync (or not this upload's): what stands is the answer to come.
        guard stored.received > self.received, stored.received <= self.next else { return .unchanged }
        self.unanswered.removeAll { $0.end <= stored.received }
        self.received = stored.received
        self.resyncs = 0
        return self.finishIfWhole()
    }

    private mutating func finishIfWhole() -> Outcome {
        guard self.received == self.size else { return .progressed }
        self.phase = .posting
        return .stored
    }

    /// The `file` event that shares the stored body (its text sealed and signed as it leaves).
    var shared: SharedFile? {
        guard self.phase == .posting, let file else { return nil }
        return SharedFile(id: self.id, room: self.room, file: file.hex, text: self.metadata.text)
    }

    /// An `error` answering a frame of this upload's, or its `file` event.
    mutating func refused(_ error: ErrorMessage) -> Outcome {
        guard let id = error.id, self.awaits(id) || self.posts(id) else { return .unchanged }
        if error.code == .fileExpired { return .failed(Self.expiredReason) }
        switch self.phase {
        case .reserving where error.code == .unavailable || error.code == .busy, .sending:
            // The relay was away for a moment, or a chunk went astray (chunks after it are refused too, and
            // ignored): ask where the relay's copy stands, and go on from there.
            self.resyncs += 1
            guard self.resyncs <= Transfers.maximumRetries else { return .failed(error.message) }
            self.phase = .waiting
            self.unanswered = []
            return .unchanged
        case .reserving, .posting, .waiting:
            return .failed(error.message)
        }
    }

    /// The connection dropped: what was unanswered may be lost, so the next connection asks again. A
    /// `file` event on its way is resent by ``ClientState`` with the same id, once this upload is resumed.
    mutating func connectionLost() {
        self.phase = .waiting
        self.unanswered = []
    }
}
