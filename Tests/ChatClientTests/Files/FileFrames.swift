import ChatProtocol
import Foundation

@testable import ChatClient

/// The frames of file transfers as a server would send them, for the tests that drive ``Transfers`` and
/// ``ChatClient`` without one.
enum FileFrames {
    static let file = FileID(hex: "0f1e2d3c4b5a69788796a5b4c3d2e1f0")!
    /// Small numbers, so that a test's body spans a few chunks: 1000-byte files in 100-byte chunks.
    static let limits = Welcome.Limits(maxMessageBytes: 65_536, maxRooms: 8, rate: 1000, burst: 1000, maxFileBytes: 1000, fileChunkBytes: 100)

    /// `count` bytes that differ from one offset to the next.
    static func body(_ count: Int) -> [UInt8] { (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ 3) } }

    static func welcome(name: String = "amy", room: String = "lobby", limits: Welcome.Limits = FileFrames.limits) -> ServerMessage {
        .welcome(
            Welcome(
                name: name,
                session: "0123456789abcdef0123456789abcdef",
                epoch: "e1",
                rooms: [RoomSnapshot(room: room, seq: 3, members: [name], history: [], truncated: false)],
                limits: limits
            )
        )
    }

    static func ready(_ request: UploadRequest, offset: Int = 0, chunk: Int = 100) -> ServerMessage {
        .uploadReady(UploadReady(id: request.id, file: Self.file.hex, offset: offset, chunk: chunk))
    }

    static func stored(_ received: Int, size: Int = 1000) -> ServerMessage {
        .stored(FileStored(id: nil, file: Self.file.hex, size: size, received: received))
    }

    /// The `file_data` answering `request` with `body`'s bytes from its offset, at most `chunk`.
    static func data(_ request: DownloadRequest, of body: [UInt8], chunk: Int = 100, size: Int? = nil) -> ServerMessage {
        let offset = request.offset ?? 0
        let piece = body[min(offset, body.count)..<min(offset + chunk, body.count)]
        return .fileData(
            FileData(id: request.id, file: request.file, size: size ?? body.count, offset: offset, data: Data(piece).base64EncodedString())
        )
    }

    static func bytes(of chunk: FileChunk) -> [UInt8] { Array(Data(base64Encoded: chunk.data) ?? Data()) }

    /// Frame ids as a client's state makes them, in order.
    final class IDs: @unchecked Sendable {
        private var counter = 0
        func next() -> String {
            self.counter += 1
            return "t\(self.counter)"
        }
    }
}

extension Transfers {
    /// The frames due now, until the next would wait or there is none.
    mutating func drain(now: ContinuousClock.Instant = .now, ids: FileFrames.IDs) -> [ClientMessage] {
        var frames: [ClientMessage] = []
        while true {
            switch self.next(now: now, makeID: ids.next) {
            case .request(let frame), .data(let frame): frames.append(frame)
            case .wait, .idle: return frames
            }
        }
    }
}

extension ClientMessage {
    var chunk: FileChunk? { if case .chunk(let chunk) = self { chunk } else { nil } }
    var upload: UploadRequest? { if case .upload(let upload) = self { upload } else { nil } }
    var download: DownloadRequest? { if case .download(let download) = self { download } else { nil } }
    var shared: SharedFile? { if case .file(let shared) = self { shared } else { nil } }
}
