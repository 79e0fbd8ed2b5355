/// `edit`, `delete` or `reaction`: a frame about one of the room's messages, its `target`.
public struct TargetedMessage: Sendable, Hashable, Decodable {
    /// The client's id for this event: echoed in the `ack`, and a resend with the same id is not applied twice.
    public var id: String?
    public var room: String
    public var target: MessageReference
    /// An edit's new text, or a reaction's `+X` / `-X` (either sealed in an encrypted room); a delete has none.
    public var text: String?
    /// The sender's signature over the message input with the target's id (docs/PROTOCOL.md, "Conversation events").
    public var sig: String?

    public init(id: String? = nil, room: String, target: MessageReference, text: String? = nil, sig: String? = nil) {
        self.id = id
        self.room = room
        self.target = target
        self.text = text
        self.sig = sig
    }

    func write(into writer: inout JSONWriter) {
        if let id { writer.field("id", id) }
        writer.field("room", self.room)
        self.target.write(as: "target", into: &writer)
        if let text { writer.field("text", text) }
        if let sig { writer.field("sig", sig) }
    }
}

/// A reaction's text in the clear (docs/PROTOCOL.md, "Conversation events"): `+` adds the reaction, `-` takes it back.
public struct ReactionText: Sendable, Hashable {
    /// The longest reaction, in UTF-8 bytes after the sign.
    public static let maximumBytes = 32

    public var adds: Bool
    public var reaction: String

    public init(adds: Bool, reaction: String) {
        self.adds = adds
        self.reaction = reaction
    }

    /// Reads `+X` or `-X`; `nil` for anything else (no sign, nothing after it, too long, whitespace or controls).
    public init?(_ text: String) {
        guard let sign = text.unicodeScalars.first, sign == "+" || sign == "-" else { return nil }
        let reaction = String(text.unicodeScalars.dropFirst())
        let bytes = reaction.utf8.count
        guard bytes >= 1, bytes <= Self.maximumBytes,
            !reaction.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.properties.generalCategory == .control })
        else { return nil }
        self.adds = sign == "+"
        self.reaction = reaction
    }

    /// The wire form, `+X` or `-X`.
    public var text: String { (self.adds ? "+" : "-") + self.reaction }
}
