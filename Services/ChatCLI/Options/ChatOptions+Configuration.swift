import ChatClient
import ChatConfig
import ChatProtocol
import EndToEnd
import Identity

extension ChatOptions {
    /// The configuration these options describe: each value from its flag, else its environment variable, else
    /// (in a terminal) the answer to `ask`, else its default.
    ///
    /// - Parameter interactive: Whether `chat` runs in a terminal, so may ask for what is missing.
    /// - Parameter ask: Asks a question, offering the default; `nil` at end of input.
    /// - Throws: The message `chat` prints, with the status it exits with.
    public func configuration(
        interactive: Bool,
        ask: (_ question: String, _ default: String?) -> String?
    ) throws(ChatCLIConfiguration.Problem) -> ChatCLIConfiguration {
        let rawURL =
            Self.resolve(self.url, environment: "CHAT_URL") ?? (interactive ? ask("Server URL", ServerURL.default.value) : nil)
            ?? ServerURL.default.value
        let url: ServerURL
        do throws(ServerURLError) {
            url = try ServerURL(rawURL)
        } catch {
            throw .init(error.description, .usage)
        }
        guard let rawName = Self.resolve(self.name, environment: "CHAT_NAME") ?? (interactive ? ask("Your name", nil) : nil) else {
            throw .init("a name is needed: pass --name NAME or set CHAT_NAME", .usage)
        }
        let name: UserName
        do throws(UserNameError) {
            name = try UserName(validating: rawName)
        } catch {
            throw .init(error.description, .invalidName)
        }
        let invitedRoom = try Self.invitedRoom(of: url)
        var rooms: [String] = invitedRoom.map { [$0.room] } ?? []
        let named = self.room.isEmpty && invitedRoom == nil ? [Self.resolve(nil, environment: "CHAT_ROOM") ?? RoomName.lobby.value] : self.room
        for raw in named {
            do throws(RoomNameError) {
                let room = try RoomName(validating: raw).value
                if !rooms.contains(room) { rooms.append(room) }
            } catch {
                throw .init("--room \(raw): \(error)", .usage)
            }
        }
        let passphrase: String?
        let accessKey: String?
        do throws(Secret.Problem) {
            passphrase =
                try self.passphraseFile.map { path throws(Secret.Problem) in try Secret.read(file: path, what: "passphrase") }
                ?? environmentValue("CHAT_PASSPHRASE")
            accessKey = try self.accessKey(inviteKey: url.inviteKey)
        } catch {
            throw .init(error.description, .usage)
        }
        if self.noIdentity && (invitedRoom != nil || passphrase != nil) {
            let what = invitedRoom != nil ? "the invite link's room key" : "the passphrase (--passphrase-file or CHAT_PASSPHRASE)"
            throw .init("end-to-end encryption needs an identity key: \(what) cannot be used with --no-identity", .usage)
        }
        let files = self.identityFiles
        let identity: Identity?
        let pins: ContactPins
        let keyring: RoomKeyring
        do throws(IdentityFiles.Problem) {
            identity = self.noIdentity ? nil : try files.loadIdentity()
            pins = self.noIdentity ? ContactPins() : try files.loadPins()
            keyring = self.noIdentity || self.noKeyring ? RoomKeyring() : try files.loadKeyring()
        } catch {
            throw .init("identity: \(error.description) (or connect with --no-identity)", .usage)
        }
        return ChatCLIConfiguration(
            identity: identity,
            identityFiles: self.noIdentity ? nil : files,
            pins: pins,
            keyring: keyring,
            keepsKeyring: !self.noKeyring,
            url: url,
            name: name.value,
            rooms: rooms,
            accessKey: accessKey,
            invitedRoom: invitedRoom,
            passphrase: passphrase,
            json: self.json,
            interactive: interactive,
            colors: environmentValue("NO_COLOR") == nil,
            showsRefs: self.refs,
            rings: !self.noBell,
            sharesReads: self.shareReads
        )
    }

    /// The encrypted room of an invite link (`#room=ROOM&roomkey=ROOM_KEY`), checked.
    static func invitedRoom(of url: ServerURL) throws(ChatCLIConfiguration.Problem) -> (room: String, key: RoomKey)? {
        guard url.inviteRoom != nil || url.inviteRoomKey != nil else { return nil }
        guard let rawRoom = url.inviteRoom, let rawKey = url.inviteRoomKey else {
            throw .init("the invite link has a room or a room key, not both: ask for the link again", .usage)
        }
        let room: String
        do throws(RoomNameError) {
            room = try RoomName(validating: rawRoom).value
        } catch {
            throw .init("the invite link's room: \(error)", .usage)
        }
        guard let key = RoomKey(text: rawKey) else {
            throw .init("the invite link's room key is not one (43 characters of base64url): ask for the link again", .usage)
        }
        return (room, key)
    }

    /// The access key: --key, --key-file, the invite link's, or CHAT_KEY, in that order.
    func accessKey(inviteKey: String?) throws(Secret.Problem) -> String? {
        if self.key != nil && self.keyFile != nil { throw Secret.Problem(description: "give the access key once: --key or --key-file") }
        if let key = self.key { return try Secret.accessKey(key, from: "--key") }
        if let path = self.keyFile { return try Secret.accessKey(Secret.read(file: path, what: "access key"), from: path) }
        if let key = inviteKey { return try Secret.accessKey(key, from: "the invite link") }
        if let key = environmentValue("CHAT_KEY") { return try Secret.accessKey(key, from: "CHAT_KEY") }
        return nil
    }

    /// A text option from its flag, else its environment variable (text always parses, so nothing throws).
    static func resolve(_ flag: String?, environment name: String) -> String? {
        try? resolveOptionalOption(flag, environment: name)
    }
}
