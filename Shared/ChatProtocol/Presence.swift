/// `presence`: someone joined, left or was renamed in a room.
///
/// It names only who changed: clients keep each room's member list from its snapshot and these events
/// (``MemberList``), so that a crowd's arrival costs each member one small frame per newcomer, not the
/// whole list every time.
public struct Presence: Sendable, Hashable, Codable {
    public enum Event: String, Sendable, Hashable, Codable {
        case joined, left, renamed
    }

    public var room: String
    /// The room's sequence number: presence events are in the same order as messages.
    public var seq: UInt64
    public var event: Event
    /// Who joined or left; for `renamed`, the new name.
    public var name: String
    /// For `renamed`: the old name.
    public var from: String?
    /// For `joined` and `renamed` of a member with an identity key: the key (base64url).
    public var key: String?

    public init(room: String, seq: UInt64, event: Event, name: String, from: String? = nil, key: String? = nil) {
        self.room = room
        self.seq = seq
        self.event = event
        self.name = name
        self.from = from
        self.key = key
    }

    static let frameType = "presence"

    func write(into writer: inout JSONWriter) {
        writer.frame(Self.frameType) { writer in
            writer.field("room", self.room)
            writer.field("seq", self.seq)
            writer.field("event", self.event.rawValue)
            writer.field("name", self.name)
            if let from { writer.field("from", from) }
            if let key { writer.field("key", key) }
        }
    }
}
