public import ChatProtocol

/// One room's conversation as this client holds it: its messages by `seq` with their latest edit,
/// tombstones for the deleted ones, and the reactions on each (docs/PROTOCOL.md, "Conversation events").
///
/// Free of I/O, like ``ClientState``: ``ChatClient`` applies each room event to it in the room's order,
/// and checks here, not at the relay, that an edit or a delete comes from the message's author.
public struct Conversation: Sendable {
    public let room: String
    private var messages: [UInt64: ConversationMessage] = [:]
    /// The `seq`s held, ascending: the oldest is forgotten past ``capacity``.
    private var order: [UInt64] = []
    private var tallies: [UInt64: ReactionTally] = [:]

    /// How many messages a room keeps: more than the relay's history holds by default (500).
    public static let capacity = 4096

    public init(room: String) {
        self.room = room
    }

    /// The message at `seq`, if it is held.
    public func message(at seq: UInt64) -> ConversationMessage? { self.messages[seq] }

    /// The message a reference names: the one at its `seq`, if its id is the reference's.
    public func message(matching reference: MessageReference) -> ConversationMessage? {
        self.messages[reference.seq].flatMap { $0.id == reference.id ? $0 : nil }
    }

    /// The newest message not deleted for which `condition` holds.
    public func latest(where condition: (ConversationMessage) -> Bool = { _ in true }) -> ConversationMessage? {
        self.order.reversed().lazy.compactMap { self.messages[$0] }.first { !$0.isDeleted && condition($0) }
    }

    /// Whether `person` holds `reaction` on the message at `seq`.
    public func holds(_ reaction: String, on seq: UInt64, by person: ConversationMessage.Author) -> Bool {
        self.tallies[seq]?.holds(reaction, by: person) ?? false
    }

    /// Applies one room event (its text opened) whose signature says `signature`; returns what to show
    /// for it, or `nil` when nothing shown changed (an edit of a message not held, an event seen already).
    public mutating func apply(
        _ event: ChatMessage,
        encryption: MessageEncryption = .none,
        signature: SignatureState = .unsigned,
        isHistory: Bool = false
    ) -> ConversationUpdate? {
        func update(_ change: ConversationUpdate.Change, _ message: ConversationMessage?) -> ConversationUpdate {
            ConversationUpdate(room: self.room, change: change, message: message, event: event, isHistory: isHistory)
        }
        switch event.kind {
        case .share: return nil
        case .message, .action, .file:
            self.record(event, encryption: encryption)
            return event.reply.map { update(.reply(original: self.message(matching: $0)), nil) }
        case .delete:
            guard let target = event.target, var message = self.message(matching: target) else { return update(.deleted, nil) }
            if let problem = Self.authorshipProblem(of: event, on: message, signature: signature) {
                return update(.invalid(reason: problem), message)
            }
            guard !message.isDeleted else { return nil }
            message.deleteSeq = event.seq
            (message.text, message.reactions, message.editSeq) = ("", [], nil)
            self.messages[message.seq] = message
            self.tallies[message.seq] = nil
            return update(.deleted, message)
        case .edit:
            guard let target = event.target, var message = self.message(matching: target), !message.isDeleted else { return nil }
            if let problem = Self.authorshipProblem(of: event, on: message, signature: signature) {
                return update(.invalid(reason: problem), message)
            }
            guard event.seq > (message.editSeq ?? message.seq) else { return nil }
            (message.text, message.encryption, message.editSeq) = (event.text, encryption, event.seq)
            self.messages[message.seq] = message
            return update(.edited, message)
        case .reaction:
            guard let target = event.target, var message = self.message(matching: target), !message.isDeleted else { return nil }
            guard signature != .invalid else { return update(.invalid(reason: "a reaction with an invalid signature"), message) }
            guard !encryption.isMarker, let reaction = ReactionText(event.text) else {
                return update(.invalid(reason: "a reaction that is not one"), message)
            }
            let person = ConversationMessage.Author(event)
            guard
                self.tallies[message.seq, default: ReactionTally()].apply(
                    reaction.reaction,
                    adds: reaction.adds,
                    by: person,
                    name: event.from,
                    seq: event.seq
                )
            else { return nil }
            message.reactions = self.tallies[message.seq]!.counts
            self.messages[message.seq] = message
            return update(.reactions, message)
        }
    }

    /// The relay dropped the body `file`: the message that shares it, marked expired; `nil` if none is held.
    public mutating func expire(file: String) -> ConversationMessage? {
        guard var message = self.messages.values.first(where: { $0.file?.id == file }) else { return nil }
        message.file?.expired = true
        self.messages[message.seq] = message
        return message
    }

    /// Why an edit or delete is not the author's to make, or `nil` when it is: the receiver checks this
    /// itself, and does not rely on the relay's check.
    static func authorshipProblem(of event: ChatMessage, on message: ConversationMessage, signature: SignatureState) -> String? {
        let what = event.kind == .delete ? "a delete" : "an edit"
        guard signature != .invalid else { return "\(what) with an invalid signature" }
        guard ConversationMessage.Author(event) == message.author else { return "\(what) of \(message.from)'s message by \(event.from)" }
        return nil
    }

    private mutating func record(_ event: ChatMessage, encryption: MessageEncryption) {
        guard self.messages[event.seq] == nil else { return }
        self.messages[event.seq] = ConversationMessage(
            room: event.room,
            seq: event.seq,
            id: event.id ?? "",
            kind: event.kind,
            from: event.from,
            author: ConversationMessage.Author(event),
            time: event.time,
            reply: event.reply,
            text: event.text,
            encryption: encryption,
            file: event.file
        )
        if let last = self.order.last, last > event.seq {
            self.order.insert(event.seq, at: self.order.firstIndex { $0 > event.seq }!)
        } else {
            self.order.append(event.seq)
        }
        while self.order.count > Self.capacity {
            let oldest = self.order.removeFirst()
            self.messages[oldest] = nil
            self.tallies[oldest] = nil
        }
    }
}
