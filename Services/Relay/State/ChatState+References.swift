import ChatProtocol
import RelayProtocol

/// The relay's checks on replies, edits, deletes and reactions (docs/PROTOCOL.md, "What the relay
/// checks"): what they are about must be a message it holds, and edits and deletes must be its author's.
extension ChatState {
    /// Why the `say` of `member` that refers to `reference` may not be sequenced, or `nil` when it may.
    /// `signerKey` is the key the say is stamped with (`nil`: unsigned). A reply is always admitted.
    func refusal(of reference: EnvelopeReference, in room: String, from member: Member, signerKey: UnsafeRawBufferPointer?, id: String) -> Envelope? {
        guard reference.relation != .reply else { return nil }
        let origin = member.origin
        guard let (entry, target) = self.heldMessage(reference, in: room) else {
            return Self.error(.unknownMessage, "\(room) holds no message \(reference.roomSequence) with id \"\(reference.id)\"", to: origin, id: id)
        }
        switch reference.relation {
        case .edit, .delete:
            guard Self.isAuthor(of: target, member: member, signerKey: signerKey) else {
                return Self.error(.notYours, "only its author may \(reference.relation == .edit ? "edit" : "delete") a message", to: origin, id: id)
            }
            let window = self.limits.editWindow
            let windowMilliseconds = UInt64(window.components.seconds) * 1000 + UInt64(window.components.attoseconds / 1_000_000_000_000_000)
            guard self.now <= target.timestamp || self.now - target.timestamp <= windowMilliseconds else {
                return Self.error(.tooLate, "a message can be edited or deleted for \(window.secondsFlagText) s after it was sent", to: origin, id: id)
            }
        case .reaction:
            guard entry.reactions < self.limits.reactionsPerMessage else {
                return Self.error(.tooManyReactions, "that message has \(self.limits.reactionsPerMessage) reactions, the most allowed", to: origin, id: id)
            }
        case .reply:
            break
        }
        return nil
    }

    /// The author of a reply's target, as the relay holds it; empty when it does not hold the target.
    func author(of reference: EnvelopeReference, in room: String) -> String {
        self.heldMessage(reference, in: room)?.message.sender ?? ""
    }

    /// The held `message` or `action` (not a share, edit, delete or reaction) that `reference` names: at its
    /// room sequence, with its id.
    private func heldMessage(_ reference: EnvelopeReference, in room: String) -> (entry: RoomHistory.Entry, message: Envelope)? {
        guard let entry = self.rooms[room]?.history.entry(at: reference.roomSequence), !entry.isShare,
            let message = try? Envelope(decoding: entry.envelope), message.reference.map({ $0.relation == .reply }) ?? true,
            message.clientVisibleID == reference.id
        else { return nil }
        return (entry, message)
    }

    /// Whether `member` wrote `message`: the same identity key, or for a message without one, the same
    /// name from a connection without a key.
    private static func isAuthor(of message: Envelope, member: Member, signerKey: UnsafeRawBufferPointer?) -> Bool {
        if let key = message.signerKey { return signerKey.map { $0.elementsEqual(key) } ?? false }
        return signerKey == nil && message.sender.lowercased() == member.name.lowercased()
    }
}
