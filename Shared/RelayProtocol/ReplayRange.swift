/// The payload of a replay request: published sequences `first...last` in the relay's current epoch.
public struct ReplayRange: Sendable, Hashable {
    public var first: UInt64
    public var last: UInt64

    public init(first: UInt64, last: UInt64) {
        self.first = first
        self.last = last
    }

    /// Sixteen bytes: `first` then `last`, little-endian.
    public var bytes: [UInt8] {
        var bytes = [UInt8]()
        bytes.reserveCapacity(16)
        bytes.appendLittleEndian(self.first)
        bytes.appendLittleEndian(self.last)
        return bytes
    }

    public init(bytes: [UInt8]) throws(EnvelopeError) {
        guard bytes.count == 16 else { throw EnvelopeError(.badPayload, "replay range needs 16 bytes, got \(bytes.count)") }
        self.first = bytes.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: 0, as: UInt64.self).littleEndian }
        self.last = bytes.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: 8, as: UInt64.self).littleEndian }
    }
}
