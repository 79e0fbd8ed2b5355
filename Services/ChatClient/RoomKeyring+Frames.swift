public import ChatProtocol
import EndToEnd

extension RoomKeyring {
    /// A server frame as `--json` shows it: every text of an encrypted room (or any sealed text) opened or
    /// replaced by its marker, with `"encrypted"` (it arrived sealed) and, if so, `"decrypted"` beside it.
    ///
    /// `nil` when nothing in the frame changes: then the frame is shown exactly as it arrived.
    public func frame(for message: ServerMessage) -> String? {
        var writer = JSONWriter()
        switch message {
        case .message(let chat):
            guard self.affects(chat) else { return nil }
            self.write(chat, into: &writer)
        case .welcome(let welcome):
            guard welcome.rooms.contains(where: { $0.history.contains(where: self.affects) }) else { return nil }
            Welcome.write(into: &writer, name: welcome.name, session: welcome.session, epoch: welcome.epoch, limits: welcome.limits) { writer in
                writer.beginArray()
                for snapshot in welcome.rooms { self.write(snapshot, into: &writer) }
                writer.endArray()
            }
        case .joined(let joined):
            guard joined.snapshot.history.contains(where: self.affects) else { return nil }
            Joined.write(into: &writer, id: joined.id) { writer in self.write(joined.snapshot, into: &writer) }
        default:
            return nil
        }
        return String(decoding: writer.bytes, as: UTF8.self)
    }

    /// Whether encryption has anything to say about a message: its room is encrypted, or it is sealed.
    func affects(_ message: ChatMessage) -> Bool {
        self.key(for: message.room) != nil || SealedText.isSealed(message.text)
    }

    private func write(_ snapshot: RoomSnapshot, into writer: inout JSONWriter) {
        RoomSnapshot.write(
            into: &writer,
            room: snapshot.room,
            seq: snapshot.seq,
            members: snapshot.members,
            keys: snapshot.keys ?? [:],
            truncated: snapshot.truncated
        ) {
            writer in
            for message in snapshot.history { self.write(message, into: &writer) }
        }
    }

    private func write(_ message: ChatMessage, into writer: inout JSONWriter) {
        guard self.affects(message) else {
            return ChatMessage.write(
                into: &writer,
                kind: message.kind,
                room: message.room,
                seq: message.seq,
                from: message.from,
                text: Array(message.text.utf8),
                time: message.time,
                id: message.id,
                stamp: message.stamp
            )
        }
        let (opened, encryption) = self.open(message)
        writer.beginObject()
        writer.field("type", opened.kind.rawValue)
        writer.field("room", opened.room)
        writer.field("seq", opened.seq)
        writer.field("from", opened.from)
        writer.field("text", opened.text)
        writer.field("time", opened.time)
        if let id = opened.id, !id.isEmpty { writer.field("id", id) }
        if let stamp = message.stamp {
            writer.field("key", stamp.key)
            writer.field("sig", stamp.sig)
        }
        writer.field("encrypted", encryption.wasSealed)
        if encryption.wasSealed { writer.field("decrypted", encryption == .decrypted) }
        writer.endObject()
    }
}
