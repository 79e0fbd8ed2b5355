import ChatProtocol
import NIOCore
import RelayProtocol

/// Edits, deletes, reactions, typing and read markers (docs/PROTOCOL.md, "Conversation events"). The
/// gateway checks what it can read; what they refer to, and whose it is, the relay checks.
extension ChatSession {
    func edit(_ event: TargetedMessage) -> ByteBuffer? {
        let text = event.text ?? ""
        if let problem = self.check(text: text, id: event.id) { return problem }
        return self.send(text, about: event, .edit)
    }

    func delete(_ event: TargetedMessage) -> ByteBuffer? {
        guard (event.text ?? "").isEmpty else {
            return Frames.error(.badRequest, "delete: a delete has no text", id: event.id)
        }
        return self.send("", about: event, .delete)
    }

    func reaction(_ event: TargetedMessage) -> ByteBuffer? {
        guard let text = event.text else { return Frames.error(.badRequest, "reaction: missing field \"text\"", id: event.id) }
        guard Self.isReaction(text) else {
            self.context.metrics.refusedInvalidText.increment()
            return Frames.error(
                .invalidText,
                "a reaction is + or - and then 1 to \(ReactionText.maximumBytes) bytes without spaces or control characters, or sealed: not sent",
                id: event.id
            )
        }
        return self.send(text, about: event, .reaction)
    }

    /// A reaction in the clear, or a sealed one no longer than a message may be.
    private static func isReaction(_ text: String) -> Bool {
        ReactionText(text) != nil || (SealedPrefix.isSealed(text.utf8) && MessageText.verdict(on: text.utf8, limit: 1024) == .relay)
    }

    private func send(_ text: String, about event: TargetedMessage, _ relation: EnvelopeReference.Relation) -> ByteBuffer? {
        let reference = EnvelopeReference(relation: relation, roomSequence: event.target.seq, id: event.target.id)
        return self.send(text, to: event.room, id: event.id, sig: event.sig, flags: [], reference: reference)
    }

    /// Passes a member's typing on to the relay, at most 1 a second (3 at once); the rest is ignored, as the
    /// relay would: a hint, which the next one repeats.
    mutating func typing(_ typing: Typing) -> ByteBuffer? {
        guard let room = try? RoomName(validating: typing.room), let name = self.context.hub.sender(self.context.connectionID, in: room.value) else {
            return Frames.error(.notInRoom, "you are not in \(typing.room)", id: nil)
        }
        guard self.typingPace.take(now: .now) else { return nil }
        _ = self.context.send(.typing(origin: self.context.origin, room: room.value, name: name, active: typing.active))
        return nil
    }

    func read(_ marker: ReadMarker) -> ByteBuffer? {
        guard let room = try? RoomName(validating: marker.room), self.context.hub.sender(self.context.connectionID, in: room.value) != nil else {
            return Frames.error(.notInRoom, "you are not in \(marker.room)", id: nil)
        }
        let envelope = Envelope.read(origin: self.context.origin, room: room.value, through: marker.seq, visible: marker.visible ?? false)
        return self.failure(of: self.context.send(envelope), id: nil)
    }
}
