/// `left`: the answer to `leave`.
public struct Left: Sendable, Hashable, Codable {
    public var id: String?
    public var room: String

    public init(id: String? = nil, room: String) {
        self.id = id
        self.room = room
    }

    static let frameType = "left"

    func write(into writer: inout JSONWriter) {
        writer.frame(Self.frameType) { writer in
            if let id { writer.field("id", id) }
            writer.field("room", self.room)
        }
    }
}
