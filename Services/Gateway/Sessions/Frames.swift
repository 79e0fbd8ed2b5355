import ChatProtocol
import NIOCore
import RelayProtocol

/// Builds the frames a gateway sends, from the relay's envelopes. Each is built once and shared by all recipients.
enum Frames {
    // MARK: Protocol v1

    /// `message` or `action`: the text goes from the envelope's bytes into the JSON without becoming a String.
    static func message(_ envelope: Envelope) -> ByteBuffer {
        var writer = JSONWriter(capacity: 256 + envelope.payload.count)
        envelope.writeRoomMessage(into: &writer)
        return ByteBuffer(bytes: writer.bytes)
    }

    /// `presence`: who joined, left or was renamed (clients keep the member list themselves).
    static func presence(_ envelope: Envelope) -> ByteBuffer {
        let event: Presence.Event =
            envelope.flags.contains(.left) ? .left : envelope.flags.contains(.renamed) ? .renamed : .joined
        let presence = Presence(
            room: envelope.room,
            seq: envelope.roomSequence,
            event: event,
            name: envelope.sender,
            from: event == .renamed ? envelope.previousName ?? "" : nil,
            key: envelope.signerKey.map(Base64URL.encode),
            box: envelope.memberBox.map(Base64URL.encode),
            reason: event == .left && envelope.flags.contains(.byRequest) ? .leave : nil
        )
        return ByteBuffer(bytes: ServerMessage.presence(presence).encoded())
    }

    /// `typing`: a member is typing, or stopped (not sequenced).
    static func typing(_ envelope: Envelope) -> ByteBuffer {
        ByteBuffer(bytes: ServerMessage.typing(Typing(room: envelope.room, from: envelope.sender, active: envelope.isTyping)).encoded())
    }

    /// `read`: how far a member (or this person, on another device) read the room.
    static func read(_ envelope: Envelope) -> ByteBuffer {
        ByteBuffer(bytes: ServerMessage.read(ReadMarker(room: envelope.room, seq: envelope.roomSequence, from: envelope.sender)).encoded())
    }

    /// `ack` for a room message (from the published message) or a direct message (from the relay's reply).
    static func ack(_ envelope: Envelope) -> ByteBuffer {
        let ack = Ack(
            id: envelope.clientMessageID,
            room: envelope.room.isEmpty ? nil : envelope.room,
            seq: envelope.room.isEmpty ? nil : envelope.roomSequence,
            to: envelope.addressee,
            time: envelope.timestamp
        )
        return ByteBuffer(bytes: ServerMessage.ack(ack).encoded())
    }

    /// `dm`, to its addressee.
    static func direct(_ envelope: Envelope) -> ByteBuffer {
        var writer = JSONWriter(capacity: 256 + envelope.payload.count)
        envelope.writeDirectMessage(into: &writer)
        return ByteBuffer(bytes: writer.bytes)
    }

    /// `welcome`, around the `joined` snapshots the relay sent before it.
    static func welcome(name: String, key: String?, session: String, epoch: UInt64, snapshots: [[UInt8]], limits: Welcome.Limits) -> ByteBuffer {
        var writer = JSONWriter(capacity: 256 + snapshots.reduce(0) { $0 + $1.count })
        Welcome.write(into: &writer, name: name, key: key, session: session, epoch: String(epoch, radix: 16), limits: limits) { writer in
            writer.beginArray()
            for snapshot in snapshots { writer.raw(snapshot) }
            writer.endArray()
        }
        return ByteBuffer(bytes: writer.bytes)
    }

    /// `challenge`: the nonce a `hello` with a key must sign.
    static func challenge(nonce: [UInt8]) -> ByteBuffer {
        ByteBuffer(bytes: ServerMessage.challenge(Challenge(nonce: Base64URL.encode(nonce))).encoded())
    }

    /// `joined`: the relay's snapshot, forwarded as is.
    static func joined(_ envelope: Envelope) -> ByteBuffer {
        var writer = JSONWriter(capacity: 64 + envelope.payload.count)
        Joined.write(into: &writer, id: Self.id(envelope)) { writer in writer.raw(envelope.payload) }
        return ByteBuffer(bytes: writer.bytes)
    }

