/// `message` or `action`: something said in a room, in the room's order. Also the items of a room's history.
public struct ChatMessage: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable {
        case message
        /// Said with `/me`: shown as "* name text".
        case action
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

    public init(kind: Kind = .message, room: String, seq: UInt64, from: String, text: String, time: UInt64, id: String? = nil) {
        self.kind = kind
        self.room = room
        self.seq = seq
        self.from = from
        self.text = text
        self.time = time
        self.id = id
    }

    enum CodingKeys: String, CodingKey {
        case kind = "type"
        case room, seq, from, text, time, id
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
            id: self.id
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
        id: String?
    ) {
        writer.frame(kind.rawValue) { writer in
            writer.field("room", room)
            writer.field("seq", seq)
            writer.field("from", from)
            writer.messageEnd(text: text, time: time, id: id)
        }
    }
}

extension JSONWriter {
    /// The members every message ends with, in a room or direct: its text as the UTF-8 bytes it arrived
    /// as, the relay's time, and the sender's id if it gave one.
    mutating func messageEnd(text: some Collection<UInt8>, time: UInt64, id: String?) {
        self.key("text")
        self.string(utf8: text)
        self.field("time", time)
        if let id, !id.isEmpty { self.field("id", id) }
    }
}
