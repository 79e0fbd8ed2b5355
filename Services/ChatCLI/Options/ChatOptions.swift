public import ArgumentParser
import ChatClient
import ChatProtocol

/// `chat`'s argument and flags, each with its environment variable; ``configuration(interactive:ask:)`` turns
/// them into a ``ChatCLIConfiguration``.
public struct ChatOptions: ParsableArguments {
    @Argument(
        help: """
            Server URL, e.g. \(ServerURL.default.value) or wss://HOST/ws, or an invite link https://HOST/#key=KEY&room=ROOM&roomkey=ROOM_KEY \
            (it joins ROOM end-to-end encrypted). (default: \(ServerURL.default.value); env: CHAT_URL; asked for in a terminal)
            """
    )
    var url: String?

    @Option(help: "Your name: 1 to 32 characters. (env: CHAT_NAME; asked for in a terminal)")
    var name: String?

    @Option(help: "The room to talk in; repeat it to be in several. (default: \(RoomName.lobby.value); env: CHAT_ROOM)")
    var room: [String] = []

    @Flag(help: "Print the protocol's frames as JSON lines instead of text (scriptable mode); room key changes are room_key lines.")
    public var json = false

    @Option(help: "The gateway's access key; prefer --key-file or CHAT_KEY, as command lines are visible to others. (env: CHAT_KEY)")
    var key: String?

    @Option(help: ArgumentHelp("Read the gateway's access key from FILE.", valueName: "FILE"))
    var keyFile: String?

    @Option(
        help: ArgumentHelp(
            """
            End-to-end encrypt the rooms of --room (or the lobby) with the passphrase in FILE (salted; a weak one is warned about); \
            a final line break is ignored. (env: CHAT_PASSPHRASE)
            """,
            valueName: "FILE"
        )
    )
    var passphraseFile: String?

    @Option(
        help: ArgumentHelp(
            """
            Your identity key, made there on first use (0600); the keys you have seen are pinned beside it, in FILE.pins, and \
            the keys of your encrypted rooms kept in FILE.keys. \
            (default: $XDG_CONFIG_HOME/private-chat/identity, else ~/.config/private-chat/identity; env: CHAT_IDENTITY)
            """,
            valueName: "FILE"
        )
    )
    var identity: String?

    @Flag(help: "Connect without an identity key: your name is not bound to you, your messages are unsigned, and nothing is encrypted.")
    public var noIdentity = false

    @Flag(help: "Keep room keys in memory only: the keyring beside your identity (FILE.keys) is neither read nor written.")
    public var noKeyring = false

    @Flag(help: "Show each message's number (#N), which /reply, /edit, /delete and /react take; /refs toggles it. (default: off)")
    public var refs = false

    @Flag(help: "Do not ring the terminal bell when someone mentions you (@NAME); /bell toggles it. (default: the bell rings)")
    public var noBell = false

    @Flag(
        help: """
            Let the members of your rooms see how far you read (your read markers); /reads on|off changes it. \
            (default: off: only your own devices see them)
            """
    )
    public var shareReads = false

    @Flag(
        help: """
            Print your identity as one line (privchat-id1-secret:...) and exit; paste it into the web GUI's \
            "Use my terminal identity" to be the same person there. It is your secret key: show it to nobody.
            """
    )
    public var exportIdentity = false

    public init() {}

    /// The identity's files, from --identity, else CHAT_IDENTITY, else the XDG default.
    public var identityFiles: IdentityFiles {
        IdentityFiles(identityPath: Self.resolve(self.identity, environment: "CHAT_IDENTITY") ?? IdentityFiles.defaultIdentityPath())
    }
}
