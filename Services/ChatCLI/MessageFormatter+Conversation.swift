public import ChatClient
public import ChatProtocol

/// How conversation events are shown (docs/PROTOCOL.md, "Conversation events"): replies with a quote
/// of the original, edits, tombstones, reactions, typists, read markers and mentions.
extension MessageFormatter {
    /// `#12 ` before a room message, when refs are shown.
    func ref(_ seq: UInt64) -> String {
        self.showsRefs ? self.quiet("#\(seq) ") : ""
    }

    /// Whether a message of someone else's mentions the reader.
    func mentionsReader(_ message: ChatMessage) -> Bool {
        !self.ownName.isEmpty && message.from != self.ownName && message.kind != .share && message.kind != .file
            && Mention.mentions(self.ownName, in: message.text)
    }

    /// The line above a reply: `      ↳ bob: first words of it…` (`#12` too, when refs are shown), or what
    /// became of the original.
    public func quoteLine(of original: ConversationMessage?, reference: MessageReference) -> String {
        let what: String
        if let original {
            what = "\(original.from): " + (original.isDeleted ? "message deleted" : Self.sanitized(original.quote()))
        } else {
            what = "\(reference.from.map { "\($0): " } ?? "")message not available"
        }
        return self.quiet("      ↳ " + (self.showsRefs ? "#\(reference.seq) " : "") + what)
    }

    /// An edited message as it reads now: `12:05 #12 alice (edited): the new text`.
    public func editedLine(_ message: ConversationMessage, time: UInt64) -> String {
        let prefix = self.time(time) + self.room(message.room) + self.quiet("#\(message.seq) ")
        let text = self.text(message.text, encryption: message.encryption)
        let edited = self.quiet("(edited)")
        return message.kind == .action
            ? prefix + "* " + self.name(message.from) + " " + edited + " " + text : prefix + self.name(message.from) + " " + edited + ": " + text
    }

    /// A deleted message's tombstone: `12:06 #12 alice: message deleted`.
    public func deletedLine(_ message: ConversationMessage?, event: ChatMessage) -> String {
        let seq = message?.seq ?? event.target?.seq ?? 0
        return self.time(event.time) + self.room(event.room) + self.quiet("#\(seq) ") + self.name(message?.from ?? event.from) + ": "
            + self.quiet("message deleted")
    }

    /// A message's reactions once they changed: `— #12 bob "first words…": 👍 2 (alice, bob), 🎉 1 (cy)`.
    public func reactionsLine(_ message: ConversationMessage) -> String {
        let about = self.room(message.room) + "#\(message.seq) \(message.from) \"\(Self.sanitized(message.quote(limit: 24)))\": "
        return self.quiet("— " + about + Self.describe(message.reactions))
    }

    /// An event that is not acted on: `! ignored #12: an edit of bob's message by mallory`.
    public func invalidLine(_ update: ConversationUpdate, reason: String) -> String {
        self.problem("ignored #\(update.event.target?.seq ?? update.event.seq) in \(update.room): \(reason)")
    }

    /// Where the reader's marker is, on (re)joining a room with news after it.
    public func unreadDivider(room: String) -> String {
        self.quiet("── new since you last read" + (self.showsRooms ? " in \(room)" : "") + " ──")
    }

    /// `👍 2 (alice, bob), 🎉 1 (cy)`, or `no reactions`: the one wording of the terminal and of scripts.
    public static func describe(_ reactions: [ConversationMessage.ReactionCount]) -> String {
        guard !reactions.isEmpty else { return "no reactions" }
        return reactions.map { "\(Self.sanitized($0.reaction)) \($0.names.count) (\($0.names.joined(separator: ", ")))" }.joined(separator: ", ")
    }

    /// The quiet status of a room's typists: `alice is typing…`, `alice and bob are typing…`.
    public static func typingStatus(_ names: [String]) -> String? {
        switch names.count {
        case 0: nil
        case 1: "\(names[0]) is typing…"
        case 2...3: "\(Self.list(names)) are typing…"
        default: "\(names.count) people are typing…"
        }
    }

    /// `[room] …` lines for scripts: `bob edited #12: text`, `bob deleted #12`, `#12 reactions: 👍 1 (amy)`,
    /// `ignored #12: …`; `nil` for replies (the message line says it) and for history.
    public static func scripted(_ update: ConversationUpdate) -> String? {
        guard !update.isHistory else { return nil }
        let seq = update.message?.seq ?? update.event.target?.seq ?? 0
        let what: String
        switch update.change {
        case .reply: return nil
        case .edited: what = "\(update.event.from) edited #\(seq): \(Self.sanitized(update.message?.text ?? ""))"
        case .deleted: what = "\(update.event.from) deleted #\(seq)"
        case .reactions: what = "#\(seq) reactions: \(Self.describe(update.message?.reactions ?? []))"
        case .invalid(let reason): what = "ignored #\(seq): \(reason)"
        }
        return "[\(update.room)] " + what
    }
}
