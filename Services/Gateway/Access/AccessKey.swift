public import ChatConfig
import ChatProtocol
import Crypto

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The secret a client must present before its WebSocket upgrade (docs/PROTOCOL.md, "Access key").
///
/// Only its SHA-256 digest is kept: a presented key is hashed and the two digests are compared whole,
/// so the comparison takes the same time wherever the first wrong character is.
public struct AccessKey: Sendable {
    /// Characters a key may use: those that survive a URL, a header and a WebSocket subprotocol token unescaped.
    static let allowedCharacters = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~".utf8)
    static let lengths = 16...128

    private let digest: [UInt8]

    /// Validates `key` (trimmed of surrounding whitespace, as a file holding it usually ends in a newline).
    public init(_ key: String) throws(AccessKeyError) {
        let trimmed = key.trimmingWhitespace()
        guard Self.lengths.contains(trimmed.utf8.count) else { throw .badLength(trimmed.utf8.count) }
        guard trimmed.utf8.allSatisfy(Self.allowedCharacters.contains) else { throw .badCharacter }
        self.digest = Array(SHA256.hash(data: Array(trimmed.utf8)))
    }

    /// Whether `presented` is this key, in time independent of where they differ.
    func matches(_ presented: some Collection<UInt8>) -> Bool {
        let other = Array(SHA256.hash(data: Array(presented)))
        var difference: UInt8 = 0
        for index in 0..<self.digest.count { difference |= self.digest[index] ^ other[index] }
        return difference == 0
    }

    /// 32 random bytes in base64url: 43 characters.
    public static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return Base64URL.encode(bytes)
    }

    /// Reads the key at `path`, or, when there is no file there and `create` is set, writes a new one
    /// there (``SecretFile``: gateways started at once with the same path all get the first one's key).
    /// Returns the key and whether this call created it.
    public static func load(path: String, create: Bool) throws(SecretFileError) -> (key: String, created: Bool) {
        let (key, created) = try SecretFile.load(path: path, create: create ? { generate() } : nil)
        return (key, created)
    }
}

public enum AccessKeyError: Error, CustomStringConvertible {
    case badLength(Int)
    case badCharacter

    public var description: String {
        switch self {
        case .badLength(let count):
            "an access key must be \(AccessKey.lengths.lowerBound) to \(AccessKey.lengths.upperBound) characters (this one has \(count))"
        case .badCharacter: "an access key may use only A-Z a-z 0-9 - _ . ~"
        }
    }
}
