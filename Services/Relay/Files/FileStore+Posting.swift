import ChatProtocol
import RelayProtocol

/// Sharing a body with a `file` event (docs/PROTOCOL.md, "Files"): once, by its owner, in its room,
/// complete; and deleting the event drops it.
extension FileStore {
    /// Why `owner` may not share the body `reference` names in `room`, or `nil` when they may.
    func refusal(toPost reference: EnvelopeFileReference, by owner: String, in room: String) -> FileRefusal? {
        guard let file = self.files[reference.file] else { return .expired }
        guard file.owner == owner, file.room == room else { return FileRefusal(.notYours, "that file is another person's, or for another room") }
        guard file.isComplete else { return FileRefusal(.badRequest, "that file is not complete yet") }
        guard file.post == nil else { return FileRefusal(.badRequest, "that file was shared already") }
        guard UInt64(file.size) == reference.size else { return FileRefusal(.badRequest, "that file has \(file.size) bytes, not \(reference.size)") }
        return nil
    }

    /// The body the event at `roomSequence` of `room` shared, if it is held.
    func file(postedIn room: String, at roomSequence: UInt64) -> FileID? {
        self.posts[FilePost(room: room, roomSequence: roomSequence)]
    }
}
