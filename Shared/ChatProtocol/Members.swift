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

    static let frameType = "members"

    func write(into writer: inout JSONWriter) {
        Self.write(into: &writer, id: self.id, room: self.room) { writer in
            writer.beginArray()
            for member in self.members { writer.string(member) }
            writer.endArray()
        }
    }

    /// Writes the whole frame, its `members` array written by `members` (the relay's fragment, as is).
    public static func write(into writer: inout JSONWriter, id: String?, room: String, members: (inout JSONWriter) -> Void) {
        writer.frame(Self.frameType) { writer in
            if let id { writer.field("id", id) }
            writer.field("room", room)
            writer.key("members")
            members(&writer)
        }
    }
}
