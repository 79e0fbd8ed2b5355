/// The server frames of file transfers (docs/PROTOCOL.md, "Files"): `upload`, `stored`, `file_data`, `file_expired`.

/// `upload`: the relay holds room for the body; send it from `offset` on, in chunks of at most `chunk` bytes.
public struct UploadReady: Sendable, Hashable, Codable {
    public var id: String?
    public var file: String
    public var offset: Int
    public var chunk: Int

    public init(id: String?, file: String, offset: Int, chunk: Int) {
        self.id = id
        self.file = file
        self.offset = offset
        self.chunk = chunk
    }

    static let frameType = "upload"

    func write(into writer: inout JSONWriter) {
        writer.frame(Self.frameType) { writer in
            if let id, !id.isEmpty { writer.field("id", id) }
            writer.field("file", self.file)
            writer.field("offset", self.offset)
            writer.field("chunk", self.chunk)
        }
    }
}

/// `stored`: the relay holds `received` of the body's `size` bytes.
public struct FileStored: Sendable, Hashable, Codable {
    public var id: String?
    public var file: String
    public var size: Int
    public var received: Int

    public init(id: String?, file: String, size: Int, received: Int) {
        self.id = id
        self.file = file
        self.size = size
        self.received = received
    }

    static let frameType = "stored"

    func write(into writer: inout JSONWriter) {
        writer.frame(Self.frameType) { writer in
            if let id, !id.isEmpty { writer.field("id", id) }
            writer.field("file", self.file)
            writer.field("size", self.size)
            writer.field("received", self.received)
        }
    }
}

/// `file_data`: bytes of a body from `offset` (base64; empty past the end), and the body's whole `size`.
public struct FileData: Sendable, Hashable, Codable {
    public var id: String?
    public var file: String
    public var size: Int
    public var offset: Int
    public var data: String

    public init(id: String?, file: String, size: Int, offset: Int, data: String) {
        self.id = id
        self.file = file
        self.size = size
        self.offset = offset
        self.data = data
    }

    static let frameType = "file_data"

    func write(into writer: inout JSONWriter) {
        writer.frame(Self.frameType) { writer in
            if let id, !id.isEmpty { writer.field("id", id) }
            writer.field("file", self.file)
            writer.field("size", self.size)
            writer.field("offset", self.offset)
            writer.field("data", self.data)
        }
    }
}

/// `file_expired`: the store dropped the body `file`, shared in `room`.
public struct FileExpired: Sendable, Hashable, Codable {
    public var room: String
    public var file: String

    public init(room: String, file: String) {
        self.room = room
        self.file = file
    }

    static let frameType = "file_expired"

    func write(into writer: inout JSONWriter) {
        writer.frame(Self.frameType) { writer in
            writer.field("room", self.room)
            writer.field("file", self.file)
        }
    }
}
