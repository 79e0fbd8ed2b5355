// The fuzz target (scripts/fuzz.sh) compiles this module and ChatProtocol as one.
#if canImport(ChatProtocol)
public import ChatProtocol
#endif

/// The file-body envelopes (docs/PROTOCOL.md, "File bodies"): each kind's constructor and the readers
/// of its payload, in one place for the gateway, the relay and the relay's pair link.
extension Envelope {
    /// `fileOpen`, gateway → relay: connection `origin` uploads `size` bytes to `room`, or resumes `file`.
    public static func fileOpen(origin: Origin, room: String, size: UInt64, resuming file: FileID?, clientMessageID: String) -> Envelope {
        var payload: [UInt8] = []
        payload.appendLittleEndian(size)
        return Envelope(kind: .fileOpen, origin: origin, room: room, target: file?.hex ?? "", clientMessageID: clientMessageID, payload: payload)
    }

    /// `fileOpen`, active → passive: the body `file` of `size` bytes, owned by `owner`, uploaded to `room`.
    public static func fileReplica(file: FileID, room: String, owner: String, size: UInt64, timestamp: UInt64) -> Envelope {
        var payload: [UInt8] = []
        payload.appendLittleEndian(size)
        return Envelope(kind: .fileOpen, timestamp: timestamp, room: room, sender: owner, target: file.hex, payload: payload)
    }

    /// `fileStatus`, relay → gateway: `file` holds `received` of `size` bytes.
    public static func fileStatus(origin: Origin, file: FileID, room: String, progress: FileProgress, clientMessageID: String) -> Envelope {
        Envelope(kind: .fileStatus, origin: origin, room: room, target: file.hex, clientMessageID: clientMessageID, payload: progress.bytes)
    }

    /// `fileChunk`: `bytes` of `file` from `offset`; from a gateway, for connection `origin`.
    public static func fileChunk(origin: Origin = .relay, file: FileID, offset: UInt64, bytes: some Collection<UInt8>, clientMessageID: String = "") -> Envelope {
        var payload: [UInt8] = []
        payload.reserveCapacity(8 + bytes.count)
        payload.appendLittleEndian(offset)
        payload += bytes
        return Envelope(kind: .fileChunk, origin: origin, target: file.hex, clientMessageID: clientMessageID, payload: payload)
    }

    /// `fileRead`, gateway → relay: up to `length` bytes of `file` from `offset`, for request `clientMessageID`.
    public static func fileRead(origin: Origin, file: FileID, range: FileReadRange, clientMessageID: String) -> Envelope {
        Envelope(kind: .fileRead, origin: origin, target: file.hex, clientMessageID: clientMessageID, payload: range.bytes)
    }

    /// `fileData`, relay → gateway: `bytes` of `file` (of `size` in all) from `offset`.
    public static func fileData(origin: Origin, file: FileID, size: UInt64, offset: UInt64, bytes: some Collection<UInt8>, clientMessageID: String) -> Envelope {
        var payload: [UInt8] = []
        payload.reserveCapacity(16 + bytes.count)
        payload.appendLittleEndian(size)
        payload.appendLittleEndian(offset)
        payload += bytes
        return Envelope(kind: .fileData, origin: origin, target: file.hex, clientMessageID: clientMessageID, payload: payload)
    }

    /// `fileForget`: the body `file` is gone; `room` is where it was shared (empty when it was not yet).
    public static func fileForget(file: FileID, room: String) -> Envelope {
        Envelope(kind: .fileForget, room: room, target: file.hex)
    }

    /// The file kinds: the body the envelope is about; `nil` when `target` is not a file id (for
    /// `fileOpen`: no id, a new upload).
    public var fileID: FileID? { FileID(hex: self.target) }

    /// `fileOpen`: the body's size in bytes; `nil` if the payload is not a u64.
    public var fileSize: UInt64? {
        guard self.payload.count == 8 else { return nil }
        return self.payload.withUnsafeBytes { $0.readLittleEndian(UInt64.self, at: 0) }
    }

    /// `fileChunk`: where the bytes go, and the bytes; `nil` if the payload has no offset.
    public var fileChunk: (offset: UInt64, bytes: ArraySlice<UInt8>)? {
        guard self.payload.count >= 8 else { return nil }
        return (self.payload.withUnsafeBytes { $0.readLittleEndian(UInt64.self, at: 0) }, self.payload[8...])
    }

    /// `fileData`: the body's size, where the bytes start, and the bytes; `nil` if the payload is too short.
    public var fileData: (size: UInt64, offset: UInt64, bytes: ArraySlice<UInt8>)? {
        guard self.payload.count >= 16 else { return nil }
        let (size, offset) = self.payload.withUnsafeBytes { ($0.readLittleEndian(UInt64.self, at: 0), $0.readLittleEndian(UInt64.self, at: 8)) }
        return (size, offset, self.payload[16...])
    }

    /// `fileStatus`: how much of the body the relay holds.
    public var fileProgress: FileProgress? { try? FileProgress(bytes: self.payload) }

    /// `fileRead`: the range asked for.
    public var fileReadRange: FileReadRange? { try? FileReadRange(bytes: self.payload) }
}

/// The payload of `fileStatus`: the body's size and the bytes held so far (two u64).
public struct FileProgress: Sendable, Hashable {
    public var size: UInt64
    public var received: UInt64

    public init(size: UInt64, received: UInt64) {
        self.size = size
        self.received = received
    }

    public var isComplete: Bool { self.received == self.size }

    public var bytes: [UInt8] {
        var bytes: [UInt8] = []
        bytes.appendLittleEndian(self.size)
        bytes.appendLittleEndian(self.received)
        return bytes
    }

    public init(bytes: [UInt8]) throws(EnvelopeError) {
        guard bytes.count == 16 else { throw EnvelopeError(.badPayload, "file progress needs 16 bytes, got \(bytes.count)") }
        self.size = bytes.withUnsafeBytes { $0.readLittleEndian(UInt64.self, at: 0) }
        self.received = bytes.withUnsafeBytes { $0.readLittleEndian(UInt64.self, at: 8) }
    }
}

/// The payload of `fileRead`: where to start (u64) and at most how many bytes (u32).
public struct FileReadRange: Sendable, Hashable {
    /// The most a `fileData` carries: a frame well under the collector's 1 MiB limit.
    public static let maximumLength = 256 * 1024

    public var offset: UInt64
    public var length: UInt32

    public init(offset: UInt64, length: UInt32) {
        self.offset = offset
        self.length = length
    }

    public var bytes: [UInt8] {
        var bytes: [UInt8] = []
        bytes.appendLittleEndian(self.offset)
        bytes.appendLittleEndian(self.length)
        return bytes
    }

    public init(bytes: [UInt8]) throws(EnvelopeError) {
        guard bytes.count == 12 else { throw EnvelopeError(.badPayload, "a file read range needs 12 bytes, got \(bytes.count)") }
        self.offset = bytes.withUnsafeBytes { $0.readLittleEndian(UInt64.self, at: 0) }
        self.length = bytes.withUnsafeBytes { $0.readLittleEndian(UInt32.self, at: 8) }
    }
}
