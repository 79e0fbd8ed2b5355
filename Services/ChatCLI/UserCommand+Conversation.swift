/// Parsing the conversation commands: `/reply`, `/edit`, `/delete`, `/react` and their settings.
extension UserCommand {
    static let replyUsage = "/reply [#N] TEXT"
    static let editUsage = "/edit [#N] TEXT"
    static let reactUsage = "/react [#N] EMOJI"

    /// A conversation command, from its name and the rest of the line.
    static func conversation(_ command: String, _ rest: String) -> UserCommand {
        let (ref, text) = Self.reference(rest)
        switch command {
        case "reply", "re": return text.isEmpty ? .usage(Self.replyUsage) : .reply(ref: ref, text: text)
        case "edit": return text.isEmpty ? .usage(Self.editUsage) : .edit(ref: ref, text: text)
        case "delete", "del": return text.isEmpty ? .delete(ref: ref) : .usage("/delete [#N]")
        case "react":
            guard !text.isEmpty, !text.contains(where: \.isWhitespace) else { return .usage(Self.reactUsage) }
            return .react(ref: ref, reaction: text)
        case "refs": return Self.setting(rest, usage: "/refs [on|off]", UserCommand.refs)
        case "reads": return Self.setting(rest, usage: "/reads [on|off]", UserCommand.reads)
        default: return Self.setting(rest, usage: "/bell [on|off]", UserCommand.bell)
        }
    }

    /// A leading `#N` and what follows it; no reference when the line does not start with one.
    static func reference(_ rest: String) -> (UInt64?, String) {
        let words = rest.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard let first = words.first, first.hasPrefix("#"), let seq = UInt64(first.dropFirst()) else { return (nil, rest) }
        return (seq, words.count > 1 ? String(words[1]).trimmingSpaces() : "")
    }

    /// `on`, `off`, or nothing (toggle, or for `/reads`, show).
    private static func setting(_ rest: String, usage: String, _ make: (Bool?) -> UserCommand) -> UserCommand {
        switch rest.lowercased() {
        case "": make(nil)
        case "on": make(true)
        case "off": make(false)
        default: .usage(usage)
        }
    }
}
