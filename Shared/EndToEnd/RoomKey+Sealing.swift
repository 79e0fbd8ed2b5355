import Crypto
import Foundation

extension RoomKey {
    /// Seals a text for the room: the `text` to put on the wire, `e2e2:…`.
    public func seal(_ plaintext: String, context: RoomSealContext) -> String {
        self.seal(plaintext, context: context, nonce: AES.GCM.Nonce())
    }

    /// Seals with a given 12-byte nonce: for the test vectors only. A nonce must never be used twice with a key.
    func seal(_ plaintext: String, context: RoomSealContext, nonce bytes: [UInt8]) throws(EndToEndError) -> String {
        guard let nonce = try? AES.GCM.Nonce(data: bytes) else { throw EndToEndError("a nonce has 12 bytes, not \(bytes.count)") }
        return self.seal(plaintext, context: context, nonce: nonce)
    }

    private func seal(_ plaintext: String, context: RoomSealContext, nonce: AES.GCM.Nonce) -> String {
        // Sealing fails only for a nonce or key of the wrong size, which this type never holds.
        let box = try! AES.GCM.seal(
            Array(plaintext.utf8),
            using: self.key,
            nonce: nonce,
            authenticating: context.associatedData(keyID: self.id, salt: self.salt)
        )
        return SealedRoomText(keyID: self.id, salt: self.salt, nonce: Array(box.nonce), sealed: Array(box.ciphertext) + Array(box.tag)).text
    }

    /// The plaintext of a sealed text, or why it cannot be had: sealed with another key, or its tag does
    /// not verify (another room, sender, kind or id, or any bit changed).
    public func open(_ sealed: SealedRoomText, context: RoomSealContext) throws(EndToEndError) -> String {
        guard sealed.keyID == self.id, sealed.salt == self.salt else { throw EndToEndError("sealed with another key") }
        let plaintext: Data
        do {
            let box = try AES.GCM.SealedBox(
                nonce: AES.GCM.Nonce(data: sealed.nonce),
                ciphertext: sealed.sealed.dropLast(SealedRoomText.tagByteCount),
                tag: sealed.sealed.suffix(SealedRoomText.tagByteCount)
            )
            plaintext = try AES.GCM.open(box, using: self.key, authenticating: context.associatedData(keyID: self.id, salt: self.salt))
        } catch {
            throw EndToEndError("the tag does not verify: replayed by another sender, moved, re-typed, or changed")
        }
        guard let string = String(validating: plaintext, as: UTF8.self) else { throw EndToEndError("the plaintext is not UTF-8") }
        return string
    }

    /// ``open(_:context:)`` for a wire text.
    public func open(_ text: String, context: RoomSealContext) throws(EndToEndError) -> String {
        try self.open(try SealedRoomText(parsing: text), context: context)
    }
}
