public import ChatProtocol

/// One message or action of a room as the conversation shows it now: its latest edit, or a tombstone
/// once deleted, and the reactions people hold on it (docs/PROTOCOL.md, "Conversation events").
public struct ConversationMessage: Sendable, Equatable {
    public let room: String
    public let seq: UInt64
    /// Its `id` as receivers saw it: empty when it had none (a plain client's).
    public let id: String
    /// `.message`, `.action` or `.file`.
    public let kind: ChatMessage.Kind
    public let from: String
    /// Who wrote it, for the authorship of its edits and deletes.
    public let author: Author
    public let time: UInt64
    /// The message it answers, if any.
    public let reply: MessageReference?
    /// The latest text (opened, or an encryption marker); empty once deleted: a tombstone keeps no text.
    public internal(set) var text: String
    /// What encryption made of the latest text.
    public internal(set) var encryption: MessageEncryption
    /// The `seq` of the edit shown, if it was edited.
    public internal(set) var editSeq: UInt64?
    /// The `seq` of the delete, once deleted.
    public internal(set) var deleteSeq: UInt64?
    /// Each reaction held on it, with who holds it.
    public internal(set) var reactions: [ReactionCount] = []
    /// For a file: the relay's facts about its body (marked expired once the relay drops it).
    public internal(set) var file: FileFacts?

    public var isEdited: Bool { self.editSeq != nil }
    /// Whether it shares a file whose body the relay still holds, as far as this client was told.
    public var isFileHeld: Bool { self.file != nil && self.file?.expired != true && !self.isDeleted }
    public var isDeleted: Bool { self.deleteSeq != nil }

    /// A reference to this message, as a reply, an edit, a delete or a reaction names it.
    public var reference: MessageReference { MessageReference(seq: self.seq, id: self.id) }

    /// Who wrote a message or sent an event: their identity key, or, for a client without one, their name
    /// (lowercased, as names are unique regardless of case).
    public enum Author: Sendable, Hashable {
        case key(String)
        case name(String)

        /// The author of a received event: its key if it came with one, else its sender's name.
        public init(_ message: ChatMessage) {
            self = message.key.map(Author.key) ?? .name(message.from.lowercased())
        }
    }

    /// One reaction and who holds it, in the order they took it.
    public struct ReactionCount: Sendable, Equatable {
        public let reaction: String
        public let names: [String]

        public init(reaction: String, names: [String]) {
            self.reaction = reaction
            self.names = names
        }
    }

    /// The start of the text, for a reply's quote: its first line, cut at about `limit` characters.
    public func quote(limit: Int = 40) -> String {
        let line = self.text.split(separator: "\n", omittingEmptySubsequences: false).first.map(String.init) ?? ""
        guard line.count > limit || line.count < self.text.count else { return line }
        return String(line.prefix(limit)) + "…"
    }
}
