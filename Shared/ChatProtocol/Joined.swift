/// `joined`: the answer to `join`, with the room's snapshot.
public struct Joined: Sendable, Hashable, Codable {
    public var id: String?
    public var snapshot: RoomSnapshot

    public init(id: String? = nil, snapshot: RoomSnapshot) {
        self.id = id
        self.snapshot = snapshot
    }

    static let frameType = "joined"

    func write(into writer: inout JSONWriter) {
        Self.write(into: &writer, id: self.id) { writer in self.snapshot.write(into: &writer) }
    }

    /// Writes the whole frame, its snapshot written by `snapshot` (the relay's fragment, as is).
    public static func write(into writer: inout JSONWriter, id: String?, snapshot: (inout JSONWriter) -> Void) {
        writer.frame(Self.frameType) { writer in
            if let id { writer.field("id", id) }
            writer.key("snapshot")
            snapshot(&writer)
        }
    }
}
