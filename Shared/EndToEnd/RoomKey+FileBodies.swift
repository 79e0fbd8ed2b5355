import Crypto
import Foundation

/// File bodies (docs/PROTOCOL.md, "Files"): sealed before upload with the room key, as the bytes of a
/// sealed text before its base64url, with the associated data of kind `file_body` and the file id.
extension RoomKey {
    /// How many bytes sealing adds to a body: key id, salt length, salt, nonce and tag.
    public var sealedFileOverhead: Int { KeyID.byteCount + 1 + self.salt.count + SealedRoomText.nonceByteCount + SealedRoomText.tagByteCount }

    /// Seals a file body for upload.
    public func seal(fileBody body: some Collection<UInt8>, context: RoomSealContext) -> [UInt8] {
        self.seal(fileBody: body, context: context, nonce: AES.GCM.Nonce())
    }

    /// Seals with a given 12-byte nonce: for the test vectors only. A nonce must never be used twice with a key.
    func seal(fileBody body: some Collection<UInt8>, context: RoomSealContext, nonce bytes: [UInt8]) throws(EndToEndError) -> [UInt8] {
        guard let nonce = try? AES.GCM.Nonce(data: bytes) else { throw EndToEndError("a nonce has 12 bytes, not \(bytes.count)") }
        return self.seal(fileBody: body, context: context, nonce: nonce)
    }

    private func seal(fileBody body: some Collection<UInt8>, context: RoomSealContext, nonce: AES.GCM.Nonce) -> [UInt8] {
        // Sealing fails only for a nonce or key of the wrong size, which this type never holds.
        let box = try! AES.GCM.seal(Array(body), using: self.key, nonce: nonce, authenticating: context.associatedData(keyID: self.id, salt: self.salt))
        return SealedRoomText(keyID: self.id, salt: self.salt, nonce: Array(box.nonce), sealed: Array(box.ciphertext) + Array(box.tag)).bytes
    }

    /// The body of a sealed file, or why it cannot be had (another key, room, sender or file, or any bit changed).
    public func open(fileBody sealed: [UInt8], context: RoomSealContext) throws(EndToEndError) -> [UInt8] {
        let parsed = try SealedRoomText(bytes: sealed)
        guard parsed.keyID == self.id, parsed.salt == self.salt else { throw EndToEndError("sealed with another key") }
        do {
            let box = try AES.GCM.SealedBox(
                nonce: AES.GCM.Nonce(data: parsed.nonce),
                ciphertext: parsed.sealed.dropLast(SealedRoomText.tagByteCount),
                tag: parsed.sealed.suffix(SealedRoomText.tagByteCount)
            )
            return Array(try AES.GCM.open(box, using: self.key, authenticating: context.associatedData(keyID: self.id, salt: self.salt)))
        } catch {
            throw EndToEndError("the tag does not verify: another room, sender or file, or changed")
        }
    }

    /// The key id a sealed body names, to find the key it needs before opening it; `nil` if it is too short.
    public static func keyID(ofSealedFileBody sealed: [UInt8]) -> KeyID? {
        try? SealedRoomText(bytes: sealed).keyID
    }
}
