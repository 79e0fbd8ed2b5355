import ChatProtocol
import Identity

/// A client's file transfers, across connections (docs/PROTOCOL.md, "Files"): which frame goes next
/// (each transfer at most ``window`` unanswered, chunks and downloads paced to the server's
/// `file_rate`), and what each server frame about files means for them.
///
/// Free of I/O and clocks, like ``ClientState``: ``ChatClient`` feeds it the frames and the time, and
/// writes what it returns; tests drive it directly.
struct Transfers: Sendable {
    /// The most frames one transfer keeps unanswered.
    static let window = 4
    /// Times a transfer goes on after refused frames, without a byte moving meanwhile, before it fails:
    /// as many as a message is retried, to ride out a relay failover.
    static let maximumRetries = ClientState.maximumRetries
    /// The chunk size of a server that does not say.
    static let defaultChunkBytes = 32 * 1024

    /// The next frame to write.
    enum Next: Sendable, Equatable {
        /// An `upload`: paced like a message.
        case request(ClientMessage)
        /// A chunk or a `download`, already paced by bytes.
        case data(ClientMessage)
        /// Nothing until then: the bytes' pace.
        case wait(until: ContinuousClock.Instant)
        case idle
    }

    /// What a frame meant, for ``ChatClient`` to carry out.
    enum Effect: Sendable, Equatable {
        case report(TransferEvent)
        /// An upload's body is stored whole: send its `file` event.
        case post(SharedFile)
        /// An upload's `file` event, held since a reconnect, may go: the upload was resumed.
        case release(String)
        /// An upload's `file` event will not go: the upload failed.
        case withdraw(String)
        /// A download's body is whole: open it (in an encrypted room), then report it.
        case downloaded(DownloadedBody)
    }

    /// A whole body as it came, and what opening it takes.
    struct DownloadedBody: Sendable, Equatable {
        let progress: TransferProgress
        let body: [UInt8]
        let file: FileID
        let sealedBy: IdentityKey?
    }

    private enum Item: Sendable {
        case upload(Upload)
        case download(Download)

        var id: String {
            switch self {
            case .upload(let upload): upload.id
            case .download(let download): download.id
            }
        }

        var progress: TransferProgress {
            switch self {
            case .upload(let upload): upload.progress
            case .download(let download): download.progress
            }
        }
    }

    /// In the order they take turns: one that sent goes to the back.
    private var items: [Item] = []
    private var isConnected = false
    private(set) var chunkBytes = Transfers.defaultChunkBytes
    /// Chunks and downloads, one token each, at `file_rate / chunk` a second; `nil` when the server sets no pace.
    private var pacing: TokenBucket?

    var isEmpty: Bool { self.items.isEmpty }

    /// Each transfer in progress, oldest first.
    var inProgress: [TransferProgress] { self.items.map(\.progress) }

    mutating func add(_ upload: Upload) { self.items.append(.upload(upload)) }
    mutating func add(_ download: Download) { self.items.append(.download(download)) }

    /// The upload with `id`, while it is in progress.
    func upload(_ id: String) -> Upload? {
        self.items.lazy.compactMap { if case .upload(let upload) = $0, upload.id == id { upload } else { nil } }.first
    }

    /// Whether the body `file` is being downloaded.
    func isDownloading(_ file: FileID) -> Bool {
        self.items.contains { if case .download(let download) = $0 { download.file == file } else { false } }
    }

    // MARK: The connection

    /// Welcomed: frames may go, at the pace of these limits.
    mutating func welcomed(_ limits: Welcome.Limits, now: ContinuousClock.Instant) {
        self.isConnected = true
        self.chunkBytes = limits.fileChunkBytes.map { max(1, $0) } ?? Self.defaultChunkBytes
        self.pacing = limits.fileRate.map { TokenBucket(rate: max($0 / Double(self.chunkBytes), 0.001), burst: 1, now: now) }
    }

    /// The connection dropped: nothing goes until the next welcome, and each transfer goes on from
    /// what the server holds (an upload) or what it holds itself (a download). Returns the ids of the
    /// `file` events to hold until their uploads are resumed.
    @discardableResult
    mutating func connectionLost() -> [String] {
        self.isConnected = false
        var held: [String] = []
        for index in self.items.indices {
            switch self.items[index] {
            case .upload(var upload):
                if upload.posted { held.append(upload.id) }
                upload.connectionLost()
                self.items[index] = .upload(upload)
            case .download(var download):
                download.connectionLost()
                self.items[index] = .download(download)
            }
        }
        return held
    }

    /// The next frame to write, its ids from `makeID`: an `upload` at once, a chunk or a download when
    /// the bytes' pace allows, taking turns.
    mutating func next(now: ContinuousClock.Instant, makeID: () -> String) -> Next {
        guard self.isConnected else { return .idle }
        let paced = self.pacing?.untilToken(now: now) ?? .zero
        var due: ContinuousClock.Instant?
        for index in self.items.indices {
            switch self.items[index] {
            case .upload(var upload):
                switch upload.wants {
                case .request:
                    let request = upload.request(id: makeID())
                    self.items[index] = .upload(upload)
                    return .request(request)
                case .chunk where paced > .zero:
                    due = now + paced
                case .chunk:
                    guard let chunk = upload.chunk(id: makeID()) else { continue }
                    self.items[index] = .upload(upload)
                    return self.paced(chunk, turn: index, now: now)
                case nil:
                    continue
                }
            case .download(var download):
                guard download.wants else { continue }
                guard paced == .zero else {
                    due = now + paced
                    continue
                }
                guard let request = download.request(id: makeID()) else { continue }
                self.items[index] = .download(download)
                return self.paced(request, turn: index, now: now)
            }
        }
        return due.map(Next.wait(until:)) ?? .idle
    }

