/// What the relay vouches for about a shared file (docs/PROTOCOL.md, "Files"): the body it holds and
/// its size, as opposed to the metadata, which the sender wrote.
public struct FileFacts: Sendable, Hashable, Codable {
    /// The body's id in the store, 32 hex digits.
    public var id: String
    /// The stored body's bytes (sealed, in an encrypted room).
    public var size: Int
    /// Set in a snapshot when the store no longer holds the body.
    public var expired: Bool?

    public init(id: String, size: Int, expired: Bool? = nil) {
        self.id = id
        self.size = size
        self.expired = expired
    }

    /// Writes the `file` member of a frame.
    public func write(into writer: inout JSONWriter) {
        writer.key("file")
        writer.beginObject()
        writer.field("id", self.id)
        writer.field("size", self.size)
        if self.expired == true { writer.field("expired", true) }
        writer.endObject()
    }
}
