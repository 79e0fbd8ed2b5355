public import ChatProtocol

/// Conversation events (docs/PROTOCOL.md, "Conversation events"), for the user interface: editing,
/// deleting and reacting to a room's messages, typing, and read markers. The rules live in
/// ``Conversation``, ``Typists``, ``TypingSignals`` and ``ReadMarkers``; this sends what they decide.
extension ChatClient {
    /// The conversation of `room` as held now.
    public func conversation(of room: String) -> Conversation? { self.conversations[RoomName.spelled(room)] }

    /// Who this client is, as the author of its messages: its identity key, or its name.
    public var ownAuthor: ConversationMessage.Author {
        self.identityKeyText.map(ConversationMessage.Author.key) ?? .name(self.state.name.lowercased())
    }

    /// Replaces the text of a message of this client's. Returns the edit's id.
    @discardableResult
    public func edit(_ reference: MessageReference, in room: String, to text: String) throws(SendProblem) -> String {
        try self.ownMessage(reference, in: room, doing: "edit")
        try self.checkSealable(text, in: room)
        self.stopTyping(in: room)
        return self.send(.edit(TargetedMessage(id: self.state.makeID(), room: room, target: Self.bare(reference), text: text)))!
    }

    /// Deletes a message of this client's: everyone drops its text. Returns the delete's id.
    @discardableResult
    public func delete(_ reference: MessageReference, in room: String) throws(SendProblem) -> String {
        try self.ownMessage(reference, in: room, doing: "delete")
        return self.send(.delete(TargetedMessage(id: self.state.makeID(), room: room, target: Self.bare(reference))))!
    }

    /// Toggles `reaction` on a message: takes it back if this person holds it (or is about to), else adds it.
    /// Returns the reaction's id and whether it adds.
    @discardableResult
    public func toggleReaction(_ reaction: String, on reference: MessageReference, in room: String) throws(SendProblem) -> (id: String, adds: Bool) {
        guard ReactionText("+" + reaction) != nil else {
            throw .conversation("a reaction is one emoji or word: 1 to \(ReactionText.maximumBytes) bytes, without spaces")
        }
        guard let message = self.conversation(of: room)?.message(matching: reference), !message.isDeleted else {
            throw .conversation("no message \(Self.describe(reference)) to react to")
        }
        let adds = !self.holdsOrWillHold(reaction, on: message)
        let text = ReactionText(adds: adds, reaction: reaction).text
        try self.checkSealable(text, in: room)
        let id = self.send(.reaction(TargetedMessage(id: self.state.makeID(), room: room, target: Self.bare(reference), text: text)))!
        return (id, adds)
    }

    /// Whether this person holds `reaction` on `message`, counting reactions sent and not yet acknowledged.
    private func holdsOrWillHold(_ reaction: String, on message: ConversationMessage) -> Bool {
        let pending = self.state.unacknowledged + self.state.queue
        for frame in pending.reversed() {
            guard case .reaction(let event) = frame, event.target.seq == message.seq, let text = event.text.flatMap(ReactionText.init),
                text.reaction == reaction
            else { continue }
            return text.adds
        }
        return self.conversation(of: message.room)?.holds(reaction, on: message.seq, by: self.ownAuthor) ?? false
    }

    /// The message a reference names, checked to be this client's own and not deleted.
    private func ownMessage(_ reference: MessageReference, in room: String, doing what: String) throws(SendProblem) {
        guard let message = self.conversation(of: room)?.message(matching: reference), !message.isDeleted else {
            throw .conversation("no message \(Self.describe(reference)) to \(what)")
        }
        guard message.author == self.ownAuthor else {
            throw .conversation("\(Self.describe(reference)) is \(message.from)'s: you can only \(what) your own")
        }
    }

    /// A reference as a frame names its target: the relay adds the author to replies itself.
    private static func bare(_ reference: MessageReference) -> MessageReference {
        MessageReference(seq: reference.seq, id: reference.id)
    }

    static func describe(_ reference: MessageReference) -> String { "#\(reference.seq)" }

    // MARK: Typing

    /// A key was typed for `room`: tells the room, at most once every ``TypingSignals/refresh``.
    public func typed(in room: String) {
        let room = RoomName.spelled(room)
        guard self.state.isWelcomed, self.state.rooms[room] != nil else { return }
        self.sendTyping(self.typingSignals.typed(in: room, now: .now), in: room)
    }

    /// What was typed for `room` was sent or cleared: tells the room, if it was told this person types.
    public func stopTyping(in room: String) {
        let room = RoomName.spelled(room)
        self.sendTyping(self.typingSignals.stopped(in: room, now: .now), in: room)
    }

    /// Sends what ``TypingSignals`` decided, now or (`nil`: too soon after the last) when the timer says.
    func sendTyping(_ active: Bool?, in room: String) {
        guard let active else { return self.conversationTimersChanged.fire() }
        guard self.state.isWelcomed else { return }
        self.send(.typing(Typing(room: room, active: active)))
    }

    /// Who is typing in `room` now.
    public func typingNames(in room: String) -> [String] { self.typists.names(in: RoomName.spelled(room)) }

    // MARK: Read markers

    /// The user saw `room` up to `seq`: this person's marker moves there, sent at most once a second.
    public func markRead(_ seq: UInt64, in room: String) {
        let room = RoomName.spelled(room)
        guard self.readMarkers.read(seq, in: room, now: .now) else { return self.conversationTimersChanged.fire() }
        self.sendRead(seq, in: room)
    }

    /// The read markers known now: this person's, and the members' visible ones.
    public var markers: ReadMarkers { self.readMarkers }

    /// Whether the read markers sent are visible to the room's members; they are from the next one sent.
    public func shareReadMarkers(_ shares: Bool) {
        self.sharesReadMarkers = shares
    }

    func sendRead(_ seq: UInt64, in room: String) {
        self.send(.read(ReadMarker(room: room, seq: seq, visible: self.sharesReadMarkers)))
    }
}

extension ClientMessage {
    /// Whether this frame is a room event the conversation applies at its `ack`.
    var isAboutConversation: Bool {
        switch self {
        case .say, .action, .edit, .delete, .reaction, .file: true
        default: false
        }
    }
}
