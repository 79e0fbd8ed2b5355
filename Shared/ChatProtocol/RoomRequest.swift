/// `join`, `leave` and `who`: a request about one room.
public struct RoomRequest: Sendable, Hashable, Decodable {
    public var id: String?
    public var room: String

    public init(id: String? = nil, room: String) {
        self.id = id
        self.room = room
    }

    func write(into writer: inout JSONWriter) {
        if let id { writer.field("id", id) }
        writer.field("room", self.room)
    }
}
