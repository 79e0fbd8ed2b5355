/// `joined`: the answer to `join`, with the room's snapshot.
public struct Joined: Sendable, Hashable, Codable {
    public var id: String?
    public var snapshot: RoomSnapshot

    public init(id: String? = nil, snapshot: RoomSnapshot) {
        self.id = id
        self.snapshot = snapshot
    }

    func write(into writer: inout JSONWriter) {
        if let id { writer.field("id", id) }
        writer.key("snapshot")
        self.snapshot.write(into: &writer)
    }
}