    /// `members`, the answer to `who`: the relay's list, forwarded as is.
    static func members(_ envelope: Envelope) -> ByteBuffer {
        var writer = JSONWriter(capacity: 64 + envelope.payload.count)
        Members.write(into: &writer, id: Self.id(envelope), room: envelope.room) { writer in writer.raw(envelope.payload) }
        return ByteBuffer(bytes: writer.bytes)
    }

    /// `renamed`, the answer to `rename`.
    static func renamed(_ envelope: Envelope) -> ByteBuffer {
        let renamed = Renamed(id: Self.id(envelope), name: envelope.sender, from: envelope.previousName ?? "")
        return ByteBuffer(bytes: ServerMessage.renamed(renamed).encoded())
    }

    /// `left`, the answer to `leave`.
    static func left(room: String, id: String?) -> ByteBuffer {
        ByteBuffer(bytes: ServerMessage.left(Left(id: id, room: room)).encoded())
    }

    /// `error`, for one client.
    static func error(_ code: ErrorCode, _ message: String, id: String?, suggestion: String? = nil) -> ByteBuffer {
        ByteBuffer(bytes: ServerMessage.error(ErrorMessage(code: code, message: message, id: id, suggestion: suggestion)).encoded())
    }

    /// The client's id for the request an envelope answers; `nil` if it gave none.
    static func id(_ envelope: Envelope) -> String? {
        envelope.clientMessageID.isEmpty ? nil : envelope.clientMessageID
    }

    // MARK: Plain mode

    /// `name: text`, or `* name text` for an action, as the seed's clients print it; a reply, an edit
    /// or a delete as docs/PROTOCOL.md ("Plain clients") words them.
    static func plainMessage(_ envelope: Envelope) -> ByteBuffer {
        let text = Self.plainText(envelope)
        var buffer = ByteBufferAllocator().buffer(capacity: envelope.sender.utf8.count + 24 + text.count)
        if let reference = envelope.reference {
            buffer.writeString(envelope.sender)
            switch reference.relation {
            case .reply: buffer.writeString(" (\(PlainWording.reply(to: reference.author))): ")
            case .edit: buffer.writeString(" (\(PlainWording.edited)): ")
            case .delete, .reaction:
                buffer.writeString(" (\(PlainWording.deleted))")
                return buffer
            }
        } else if envelope.flags.contains(.action) {
            buffer.writeStaticString("* ")
            buffer.writeString(envelope.sender)
            buffer.writeStaticString(" ")
        } else {
            buffer.writeString(envelope.sender)
            buffer.writeStaticString(": ")
        }
        buffer.writeBytes(text)
        return buffer
    }

    /// A shared file as docs/PROTOCOL.md ("Files", "Plain clients") words it: `NAME shared FILENAME (SIZE): URL`,
    /// the link at `linkBase` (``FileLinkBase``), in ``PlainWording/sharedFile(metadata:file:size:linkBase:)``'s words.
    static func plainFile(_ envelope: Envelope, linkBase: String) -> ByteBuffer {
        guard let reference = envelope.fileReference else { return Self.plainMessage(envelope) }
        let shared = PlainWording.sharedFile(metadata: envelope.text, file: reference.file, size: Int(clamping: reference.size), linkBase: linkBase)
        return ByteBuffer(string: "\(envelope.sender) \(shared)")
    }

    /// `(private) name: text`, a direct message to a plain client.
    static func plainDirect(_ envelope: Envelope) -> ByteBuffer {
        let text = Self.plainText(envelope)
        var buffer = ByteBufferAllocator().buffer(capacity: envelope.sender.utf8.count + 12 + text.count)
        buffer.writeStaticString("(private) ")
        buffer.writeString(envelope.sender)
        buffer.writeStaticString(": ")
        buffer.writeBytes(text)
        return buffer
    }

    /// A text as a plain client can show it: a sealed one (docs/PROTOCOL.md, "What plain clients see")
    /// as a marker, since its bytes mean nothing to a person.
    private static func plainText(_ envelope: Envelope) -> ArraySlice<UInt8> {
        let text = envelope.text
        guard SealedPrefix.isSealed(text) else { return text }
        return SealedPrefix.plainMarker[...]
    }

    /// `error: reason`, sent to one plain client only.
    static func plainError(_ reason: String) -> ByteBuffer {
        ByteBuffer(string: "error: \(reason)")
    }
}
