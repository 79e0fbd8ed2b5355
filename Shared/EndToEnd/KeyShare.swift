import ChatProtocol

/// A room key sealed to members, as the text of a `share` carries it: `e2k2:` and base64url of key id
/// ‖ previous key id ‖ possession proof ‖ ephemeral X25519 public key ‖ one record per recipient
/// (docs/PROTOCOL.md, "Key shares").
///
/// Parsing checks the shape only; ``read(room:sender:id:for:holding:)`` opens the reader's record and
/// checks the proof.
public struct KeyShare: Sendable, Hashable {
    /// One recipient's copy of the key.
    public struct Record: Sendable, Hashable {
        public static let byteCount = IdentityPrefix.byteCount + 12 + RoomKey.byteCount + 16
        public let recipient: IdentityPrefix
        let nonce: [UInt8]
        /// The room key sealed with the wrap key, tag at the end.
        let sealed: [UInt8]
    }

    static let headerByteCount = 2 * KeyID.byteCount + Self.proofByteCount + 32

    /// The key shared.
    public let keyID: KeyID
    /// The key it replaces, or ``KeyID/none``: a share that names the current key rotates it.
    public let previous: KeyID
    /// That the sender holds the key ``provenKeyID`` names (``KeyShare+Proof``).
    let proof: [UInt8]
    let ephemeralPublicKey: [UInt8]
    public let records: [Record]

    /// Whom it was sealed to.
    public var recipients: [IdentityPrefix] { self.records.map(\.recipient) }

    public init(parsing text: String) throws(EndToEndError) {
        guard text.utf8.starts(with: SealedPrefix.share.utf8) else { throw EndToEndError("not a key share (no \(SealedPrefix.share) prefix)") }
        guard let bytes = Base64URL.decode(letters: text.utf8.dropFirst(SealedPrefix.share.utf8.count)) else {
            throw EndToEndError("not base64url")
        }
        guard bytes.count >= Self.headerByteCount, (bytes.count - Self.headerByteCount) % Record.byteCount == 0 else {
            throw EndToEndError("not a header and whole records")
        }
        self.keyID = KeyID(unchecked: Array(bytes[0..<8]))
        self.previous = KeyID(unchecked: Array(bytes[8..<16]))
        self.proof = Array(bytes[16..<32])
        self.ephemeralPublicKey = Array(bytes[32..<Self.headerByteCount])
        self.records = stride(from: Self.headerByteCount, to: bytes.count, by: Record.byteCount).map { start in
            Record(
                recipient: IdentityPrefix(unchecked: Array(bytes[start..<start + 8])),
                nonce: Array(bytes[start + 8..<start + 20]),
                sealed: Array(bytes[start + 20..<start + Record.byteCount])
            )
        }
    }

    init(keyID: KeyID, previous: KeyID, proof: [UInt8], ephemeralPublicKey: [UInt8], records: [Record]) {
        (self.keyID, self.previous, self.proof, self.ephemeralPublicKey, self.records) = (keyID, previous, proof, ephemeralPublicKey, records)
    }

    /// The wire text.
    public var text: String {
        var bytes = self.keyID.bytes + self.previous.bytes + self.proof + self.ephemeralPublicKey
        for record in self.records { bytes += record.recipient.bytes + record.nonce + record.sealed }
        return SealedPrefix.share + Base64URL.encode(bytes)
    }

    /// How many records fit one share under a server's `max_message_bytes` (721 with the default 65,536).
    public static func maxRecipients(forMessageBytes limit: Int) -> Int {
        max(1, ((limit - SealedPrefix.share.utf8.count) * 3 / 4 - Self.headerByteCount) / Record.byteCount)
    }
}
