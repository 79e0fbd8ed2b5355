/// `presence`: someone joined, left or was renamed in a room; carries the room's members afterwards.
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
    public var members: [String]

    public init(room: String, seq: UInt64, event: Event, name: String, from: String? = nil, members: [String]) {
        self.room = room
        self.seq = seq
        self.event = event
        self.name = name
        self.from = from
        self.members = members
    }

    func write(into writer: inout JSONWriter) {
        writer.field("room", self.room)
        writer.field("seq", self.seq)
        writer.field("event", self.event.rawValue)
        writer.field("name", self.name)
        if let from { writer.field("from", from) }
        writer.field("members", self.members)
    }
}
