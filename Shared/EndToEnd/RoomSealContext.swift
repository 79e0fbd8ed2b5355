public import ChatProtocol
public import Identity

/// What a sealed room text is bound to (docs/PROTOCOL.md, "Sealed room text"): the room, the sender's
/// identity key, the kind and the frame's id, all rebuilt by the receiver from the frame itself.
///
/// So a ciphertext replayed by another sender, moved to another room, re-typed from a message to an
/// action or given another id does not open.
public struct RoomSealContext: Sendable, Hashable {
    /// The room as the server spells it.
    public var room: String
    public var sender: IdentityKey
    /// `message`, `action`, a conversation event or `file`; `file_body` for a file's body (``fileBody(room:sender:file:)``).
    public var kind: String
    /// The frame's `id` (empty when it has none).
    public var id: String

    public init(room: String, sender: IdentityKey, kind: ChatMessage.Kind, id: String) {
        self.room = room
        self.sender = sender
        self.kind = kind.rawValue
        self.id = id
    }

    /// A file body (docs/PROTOCOL.md, "Files"): sealed with kind `file_body`, its id the file id.
    public static func fileBody(room: String, sender: IdentityKey, file: FileID) -> RoomSealContext {
        var context = RoomSealContext(room: room, sender: sender, kind: .file, id: file.hex)
        context.kind = "file_body"
        return context
    }

    /// The associated data for a text sealed with key `keyID` and `salt`.
    func associatedData(keyID: KeyID, salt: [UInt8]) -> [UInt8] {
        Field.joined(
            "privchat/e2e2/room",
            [Array(self.room.utf8), self.sender.bytes, Array(self.kind.utf8), Array(self.id.utf8), keyID.bytes, salt]
        )
    }
}
