/// What a line typed by the user asks for: a message, or one of the slash commands.
public enum UserCommand: Sendable, Equatable {
    /// How `/join` encrypts the room it joins.
    public enum JoinEncryption: Sendable, Equatable {
        /// As the room is: encrypted if this client has its key.
        case asItIs
        /// `--encrypt`: with a new random key, shared with the members.
        case randomKey
        /// `--passphrase`: with a key derived from a passphrase (asked for, unechoed).
        case passphrase
    }

    case say(String)
    case action(String)
    /// `/msg NAME TEXT`: sealed when NAME's keys are known; `/msg!` sends it in the clear otherwise.
    case direct(to: String, text: String, unencrypted: Bool)
    case who(room: String?)
    case join(room: String, encryption: JoinEncryption)
    case leave(room: String?)
    case rooms
    case nick(String)
    /// `/verify NAME`: show the safety number to compare with NAME; `/verified NAME`: they match.
    case verify(name: String)
    case verified(name: String)
    /// `/trust NAME`: accept the new key NAME uses now, without comparing.
    case trust(name: String)
    /// `/invite`: the invite link of the current encrypted room.
    case invite
    /// `/rekey`: a new key for the current encrypted room.
    case rekey
    /// `/add NAME`: give NAME the current room's key; `/remove NAME`: a new key without them.
    case add(name: String)
    case remove(name: String)
    /// Conversation events (docs/PROTOCOL.md, "Conversation events"), each about the message with room
    /// sequence `ref` (`#12`), or by default the last one: someone else's for `/reply` and `/react`, yours
    /// for `/edit` and `/delete`.
    case reply(ref: UInt64?, text: String)
    case edit(ref: UInt64?, text: String)
    case delete(ref: UInt64?)
    /// `/react [#N] EMOJI`: adds the reaction, or takes it back if you hold it.
    case react(ref: UInt64?, reaction: String)
    /// `/refs [on|off]`: show each message's `#N` (no argument: toggle).
    case refs(Bool?)
    /// `/reads`: how far the members who show it read; `/reads on|off`: show yours to them or not.
    case reads(Bool?)
    /// `/bell [on|off]`: ring the terminal bell when someone mentions you (no argument: toggle).
    case bell(Bool?)
    /// Files (docs/PROTOCOL.md, "Files"): `/send PATH` sends one to the current room; `/save [#N] [PATH]`
    /// saves the file of message #N (by default the last one shared there), to PATH or the current
    /// directory; `/cancel` stops the transfers going on.
    case sendFile(path: String)
    case save(ref: UInt64?, path: String?)
    case cancel
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
        "/join ROOM --encrypt     join ROOM end-to-end encrypted 🔒 with a new random key, given to its members",
        "/join ROOM --passphrase  join ROOM encrypted with a passphrase (asked for, unechoed; all must use the same)",
        "/invite             the invite link of the current encrypted room: it carries the room's key, so",
        "                    send it only to people who may read the room",
        "/add NAME           give NAME the current room's key (they need an identity key)",
        "/remove NAME        a new room key for everyone in the room but NAME",
        "/rekey              a new key for the current room (also made when a member leaves)",
        "/leave [ROOM]       leave a room (default: the current one)",
        "/rooms              the rooms you are in; * marks the current one",
        "/reply [#N] TEXT    answer message #N (default: the last one from someone else), quoting its start",
        "/edit [#N] TEXT     change the text of your message #N (default: your last one)",
        "/delete [#N]        delete your message #N (default: your last one): everyone drops its text",
        "/react [#N] EMOJI   react to #N (default: the last one from someone else); again takes it back",
        "/refs [on|off]      show each message's number #N, for the commands above (also --refs)",
        "/send PATH          send a file or picture (up to the server's limit) to the current room",
        "/save [#N] [PATH]   save the file of #N (default: the last one here) to PATH (default: this",
        "                    directory, under its own name); an existing file is never overwritten",
        "/cancel             stop the files being sent or saved",
        "@NAME               mention someone (Tab completes names; @:NAME: for names with spaces):",
        "                    they are highlighted and hear the bell",
        "/bell [on|off]      ring the terminal bell when someone mentions you (off: --no-bell)",
        "/reads [on|off]     who read how far here; on|off: let the room see how far you read (--share-reads)",
        "/msg NAME TEXT      a private message to NAME, end-to-end encrypted 🔒 when NAME has keys",
        "/msg! NAME TEXT     the same, sent even if it cannot be encrypted",
        "/me TEXT            an action: * you TEXT",
        "/nick NAME          change your name (your identity key's name moves with you)",
        "/verify NAME        the safety number to compare with NAME, in person or on a call",
        "/verified NAME      you compared it and it matches: NAME is a verified contact ✔",
        "/trust NAME         accept the new key NAME uses now (after a \"key changed\" warning)",
        "/quit               leave (Ctrl-D and Ctrl-C too)",
        "Anything else is said in the current room; start it with // to say something beginning with /.",
    ]

    static let joinUsage = "/join ROOM [--encrypt | --passphrase]"

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
        case "join", "j": self = Self.join(rest)
        case "leave", "part": self = .leave(room: rest.isEmpty ? nil : rest)
        case "me": self = rest.isEmpty ? .usage("/me TEXT") : .action(rest)
        case "nick", "name": self = rest.isEmpty ? .usage("/nick NAME") : .nick(rest)
        case "verify": self = rest.isEmpty ? .usage("/verify NAME") : .verify(name: rest)
        case "verified": self = rest.isEmpty ? .usage("/verified NAME") : .verified(name: rest)
        case "trust": self = rest.isEmpty ? .usage("/trust NAME") : .trust(name: rest)
        case "invite": self = .invite
        case "rekey": self = .rekey
        case "add": self = rest.isEmpty ? .usage("/add NAME") : .add(name: rest)
        case "remove": self = rest.isEmpty ? .usage("/remove NAME") : .remove(name: rest)
        case "reply", "re", "edit", "delete", "del", "react", "refs", "reads", "bell": self = Self.conversation(command, rest)
        case "send", "save", "cancel": self = Self.file(command, rest)
        case "msg", "dm", "m", "msg!", "dm!", "m!":
            let unencrypted = command.hasSuffix("!")
            let parts = rest.split(separator: " ", maxSplits: 1)
            guard parts.count == 2, !parts[1].trimmingSpaces().isEmpty else {
                self = .usage(unencrypted ? "/msg! NAME TEXT" : "/msg NAME TEXT")
                return
            }
            self = .direct(to: String(parts[0]), text: String(parts[1]).trimmingSpaces(), unencrypted: unencrypted)
        default: self = .unknown("/" + command)
        }
    }

    /// `/join ROOM` with at most one of `--encrypt`, `--passphrase`, before or after the room.
    private static func join(_ rest: String) -> UserCommand {
        var words = rest.split(separator: " ").map(String.init)
        let options: [String: JoinEncryption] = ["--encrypt": .randomKey, "--passphrase": .passphrase]
        let given = words.compactMap { options[$0] }
        words.removeAll { options[$0] != nil }
        guard words.count == 1, given.count <= 1 else { return .usage(Self.joinUsage) }
        return .join(room: words[0], encryption: given.first ?? .asItIs)
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
