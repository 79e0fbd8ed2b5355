import ChatClient
import ChatProtocol

/// What each chat event shows on the screen.
extension InteractiveSession {
    /// Shows what a chat event means.
    mutating func show(_ event: ChatEvent) async {
        switch event {
        case .connecting, .frame, .throttled: return
        case .acknowledged(let ack): self.showOwn(acknowledged: ack)
        case .welcomed(let welcome, let resumed):
            self.online = true
            self.formatter.ownName = welcome.name
            self.rooms = welcome.rooms.map(\.room)
            if !self.rooms.contains(self.room) { self.room = self.rooms.first ?? RoomName.lobby.value }
            self.formatter.showsRooms = self.rooms.count > 1
            welcome.rooms.forEach { self.noteMarker(of: $0) }
            if resumed {
                self.print([self.formatter.notice("reconnected")])
            } else {
                let lobby = welcome.rooms.first { $0.room == self.room }
                let members = lobby.map { "\($0.members.count) here: \($0.members.joined(separator: ", "))" } ?? ""
                self.print([
                    self.formatter.notice("connected to \(self.url) as \(welcome.name) — \(self.room), \(members)"),
                    self.formatter.notice("type a message and press Enter; /help lists commands"),
                ])
            }
        case .disconnected(let reason, let retryIn):
            self.online = false
            self.showOwnLines()
            let seconds = Double(retryIn.components.seconds) + Double(retryIn.components.attoseconds) / 1e18
            let rounded = (seconds * 10).rounded() / 10
            self.print([self.formatter.problem("\(reason); reconnecting in \(rounded) s")])
        case .message(let message, let isHistory, let encryption, let signature):
            let lines = [
                self.keyNoticeOnce(name: message.from, state: signature),
                self.formatter.line(for: message, encryption: encryption, signature: signature),
            ]
            await self.show(message: message, isHistory: isHistory, line: lines.compactMap { $0 })
        case .conversation(let update): await self.show(update)
        case .typists(let room, let names): self.show(typists: names, in: room)
        case .readMarker: return
        case .contactKey(let name, let state):
            if let notice = self.keyNoticeOnce(name: name, state: state) { self.print([notice]) }
        case .encrypted(let room, let fingerprint):
            self.formatter.encryptedRooms.insert(room)
            if self.joining == room && self.rooms.contains(room) {
                self.room = room
                self.joining = nil
            }
            self.print([self.formatter.encryptionNotice(room: room, fingerprint: fingerprint)])
        case .direct(let direct, let encryption, let signature):
            self.print(
                [
                    self.keyNoticeOnce(name: direct.from, state: signature),
                    self.formatter.line(for: direct, encryption: encryption, signature: signature),
                ]
                .compactMap { $0 }
            )
        case .roomKey(let room, let change):
            if case .rotated = change { self.formatter.encryptedRooms.insert(room) }
            self.print([self.formatter.roomKeyNotice(room: room, change: change)])
        case .presence(let presence, let members): self.print([self.formatter.line(for: presence, memberCount: members.count)])
        case .joined(let snapshot):
            self.noteMarker(of: snapshot)
            if !self.rooms.contains(snapshot.room) { self.rooms.append(snapshot.room) }
            if self.joining == snapshot.room {
                self.room = snapshot.room
                self.joining = nil
            }
            self.formatter.showsRooms = self.rooms.count > 1
            self.print([self.formatter.notice("joined \(snapshot.room): \(snapshot.members.count) here: \(snapshot.members.joined(separator: ", "))")]
            )
        case .left(let room):
            self.rooms.removeAll { $0 == room }
            if self.room == room { self.room = self.rooms.first ?? RoomName.lobby.value }
            self.formatter.showsRooms = self.rooms.count > 1
            self.print([self.formatter.notice("left \(room)" + (self.rooms.isEmpty ? "; /join a room to talk" : ", now talking in \(self.room)"))])
        case .members(let members):
            self.print([self.formatter.notice("in \(members.room): \(members.members.joined(separator: ", "))")])
        case .renamed(let renamed):
            self.formatter.ownName = renamed.name
            self.print([self.formatter.notice("you are now \(renamed.name)")])
        case .refused(let error):
            if let id = error.id { self.showOwnLines(only: id) }
            if self.joining != nil && error.id != nil { self.joining = nil }
            let suggestion = error.suggestion.map { " (try /nick \($0))" } ?? ""
            self.print([self.formatter.problem(error.message + suggestion)])
        case .historyGap(let room):
            self.print([self.formatter.notice("some messages in \(room) from while you were away are no longer available")])
        case .serverRestarted:
            self.print([self.formatter.notice("the server restarted: earlier history is gone")])
        case .transfer(let transfer): self.show(transfer)
        case .fileExpired(_, _, let message):
            if let message { self.print([self.formatter.fileLine(for: message)]) }
        }
    }

    /// What to tell about a name's key, unless the same was told last time for that name.
    mutating func keyNoticeOnce(name: String, state: SignatureState) -> String? {
        guard let notice = self.formatter.keyNotice(name: name, state: state) else { return nil }
        guard self.keyWarnings.updateValue(state, forKey: name.lowercased()) != state else { return nil }
        return notice
    }
}
