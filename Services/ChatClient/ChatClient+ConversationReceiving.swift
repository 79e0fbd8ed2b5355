import ChatProtocol
import EndToEnd

/// What room events, `typing` and `read` frames mean for the conversations (docs/PROTOCOL.md,
/// "Conversation events"): applied in the room's order, this client's own at their `ack`.
extension ChatClient {
    /// A room event other than a share, with its text opened: edits, deletes and reactions become a
    /// ``ChatEvent/conversation(_:)``, messages and actions are reported (after their reply's context).
    func converse(_ message: ChatMessage, encryption: MessageEncryption, signature: SignatureState, isHistory: Bool) -> [ChatEvent] {
        var events: [ChatEvent] = []
        let update = self.conversations[message.room, default: Conversation(room: message.room)].apply(
            message,
            encryption: encryption,
            signature: signature,
            isHistory: isHistory
        )
        if let update { events.append(.conversation(update)) }
        guard !message.kind.isTargeted else { return events }
        events.append(.message(message, isHistory: isHistory, encryption: encryption, signature: signature))
        if self.typists.forget(message.from, in: message.room) {
            events.append(.typists(room: message.room, names: self.typists.names(in: message.room)))
        }
        return events
    }

    /// An `ack`: a conversation event of this client's takes effect now, in the room's order. Its own
    /// messages are recorded silently (the user interface showed them when they were sent).
    func acknowledgedOwn(_ ack: Ack) -> [ChatEvent] {
        guard let frame = self.ownEvents.removeValue(forKey: ack.id), let room = ack.room, let seq = ack.seq,
            let event = frame.ownEvent(
                room: room,
                seq: seq,
                time: ack.time,
                from: self.state.name,
                key: self.identityKeyText,
                fileSize: self.transfers.upload(ack.id)?.size
            )
        else { return [] }
        let encryption: MessageEncryption = self.encryption.keyring.isEncrypted(event.room) && event.kind != .delete ? .decrypted : .none
        let update = self.conversations[event.room, default: Conversation(room: event.room)].apply(
            event,
            encryption: encryption,
            signature: .verified(contactVerified: false)
        )
        guard let update, event.kind.isTargeted else { return [] }
        return [.conversation(update)]
    }

    /// A frame of this client's was refused: it will have no `ack`.
    func refusedOwn(id: String) {
        self.ownEvents[id] = nil
    }

    /// A `typing` frame, from someone else in a room this client is in.
    func receive(_ typing: Typing) -> [ChatEvent] {
        guard let from = typing.from, from != self.state.name, self.state.rooms[typing.room] != nil,
            self.typists.received(from, active: typing.active, in: typing.room, now: .now)
        else { return [] }
        self.conversationTimersChanged.fire()
        return [.typists(room: typing.room, names: self.typists.names(in: typing.room))]
    }

    /// A `read` frame: this person's other device, or a member who shows theirs.
    func receive(_ marker: ReadMarker) -> [ChatEvent] {
        guard let from = marker.from else { return [] }
        let isOwn = self.isOwn(from)
        guard self.readMarkers.received(marker.seq, from: from, in: marker.room, isOwn: isOwn) else { return [] }
        return [.readMarker(room: marker.room, name: isOwn ? nil : from, seq: marker.seq)]
    }

    /// Whether `name` is this person: their name here, or a name the relay showed with their key.
    private func isOwn(_ name: String) -> Bool {
        if name.lowercased() == self.state.name.lowercased() { return true }
        guard let key = self.configuration.identity?.publicKey else { return false }
        return self.encryption.directory.key(of: name) == key
    }

    /// A snapshot's read markers are known from now on.
    func learnMarkers(of snapshot: RoomSnapshot) {
        self.readMarkers.learn(room: snapshot.room, own: snapshot.read, others: snapshot.reads)
    }

    /// A member left a room: not typing there any more.
    func forgetTypist(_ presence: Presence) -> [ChatEvent] {
        guard presence.event == .left, self.typists.forget(presence.name, in: presence.room) else { return [] }
        return [.typists(room: presence.room, names: self.typists.names(in: presence.room))]
    }

    /// The relay restarted: its room sequences start over, so messages, reactions and markers held under the
    /// old ones name nothing now.
    func forgetConversations() {
        self.conversations = [:]
        self.readMarkers = ReadMarkers()
    }

    /// The connection dropped: no typist's news would come.
    func forgetTypists() {
        for room in self.typists.forgetAll() { self.emit(.typists(room: room, names: [])) }
    }
}

extension ClientMessage {
    /// A conversation frame of this client's as the room event its `ack` made it, with its text in the
    /// clear; a file's with the size of the body it shares.
    func ownEvent(room: String, seq: UInt64, time: UInt64, from: String, key: String?, fileSize: Int? = nil) -> ChatMessage? {
        let room = RoomName.spelled(room)
        func event(
            _ kind: ChatMessage.Kind,
            _ text: String,
            id: String?,
            reply: MessageReference? = nil,
            target: MessageReference? = nil
        ) -> ChatMessage {
            ChatMessage(kind: kind, room: room, seq: seq, from: from, text: text, time: time, id: id, key: key, reply: reply, target: target)
        }
        switch self {
        case .say(let say): return event(.message, say.text, id: say.id, reply: say.reply)
        case .action(let say): return event(.action, say.text, id: say.id, reply: say.reply)
        case .edit(let edit): return event(.edit, edit.text ?? "", id: edit.id, target: edit.target)
        case .delete(let delete): return event(.delete, "", id: delete.id, target: delete.target)
        case .reaction(let reaction): return event(.reaction, reaction.text ?? "", id: reaction.id, target: reaction.target)
        case .file(let shared):
            var file = event(.file, shared.text, id: shared.id)
            file.file = FileFacts(id: shared.file, size: fileSize ?? 0)
            return file
        default: return nil
        }
    }
}
