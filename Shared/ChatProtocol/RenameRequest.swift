/// `rename`: take another name, if it is free.
public struct RenameRequest: Sendable, Hashable, Decodable {
    public var id: String?
    public var name: String

    public init(id: String? = nil, name: String) {
        self.id = id
        self.name = name
    }

    func write(into writer: inout JSONWriter) {
        if let id { writer.field("id", id) }
        writer.field("name", self.name)
    }
}
