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

    enum Item: Sendable {
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
    var items: [Item] = []
    private var isConnected = false
    private(set) var chunkBytes = Transfers.defaultChunkBytes
    /// Bytes of chunks and downloads (a download counts as a whole chunk, as the gateway counts it), at
    /// `file_rate` a second, a chunk at once; `nil` when the server sets no pace.
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
        self.pacing = limits.fileRate.map { TokenBucket(rate: max($0, 1), burst: Double(self.chunkBytes), now: now) }
    }

    /// The connection dropped (or a welcome says the relay behind it restarted): nothing goes until the
    /// next welcome, and each transfer goes on from what the server holds (an upload) or what it holds
    /// itself (a download). Returns the ids of the `file` events to hold until their uploads are resumed.
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
        var due: ContinuousClock.Instant?
        /// How long until `bytes` may go; it keeps the earliest such time.
        func wait(for bytes: Int) -> Duration {
            let wait = self.pacing.map { $0.until(min(Double(bytes), $0.burst), now: now) } ?? .zero
            if wait > .zero { due = min(due ?? now + wait, now + wait) }
            return wait
        }
        for index in self.items.indices {
            switch self.items[index] {
            case .upload(var upload):
                switch upload.wants {
                case .request:
                    let request = upload.request(id: makeID())
                    self.items[index] = .upload(upload)
                    return .request(request)
                case .chunk:
                    let bytes = upload.nextChunkBytes
                    guard wait(for: bytes) == .zero, let chunk = upload.chunk(id: makeID()) else { continue }
                    self.items[index] = .upload(upload)
                    return self.paced(chunk, bytes: bytes, turn: index, now: now)
                case nil:
                    continue
                }
            case .download(var download):
                guard download.wants, wait(for: download.chunkBytes) == .zero, let request = download.request(id: makeID()) else { continue }
                self.items[index] = .download(download)
                return self.paced(request, bytes: download.chunkBytes, turn: index, now: now)
            }
        }
        return due.map(Next.wait(until:)) ?? .idle
    }

    /// A chunk or download going out: it takes its bytes' tokens, and its transfer goes to the back of the turns.
    private mutating func paced(_ frame: ClientMessage, bytes: Int, turn index: Int, now: ContinuousClock.Instant) -> Next {
        if let burst = self.pacing?.burst { _ = self.pacing?.take(min(Double(bytes), burst), now: now) }
        self.items.append(self.items.remove(at: index))
        return .data(frame)
    }
}
