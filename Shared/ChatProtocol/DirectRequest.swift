/// `dm`: a private message to one user, wherever they are connected.
public struct DirectRequest: Sendable, Hashable, Decodable {
    public var id: String?
    public var to: String
    public var text: String
    /// The sender's signature (base64url) over the message input; required once the connection proved a key.
    public var sig: String?

    public init(id: String? = nil, to: String, text: String, sig: String? = nil) {
        self.id = id
        self.to = to
        self.text = text
        self.sig = sig
    }

    func write(into writer: inout JSONWriter) {
        if let id { writer.field("id", id) }
        writer.field("to", self.to)
        writer.field("text", self.text)
        if let sig { writer.field("sig", sig) }
    }
}
