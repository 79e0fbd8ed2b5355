/// The payload of a ``EnvelopeKind/welcome`` envelope: the relay's limits that the client is told about.
///
/// Four bytes: the most rooms a connection may be in (u32, little-endian).
public struct WelcomeLimits: Sendable, Hashable {
    /// The relay's rooms-per-connection limit.
    public var maxRooms: Int

    public init(maxRooms: Int) {
        self.maxRooms = maxRooms
    }

    /// `maxRooms` as a u32, clamped.
    public var bytes: [UInt8] {
        var bytes = [UInt8]()
        bytes.appendLittleEndian(UInt32(clamping: self.maxRooms))
        return bytes
    }

    public init(bytes: [UInt8]) throws(EnvelopeError) {
        guard bytes.count == 4 else { throw EnvelopeError(.badPayload, "welcome limits need 4 bytes, got \(bytes.count)") }
        self.maxRooms = Int(bytes.withUnsafeBytes { $0.readLittleEndian(UInt32.self, at: 0) })
    }
}
