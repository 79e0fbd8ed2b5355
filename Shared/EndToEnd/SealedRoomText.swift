import ChatProtocol

/// A room text as the wire carries it once sealed: `e2e2:` and base64url of key id ‖ salt length ‖
/// salt ‖ nonce ‖ ciphertext ‖ tag (docs/PROTOCOL.md, "Sealed room text").
///
/// Parsing checks only the shape, so that the receiver can find the key by its id (and, in a
/// passphrase room, the salt to derive it with) before anything is opened.
public struct SealedRoomText: Sendable, Hashable {
    static let nonceByteCount = 12
    static let tagByteCount = 16

    public let keyID: KeyID
    public let salt: [UInt8]
    let nonce: [UInt8]
    /// The ciphertext with the tag at its end.
    let sealed: [UInt8]

    /// Whether `text` claims to be a sealed room text (it may still fail to parse or open).
    public static func isSealed(_ text: String) -> Bool {
        text.utf8.starts(with: SealedPrefix.room.utf8)
    }

    public init(parsing text: String) throws(EndToEndError) {
        guard Self.isSealed(text) else { throw EndToEndError("not a sealed room text (no \(SealedPrefix.room) prefix)") }
        guard let bytes = Base64URL.decode(letters: text.utf8.dropFirst(SealedPrefix.room.utf8.count)) else {
            throw EndToEndError("not base64url")
        }
        try self.init(bytes: bytes)
    }

    /// Reads the bytes a sealed text's base64url holds (a sealed file body is these bytes as they are).
    public init(bytes: [UInt8]) throws(EndToEndError) {
        guard bytes.count > KeyID.byteCount else { throw EndToEndError("too short for a key id and a salt length") }
        let saltCount = Int(bytes[KeyID.byteCount])
        guard saltCount == 0 || saltCount == RoomKey.saltByteCount else { throw EndToEndError("a salt has 0 or 16 bytes, not \(saltCount)") }
        let nonceStart = KeyID.byteCount + 1 + saltCount
        guard bytes.count >= nonceStart + Self.nonceByteCount + Self.tagByteCount else {
            throw EndToEndError("too short for its header, a nonce and a tag")
        }
        self.keyID = KeyID(unchecked: Array(bytes[..<KeyID.byteCount]))
        self.salt = Array(bytes[(KeyID.byteCount + 1)..<nonceStart])
        self.nonce = Array(bytes[nonceStart..<(nonceStart + Self.nonceByteCount)])
        self.sealed = Array(bytes[(nonceStart + Self.nonceByteCount)...])
    }

    init(keyID: KeyID, salt: [UInt8], nonce: [UInt8], sealed: [UInt8]) {
        (self.keyID, self.salt, self.nonce, self.sealed) = (keyID, salt, nonce, sealed)
    }

    /// The wire text.
    public var text: String { SealedPrefix.room + Base64URL.encode(self.bytes) }

    /// Key id ‖ salt length ‖ salt ‖ nonce ‖ ciphertext ‖ tag.
    public var bytes: [UInt8] { self.keyID.bytes + [UInt8(self.salt.count)] + self.salt + self.nonce + self.sealed }

    /// The most plaintext bytes whose sealed text fits a server's `max_message_bytes`: base64url
    /// makes 4 letters of every 3 bytes, after the 5-letter prefix, and sealing adds the key id, the
    /// salt length, the salt, a nonce and a tag (37 bytes, 53 with a salt).
    public static func maxPlaintextBytes(forMessageBytes limit: Int, passphrase: Bool) -> Int {
        let overhead = KeyID.byteCount + 1 + (passphrase ? RoomKey.saltByteCount : 0) + Self.nonceByteCount + Self.tagByteCount
        return max(0, (limit - SealedPrefix.room.utf8.count) * 3 / 4 - overhead)
    }
}
