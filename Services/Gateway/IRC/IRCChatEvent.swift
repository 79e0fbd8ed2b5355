import ChatProtocol
import RelayProtocol

/// A room message or direct message as an IRC client is shown it: who said it, when, and the text of its
/// `PRIVMSG` (an action's with CTCP ACTION), in the plain clients' words for what IRC has none for.
///
/// Made from a live envelope or from a snapshot's history item, so that both are worded by one rule.
struct IRCChatEvent {
    enum Body: Equatable {
        case text(ArraySlice<UInt8>)
        case action(ArraySlice<UInt8>)
        /// Sealed with a key the gateway does not hold.
        case sealed
    }

    let sender: String
    /// Relay time, milliseconds since 1970.
    let time: UInt64
    let body: Body

    /// A published room message or a direct message; `nil` for what IRC shows nothing of (key shares, reactions).
    init?(_ envelope: Envelope, linkBase: String) {
        guard !envelope.flags.contains(.share), envelope.reference?.relation != .reaction else { return nil }
        self.sender = envelope.sender
        self.time = envelope.timestamp
        if let file = envelope.fileReference {
            let words = PlainWording.sharedFile(metadata: envelope.text, file: file.file, size: Int(clamping: file.size), linkBase: linkBase)
            self.body = .action(Array(words.utf8)[...])
            return
        }
        let text = envelope.text
        let reference = envelope.reference
        self.body = Self.body(
            text: text,
            isAction: envelope.flags.contains(.action),
            replyAuthor: reference?.relation == .reply ? reference?.author : nil,
            isEdit: reference?.relation == .edit,
            isDelete: reference?.relation == .delete
        )
    }

    /// A snapshot's history item; `nil` for what IRC shows nothing of.
    init?(_ message: ChatMessage, linkBase: String) {
        self.sender = message.from
        self.time = message.time
        let text = Array(message.text.utf8)[...]
        switch message.kind {
        case .share, .reaction:
            return nil
        case .file:
            guard let facts = message.file, let file = FileID(hex: facts.id) else { return nil }
            let words = PlainWording.sharedFile(metadata: text, file: file, size: facts.size, linkBase: linkBase)
            self.body = .action(Array(words.utf8)[...])
        case .message, .action, .edit, .delete:
            self.body = Self.body(
                text: text,
                isAction: message.kind == .action,
                replyAuthor: message.reply.map { $0.from ?? "" },
                isEdit: message.kind == .edit,
                isDelete: message.kind == .delete
            )
        }
    }

    private static func body(text: ArraySlice<UInt8>, isAction: Bool, replyAuthor: String?, isEdit: Bool, isDelete: Bool) -> Body {
        if isDelete { return .action(Array(PlainWording.deleted.utf8)[...]) }
        if SealedPrefix.isSealed(text) { return .sealed }
        if let replyAuthor { return .text(Array("(\(PlainWording.reply(to: replyAuthor))) ".utf8)[...] + text) }
        if isEdit { return .text(Array("(\(PlainWording.edited)) ".utf8)[...] + text) }
        return isAction ? .action(text) : .text(text)
    }
}
