/// `renamed`: the answer to `rename`. Rooms the client is in also get a `presence` event.
public struct Renamed: Sendable, Hashable, Codable {
    public var id: String?
    public var name: String
    public var from: String

    public init(id: String? = nil, name: String, from: String) {
        self.id = id
        self.name = name
        self.from = from
    }

    static let frameType = "renamed"

    func write(into writer: inout JSONWriter) {
        writer.frame(Self.frameType) { writer in
            if let id { writer.field("id", id) }
            writer.field("name", self.name)
            writer.field("from", self.from)
        }
    }
}
