import ChatProtocol
import Foundation
import Identity

/// One file coming down (docs/PROTOCOL.md, "Files"): `download`s from the offsets not held yet, at
/// most ``Transfers/window`` unanswered, and the `file_data` pieces assembled in order until the body
/// is whole. After a reconnect it goes on from the bytes it holds.
///
/// Free of I/O, like ``ClientState``: ``Transfers`` hands it the frames about it.
struct Download: Sendable {
    /// What a frame did to the download.
    enum Outcome: Sendable, Equatable {
        case unchanged
        case progressed
        /// The body is whole: ``held``.
        case complete
        case failed(String)
    }

    let id: String
    let room: String
    /// The `file` event's room sequence.
    let seq: UInt64
    let name: String
    let file: FileID
    /// The body's size, as the relay's facts in the `file` event give it.
    let size: Int
    /// The sender's identity key, for a sealed body: opening it binds the key.
    let sealedBy: IdentityKey?
    /// The most bytes one `download` asks for: the server's chunk size.
    let chunkBytes: Int
    /// The body from its start, as far as it is held.
    private(set) var held: [UInt8] = []
    /// Pieces after a gap, by offset, until the gap is filled.
    private var pieces: [Int: [UInt8]] = [:]
    /// Requests unanswered: their ids and offsets.
    private var unanswered: [String: Int] = [:]
    /// Where the next request starts.
    private var next = 0
    /// Times the download went on after a refused request, without a byte arriving meanwhile.
    private var retries = 0

    init(id: String, room: String, seq: UInt64, name: String, file: FileID, size: Int, sealedBy: IdentityKey?, chunkBytes: Int) {
        self.id = id
        self.room = room
        self.seq = seq
        self.name = name
        self.file = file
        self.size = size
        self.sealedBy = sealedBy
        self.chunkBytes = max(1, chunkBytes)
    }

    var progress: TransferProgress {
        TransferProgress(id: self.id, direction: .download, room: self.room, name: self.name, seq: self.seq, done: self.held.count, total: self.size)
    }

    var expiredReason: String { "the server no longer holds \(self.name) (it expired, or the server restarted)" }

    /// Whether a request is due: there is room in the window and something not asked for yet.
    var wants: Bool { self.unanswered.count < Transfers.window && self.nextOffset != nil }

    /// The first byte not held, if no request covers it (a piece came back shorter than asked), else
    /// the first byte never asked for.
    private var nextOffset: Int? {
        let gap = self.held.count
        if gap < self.size && !self.unanswered.values.contains(where: { $0 <= gap && gap < $0 + self.chunkBytes }) { return gap }
        return self.next < self.size ? self.next : nil
    }

    /// The next `download`, sent with id `request`.
    mutating func request(id request: String) -> ClientMessage? {
        guard self.wants, let offset = self.nextOffset else { return nil }
        self.unanswered[request] = offset
        self.next = max(self.next, offset + self.chunkBytes)
        return .download(DownloadRequest(id: request, file: self.file.hex, offset: offset))
    }

    /// Whether the frame with `id` is a request of this download's still unanswered.
    func awaits(_ id: String) -> Bool { self.unanswered[id] != nil }

    /// The request a `file_data` answers: by its id, or (without one) by its file and offset.
    func request(answeredBy data: FileData) -> String? {
        guard data.file == self.file.hex else { return nil }
        if let id = data.id { return self.unanswered[id] != nil ? id : nil }
        return self.unanswered.first { $0.value == data.offset }?.key
    }

    /// A piece of the body.
    mutating func receive(_ data: FileData) -> Outcome {
        guard let request = self.request(answeredBy: data), let asked = self.unanswered.removeValue(forKey: request) else { return .unchanged }
        guard data.size == self.size else {
            return .failed("the server holds \(data.size) bytes of \(self.name), not the \(self.size) its event said")
        }
        guard data.offset == asked, let bytes = Data(base64Encoded: data.data).map(Array.init), asked + bytes.count <= self.size else {
            return .failed("the server sent a piece of \(self.name) that does not fit it")
        }
        guard !bytes.isEmpty || asked >= self.size else {
            return .failed("the server's copy of \(self.name) ends after \(asked) of its \(self.size) bytes")
        }
        if bytes.count > self.pieces[asked]?.count ?? -1 { self.pieces[asked] = bytes }
        self.assemble()
        self.retries = 0
        return self.held.count == self.size ? .complete : .progressed
    }

    /// Moves the pieces that reach the end of what is held onto it.
    private mutating func assemble() {
        while let (offset, piece) = self.pieces.first(where: { $0.key <= self.held.count }) {
            self.pieces[offset] = nil
            let end = offset + piece.count
            if end > self.held.count { self.held += piece[(self.held.count - offset)...] }
        }
    }

    /// An `error` answering a request of this download's.
    mutating func refused(_ error: ErrorMessage) -> Outcome {
        guard let id = error.id, self.awaits(id) else { return .unchanged }
        if error.code == .fileExpired { return .failed(self.expiredReason) }
        guard error.code == .unavailable || error.code == .busy, self.retries < Transfers.maximumRetries else {
            return .failed(error.message)
        }
        // The relay was away for a moment: ask again for what is not held.
        self.retries += 1
        self.connectionLost()
        return .unchanged
    }

    /// The connection dropped: requests unanswered are lost; the next connection goes on from the bytes held.
    mutating func connectionLost() {
        (self.unanswered, self.pieces, self.next) = ([:], [:], self.held.count)
    }
}
