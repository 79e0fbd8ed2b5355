import ChatProtocol

/// Someone's sealing key as the wire carries it (`box`): an X25519 public key and its identity key's
/// signature of it, 96 bytes (docs/PROTOCOL.md, "Sealing keys").
///
/// The gateway checks only the shape; whoever uses a box checks the signature first, with the key of
/// the member it came with (``isSigned(by:)``), so that a server cannot hand out a sealing key of its own.
public struct SignedBox: Sendable, Hashable {
    public static let byteCount = 96
    static let publicKeyCount = 32

    /// The X25519 public key, 32 bytes.
    public let publicKey: [UInt8]
    /// The Ed25519 signature of ``SigningInput/box(publicKey:)``, 64 bytes.
    public let signature: [UInt8]

    public init?(bytes: some Collection<UInt8>) {
        guard bytes.count == Self.byteCount else { return nil }
        let bytes = Array(bytes)
        self.publicKey = Array(bytes[..<Self.publicKeyCount])
        self.signature = Array(bytes[Self.publicKeyCount...])
    }

    /// The box of its wire text (base64url, 128 characters).
    public init?(text: String) {
        guard let bytes = Base64URL.decode(text) else { return nil }
        self.init(bytes: bytes)
    }

    init(publicKey: [UInt8], signature: [UInt8]) {
        self.publicKey = publicKey
        self.signature = signature
    }

    public var bytes: [UInt8] { self.publicKey + self.signature }
    public var text: String { Base64URL.encode(self.bytes) }

    /// Whether `key` signed this sealing key: only then is it that member's.
    public func isSigned(by key: IdentityKey) -> Bool {
        key.isValidSignature(self.signature, for: SigningInput.box(publicKey: self.publicKey))
    }
}
