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
    /// With `key`, if the member has one: its sealing key (base64url), signed by the identity key.
    public var box: String?
    /// For `left`: `leave` when the member left the room by asking; absent when its connection ended.
    public var reason: Reason?

    public enum Reason: String, Sendable, Hashable, Codable {
        /// The member sent `leave`: the only departure that rotates an encrypted room's key.
        case leave
    }

    public init(
        room: String,
        seq: UInt64,
        event: Event,
        name: String,
        from: String? = nil,
        key: String? = nil,
        box: String? = nil,
        reason: Reason? = nil
    ) {
        self.room = room
        self.seq = seq
        self.event = event
        self.name = name
        self.from = from
        self.key = key
        self.box = box
        self.reason = reason
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
            if let box { writer.field("box", box) }
            if let reason { writer.field("reason", reason.rawValue) }
        }
    }
}
