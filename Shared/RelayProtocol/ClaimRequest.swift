/// The payload of a `claim` envelope: the rooms a new connection asks for, and where it left off.
///
/// Binary, little-endian: `resumeEpoch` (u64, 0 for none), a room count (u16), then per room its
/// name length (u8), name (UTF-8), a flag (u8, 1 if a resume point follows) and the point (u64); then,
/// for a connection that proved an identity key, the key's 32 bytes, and then its signed sealing key's
/// 96 (``SignedPayload/boxBytes``), if it sent one.
public struct ClaimRequest: Sendable, Hashable {
    public struct Room: Sendable, Hashable {
        public var name: String
        /// The last room sequence the client saw, if it is resuming this room.
        public var resumeAfter: UInt64?

        public init(name: String, resumeAfter: UInt64? = nil) {
            self.name = name
            self.resumeAfter = resumeAfter
        }
    }

    /// The relay epoch the resume points belong to (0: not resuming).
    public var resumeEpoch: UInt64
    public var rooms: [Room]
    /// The identity key the connection proved to its gateway, if any: the relay binds the name to it.
    public var identityKey: [UInt8]?
    /// The connection's sealing key and its signature by the identity key, if it sent one (only with a key).
    public var box: [UInt8]?

    public init(resumeEpoch: UInt64 = 0, rooms: [Room], identityKey: [UInt8]? = nil, box: [UInt8]? = nil) {
        self.resumeEpoch = resumeEpoch
        self.rooms = rooms
        self.identityKey = identityKey
        self.box = identityKey == nil ? nil : box
    }

    public var bytes: [UInt8] {
        var bytes = [UInt8]()
        bytes.appendLittleEndian(self.resumeEpoch)
        bytes.appendLittleEndian(UInt16(clamping: self.rooms.count))
        for room in self.rooms.prefix(Int(UInt16.max)) {
            let name = Array(room.name.utf8.prefix(255))
            bytes.append(UInt8(name.count))
            bytes += name
            bytes.append(room.resumeAfter == nil ? 0 : 1)
            bytes.appendLittleEndian(room.resumeAfter ?? 0)
        }
        if let identityKey {
            bytes += identityKey
            if let box { bytes += box }
        }
        return bytes
    }

    public init(bytes: [UInt8]) throws(EnvelopeError) {
        var reader = ByteReader(bytes)
        guard let epoch = reader.read(UInt64.self), let count = reader.read(UInt16.self) else {
            throw EnvelopeError(.badPayload, "claim request too short")
        }
        var rooms = [Room]()
        for _ in 0..<count {
            guard let length = reader.read(UInt8.self), let name = reader.readBytes(Int(length)),
                let flag = reader.read(UInt8.self), let point = reader.read(UInt64.self),
                let text = String(validating: name, as: UTF8.self)
            else {
                throw EnvelopeError(.badPayload, "claim request room list is malformed")
            }
            rooms.append(Room(name: text, resumeAfter: flag == 1 ? point : nil))
        }
        let key = reader.isAtEnd ? nil : reader.readBytes(SignedPayload.keyBytes)
        let box = reader.isAtEnd ? nil : reader.readBytes(SignedPayload.boxBytes)
        guard reader.isAtEnd, key != nil || box == nil else {
            throw EnvelopeError(.badPayload, "claim request has trailing bytes")
        }
        self.resumeEpoch = epoch
        self.rooms = rooms
        self.identityKey = key
        self.box = box
    }
}

/// Reads little-endian integers and byte runs from an array, refusing to read past its end.
struct ByteReader {
    private let bytes: [UInt8]
    private var offset = 0

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    var isAtEnd: Bool { self.offset == self.bytes.count }

    mutating func read<T: FixedWidthInteger>(_: T.Type) -> T? {
        guard self.offset + MemoryLayout<T>.size <= self.bytes.count else { return nil }
        let value = self.bytes.withUnsafeBytes { T(littleEndian: $0.loadUnaligned(fromByteOffset: self.offset, as: T.self)) }
        self.offset += MemoryLayout<T>.size
        return value
    }

    mutating func readBytes(_ count: Int) -> [UInt8]? {
        guard self.offset + count <= self.bytes.count else { return nil }
        defer { self.offset += count }
        return Array(self.bytes[self.offset..<self.offset + count])
    }
}
