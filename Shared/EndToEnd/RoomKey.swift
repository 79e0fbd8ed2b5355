import ChatProtocol
import Crypto

/// One key of an encrypted room: 32 bytes, the salt it was derived with (empty for a random key), and
/// its ``KeyID``.
///
/// A room has several over time (each rotation makes one); a member keeps every key it was given, so
/// that history stays readable, and seals with the room's current one.
/// `@unchecked`: its `SymmetricKey` is immutable, but swift-crypto 3 does not mark it `Sendable`.
public struct RoomKey: @unchecked Sendable, Hashable, CustomStringConvertible {
    public static let byteCount = 32
    /// The salt of a passphrase key; a random key has none.
    public static let saltByteCount = 16

    let key: SymmetricKey
    public let salt: [UInt8]
    public let id: KeyID

    /// A new random key, from the system's secure random source: what a client encrypting a room makes.
    public static func random() -> RoomKey {
        RoomKey(key: SymmetricKey(size: .bits256), salt: [])
    }

    /// The key of these bytes and salt; `nil` unless the key is 32 bytes and the salt 0 or 16.
    public init?(bytes: some Collection<UInt8>, salt: some Collection<UInt8> = [UInt8]()) {
        guard bytes.count == Self.byteCount, salt.isEmpty || salt.count == Self.saltByteCount else { return nil }
        self.init(key: SymmetricKey(data: Array(bytes)), salt: Array(salt))
    }

    /// A random key from its base64url text (43 characters), as an invite link's `roomkey=` carries it.
    public init?(text: String) {
        guard let bytes = Base64URL.decode(text) else { return nil }
        self.init(bytes: bytes)
    }

    init(key: SymmetricKey, salt: [UInt8]) {
        self.key = key
        self.salt = salt
        self.id = KeyID(key: key, salt: salt)
    }

    /// The key itself. Secret: for the keyring file, invite links and the test vectors only.
    public var bytes: [UInt8] { self.key.withUnsafeBytes { Array($0) } }
    /// ``bytes`` in base64url.
    public var text: String { Base64URL.encode(self.bytes) }

    /// Whether it was derived from a passphrase (it has a salt).
    public var isFromPassphrase: Bool { !self.salt.isEmpty }

    /// What members compare: the key id in groups of hex digits.
    public var fingerprint: String { self.id.fingerprint }

    /// The fingerprint, never the key: a key that is printed or logged by mistake gives nothing away.
    public var description: String { "room key \(self.fingerprint)" }

    public static func == (lhs: RoomKey, rhs: RoomKey) -> Bool { lhs.id == rhs.id && lhs.bytes == rhs.bytes }
    public func hash(into hasher: inout Hasher) { hasher.combine(self.id) }
}
