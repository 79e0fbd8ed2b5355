/// `hello`: the first frame of a `privchat.v1` client. It names the user and the rooms to be in.
public struct Hello: Sendable, Hashable, Decodable {
    public var name: String
    /// Rooms to join; `lobby` when absent.
    public var rooms: [String]?
    /// The token from an earlier `welcome`, to resume that session.
    public var session: String?
    /// Where the client left off, to receive exactly what it missed.
    public var resume: Resume?
    /// The client's identity key (base64url), which it proves it holds by answering a `challenge`.
    public var key: String?
    /// The client's sealing key with its identity key's signature (base64url, 96 bytes): see
    /// docs/PROTOCOL.md, "Sealing keys". Only with `key`.
    public var box: String?

    /// The relay epoch and, per room, the last `seq` the client saw.
    public struct Resume: Sendable, Hashable, Codable {
        public var epoch: String
        public var rooms: [String: UInt64]

        public init(epoch: String, rooms: [String: UInt64]) {
            self.epoch = epoch
            self.rooms = rooms
        }
    }

    public init(name: String, key: String? = nil, box: String? = nil, rooms: [String]? = nil, session: String? = nil, resume: Resume? = nil) {
        self.name = name
        self.key = key
        self.box = box
        self.rooms = rooms
        self.session = session
        self.resume = resume
    }

    func write(into writer: inout JSONWriter) {
        writer.field("name", self.name)
        if let key { writer.field("key", key) }
        if let box { writer.field("box", box) }
        if let rooms { writer.field("rooms", rooms) }
        if let session { writer.field("session", session) }
        if let resume {
            writer.key("resume")
            writer.beginObject()
            writer.field("epoch", resume.epoch)
            writer.key("rooms")
            writer.beginObject()
            for room in resume.rooms.keys.sorted() {
                writer.keyDynamic(room)
                writer.number(resume.rooms[room]!)
            }
            writer.endObject()
            writer.endObject()
        }
    }
}
