import ArgumentParser
import ChatCLI
import ChatClient
import ChatConfig
import ChatProtocol

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `chat`: Private Chat in the terminal.
@main
struct App: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chat",
        abstract: "Chat from the terminal with a Private Chat server.",
        discussion: """
            In a terminal it is interactive: messages appear above the line you type; /help lists the commands \
            (/who, /join, /leave, /rooms, /msg, /me, /nick, /quit). Without a URL or name it asks for them. It \
            reconnects by itself and resumes where it left off, so nothing is lost or shown twice.

            Access key: a gateway started with an access key needs it: --key-file FILE, CHAT_KEY or --key KEY \
            (sent as "Authorization: Bearer KEY", never printed), or pass the invite link as the URL: \
            chat 'https://HOST/#key=KEY' connects to wss://HOST/ws with that key.

            Encrypted rooms: with --passphrase-file FILE (or CHAT_PASSPHRASE) the rooms given with --room are \
            end-to-end encrypted: messages there are sealed before they leave and opened on arrival, and the \
            server only ever sees ciphertext. In the terminal, /join ROOM --passphrase asks for a room's \
            passphrase without echo. Everyone in the room must use the same passphrase: compare the key \
            fingerprint shown on joining (🔒). A message that cannot be opened shows as \
            "[cannot decrypt: different passphrase?]", a plain one in an encrypted room as "[not encrypted] …", \
            and a sealed one in a room you have no passphrase for as "[encrypted]"; with --json such messages \
            carry "encrypted" (and "decrypted") fields. Names, rooms and times stay visible to the server, and \
            /msg is not encrypted.

            When standard input is not a terminal it is scriptable: each line read is sent (slash commands work), \
            each message received is printed as "[room] name: text", and it exits once input ends and everything \
            sent was acknowledged, e.g.  echo hello | chat ws://localhost:8000/ws --name bot

            Colours are off when NO_COLOR is set or output is not a terminal.

            Exit codes: 0 done; 1 a message was refused or the session ended; 64 bad URL or usage; 65 the name \
            is not allowed; 67 the name is taken (the message suggests a free one); 69 the server cannot be reached \
            or is not a chat server; 77 access refused (a missing or wrong access key).
            """
    )

    @Argument(
        help:
            "Server URL, e.g. ws://localhost:8000/ws or wss://…/ws, or an invite link https://HOST/#key=KEY. (env: CHAT_URL; asked for in a terminal)"
    )
    var url: String?

    @Option(help: "Your name: 1 to 32 characters. (env: CHAT_NAME; asked for in a terminal)")
    var name: String?

    @Option(help: "The room to talk in; repeat it to be in several. (default: lobby; env: CHAT_ROOM)")
    var room: [String] = []

    @Flag(help: "Print the protocol's frames as JSON lines instead of text (scriptable mode).")
    var json = false

    @Option(help: "The gateway's access key; prefer --key-file or CHAT_KEY, as command lines are visible to others. (env: CHAT_KEY)")
    var key: String?

    @Option(help: ArgumentHelp("Read the gateway's access key from FILE.", valueName: "FILE"))
    var keyFile: String?

    @Option(
        help: ArgumentHelp(
            "End-to-end encrypt the rooms of --room (or the lobby) with the passphrase in FILE; a final line break is ignored. (env: CHAT_PASSPHRASE)",
            valueName: "FILE"
        )
    )
    var passphraseFile: String?

    func run() async throws {
        let interactive = isatty(0) == 1 && isatty(1) == 1 && !self.json
        let rawURL =
            self.url ?? environmentValue("CHAT_URL")
            ?? (interactive ? Self.ask("Server URL", default: ServerURL.default.value) : nil) ?? ServerURL.default.value
        let url: ServerURL
        do throws(ServerURLError) {
            url = try ServerURL(rawURL)
        } catch {
            Self.fail(error.description, .usage)
        }
        guard let rawName = self.name ?? environmentValue("CHAT_NAME") ?? (interactive ? Self.ask("Your name", default: nil) : nil) else {
            Self.fail("a name is needed: pass --name NAME or set CHAT_NAME", .usage)
        }
        let name: UserName
        do {
            name = try UserName(validating: rawName)
        } catch {
            Self.fail(error.description, .invalidName)
        }
        var rooms: [String] = []
        for raw in self.room.isEmpty ? [environmentValue("CHAT_ROOM") ?? RoomName.lobby.value] : self.room {
            do {
                rooms.append(try RoomName(validating: raw).value)
            } catch {
                Self.fail("--room \(raw): \(error)", .usage)
            }
        }
        let accessKey: String?
        let passphrase: String?
        do throws(Secret.Problem) {
            accessKey = try self.accessKey(inviteKey: url.inviteKey)
            passphrase =
                try self.passphraseFile.map { path throws(Secret.Problem) in try Secret.read(file: path, what: "passphrase") }
                ?? environmentValue("CHAT_PASSPHRASE")
        } catch {
            Self.fail(error.description, .usage)
        }
        var configuration = ChatClient.Configuration(url: url, name: name.value, rooms: rooms, accessKey: accessKey, reportsFrames: self.json)
        if let passphrase {
            if interactive { printError("chat: deriving the key of \(rooms.joined(separator: ", ")) from the passphrase…\n") }
            try await configuration.encryptRooms(passphrase: passphrase)
        }
        let client = ChatClient(configuration: configuration)
        let status: ExitStatus
        if interactive {
            status = await InteractiveChat(client: client, url: url, colors: environmentValue("NO_COLOR") == nil).run()
        } else {
            status = await ScriptedChat(client: client, room: rooms[0], json: self.json, passphrase: passphrase).run()
        }
        throw ExitCode(status.rawValue)
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

    /// Asks on the terminal, as the seed's client did; `nil` at end of input.
    static func ask(_ question: String, default value: String?) -> String? {
        while true {
            printError(value.map { "\(question) [\($0)]: " } ?? "\(question): ")
            guard let line = readLine() else { return nil }
            let answer = String(line.drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
            if !answer.isEmpty { return answer }
            if let value { return value }
        }
    }

    static func fail(_ message: String, _ status: ExitStatus) -> Never {
        printError("chat: \(message)\n")
        Glibc.exit(status.rawValue)
    }
}
