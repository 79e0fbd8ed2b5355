/// `typing`: someone is typing in a room, or stopped (docs/PROTOCOL.md, "Conversation events").
/// Ephemeral: not sequenced, kept nowhere.
public struct Typing: Sendable, Hashable, Codable {
    public var room: String
    /// Who is typing: set by the gateway on the way out, never by the client.
    public var from: String?
    /// `false`: stopped (sent, or cleared what they typed).
    public var active: Bool

    public init(room: String, from: String? = nil, active: Bool = true) {
        self.room = room
        self.from = from
        self.active = active
    }

    enum CodingKeys: CodingKey {
        case room, from, active
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.room = try container.decode(String.self, forKey: .room)
        self.from = try container.decodeIfPresent(String.self, forKey: .from)
        self.active = try container.decodeIfPresent(Bool.self, forKey: .active) ?? true
    }

    static let frameType = "typing"

    func write(into writer: inout JSONWriter) {
        writer.field("room", self.room)
        if let from { writer.field("from", from) }
        writer.field("active", self.active)
    }
}
