/// `dm`: a private message, delivered to its addressee only and kept nowhere.
public struct DirectMessage: Sendable, Hashable, Codable {
    public var from: String
    public var to: String
    public var text: String
    public var time: UInt64
    public var id: String?

    public init(from: String, to: String, text: String, time: UInt64, id: String? = nil) {
        self.from = from
        self.to = to
        self.text = text
        self.time = time
        self.id = id
    }

    static let frameType = "dm"

    func write(into writer: inout JSONWriter) {
        Self.write(into: &writer, from: self.from, to: self.to, text: Array(self.text.utf8), time: self.time, id: self.id)
    }

    /// Writes the whole frame from its parts, taking the text as the UTF-8 bytes it arrived as.
    public static func write(into writer: inout JSONWriter, from: String, to: String, text: some Collection<UInt8>, time: UInt64, id: String?) {
        writer.frame(Self.frameType) { writer in
            writer.field("from", from)
            writer.field("to", to)
            writer.messageEnd(text: text, time: time, id: id)
        }
    }
}
