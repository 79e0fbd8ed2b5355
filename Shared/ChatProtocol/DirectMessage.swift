/// `dm`: a private message, delivered to its addressee only and kept nowhere.
public struct DirectMessage: Sendable, Hashable, Codable {
    public var from: String
    public var to: String
    public var text: String
    public var time: UInt64
    public var id: String?
    /// The sender's identity key and signature (base64url), if the sender has a key.
    public var key: String?
    public var sig: String?

    public init(from: String, to: String, text: String, time: UInt64, id: String? = nil, key: String? = nil, sig: String? = nil) {
        self.from = from
        self.to = to
        self.text = text
        self.time = time
        self.id = id
        self.key = key
        self.sig = sig
    }

    /// The sender's key and signature, if it signed the message.
    public var stamp: SignatureStamp? { SignatureStamp(key: self.key, sig: self.sig) }

    static let frameType = "dm"

    func write(into writer: inout JSONWriter) {
        Self.write(
            into: &writer,
            from: self.from,
            to: self.to,
            text: Array(self.text.utf8),
            time: self.time,
            id: self.id,
            stamp: SignatureStamp(key: self.key, sig: self.sig)
        )
    }

    /// Writes the whole frame from its parts, taking the text as the UTF-8 bytes it arrived as.
    public static func write(
        into writer: inout JSONWriter,
        from: String,
        to: String,
        text: some Collection<UInt8>,
        time: UInt64,
        id: String?,
        stamp: SignatureStamp? = nil
    ) {
        writer.frame(Self.frameType) { writer in
            writer.field("from", from)
            writer.field("to", to)
            writer.messageEnd(text: text, time: time, id: id, stamp: stamp)
        }
    }
}
