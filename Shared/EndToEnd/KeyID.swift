import ChatProtocol
import Crypto
import Identity

/// The name of a room key: the first 8 bytes of SHA-256 of a label, the salt and the key
/// (docs/PROTOCOL.md, "Room keys and key ids").
///
/// Every sealed text and share carries it, so a receiver knows which of its keys to try, and members
/// compare its ``fingerprint`` to know they hold the same key. It covers the salt, so two passphrase
/// keys of one passphrase but different salts have different ids.
public struct KeyID: Sendable, Hashable, CustomStringConvertible {
    public static let byteCount = 8
    /// Eight zero bytes: "no key", the `previous` of a share that rotates nothing.
    public static let none = KeyID(unchecked: [UInt8](repeating: 0, count: 8))

    public let bytes: [UInt8]

    public init?(bytes: some Collection<UInt8>) {
        guard bytes.count == Self.byteCount else { return nil }
        self.bytes = Array(bytes)
    }

    init(unchecked bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// The id of `key` with `salt` (empty for a random key).
    init(key: SymmetricKey, salt: [UInt8]) {
        var input = Array("privchat/e2e2/key-id".utf8)
        Field.append(salt, to: &input)
        key.withUnsafeBytes { Field.append(Array($0), to: &input) }
        self.bytes = Array(SHA256.hash(data: input).prefix(Self.byteCount))
    }

    /// 16 hex digits in groups of 4 (`95c5 9d43 39d0 b772`): what people compare.
    public var fingerprint: String { GroupedHex.text(self.bytes) }

    /// 16 hex digits, for files and tests.
    public var hex: String { self.bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined() }

    public var description: String { self.fingerprint }
}