    /// A chunk or download going out: it takes a token, and its transfer goes to the back of the turns.
    private mutating func paced(_ frame: ClientMessage, turn index: Int, now: ContinuousClock.Instant) -> Next {
        _ = self.pacing?.take(now: now)
        self.items.append(self.items.remove(at: index))
        return .data(frame)
    }

    // MARK: Answers

    /// Whether the frame with `id` is a transfer's `upload`, chunk or `download`, still unanswered (its
    /// `error` is the transfer's to handle; a `file` event's goes through ``ClientState`` first, like a message's).
    func awaits(_ id: String) -> Bool {
        self.items.contains { item in
            switch item {
            case .upload(let upload): upload.awaits(id)
            case .download(let download): download.awaits(id)
            }
        }
    }

    /// A server frame about files: `upload`, `stored`, `file_data`, `file_expired`.
    mutating func receive(_ message: ServerMessage) -> [Effect] {
        switch message {
        case .uploadReady(let answer):
            return self.update(uploadWhere: { $0.isReserving(answer.id) }, by: { $0.ready(answer) })
        case .stored(let stored):
            return self.update(uploadWhere: { $0.file?.hex == stored.file }, by: { $0.stored(stored) })
        case .fileData(let data):
            guard let index = self.items.firstIndex(where: { if case .download(let d) = $0 { d.request(answeredBy: data) != nil } else { false } }),
                case .download(var download) = self.items[index]
            else { return [] }
            let outcome = download.receive(data)
            self.items[index] = .download(download)
            return self.effects(of: outcome, at: index)
        case .fileExpired(let expired):
            var effects: [Effect] = []
            for item in self.items {
                switch item {
                case .upload(let upload) where upload.file?.hex == expired.file:
                    effects += self.end(
                        item.id,
                        with: .failed(upload.progress, reason: "the server dropped the upload before it was shared: send it again")
                    )
                case .download(let download) where download.file.hex == expired.file:
                    effects += self.end(item.id, with: .failed(download.progress, reason: download.expiredReason))
                default:
                    break
                }
            }
            return effects
        default:
            return []
        }
    }

    /// An `error` answering a transfer's frame (see ``awaits(_:)``), or its `file` event's.
    mutating func refused(_ error: ErrorMessage) -> [Effect] {
        guard let id = error.id else { return [] }
        for index in self.items.indices {
            switch self.items[index] {
            case .upload(var upload) where upload.awaits(id) || upload.posts(id):
                let outcome = upload.refused(error)
                self.items[index] = .upload(upload)
                return self.effects(of: outcome, at: index)
            case .download(var download) where download.awaits(id):
                let outcome = download.refused(error)
                self.items[index] = .download(download)
                return self.effects(of: outcome, at: index)
            default:
                continue
            }
        }
        return []
    }

    /// An `ack`: an upload whose `file` event it acknowledges is done.
    mutating func acknowledged(_ ack: Ack) -> [Effect] {
        guard let upload = self.upload(ack.id), upload.posted else { return [] }
        return self.end(ack.id, with: .sent(upload.progress, ack))
    }

    /// Stops a transfer; `nil` if there is none with that id, or it can no longer be stopped (its
    /// `file` event is on its way).
    mutating func cancel(_ id: String) -> TransferEvent? {
        guard let item = self.items.first(where: { $0.id == id }) else { return nil }
        if case .upload(let upload) = item, upload.posted { return nil }
        self.items.removeAll { $0.id == id }
        return .cancelled(item.progress)
    }

    /// Removes a transfer that ended, with the event that tells how (and an upload's `file` event,
    /// if it failed after that was queued).
    private mutating func end(_ id: String, with event: TransferEvent) -> [Effect] {
        let posted = self.upload(id)?.posted == true
        self.items.removeAll { $0.id == id }
        if case .failed = event, posted { return [.withdraw(id), .report(event)] }
        return [.report(event)]
    }

    private mutating func update(uploadWhere matches: (Upload) -> Bool, by change: (inout Upload) -> Upload.Outcome) -> [Effect] {
        guard let index = self.items.firstIndex(where: { if case .upload(let upload) = $0 { matches(upload) } else { false } }),
            case .upload(var upload) = self.items[index]
        else { return [] }
        let outcome = change(&upload)
        self.items[index] = .upload(upload)
        return self.effects(of: outcome, at: index)
    }

    private mutating func effects(of outcome: Upload.Outcome, at index: Int) -> [Effect] {
        guard case .upload(let upload) = self.items[index] else { return [] }
        switch outcome {
        case .unchanged: return []
        case .progressed: return [.report(.progress(upload.progress))]
        case .stored where upload.posted: return [.report(.progress(upload.progress)), .release(upload.id)]
        case .stored:
            guard let shared = upload.shared else { return [] }
            var posting = upload
            posting.markPosted()
            self.items[index] = .upload(posting)
            return [.report(.progress(upload.progress)), .post(shared)]
        case .failed(let reason): return self.end(upload.id, with: .failed(upload.progress, reason: reason))
        }
    }

    private mutating func effects(of outcome: Download.Outcome, at index: Int) -> [Effect] {
        guard case .download(let download) = self.items[index] else { return [] }
        switch outcome {
        case .unchanged: return []
        case .progressed: return [.report(.progress(download.progress))]
        case .failed(let reason): return self.end(download.id, with: .failed(download.progress, reason: reason))
        case .complete:
            self.items.remove(at: index)
            let body = DownloadedBody(progress: download.progress, body: download.held, file: download.file, sealedBy: download.sealedBy)
            return [.report(.progress(download.progress)), .downloaded(body)]
        }
    }
}
