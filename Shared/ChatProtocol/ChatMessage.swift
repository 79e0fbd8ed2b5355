/// `message`, `action`, `share`, `edit`, `delete` or `reaction`: an event said in a room, in the room's
/// order. Also the items of a room's history.
public struct ChatMessage: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable {
        case message
        /// Said with `/me`: shown as "* name text".
        case action
        /// A room key sealed to members (docs/PROTOCOL.md, "Key shares"): not shown, only applied.
        case share
        /// Conversation events (docs/PROTOCOL.md, "Conversation events"), each about its `target`.
        case edit, delete, reaction
        /// A shared file (docs/PROTOCOL.md, "Files"): `text` is its metadata, `file` the relay's facts.
        case file
    }

    public var kind: Kind
    public var room: String
    /// The room's sequence number: increases with every room event; gaps are presence events.
    public var seq: UInt64
    public var from: String
    public var text: String
    /// Relay time, milliseconds since 1970.
    public var time: UInt64
    /// The sender's id for the message, if it gave one.
    public var id: String?
    /// The sender's identity key and signature (base64url), if the sender has a key.
    public var key: String?
    public var sig: String?
    /// The message a `message` or `action` answers.
    public var reply: MessageReference?
    /// The message an `edit`, `delete` or `reaction` is about.
    public var target: MessageReference?
    /// The body a `file` event shares.
    public var file: FileFacts?

    public init(
        kind: Kind = .message,
        room: String,
        seq: UInt64,
        from: String,
        text: String,
        time: UInt64,
        id: String? = nil,
        key: String? = nil,
        sig: String? = nil,
        reply: MessageReference? = nil,
        target: MessageReference? = nil,
        file: FileFacts? = nil
    ) {
        self.kind = kind
        self.room = room
        self.seq = seq
        self.from = from
        self.text = text
        self.time = time
        self.id = id
        self.key = key
        self.sig = sig
        self.reply = reply
        self.target = target
        self.file = file
    }

    /// The sender's key and signature, if it signed the message.
    public var stamp: SignatureStamp? { SignatureStamp(key: self.key, sig: self.sig) }

    enum CodingKeys: String, CodingKey {
        case kind = "type"
        case room, seq, from, text, time, id, key, sig, reply, target, file
    }

    func write(into writer: inout JSONWriter) {
        Self.write(
            into: &writer,
            kind: self.kind,
            room: self.room,
            seq: self.seq,
            from: self.from,
            text: Array(self.text.utf8),
            time: self.time,
            id: self.id,
            stamp: SignatureStamp(key: self.key, sig: self.sig),
            reference: self.reply ?? self.target,
            file: self.file
        )
    }

    /// Writes the whole object from its parts, taking the text as the UTF-8 bytes it arrived as.
    public static func write(
        into writer: inout JSONWriter,
        kind: Kind,
        room: String,
        seq: UInt64,
        from: String,
        text: some Collection<UInt8>,
        time: UInt64,
        id: String?,
        stamp: SignatureStamp? = nil,
        reference: MessageReference? = nil,
        file: FileFacts? = nil
    ) {
        writer.frame(kind.rawValue) { writer in
            writer.field("room", room)
            writer.field("seq", seq)
            writer.field("from", from)
            writer.messageEnd(text: text, time: time, id: id, stamp: stamp)
            if let reference { reference.write(as: kind.refersAsReply ? "reply" : "target", into: &writer) }
            if let file { file.write(into: &writer) }
        }
    }
}

extension JSONWriter {
    /// The members every message ends with, in a room or direct: its text as the UTF-8 bytes it arrived
    /// as, the relay's time, the sender's id if it gave one, and its key and signature if it has a key.
    mutating func messageEnd(text: some Collection<UInt8>, time: UInt64, id: String?, stamp: SignatureStamp?) {
        self.key("text")
        self.string(utf8: text)
        self.field("time", time)
        if let id, !id.isEmpty { self.field("id", id) }
        if let stamp {
            self.field("key", stamp.key)
            self.field("sig", stamp.sig)
        }
    }
}

extension ChatMessage.Kind {
    /// Whether this kind's reference is the message it answers (`reply`), not the one it is about (`target`).
    var refersAsReply: Bool { self == .message || self == .action || self == .file }

    /// Whether this kind is about another message and must name it (`target`).
    public var isTargeted: Bool { self == .edit || self == .delete || self == .reaction }
}
