import ChatClient
import ChatProtocol

/// The conversation commands in a terminal, and how their events show: replies under a quote, edits,
/// tombstones, reactions, who is typing (in the prompt), read markers, mentions and the bell.
extension InteractiveSession {
    /// Acts on `/reply`, `/edit`, `/delete`, `/react`, `/refs`, `/reads` and `/bell`.
    mutating func submitConversation(_ command: UserCommand, time: UInt64) async {
        let problem: String?
        switch command {
        case .reply(let ref, let text):
            switch await self.conversationCommands.reply(ref, text: text, in: self.room) {
            case .success(let (original, id)):
                let quote = self.formatter.quoteLine(of: original, reference: original.reference)
                return self.showOwn(OwnLine(id: id, quote: quote, text: text, room: self.room, action: false, time: time))
            case .failure(let why): problem = why.description
            }
        case .edit(let ref, let text): problem = await self.conversationCommands.edit(ref, text: text, in: self.room)
        case .delete(let ref): problem = await self.conversationCommands.delete(ref, in: self.room)
        case .react(let ref, let reaction): problem = await self.conversationCommands.react(ref, reaction: reaction, in: self.room)
        case .refs(let on):
            self.formatter.showsRefs = on ?? !self.formatter.showsRefs
            problem = nil
            self.print([self.formatter.notice(self.formatter.showsRefs ? "messages show their #N from now on" : "message numbers hidden")])
        case .bell(let on):
            self.rings = on ?? !self.rings
            problem = nil
            self.print([self.formatter.notice(self.rings ? "the bell rings when someone mentions you" : "no bell for mentions")])
        case .reads(let on?):
            await self.client.shareReadMarkers(on)
            problem = nil
            self.print([self.formatter.notice(on ? "the room's members see how far you read" : "only your own devices see how far you read")])
        case .reads(nil):
            problem = nil
            self.print([self.formatter.notice(await self.readMarkersText())])
        default: return
        }
        if let problem { self.print([self.formatter.problem(problem)]) }
    }

    /// `/reads`: how far each member who shows it read the current room, and how far you did.
    func readMarkersText() async -> String {
        let markers = await self.client.markers
        let others = (markers.others[self.room] ?? [:]).sorted { $0.key.lowercased() < $1.key.lowercased() }.map { "\($0.key) #\($0.value)" }
        let own = markers.own[self.room].map { "you #\($0)" } ?? "you: nothing yet"
        return "read in \(self.room): " + ([own] + others).joined(separator: ", ")
    }

    /// Shows a conversation event, and marks what it shows as read.
    mutating func show(_ update: ConversationUpdate) async {
        var lines: [String] = []
        switch update.change {
        case .reply(let original):
            // Just before the message itself: the divider goes above the quote.
            lines = self.dividerIfDue(room: update.room, seq: update.event.seq)
            if let reference = update.event.reply { lines.append(self.formatter.quoteLine(of: original, reference: reference)) }
            return self.print(lines)
        case .edited: if let message = update.message { lines = [self.formatter.editedLine(message, time: update.event.time)] }
        case .deleted: lines = [self.formatter.deletedLine(update.message, event: update.event)]
        case .reactions: if let message = update.message { lines = [self.formatter.reactionsLine(message)] }
        case .invalid(let reason): lines = [self.formatter.invalidLine(update, reason: reason)]
        }
        self.print(self.dividerIfDue(room: update.room, seq: update.event.seq) + lines)
        await self.client.markRead(update.event.seq, in: update.room)
    }

    /// A message as shown: after the divider if it is the first news since the reader's marker, ringing
    /// the bell if it mentions them (and is news); then marked as read.
    mutating func show(message: ChatMessage, isHistory: Bool, line: [String]) async {
        let rings = self.rings && !isHistory && self.formatter.mentionsReader(message)
        self.print(self.dividerIfDue(room: message.room, seq: message.seq) + line, ring: rings)
        await self.client.markRead(message.seq, in: message.room)
    }

    /// A snapshot arrived: if it holds news from others after the reader's marker, the divider goes
    /// before the first of them.
    mutating func noteMarker(of snapshot: RoomSnapshot) {
        guard let read = snapshot.read,
            snapshot.history.contains(where: { $0.seq > read && $0.from != self.formatter.ownName && $0.kind != .share })
        else { return }
        self.dividers[snapshot.room] = read
    }

    /// The divider, once, before the first event after the reader's marker.
    mutating func dividerIfDue(room: String, seq: UInt64) -> [String] {
        guard let read = self.dividers[room], seq > read else { return [] }
        self.dividers[room] = nil
        return [self.formatter.unreadDivider(room: room)]
    }

    /// Who types changed in a room: the prompt shows the current room's.
    mutating func show(typists names: [String], in room: String) {
        self.typing[room] = names.isEmpty ? nil : names
        if room == self.room { self.draw() }
    }

    /// After a key: tells the room the person types (or stopped, if the line was cleared). Commands
    /// but those that say something are not typing.
    func noteTyping(before: String) async {
        let now = self.editor.line
        guard now != before else { return }
        if now.trimmingSpaces().isEmpty || !Self.isSaying(now) {
            await self.client.stopTyping(in: self.room)
        } else {
            await self.client.typed(in: self.room)
        }
    }

    /// Whether a line being typed says something to the room: text, `/me`, `/reply` or `/edit`.
    static func isSaying(_ line: String) -> Bool {
        guard line.hasPrefix("/") else { return true }
        return ["/me ", "/reply ", "/re ", "/edit ", "//"].contains { line.lowercased().hasPrefix($0) }
    }

    /// Tab after `@prefix`: the name of a member of the current room, as its mention token.
    mutating func completeMention() async {
        let members = await self.client.current.rooms[self.room]?.members ?? []
        let names = members.filter { $0 != self.formatter.ownName }
        guard let completion = MentionCompletion(text: self.editor.text, cursor: self.editor.cursor, names: names) else { return }
        self.editor.replace(completion.range, with: completion.token + " ")
    }
}
