import Crypto

/// The number two people compare, in person or on a call, to know that each has the other's real key.
///
/// Made from both keys in a fixed order, so both sides compute the same one: SHA-512 of a label and the
/// two keys, lower first; its first 60 bytes as 12 chunks of 5, each modulo 100,000.
public struct SafetyNumber: Sendable, Hashable, CustomStringConvertible {
    /// 12 groups of 5 digits.
    public let groups: [String]

    public init(_ one: IdentityKey, _ other: IdentityKey) {
        let (low, high) = one.bytes.lexicographicallyPrecedes(other.bytes) ? (one, other) : (other, one)
        var hash = SHA512()
        hash.update(data: Array("privchat/id1/safety".utf8))
        hash.update(data: low.bytes)
        hash.update(data: high.bytes)
        let digest = Array(hash.finalize())
        self.groups = stride(from: 0, to: 60, by: 5).map { start in
            let chunk = digest[start..<start + 5].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            let digits = String(chunk % 100_000)
            return String(repeating: "0", count: 5 - digits.count) + digits
        }
    }

    /// The groups on one line, separated by spaces.
    public var description: String { self.groups.joined(separator: " ") }

    /// Three lines of four groups, easier to read out.
    public var rows: [String] {
        stride(from: 0, to: 12, by: 4).map { self.groups[$0..<$0 + 4].joined(separator: " ") }
    }
}
