/// The payload of a ``EnvelopeKind/welcome`` envelope: the relay's limits that the client is told about.
///
/// Twelve bytes: the most rooms a connection may be in (u32), then the largest file body (u64), little-endian.
public struct WelcomeLimits: Sendable, Hashable {
    /// The relay's rooms-per-connection limit.
    public var maxRooms: Int
    /// The largest file body the relay stores (docs/PROTOCOL.md, "Files").
    public var maxFileBytes: Int

    public init(maxRooms: Int, maxFileBytes: Int) {
        self.maxRooms = maxRooms
        self.maxFileBytes = maxFileBytes
    }

    /// Both limits, clamped to their widths.
    public var bytes: [UInt8] {
        var bytes = [UInt8]()
        bytes.appendLittleEndian(UInt32(clamping: self.maxRooms))
        bytes.appendLittleEndian(UInt64(clamping: self.maxFileBytes))
        return bytes
    }

    public init(bytes: [UInt8]) throws(EnvelopeError) {
        guard bytes.count == 12 else { throw EnvelopeError(.badPayload, "welcome limits need 12 bytes, got \(bytes.count)") }
        self.maxRooms = Int(bytes.withUnsafeBytes { $0.readLittleEndian(UInt32.self, at: 0) })
        self.maxFileBytes = Int(clamping: bytes.withUnsafeBytes { $0.readLittleEndian(UInt64.self, at: 4) })
    }
}
