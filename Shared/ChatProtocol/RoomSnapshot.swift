/// A room as a client sees it on arrival: who is there, and what was said recently.
public struct RoomSnapshot: Sendable, Hashable, Codable {
    public var room: String
    /// The room's last sequence number when the snapshot was taken: later events have higher ones.
    public var seq: UInt64
    public var members: [String]
    /// The identity keys (base64url) of the members that have one, by name: so a client can pin and
    /// compare safety numbers with someone before they say anything.
    public var keys: [String: String]?
    /// Their sealing keys (base64url, signed by the identity key), by name, likewise.
    public var boxes: [String: String]?
    /// How far you read the room (docs/PROTOCOL.md, "Conversation events"): on any of your devices.
    public var read: UInt64?
    /// How far the members who show it read, by name.
    public var reads: [String: UInt64]?
    /// Recent messages, oldest first: the last ones the relay holds, or exactly those after the resume point.
    public var history: [ChatMessage]
    /// The client asked to resume, and some of what it missed is no longer held (or the relay restarted).
    public var truncated: Bool

    public init(
        room: String,
        seq: UInt64,
        members: [String],
        keys: [String: String]? = nil,
        boxes: [String: String]? = nil,
        read: UInt64? = nil,
        reads: [String: UInt64]? = nil,
        history: [ChatMessage],
        truncated: Bool
    ) {
        self.room = room
        self.seq = seq
        self.members = members
        self.keys = keys
        self.boxes = boxes
        self.read = read
        self.reads = reads
        self.history = history
        self.truncated = truncated
    }

    public func write(into writer: inout JSONWriter) {
        Self.write(
            into: &writer,
            room: self.room,
            seq: self.seq,
            members: self.members,
            keys: self.keys ?? [:],
            boxes: self.boxes ?? [:],
            read: self.read,
            reads: self.reads ?? [:],
            truncated: self.truncated
        ) {
            writer in
            for message in self.history { message.write(into: &writer) }
        }
    }

    /// Writes a snapshot whose history items are written by `history`, one object each.
    public static func write(
        into writer: inout JSONWriter,
        room: String,
        seq: UInt64,
        members: [String],
        keys: [String: String] = [:],
        boxes: [String: String] = [:],
        read: UInt64? = nil,
        reads: [String: UInt64] = [:],
        truncated: Bool,
        history: (inout JSONWriter) -> Void
    ) {
        writer.beginObject()
        writer.field("room", room)
        writer.field("seq", seq)
        writer.field("members", members)
        Self.write(keys, as: "keys", into: &writer)
        Self.write(boxes, as: "boxes", into: &writer)
        if let read { writer.field("read", read) }
        if !reads.isEmpty {
            writer.key("reads")
            writer.beginObject()
            for name in reads.keys.sorted() {
                writer.keyDynamic(name)
                writer.number(reads[name]!)
            }
            writer.endObject()
        }
        writer.key("history")
        writer.beginArray()
        history(&writer)
        writer.endArray()
        writer.key("truncated")
        writer.bool(truncated)
        writer.endObject()
    }

    /// A name → key object, sorted by name; nothing when it is empty.
    private static func write(_ keys: [String: String], as member: StaticString, into writer: inout JSONWriter) {
        guard !keys.isEmpty else { return }
        writer.key(member)
        writer.beginObject()
        for name in keys.keys.sorted() {
            writer.keyDynamic(name)
            writer.string(keys[name]!)
        }
        writer.endObject()
    }
}
