/// `welcome`: the answer to `hello`. Who you are, the relay's epoch, and a snapshot of each room.
///
/// It is also sent again, unasked, when the relay restarted: histories start over in a new epoch.
public struct Welcome: Sendable, Hashable, Codable {
    public var name: String
    /// The identity key the connection proved, if it has one.
    public var key: String?
    /// Present in the next `hello` to resume this session.
    public var session: String
    /// Present, with each room's last seen `seq`, in the next `hello` to resume.
    public var epoch: String
    public var rooms: [RoomSnapshot]
    public var limits: Limits

    /// What this server accepts, so clients can check before sending.
    public struct Limits: Sendable, Hashable, Codable {
        public var maxMessageBytes: Int
        public var maxRooms: Int
        /// Messages per second, sustained, and at once.
        public var rate: Double
        public var burst: Int
        /// Files (docs/PROTOCOL.md, "Files"): the largest body, the largest chunk, and the bytes a second
        /// chunks and downloads are paced to. Absent from servers older than files.
        public var maxFileBytes: Int?
        public var fileChunkBytes: Int?
        public var fileRate: Double?

        public init(
            maxMessageBytes: Int,
            maxRooms: Int,
            rate: Double,
            burst: Int,
            maxFileBytes: Int? = nil,
            fileChunkBytes: Int? = nil,
            fileRate: Double? = nil
        ) {
            self.maxMessageBytes = maxMessageBytes
            self.maxRooms = maxRooms
            self.rate = rate
            self.burst = burst
            self.maxFileBytes = maxFileBytes
            self.fileChunkBytes = fileChunkBytes
            self.fileRate = fileRate
        }

        enum CodingKeys: String, CodingKey {
            case maxMessageBytes = "max_message_bytes"
            case maxRooms = "max_rooms"
            case rate, burst
            case maxFileBytes = "max_file_bytes"
            case fileChunkBytes = "file_chunk_bytes"
            case fileRate = "file_rate"
        }

        func write(into writer: inout JSONWriter) {
            writer.beginObject()
            writer.field("max_message_bytes", self.maxMessageBytes)
            writer.field("max_rooms", self.maxRooms)
            writer.key("rate")
            writer.number(self.rate)
            writer.field("burst", self.burst)
            if let maxFileBytes { writer.field("max_file_bytes", maxFileBytes) }
            if let fileChunkBytes { writer.field("file_chunk_bytes", fileChunkBytes) }
            if let fileRate {
                writer.key("file_rate")
                writer.number(fileRate)
            }
            writer.endObject()
        }
    }

    public init(name: String, key: String? = nil, session: String, epoch: String, rooms: [RoomSnapshot], limits: Limits) {
        self.name = name
        self.key = key
        self.session = session
        self.epoch = epoch
        self.rooms = rooms
        self.limits = limits
    }

    func write(into writer: inout JSONWriter) {
        Self.write(into: &writer, name: self.name, key: self.key, session: self.session, epoch: self.epoch, limits: self.limits) { writer in
            writer.beginArray()
            for room in self.rooms { room.write(into: &writer) }
            writer.endArray()
        }
    }

    static let frameType = "welcome"

    /// Writes the whole frame, its `rooms` array written by `rooms` (the relay's fragments, as they are).
    public static func write(
        into writer: inout JSONWriter,
        name: String,
        key: String? = nil,
        session: String,
        epoch: String,
        limits: Limits,
        rooms: (inout JSONWriter) -> Void
    ) {
        writer.frame(Self.frameType) { writer in
            writer.field("name", name)
            if let key { writer.field("key", key) }
            writer.field("session", session)
            writer.field("epoch", epoch)
            writer.key("rooms")
            rooms(&writer)
            writer.key("limits")
            limits.write(into: &writer)
        }
    }
}
