public import ChatClient
public import EndToEnd
public import Identity

/// Everything `chat` needs to run: the server, who and where to be, the secrets, and how to show it.
/// ``ChatOptions`` fills it in.
public struct ChatCLIConfiguration: Sendable {
    /// Why the options cannot be used: the message `chat` prints and the status it exits with.
    public struct Problem: Error, Hashable, CustomStringConvertible {
        public let description: String
        public let status: ExitStatus

        public init(_ description: String, _ status: ExitStatus) {
            self.description = description
            self.status = status
        }
    }

    /// Who the user is: the key that proves the name and signs every message (`nil` with --no-identity).
    public var identity: Identity?
    /// Where the identity and the pins live, to save the pins when they change.
    public var identityFiles: IdentityFiles?
    public var pins: ContactPins
    /// The room keys kept from earlier runs (the keyring file), and whether to keep them (`--no-keyring`: no).
    public var keyring: RoomKeyring
    public var keepsKeyring: Bool
    public var url: ServerURL
    /// The user's name, already valid.
    public var name: String
    /// The rooms to start in, already valid; the first is where typed lines go.
    public var rooms: [String]
    public var accessKey: String?
    /// The room of an invite link and its key: joined encrypted.
    public var invitedRoom: (room: String, key: RoomKey)?
    /// The passphrase that end-to-end encrypts ``rooms`` (but the invite link's).
    public var passphrase: String?
    /// Print the protocol's frames as JSON lines.
    public var json: Bool
    /// In a terminal: the line editor; otherwise scripted, reading lines from standard input.
    public var interactive: Bool
    /// Whether the terminal shows colours (not when `NO_COLOR` is set).
    public var colors: Bool
    /// Show each message's `#N` from the start (`--refs`).
    public var showsRefs: Bool
    /// Ring the bell when someone mentions the user (`--no-bell`: not).
    public var rings: Bool
    /// Send read markers visible to the rooms' members (`--share-reads`).
    public var sharesReads: Bool

    public init(
        identity: Identity? = nil,
        identityFiles: IdentityFiles? = nil,
        pins: ContactPins = ContactPins(),
        keyring: RoomKeyring = RoomKeyring(),
        keepsKeyring: Bool = true,
        url: ServerURL,
        name: String,
        rooms: [String],
        accessKey: String? = nil,
        invitedRoom: (room: String, key: RoomKey)? = nil,
        passphrase: String? = nil,
        json: Bool = false,
        interactive: Bool = false,
        colors: Bool = true,
        showsRefs: Bool = false,
        rings: Bool = true,
        sharesReads: Bool = false
    ) {
        self.identity = identity
        self.identityFiles = identityFiles
        self.pins = pins
        self.keyring = keyring
        self.keepsKeyring = keepsKeyring
        self.url = url
        self.name = name
        self.rooms = rooms
        self.accessKey = accessKey
        self.invitedRoom = invitedRoom
        self.passphrase = passphrase
        self.json = json
        self.interactive = interactive
        self.colors = colors
        self.showsRefs = showsRefs
        self.rings = rings
        self.sharesReads = sharesReads
    }

    /// Saves the pins to their file when they change; nothing without an identity.
    var pinSaver: (@Sendable (ContactPins) -> Void)? {
        guard let files = self.identityFiles else { return nil }
        return { pins in files.save(pins) }
    }

    /// Saves the room keys to the keyring file when they change; nothing without an identity or with `--no-keyring`.
    var keyringSaver: (@Sendable (RoomKeyring) -> Void)? {
        guard let files = self.identityFiles, self.keepsKeyring else { return nil }
        return { keyring in files.save(keyring) }
    }

    /// The rooms the passphrase encrypts: the start rooms, but the invite link's.
    var passphraseRooms: [String] { self.rooms.filter { $0 != self.invitedRoom?.room } }

    /// Connects and chats, interactively or scripted, until the user or the input is done.
    public func run() async throws -> ExitStatus {
        if let passphrase = self.passphrase, let warning = EncryptionCommands.weakPassphraseWarning(passphrase) { printError("chat: \(warning)\n") }
        let configuration = ChatClient.Configuration(
            url: self.url,
            name: self.name,
            rooms: self.rooms,
            accessKey: self.accessKey,
            keyring: self.keyring,
            saveKeyring: self.keyringSaver,
            linkKeys: self.invitedRoom.map { [$0.room: $0.key] } ?? [:],
            passphraseKeys: try await self.passphraseKeys(),
            identity: self.identity,
            pins: self.pins,
            savePins: self.pinSaver,
            reportsFrames: self.json,
            sharesReadMarkers: self.sharesReads
        )
        let client = ChatClient(configuration: configuration)
        if self.interactive {
            return await InteractiveChat(
                client: client,
                url: self.url,
                accessKey: self.accessKey,
                colors: self.colors,
                showsRefs: self.showsRefs,
                rings: self.rings
            ).run()
        }
        return await ScriptedChat(
            client: client,
            url: self.url,
            accessKey: self.accessKey,
            room: self.rooms[0],
            json: self.json,
            passphrase: self.passphrase
        ).run()
    }

    /// The key the passphrase gives the start rooms with a salt of this client's, derived before
    /// connecting so that the first message can be sealed.
    ///
    /// One salt serves them all (one slow derivation): what is sealed is bound to its room anyway.
    func passphraseKeys() async throws -> [String: ChatClient.PassphraseKey] {
        guard let passphrase = self.passphrase, !self.passphraseRooms.isEmpty else { return [:] }
        if self.interactive { printError("chat: deriving the key of \(self.passphraseRooms.joined(separator: ", ")) from the passphrase…\n") }
        let key = ChatClient.PassphraseKey(
            passphrase: passphrase,
            key: try await RoomKey.deriving(passphrase: passphrase, salt: RoomKey.randomSalt())
        )
        return Dictionary(uniqueKeysWithValues: self.passphraseRooms.map { ($0, key) })
    }
}
