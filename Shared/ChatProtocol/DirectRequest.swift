/// `dm`: a private message to one user, wherever they are connected.
public struct DirectRequest: Sendable, Hashable, Decodable {
    public var id: String?
    public var to: String
    public var text: String

    public init(id: String? = nil, to: String, text: String) {
        self.id = id
        self.to = to
        self.text = text
    }

    func write(into writer: inout JSONWriter) {
        if let id { writer.field("id", id) }
        writer.field("to", self.to)
        writer.field("text", self.text)
    }
}
