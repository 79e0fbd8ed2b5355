/// `error`: a frame was refused. The connection stays open unless the text says otherwise.
public struct ErrorMessage: Sendable, Hashable, Codable {
    public var code: ErrorCode
    /// For people, as it is.
    public var message: String
    /// The id of the frame this answers, when it had one.
    public var id: String?
    /// For `name_taken`: a name that was free.
    public var suggestion: String?

    public init(code: ErrorCode, message: String, id: String? = nil, suggestion: String? = nil) {
        self.code = code
        self.message = message
        self.id = id
        self.suggestion = suggestion
    }

    static let frameType = "error"

    func write(into writer: inout JSONWriter) {
        writer.frame(Self.frameType) { writer in
            writer.field("code", self.code.rawValue)
            writer.field("message", self.message)
            if let id { writer.field("id", id) }
            if let suggestion { writer.field("suggestion", suggestion) }
        }
    }
}
