/// The wire form of an encrypted room's text: `e2e1:` and base64url of nonce ‖ ciphertext ‖ tag.
///
/// See docs/PROTOCOL.md, "Encrypted rooms (`e2e1`)".
public enum SealedText {
    /// Marks a sealed text. Case matters: `E2E1:…` is an ordinary message.
    public static let prefix = "e2e1:"
    static let nonceByteCount = 12
    static let tagByteCount = 16

    /// Whether `text` claims to be sealed; it may still fail to open.
    public static func isSealed(_ text: String) -> Bool {
        text.utf8.starts(with: Self.prefix.utf8)
    }

    /// The most plaintext bytes whose sealed text fits a server's `max_message_bytes`.
    ///
    /// Sealing adds a nonce and a tag (28 bytes), base64url makes 4 letters of every 3 bytes, and the
    /// prefix takes 5: (max − 5) × 3 / 4 − 28, rounded down.
    public static func maxPlaintextBytes(forMessageBytes limit: Int) -> Int {
        max(0, (limit - Self.prefix.utf8.count) * 3 / 4 - Self.nonceByteCount - Self.tagByteCount)
    }
}
