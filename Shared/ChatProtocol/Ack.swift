/// `ack`: the sender's confirmation that a message was sequenced (room) or delivered (dm).
public struct Ack: Sendable, Hashable, Codable {
    /// The id the client gave the message.
    public var id: String
    /// For a room message: its room and sequence number.
    public var room: String?
    public var seq: UInt64?
    /// For a direct message: its addressee.
    public var to: String?
    public var time: UInt64

    public init(id: String, room: String? = nil, seq: UInt64? = nil, to: String? = nil, time: UInt64) {
        self.id = id
        self.room = room
        self.seq = seq
        self.to = to
        self.time = time
    }

    static let frameType = "ack"

    func write(into writer: inout JSONWriter) {
        writer.frame(Self.frameType) { writer in
            writer.field("id", self.id)
            if let room { writer.field("room", room) }
            if let seq { writer.field("seq", seq) }
            if let to { writer.field("to", to) }
            writer.field("time", self.time)
        }
    }
}
