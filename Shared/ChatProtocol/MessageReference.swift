/// A room message that another refers to (docs/PROTOCOL.md, "Conversation events"): the one a reply
/// answers, or an edit, delete or reaction is about.
public struct MessageReference: Sendable, Hashable, Codable {
    /// The message's room sequence.
    public var seq: UInt64
    /// Its `id` as receivers saw it: empty when it had none (a plain client's).
    public var id: String
    /// Its author, on a reply the relay still held the original of: a fact from the relay's history.
    public var from: String?

    public init(seq: UInt64, id: String, from: String? = nil) {
        self.seq = seq
        self.id = id
        self.from = from
    }

    /// Writes the reference as the member `key` (`reply` or `target`) of the object being written.
    public func write(as key: StaticString, into writer: inout JSONWriter) {
        writer.key(key)
        writer.beginObject()
        writer.field("seq", self.seq)
        writer.field("id", self.id)
        if let from { writer.field("from", from) }
        writer.endObject()
    }
}
