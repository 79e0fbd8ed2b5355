/// What end-to-end encryption (docs/PROTOCOL.md, "End-to-end encryption") made of a received message.
///
/// The client opens messages before anyone sees them, so a message's `text` is always something to
/// show: the plaintext, or one of the markers, never the sealed bytes.
public enum MessageEncryption: Sendable, Hashable {
    /// An ordinary message in an ordinary room.
    case none
    /// Sealed and opened: the text is what the sender wrote, in this room, as this kind and id.
    case decrypted
    /// Sealed with a key this client holds, and it does not open: replayed by another sender, moved to
    /// another room, re-typed, given another id, or changed; or a sealed text without a sender key.
    case undecryptable
    /// Sealed with a key this client was never given.
    case sealedWithoutKey
    /// Sealed with a room's new key, from a rotation that left this client out.
    case leftOut
    /// Not sealed, where it should be: in a room this client encrypts, or a direct message.
    case unencrypted

    public static let cannotDecryptMarker = "[cannot decrypt: replayed, moved or changed]"
    public static let withoutKeyMarker = "[encrypted with a key you do not have]"
    public static let leftOutMarker = "[encrypted with a newer room key you were not given]"
    /// Shown before a plain text where a sealed one belongs.
    public static let notEncryptedMarker = "[not encrypted]"

    /// What is shown instead of the text, for a text that could not be read.
    public var marker: String? {
        switch self {
        case .undecryptable: Self.cannotDecryptMarker
        case .sealedWithoutKey: Self.withoutKeyMarker
        case .leftOut: Self.leftOutMarker
        case .none, .decrypted, .unencrypted: nil
        }
    }

    /// Whether the text arrived sealed.
    public var wasSealed: Bool {
        switch self {
        case .decrypted, .undecryptable, .sealedWithoutKey, .leftOut: true
        case .none, .unencrypted: false
        }
    }

    /// The text stands in for one that could not be opened.
    public var isMarker: Bool { self.marker != nil }
}
