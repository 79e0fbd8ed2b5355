import Crypto
public import Identity

extension KeyShare {
    /// A member to seal a room key to: their identity key, and the sealing key it signed.
    public struct Recipient: Sendable, Hashable {
        public let identityKey: IdentityKey
        public let box: SignedBox

        public init(identityKey: IdentityKey, box: SignedBox) {
            self.identityKey = identityKey
            self.box = box
        }
    }

    /// Seals `key` to each recipient, with an ephemeral key made for this share alone and forgotten,
    /// and the proof that `sender` holds the proven key.
    ///
    /// - Parameters:
    ///   - previous: the key this one replaces (a rotation), or `nil` (a distribution): its bytes, not
    ///     only its id, since the proof is made with it.
    ///   - id: the frame id the share will be sent with, which the proof binds: picked before sealing.
    public static func seal(
        _ key: RoomKey,
        previous: RoomKey?,
        room: String,
        sender: IdentityKey,
        id: String,
        to recipients: [Recipient]
    ) -> KeyShare {
        let ephemeral = Curve25519.KeyAgreement.PrivateKey()
        return Self.seal(key, previous: previous, room: room, sender: sender, id: id, to: recipients, ephemeral: ephemeral) { _ in
            Array(AES.GCM.Nonce())
        }
    }

    /// Seals `key` in as many shares as it takes to fit `max_message_bytes`, all with the same key ids,
    /// each with a frame id from `makeID` (its proof binds it).
    public static func sealAll(
        _ key: RoomKey,
        previous: RoomKey?,
        room: String,
        sender: IdentityKey,
        to recipients: [Recipient],
        messageBytes: Int,
        makeID: () -> String
    ) -> [(id: String, share: KeyShare)] {
        let most = Self.maxRecipients(forMessageBytes: messageBytes)
        return stride(from: 0, to: max(recipients.count, 1), by: most).map { start in
            let id = makeID()
            let part = Array(recipients[start..<min(start + most, recipients.count)])
            return (id, Self.seal(key, previous: previous, room: room, sender: sender, id: id, to: part))
        }
    }

    /// Seals with a given ephemeral key and nonces: for the test vectors only.
    static func seal(
        _ key: RoomKey,
        previous: RoomKey?,
        room: String,
        sender: IdentityKey,
        id: String,
        to recipients: [Recipient],
        ephemeral: Curve25519.KeyAgreement.PrivateKey,
        nonce: (Int) -> [UInt8]
    ) -> KeyShare {
        let ephemeralPublicKey = Array(ephemeral.publicKey.rawRepresentation)
        var records: [Record] = []
        for (number, recipient) in recipients.enumerated() {
            guard let other = try? Curve25519.KeyAgreement.PublicKey(rawRepresentation: recipient.box.publicKey),
                let shared = try? ephemeral.sharedSecretFromKeyAgreement(with: other)
            else { continue }
            let wrapKey = Self.wrapKey(
                shared: shared.withUnsafeBytes { SymmetricKey(data: $0) },
                ephemeralPublicKey: ephemeralPublicKey,
                recipientBox: recipient.box.publicKey,
                room: room,
                sender: sender,
                recipient: recipient.identityKey,
                keyID: key.id
            )
            let sealed = try! AES.GCM.seal(key.bytes, using: wrapKey, nonce: AES.GCM.Nonce(data: nonce(number)))
            records.append(
                Record(
                    recipient: IdentityPrefix(recipient.identityKey),
                    nonce: Array(sealed.nonce),
                    sealed: Array(sealed.ciphertext) + Array(sealed.tag)
                )
            )
        }
        return KeyShare(
            keyID: key.id,
            previous: previous?.id ?? .none,
            proof: Self.proof(of: previous ?? key, room: room, sender: sender, id: id),
            ephemeralPublicKey: ephemeralPublicKey,
            records: records
        )
    }

    /// The key that seals one recipient's record: bound to the room, the sender, the recipient and the key id.
    static func wrapKey(
        shared: SymmetricKey,
        ephemeralPublicKey: [UInt8],
        recipientBox: [UInt8],
        room: String,
        sender: IdentityKey,
        recipient: IdentityKey,
        keyID: KeyID
    ) -> SymmetricKey {
        HKDF<SHA256>.deriveKey(
            inputKeyMaterial: shared,
            salt: ephemeralPublicKey + recipientBox,
            info: Field.joined("privchat/e2e2/share", [Array(room.utf8), sender.bytes, recipient.bytes, keyID.bytes]),
            outputByteCount: 32
        )
    }

    /// The room key in the reader's record: `nil` if the share has no record for them. The proof is
    /// not checked here: ``read(room:sender:id:for:holding:)`` does both.
    ///
    /// - Throws: for a record that does not open (another room or sender, a changed byte) or a key that
    ///   is not the one the share names: such a share gives nothing.
    func open(room: String, sender: IdentityKey, for reader: SealingKey) throws(EndToEndError) -> RoomKey? {
        guard let record = self.records.first(where: { $0.recipient == IdentityPrefix(reader.identityKey) }) else { return nil }
        guard let shared = reader.sharedSecret(with: self.ephemeralPublicKey) else { throw EndToEndError("the ephemeral key is not an X25519 key") }
        let wrapKey = Self.wrapKey(
            shared: shared,
            ephemeralPublicKey: self.ephemeralPublicKey,
            recipientBox: reader.box.publicKey,
            room: room,
            sender: sender,
            recipient: reader.identityKey,
            keyID: self.keyID
        )
        let bytes: [UInt8]
        do {
            let box = try AES.GCM.SealedBox(
                nonce: AES.GCM.Nonce(data: record.nonce),
                ciphertext: record.sealed.dropLast(16),
                tag: record.sealed.suffix(16)
            )
            bytes = Array(try AES.GCM.open(box, using: wrapKey))
        } catch {
            throw EndToEndError("the record does not open: another room or sender, or changed")
        }
        guard let key = RoomKey(bytes: bytes), key.id == self.keyID else { throw EndToEndError("the key is not the one the share names") }
        return key
    }
}
