public import ChatProtocol
public import EndToEnd
public import Identity

/// File bodies in encrypted rooms (docs/PROTOCOL.md, "Files"): sealed with the room's current key
/// before they go up, opened with whichever key they name once they are down.
extension RoomKeyring {
    /// The key a body sent to `room` is sealed with: `nil` when the room is not encrypted.
    ///
    /// - Throws: when it is, but this client has no key to seal with (it was left out of a rotation).
    public func fileKey(for room: String) throws(EndToEndError) -> RoomKey? {
        let room = RoomName.spelled(room)
        guard self.isEncrypted(room) else { return nil }
        guard let key = self.keychain(of: room)?.currentKey else {
            throw EndToEndError("the key of \(room) was changed without you: ask a member to /add you")
        }
        return key
    }

    /// A downloaded body, opened with the key it names, bound to its room, its sender and its file id.
    public func open(fileBody sealed: [UInt8], room: String, sender: IdentityKey, file: FileID) throws(EndToEndError) -> [UInt8] {
        guard let keyID = RoomKey.keyID(ofSealedFileBody: sealed) else { throw EndToEndError("it is not a sealed file") }
        guard let key = self.key(keyID, preferring: room) else { throw EndToEndError("it is encrypted with a key you do not have") }
        return try key.open(fileBody: sealed, context: .fileBody(room: room, sender: sender, file: file))
    }
}
