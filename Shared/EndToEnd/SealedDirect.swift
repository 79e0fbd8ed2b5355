import ChatProtocol
import Crypto
import Foundation
public import Identity

/// A direct message sealed between two people's sealing keys: `e2d2:` and base64url of the sender's
/// box ‖ nonce ‖ ciphertext ‖ tag (docs/PROTOCOL.md, "Direct messages").
///
/// The sender's box travels inside, so that a reader who shares no room with the sender can still
/// open it: the reader verifies it with the `dm`'s key first, so nobody else's sealing key is used.
public enum SealedDirect {
    static let nonceByteCount = 12
    static let tagByteCount = 16

    /// Whether `text` claims to be a sealed direct message (it may still fail to open).
    public static func isSealed(_ text: String) -> Bool {
        text.utf8.starts(with: SealedPrefix.direct.utf8)
    }

    /// Seals `plaintext` from the owner of `sender` to `recipient`, whose box must be signed by them
    /// (checked here too); `nil` if it is not.
    public static func seal(_ plaintext: String, id: String, from sender: SealingKey, to recipient: IdentityKey, box: SignedBox) -> String? {
        try? Self.seal(plaintext, id: id, from: sender, to: recipient, box: box, nonce: Array(AES.GCM.Nonce()))
    }

    /// Seals with a given 12-byte nonce: for the test vectors only.
    static func seal(
        _ plaintext: String,
        id: String,
        from sender: SealingKey,
        to recipient: IdentityKey,
        box: SignedBox,
        nonce: [UInt8]
    ) throws(EndToEndError)
        -> String
    {
        guard box.isSigned(by: recipient) else { throw EndToEndError("the recipient's box is not signed by their key") }
        guard let key = Self.pairKey(own: sender, other: recipient, otherBox: box.publicKey) else {
            throw EndToEndError("the box is not an X25519 key")
        }
        guard let nonce = try? AES.GCM.Nonce(data: nonce) else { throw EndToEndError("a nonce has 12 bytes") }
        let aad = Self.associatedData(sender: sender.identityKey, recipient: recipient, id: id)
        let sealed = try! AES.GCM.seal(Array(plaintext.utf8), using: key, nonce: nonce, authenticating: aad)
        return SealedPrefix.direct + Base64URL.encode(sender.box.bytes + Array(sealed.nonce) + Array(sealed.ciphertext) + Array(sealed.tag))
    }

    /// The plaintext of a direct message to the owner of `reader`, and the sender's box (now known to
    /// be theirs); throws when it is not sealed, its box is not `sender`'s, or it does not open.
    public static func open(
        _ text: String,
        id: String,
        sender: IdentityKey,
        reader: SealingKey
    ) throws(EndToEndError) -> (text: String, senderBox: SignedBox) {
        guard Self.isSealed(text) else { throw EndToEndError("not a sealed direct message") }
        guard let bytes = Base64URL.decode(letters: text.utf8.dropFirst(SealedPrefix.direct.utf8.count)) else { throw EndToEndError("not base64url") }
        guard bytes.count >= SignedBox.byteCount + Self.nonceByteCount + Self.tagByteCount else { throw EndToEndError("too short") }
        let box = SignedBox(bytes: bytes[..<SignedBox.byteCount])!
        guard box.isSigned(by: sender) else { throw EndToEndError("the sender's box is not signed by the message's key") }
        guard let key = Self.pairKey(own: reader, other: sender, otherBox: box.publicKey) else { throw EndToEndError("the box is not an X25519 key") }
        let rest = bytes[SignedBox.byteCount...]
        let plaintext: Data
        do {
            let sealed = try AES.GCM.SealedBox(
                nonce: AES.GCM.Nonce(data: rest.prefix(Self.nonceByteCount)),
                ciphertext: rest.dropFirst(Self.nonceByteCount).dropLast(Self.tagByteCount),
                tag: rest.suffix(Self.tagByteCount)
            )
            plaintext = try AES.GCM.open(
                sealed,
                using: key,
                authenticating: Self.associatedData(sender: sender, recipient: reader.identityKey, id: id)
            )
        } catch {
            throw EndToEndError("the tag does not verify: for someone else, another id, or changed")
        }
        guard let string = String(validating: plaintext, as: UTF8.self) else { throw EndToEndError("the plaintext is not UTF-8") }
        return (string, box)
    }

    /// The key two people share: HKDF of their X25519 secret, bound to both identity keys, lower first.
    static func pairKey(own: SealingKey, other: IdentityKey, otherBox: [UInt8]) -> SymmetricKey? {
        guard let shared = own.sharedSecret(with: otherBox) else { return nil }
        let (low, high) = own.identityKey.bytes.lexicographicallyPrecedes(other.bytes) ? (own.identityKey, other) : (other, own.identityKey)
        return HKDF<SHA256>.deriveKey(inputKeyMaterial: shared, info: Field.joined("privchat/e2e2/dm", [low.bytes, high.bytes]), outputByteCount: 32)
    }

    static func associatedData(sender: IdentityKey, recipient: IdentityKey, id: String) -> [UInt8] {
        Field.joined("privchat/e2e2/dm", [sender.bytes, recipient.bytes, Array(id.utf8)])
    }

    /// The most plaintext bytes whose sealed text fits `max_message_bytes` (the box, a nonce and a tag: 124 bytes).
    public static func maxPlaintextBytes(forMessageBytes limit: Int) -> Int {
        max(0, (limit - SealedPrefix.direct.utf8.count) * 3 / 4 - SignedBox.byteCount - Self.nonceByteCount - Self.tagByteCount)
    }
}
