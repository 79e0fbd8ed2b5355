/// The client frames of file transfers (docs/PROTOCOL.md, "Files"): `upload`, `chunk`, `file`, `download`.

/// `upload`: reserve room in the relay's store for a body of `size` bytes, or go on with the upload `file`.
public struct UploadRequest: Sendable, Hashable, Decodable {
    public var id: String?
    public var room: String
    public var size: Int
    /// An unfinished upload of yours, to resume (32 hex digits).
    public var file: String?

    public init(id: String? = nil, room: String, size: Int, file: String? = nil) {
        self.id = id
        self.room = room
        self.size = size
        self.file = file
    }

    func write(into writer: inout JSONWriter) {
        if let id { writer.field("id", id) }
        writer.field("room", self.room)
        writer.field("size", self.size)
        if let file { writer.field("file", file) }
    }
}

/// `chunk`: bytes of an upload, from `offset` (the bytes stored so far), base64 (standard, padded).
public struct FileChunk: Sendable, Hashable, Decodable {
    public var id: String?
    public var file: String
    public var offset: Int
    public var data: String

    public init(id: String? = nil, file: String, offset: Int, data: String) {
        self.id = id
        self.file = file
        self.offset = offset
        self.data = data
    }

    func write(into writer: inout JSONWriter) {
        if let id { writer.field("id", id) }
        writer.field("file", self.file)
        writer.field("offset", self.offset)
        writer.field("data", self.data)
    }
}

/// `file`: share a complete upload in `room`; `text` is its ``FileMetadata`` as JSON (sealed in an encrypted room).
public struct SharedFile: Sendable, Hashable, Decodable {
    public var id: String?
    public var room: String
    public var file: String
    public var text: String
    /// The signature of the message input with kind `file` and the file id as its reference.
    public var sig: String?

    public init(id: String? = nil, room: String, file: String, text: String, sig: String? = nil) {
        self.id = id
        self.room = room
        self.file = file
        self.text = text
        self.sig = sig
    }

    func write(into writer: inout JSONWriter) {
        if let id { writer.field("id", id) }
        writer.field("room", self.room)
        writer.field("file", self.file)
        writer.field("text", self.text)
        if let sig { writer.field("sig", sig) }
    }
}

/// `download`: up to `file_chunk_bytes` of the body `file` from `offset`.
public struct DownloadRequest: Sendable, Hashable, Decodable {
    public var id: String?
    public var file: String
    public var offset: Int?

    public init(id: String? = nil, file: String, offset: Int? = nil) {
        self.id = id
        self.file = file
        self.offset = offset
    }

    func write(into writer: inout JSONWriter) {
        if let id { writer.field("id", id) }
        writer.field("file", self.file)
        if let offset { writer.field("offset", offset) }
    }
}

extension UploadRequest: IdentifiedClientFrameBody {}
extension FileChunk: IdentifiedClientFrameBody {}
extension SharedFile: IdentifiedClientFrameBody {}
extension DownloadRequest: IdentifiedClientFrameBody {}
