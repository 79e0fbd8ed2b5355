public import Identity

/// The first 8 bytes of an identity key: how a share names its recipients, and how a client keeps
/// track of who holds which room key.
public struct IdentityPrefix: Sendable, Hashable, Comparable {
    public static let byteCount = 8
    public let bytes: [UInt8]

    public init(_ key: IdentityKey) {
        self.bytes = Array(key.bytes.prefix(Self.byteCount))
    }

    /// A prefix as a file keeps it; `nil` unless 8 bytes.
    public init?(bytes: some Collection<UInt8>) {
        guard bytes.count == Self.byteCount else { return nil }
        self.bytes = Array(bytes)
    }

    init(unchecked bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// Byte by byte, as identity keys are ranked.
    public static func < (lhs: IdentityPrefix, rhs: IdentityPrefix) -> Bool { lhs.bytes.lexicographicallyPrecedes(rhs.bytes) }
}
