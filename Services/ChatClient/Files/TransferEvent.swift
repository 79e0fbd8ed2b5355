public import ChatProtocol

/// Where a file transfer is: which file, which way, and how many of its bytes moved.
public struct TransferProgress: Sendable, Hashable {
    public enum Direction: Sendable, Hashable {
        case upload, download
    }

    /// The transfer's id; an upload's is also the id of its `file` event.
    public let id: String
    public let direction: Direction
    public let room: String
    /// The file's name, as its metadata gives it (safe to use as a file name).
    public let name: String
    /// The `file` event's room sequence, for a download.
    public let seq: UInt64?
    /// Bytes of the body stored (upload) or held (download), of `total` (sealed, in an encrypted room).
    public let done: Int
    public let total: Int

    public init(id: String, direction: Direction, room: String, name: String, seq: UInt64? = nil, done: Int, total: Int) {
        self.id = id
        self.direction = direction
        self.room = room
        self.name = name
        self.seq = seq
        self.done = done
        self.total = total
    }

    /// How far, in whole percent.
    public var percent: Int { self.total > 0 ? self.done * 100 / self.total : 100 }
}

/// What became of a file transfer (docs/PROTOCOL.md, "Files"), for the user interface.
public enum TransferEvent: Sendable, Equatable {
    /// More of the body moved.
    case progress(TransferProgress)
    /// An upload is stored and shared: `ack` is its `file` event's.
    case sent(TransferProgress, Ack)
    /// A download is whole, opened (in an encrypted room) and checked: the file's bytes.
    case received(TransferProgress, bytes: [UInt8])
    /// The transfer ended without the file: why, in words for the user.
    case failed(TransferProgress, reason: String)
    /// The user cancelled it.
    case cancelled(TransferProgress)

    public var progress: TransferProgress {
        switch self {
        case .progress(let progress), .sent(let progress, _), .received(let progress, _), .failed(let progress, _), .cancelled(let progress):
            progress
        }
    }

    /// Whether the transfer ended with this event.
    public var isFinal: Bool {
        if case .progress = self { false } else { true }
    }
}
