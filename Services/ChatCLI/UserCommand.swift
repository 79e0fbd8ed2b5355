/// What a line typed by the user asks for: a message, or one of the slash commands.
public enum UserCommand: Sendable, Equatable {
    case say(String)
    case action(String)
    case direct(to: String, text: String)
    case who(room: String?)
    /// `/join ROOM`; with `--passphrase`, an end-to-end encrypted room (the passphrase is asked for).
    case join(room: String, passphrase: Bool)
    case leave(room: String?)
    case rooms
    case nick(String)
    /// `/verify NAME`: show the safety number to compare with NAME; `/verified NAME`: they match.
    case verify(name: String)
    case verified(name: String)
    /// `/trust NAME`: accept the new key NAME uses now, without comparing.
    case trust(name: String)
    case help
    case quit
    /// A command used wrongly: the usage to show.
    case usage(String)
    case unknown(String)
    /// A blank line.
    case nothing

    /// The help text, one line per command.
    public static let helpLines = [
        "/help               this list",
        "/who [ROOM]         who is in the room (default: the current one)",
        "/join ROOM          join a room, or switch to it if you are in it",
        "/join ROOM --passphrase  join ROOM (or lock it, if you are in it) end-to-end encrypted 🔒: asks for",
        "                    its passphrase, unechoed; everyone there must use the same one",
        "/leave [ROOM]       leave a room (default: the current one)",
        "/rooms              the rooms you are in; * marks the current one",
        "/msg NAME TEXT      a private message to NAME",
        "/me TEXT            an action: * you TEXT",
        "/nick NAME          change your name (your identity key's name moves with you)",
        "/verify NAME        the safety number to compare with NAME, in person or on a call",
        "/verified NAME      you compared it and it matches: NAME is a verified contact ✔",
        "/trust NAME         accept the new key NAME uses now (after a \"key changed\" warning)",
        "/quit               leave (Ctrl-D and Ctrl-C too)",
        "Anything else is said in the current room; start it with // to say something beginning with /.",
    ]

    static let passphraseOption = "--passphrase"

    /// Parses one line. `//text` says `/text`.
    public init(parsing line: String) {
        let trimmed = line.trimmingSpaces()
        guard !trimmed.isEmpty else {
            self = .nothing
            return
        }
        guard trimmed.hasPrefix("/") else {
            self = .say(line)
            return
        }
        if trimmed.hasPrefix("//") {
            self = .say(String(line.drop { $0 != "/" }.dropFirst()))
            return
        }
        let words = trimmed.dropFirst().split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        let command = words.first.map { $0.lowercased() } ?? ""
        let rest = words.count > 1 ? String(words[1]).trimmingSpaces() : ""
        switch command {
        case "help", "h", "?": self = .help
        case "quit", "exit", "q": self = .quit
        case "rooms": self = .rooms
        case "who": self = .who(room: rest.isEmpty ? nil : rest)
        case "join", "j":
            var words = rest.split(separator: " ").map(String.init)
            let passphrase = words.contains(Self.passphraseOption)
            words.removeAll { $0 == Self.passphraseOption }
            self = words.count == 1 ? .join(room: words[0], passphrase: passphrase) : .usage("/join ROOM [\(Self.passphraseOption)]")
        case "leave", "part": self = .leave(room: rest.isEmpty ? nil : rest)
        case "me": self = rest.isEmpty ? .usage("/me TEXT") : .action(rest)
        case "nick", "name": self = rest.isEmpty ? .usage("/nick NAME") : .nick(rest)
        case "verify": self = rest.isEmpty ? .usage("/verify NAME") : .verify(name: rest)
        case "verified": self = rest.isEmpty ? .usage("/verified NAME") : .verified(name: rest)
        case "trust": self = rest.isEmpty ? .usage("/trust NAME") : .trust(name: rest)
        case "msg", "dm", "m":
            let parts = rest.split(separator: " ", maxSplits: 1)
            guard parts.count == 2, !parts[1].trimmingSpaces().isEmpty else {
                self = .usage("/msg NAME TEXT")
                return
            }
            self = .direct(to: String(parts[0]), text: String(parts[1]).trimmingSpaces())
        default: self = .unknown("/" + command)
        }
    }
}

extension StringProtocol {
    func trimmingSpaces() -> String {
        var slice = Substring(self)
        while slice.first?.isWhitespace == true { slice.removeFirst() }
        while slice.last?.isWhitespace == true { slice.removeLast() }
        return String(slice)
    }
}
