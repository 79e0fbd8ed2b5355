import ChatClient
import ChatProtocol
import EndToEnd

/// The encryption commands (`/join ROOM --encrypt`, `/invite`, `/rekey`, `/add`, `/remove`, `/msg`),
/// done the same way in a terminal and in a script: each returns what to tell the user.
struct EncryptionCommands: Sendable {
    enum Reply: Equatable {
        case notice(String)
        case problem(String)
        /// An invite link: `/invite` shows it on a line of its own.
        case invite(room: String, link: String)
    }

    let client: ChatClient
    let url: ServerURL
    /// The access key this client connects with: an invite link carries it.
    let accessKey: String?

    /// `/join ROOM --encrypt`: a new random key for the room, then the join (or, in the room, the key
    /// goes to its members at once).
    func joinEncrypted(_ name: String) async -> Reply {
        let room: String
        do throws(RoomNameError) {
            room = try RoomName(validating: name).value
        } catch {
            return .problem("\(error)")
        }
        do throws(EncryptionProblem) {
            try await self.client.encryptNew(room)
        } catch {
            return .problem("cannot encrypt \(room): \(error)")
        }
        if await !self.client.current.wantedRooms.contains(room) { await self.client.send(.join(RoomRequest(room: room))) }
        return .notice("\(room) is encrypted with a new key; /invite gives a link that lets people in")
    }

    /// `/invite`: the link that lets a person into `room` with its key.
    func invite(_ room: String) async -> Reply {
        guard let key = await self.client.inviteKey(of: room) else {
            let (encrypted, _) = await self.client.roomEncryption(of: room)
            return .problem(
                encrypted
                    ? "\(room) has no key to put in a link (a passphrase room, or its key was changed without you)"
                    : "\(room) is not encrypted: /join \(room) --encrypt first"
            )
        }
        return .invite(room: room, link: self.url.inviteLink(accessKey: self.accessKey, room: room, roomKey: key.text))
    }

    func rekey(_ room: String) async -> Reply {
        await self.reply(to: { () async throws(EncryptionProblem) in try await self.client.rekey(room) }, done: "sharing a new key for \(room)…")
    }

    func add(_ name: String, to room: String) async -> Reply {
        await self.reply(
            to: { () async throws(EncryptionProblem) in try await self.client.add(name, to: room) },
            done: "giving \(name) the key of \(room)…"
        )
    }

    func remove(_ name: String, from room: String) async -> Reply {
        await self.reply(
            to: { () async throws(EncryptionProblem) in try await self.client.remove(name, from: room) },
            done: "sharing a new key for \(room) without \(name)…"
        )
    }

    private func reply(to action: () async throws(EncryptionProblem) -> Void, done: String) async -> Reply {
        do throws(EncryptionProblem) {
            try await action()
            return .notice(done)
        } catch {
            return .problem(error.description)
        }
    }

    /// `/msg NAME TEXT` (`/msg! NAME TEXT`: in the clear if need be): whether it went sealed, or why it
    /// did not go. A script's first lines come before the welcome, which tells whose sealing keys are
    /// known: so it waits for that first.
    func direct(_ text: String, to name: String, unencrypted: Bool) async -> Result<Bool, SendProblem> {
        await self.client.waitUntilWelcomed()
        do throws(SendProblem) {
            return .success(try await self.client.sendDirect(text, to: name, allowUnencrypted: unencrypted).sealed)
        } catch {
            return .failure(error)
        }
    }

    /// The warning for a weak passphrase (docs/PROTOCOL.md's rule), or `nil` for a good one.
    static func weakPassphraseWarning(_ passphrase: String) -> String? {
        PassphraseStrength.weakness(of: passphrase).map {
            "warning: the passphrase is weak (\($0)): whoever gets the room's messages can try guesses offline. "
                + "Use a longer one, or a random key: /join ROOM --encrypt"
        }
    }
}
