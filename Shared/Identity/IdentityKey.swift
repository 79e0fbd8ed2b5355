import ChatProtocol
import Crypto

/// Someone's public identity key: an Ed25519 key (docs/PROTOCOL.md, "Identity (id1)").
///
/// Parsed once, so that verifying each of a sender's messages does not parse the key again.
/// `@unchecked`: the swift-crypto key is immutable, but swift-crypto 3 does not mark it `Sendable`.
public struct IdentityKey: @unchecked Sendable, Hashable, CustomStringConvertible {
    /// The 32 bytes of the key, as the relay binds and the wire carries them.
    public let bytes: [UInt8]
    let key: Curve25519.Signing.PublicKey

    public static let byteCount = 32
    public static let signatureByteCount = 64

    public init?(bytes: some Collection<UInt8>) {
        guard bytes.count == Self.byteCount, let key = try? Curve25519.Signing.PublicKey(rawRepresentation: Array(bytes)) else { return nil }
        self.bytes = Array(bytes)
        self.key = key
    }

    /// The key from its wire text (base64url, 43 characters).
    public init?(text: String) {
        guard let bytes = Base64URL.decode(text) else { return nil }
        self.init(bytes: bytes)
    }

    /// The wire text of the key.
    public var text: String { Base64URL.encode(self.bytes) }

    /// Whether `signature` is this key's over `input`.
    public func isValidSignature(_ signature: some Collection<UInt8>, for input: [UInt8]) -> Bool {
        signature.count == Self.signatureByteCount && self.key.isValidSignature(Array(signature), for: input)
    }

    /// Whether `signature` (base64url) is this key's over `input`.
    public func isValidSignature(text signature: String, for input: [UInt8]) -> Bool {
        guard let bytes = Base64URL.decode(signature) else { return false }
        return self.isValidSignature(bytes, for: input)
    }

    /// 16 hex digits in groups of 4 (`c5aa 2c80 6fdc 14a6`): a short name for the key, to show people.
    public var fingerprint: String {
        var hash = SHA256()
        hash.update(data: Array("privchat/id1/fingerprint".utf8))
        hash.update(data: self.bytes)
        return GroupedHex.text(hash.finalize().prefix(8))
    }

    public var description: String { self.fingerprint }

    public static func == (lhs: IdentityKey, rhs: IdentityKey) -> Bool { lhs.bytes == rhs.bytes }
    public func hash(into hasher: inout Hasher) { hasher.combine(self.bytes) }
}
