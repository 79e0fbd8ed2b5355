/// `read`: how far a person read a room, the highest `seq` they saw (docs/PROTOCOL.md, "Conversation events").
public struct ReadMarker: Sendable, Hashable, Codable {
    public var room: String
    public var seq: UInt64
    /// Whose marker: set by the gateway on the way out, never by the client.
    public var from: String?
    /// Client → gateway: whether the room's other members may see it (default `false`: only your own devices).
    public var visible: Bool?

    public init(room: String, seq: UInt64, from: String? = nil, visible: Bool? = nil) {
        self.room = room
        self.seq = seq
        self.from = from
        self.visible = visible
    }

    static let frameType = "read"

    func write(into writer: inout JSONWriter) {
        writer.field("room", self.room)
        if let from { writer.field("from", from) }
        writer.field("seq", self.seq)
        if let visible { writer.field("visible", visible) }
    }
}
