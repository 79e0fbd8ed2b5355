/// `members`: the answer to `who`.
public struct Members: Sendable, Hashable, Codable {
    public var id: String?
    public var room: String
    public var members: [String]

    public init(id: String? = nil, room: String, members: [String]) {
        self.id = id
        self.room = room
        self.members = members
    }

    func write(into writer: inout JSONWriter) {
        if let id { writer.field("id", id) }
        writer.field("room", self.room)
        writer.field("members", self.members)
    }
}
