/// What end-to-end encryption (docs/PROTOCOL.md, "Encrypted rooms") made of a received message.
///
/// The client opens messages before anyone sees them, so a message's `text` is always something to
/// show: the plaintext, or one of the ``marker``s, never the sealed bytes.
public enum MessageEncryption: Sendable, Hashable {
    /// An ordinary message in an ordinary room.
    case none
    /// Sealed and opened with the room's key: the text is what the sender wrote.
    case decrypted
    /// Sealed, and the room's key does not open it: another passphrase (or a changed text).
    case undecryptable
    /// Sealed, in a room this client has no passphrase for.
    case sealedWithoutKey
    /// Not sealed, in a room this client encrypts: its sender did not use the passphrase.
    case unencrypted

    /// What is shown instead of a text that cannot be read.
    public static let cannotDecryptMarker = "[cannot decrypt: different passphrase?]"
    public static let encryptedMarker = "[encrypted]"
    /// Shown before a plain text in an encrypted room.
    public static let notEncryptedMarker = "[not encrypted]"

    /// Whether the text arrived sealed.
    public var wasSealed: Bool {
        switch self {
        case .decrypted, .undecryptable, .sealedWithoutKey: true
        case .none, .unencrypted: false
        }
    }

    /// The text stands in for one that could not be opened.
    public var isMarker: Bool { self == .undecryptable || self == .sealedWithoutKey }
}
