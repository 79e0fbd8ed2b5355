import ChatClient
import ChatProtocol
import EndToEnd

/// A passphrase typed for a room, on its way to becoming the room's key.
struct PassphraseRequest: Sendable {
    let room: String
    let passphrase: String

    /// Derives the key with a salt of this client's (slow on purpose), encrypts the room with it, and
    /// joins the room if not in it yet. Returns a problem to show, if any.
    func encrypt(_ client: ChatClient) async -> String? {
        do {
            let key = try await RoomKey.deriving(passphrase: self.passphrase, salt: RoomKey.randomSalt())
            try await client.encrypt(self.room, passphrase: self.passphrase, ownKey: key)
            if await !client.current.wantedRooms.contains(self.room) {
                await client.send(.join(RoomRequest(room: self.room)))
            }
            return nil
        } catch {
            return "cannot encrypt \(self.room): \(error)"
        }
    }
}

/// `/join ROOM --passphrase`: the passphrase is typed on the input line, which shows none of it.
extension InteractiveSession {
    mutating func askPassphrase(for name: String) {
        let room: String
        do {
            room = try RoomName(validating: name).value
        } catch {
            return self.print([self.formatter.problem("\(error)")])
        }
        self.passphraseRoom = room
        self.print([self.formatter.notice("type the passphrase for \(room) and press Enter (it is not shown); Ctrl-C cancels")])
    }

    /// A key typed while the passphrase is asked for. Nothing of it is drawn, and it never enters the
    /// line history.
    mutating func handlePassphrase(_ key: Key) {
        guard let room = self.passphraseRoom else { return }
        switch key {
        case .text(let text): self.editor.insert(text)
        case .backspace: self.editor.backspace()
        case .deleteToStart, .deleteWord: _ = self.editor.take()
        case .enter:
            let passphrase = self.editor.take()
            self.passphraseRoom = nil
            guard !passphrase.isEmpty else {
                return self.print([self.formatter.problem("no passphrase given: \(room) is not encrypted")])
            }
            self.joining = room
            self.passphrases.yield(PassphraseRequest(room: room, passphrase: passphrase))
            let warning = EncryptionCommands.weakPassphraseWarning(passphrase).map { self.formatter.problem($0) }
            self.print([warning, self.formatter.notice("deriving the key for \(room)…")].compactMap { $0 })
        case .interrupt, .endOfInput:
            _ = self.editor.take()
            self.passphraseRoom = nil
            self.print([self.formatter.notice("cancelled: \(room) is not encrypted")])
        default: break
        }
    }
}
