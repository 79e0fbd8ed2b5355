import ChatProtocol
import Crypto
import Foundation

extension RoomKey {
    /// Seals a text sent by `sender` to this room: the `text` to put on the wire.
    ///
    /// - Parameter sender: our name as the server spells it in `from` (from the `welcome` or `renamed`),
    ///   which the others open it with: a member cannot pass a text off as another member's.
    public func seal(_ plaintext: String, sender: String) throws(EndToEndError) -> String {
        try self.seal(plaintext, sender: sender, nonce: AES.GCM.Nonce())
    }

    /// Seals with a given 12-byte nonce: for the test vectors only. A nonce must never be used twice with a key.
    func seal(_ plaintext: String, sender: String, nonce bytes: [UInt8]) throws(EndToEndError) -> String {
        let nonce: AES.GCM.Nonce
        do {
            nonce = try AES.GCM.Nonce(data: bytes)
        } catch {
            throw EndToEndError("a nonce has 12 bytes, not \(bytes.count)")
        }
        return try self.seal(plaintext, sender: sender, nonce: nonce)
    }

    private func seal(_ plaintext: String, sender: String, nonce: AES.GCM.Nonce) throws(EndToEndError) -> String {
        let box: AES.GCM.SealedBox
        do {
            box = try AES.GCM.seal(Array(plaintext.utf8), using: self.key, nonce: nonce, authenticating: self.associatedData(sender: sender))
        } catch {
            throw EndToEndError("cannot seal: \(error)")
        }
        return SealedText.prefix + Base64URL.encode(Array(box.nonce) + Array(box.ciphertext) + Array(box.tag))
    }

    /// The plaintext of a text `sender` sent to this room, or why it cannot be had.
    ///
    /// Fails for a text that is not sealed, is not base64url, is too short, or whose tag does not verify:
    /// another passphrase, another room, another sender, or any bit changed.
    public func open(_ text: String, sender: String) throws(EndToEndError) -> String {
        guard SealedText.isSealed(text) else { throw EndToEndError("not sealed (no \(SealedText.prefix) prefix)") }
        guard let bytes = Base64URL.decode(letters: text.utf8.dropFirst(SealedText.prefix.utf8.count)) else {
            throw EndToEndError("not base64url")
        }
        guard bytes.count >= SealedText.nonceByteCount + SealedText.tagByteCount else {
            throw EndToEndError("too short for a nonce and a tag")
        }
        let plaintext: Data
        do {
            let box = try AES.GCM.SealedBox(
                nonce: AES.GCM.Nonce(data: bytes.prefix(SealedText.nonceByteCount)),
                ciphertext: bytes.dropFirst(SealedText.nonceByteCount).dropLast(SealedText.tagByteCount),
                tag: bytes.suffix(SealedText.tagByteCount)
            )
            plaintext = try AES.GCM.open(box, using: self.key, authenticating: self.associatedData(sender: sender))
        } catch {
            throw EndToEndError("the tag does not verify: another passphrase, room or sender, or the text was changed")
        }
        guard let string = String(validating: plaintext, as: UTF8.self) else { throw EndToEndError("the plaintext is not UTF-8") }
        return string
    }

    /// Binds a sealed text to its room and sender.
    func associatedData(sender: String) -> [UInt8] {
        Array("privchat/e2e1\n\(self.room)\n\(sender)".utf8)
    }
}
