public import ChatClient
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
    public var url: ServerURL
    /// The user's name, already valid.
    public var name: String
    /// The rooms to start in, already valid; the first is where typed lines go.
    public var rooms: [String]
    public var accessKey: String?
    /// The passphrase that end-to-end encrypts ``rooms``.
    public var passphrase: String?
    /// Print the protocol's frames as JSON lines.
    public var json: Bool
    /// In a terminal: the line editor; otherwise scripted, reading lines from standard input.
    public var interactive: Bool
    /// Whether the terminal shows colours (not when `NO_COLOR` is set).
    public var colors: Bool

    public init(
        identity: Identity? = nil,
        identityFiles: IdentityFiles? = nil,
        pins: ContactPins = ContactPins(),
        url: ServerURL,
        name: String,
        rooms: [String],
        accessKey: String? = nil,
        passphrase: String? = nil,
        json: Bool = false,
        interactive: Bool = false,
        colors: Bool = true
    ) {
        self.identity = identity
        self.identityFiles = identityFiles
        self.pins = pins
        self.url = url
        self.name = name
        self.rooms = rooms
        self.accessKey = accessKey
        self.passphrase = passphrase
        self.json = json
        self.interactive = interactive
        self.colors = colors
    }

    /// Saves the pins to their file when they change; nothing without an identity.
    var pinSaver: (@Sendable (ContactPins) -> Void)? {
        guard let files = self.identityFiles else { return nil }
        return { pins in files.save(pins) }
    }

    /// Connects and chats, interactively or scripted, until the user or the input is done.
    public func run() async throws -> ExitStatus {
        var configuration = ChatClient.Configuration(
            url: self.url,
            name: self.name,
            rooms: self.rooms,
            accessKey: self.accessKey,
            identity: self.identity,
            pins: self.pins,
            savePins: self.pinSaver,
            reportsFrames: self.json
        )
        if let passphrase = self.passphrase {
            if self.interactive { printError("chat: deriving the key of \(self.rooms.joined(separator: ", ")) from the passphrase…\n") }
            try await configuration.encryptRooms(passphrase: passphrase)
        }
        let client = ChatClient(configuration: configuration)
        if self.interactive {
            return await InteractiveChat(client: client, url: self.url, colors: self.colors).run()
        }
        return await ScriptedChat(client: client, room: self.rooms[0], json: self.json, passphrase: self.passphrase).run()
    }
}
