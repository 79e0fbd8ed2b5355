/// `say` (and `action`, for `/me`): a message for a room the client is in.
public struct Say: Sendable, Hashable, Decodable {
    /// The client's message id: echoed in the `ack`, and a resend with the same id is not delivered twice.
    public var id: String?
    public var room: String
    public var text: String
    /// The sender's signature (base64url) over the message input; required once the connection proved a key.
    public var sig: String?
    /// The message this one answers (docs/PROTOCOL.md, "Conversation events").
    public var reply: MessageReference?

    public init(id: String? = nil, room: String, text: String, sig: String? = nil, reply: MessageReference? = nil) {
        self.id = id
        self.room = room
        self.text = text
        self.sig = sig
        self.reply = reply
    }

    func write(into writer: inout JSONWriter) {
        if let id { writer.field("id", id) }
        writer.field("room", self.room)
        writer.field("text", self.text)
        if let sig { writer.field("sig", sig) }
        if let reply { reply.write(as: "reply", into: &writer) }
    }
}
