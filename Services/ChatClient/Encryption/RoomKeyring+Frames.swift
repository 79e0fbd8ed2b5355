public import ChatProtocol
import EndToEnd

/// What opening made of the texts of one server frame: the frame is shown (`--json`) with these, not
/// opened a second time.
public struct FrameOpenings: Sendable {
    struct Position: Hashable {
        let room: String
        let seq: UInt64
    }

    var rooms: [Position: (text: String, encryption: MessageEncryption)] = [:]
    var direct: (text: String, encryption: MessageEncryption)?

    public init() {}
}

extension RoomKeyring {
    /// A server frame as `--json` shows it: every text of an encrypted room (or any sealed text) opened or
    /// replaced by its marker, with `"encrypted"` (it arrived sealed) and, if so, `"decrypted"` beside it;
    /// a sealed direct message likewise. Texts are taken from `openings`, as the client opened them.
    ///
    /// `nil` when nothing in the frame changes: then the frame is shown exactly as it arrived.
    public func frame(for message: ServerMessage, openings: FrameOpenings = FrameOpenings()) -> String? {
        var writer = JSONWriter()
        switch message {
        case .message(let chat):
            guard self.affects(chat) else { return nil }
            self.write(chat, openings: openings, into: &writer)
        case .welcome(let welcome):
            guard welcome.rooms.contains(where: { $0.history.contains(where: self.affects) }) else { return nil }
            Welcome.write(into: &writer, name: welcome.name, session: welcome.session, epoch: welcome.epoch, limits: welcome.limits) { writer in
                writer.beginArray()
                for snapshot in welcome.rooms { self.write(snapshot, openings: openings, into: &writer) }
                writer.endArray()
            }
        case .joined(let joined):
            guard joined.snapshot.history.contains(where: self.affects) else { return nil }
            Joined.write(into: &writer, id: joined.id) { writer in self.write(joined.snapshot, openings: openings, into: &writer) }
        case .direct(let direct):
            guard SealedPrefix.isSealed(Array(direct.text.utf8)), let (text, encryption) = openings.direct else { return nil }
            writer.beginObject()
            writer.field("type", "dm")
            writer.field("from", direct.from)
            writer.field("to", direct.to)
            Self.writeEnd(text: text, time: direct.time, id: direct.id, stamp: direct.stamp, encryption: encryption, into: &writer)
        default:
            return nil
        }
        return String(decoding: writer.bytes, as: UTF8.self)
    }

    /// Whether encryption has anything to say about a message: its room is encrypted, or it is
    /// sealed; never a share, which is shown as it came.
    func affects(_ message: ChatMessage) -> Bool {
        message.kind != .share && message.kind != .delete && (self.isEncrypted(message.room) || SealedPrefix.isSealed(Array(message.text.utf8)))
    }

    private func write(_ snapshot: RoomSnapshot, openings: FrameOpenings, into writer: inout JSONWriter) {
        RoomSnapshot.write(
            into: &writer,
            room: snapshot.room,
            seq: snapshot.seq,
            members: snapshot.members,
            keys: snapshot.keys ?? [:],
            boxes: snapshot.boxes ?? [:],
            read: snapshot.read,
            reads: snapshot.reads ?? [:],
            truncated: snapshot.truncated
        ) {
            writer in
            for message in snapshot.history { self.write(message, openings: openings, into: &writer) }
        }
    }

    private func write(_ message: ChatMessage, openings: FrameOpenings, into writer: inout JSONWriter) {
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
                stamp: message.stamp,
                reference: message.reply ?? message.target,
                file: message.file
            )
        }
        let (text, encryption) =
            openings.rooms[FrameOpenings.Position(room: message.room, seq: message.seq)]
            ?? {
                let peeked = self.peek(message)
                return (peeked.message.text, peeked.encryption)
            }()
        writer.beginObject()
        writer.field("type", message.kind.rawValue)
        writer.field("room", message.room)
        writer.field("seq", message.seq)
        writer.field("from", message.from)
        if let reference = message.reply ?? message.target { reference.write(as: message.reply != nil ? "reply" : "target", into: &writer) }
        if let file = message.file { file.write(into: &writer) }
        Self.writeEnd(text: text, time: message.time, id: message.id, stamp: message.stamp, encryption: encryption, into: &writer)
    }

    /// The end every shown message has: its text as opened, time, id, signature, what encryption made
    /// of it, and the object's close.
    private static func writeEnd(
        text: String,
        time: UInt64,
        id: String?,
        stamp: SignatureStamp?,
        encryption: MessageEncryption,
        into writer: inout JSONWriter
    ) {
        writer.field("text", text)
        writer.field("time", time)
        if let id, !id.isEmpty { writer.field("id", id) }
        if let stamp {
            writer.field("key", stamp.key)
            writer.field("sig", stamp.sig)
        }
        writer.field("encrypted", encryption.wasSealed)
        if encryption.wasSealed { writer.field("decrypted", encryption == .decrypted) }
        writer.endObject()
    }
}
