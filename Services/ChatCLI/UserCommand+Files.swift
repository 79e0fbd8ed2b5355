/// Parsing the file commands: `/send`, `/save`, `/cancel`.
extension UserCommand {
    static let sendUsage = "/send PATH"
    static let saveUsage = "/save [#N] [PATH]"

    /// A file command, from its name and the rest of the line (a path is taken whole, spaces and all).
    static func file(_ command: String, _ rest: String) -> UserCommand {
        switch command {
        case "send": return rest.isEmpty ? .usage(Self.sendUsage) : .sendFile(path: rest)
        case "save":
            let words = rest.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
            // `#12` or `12` first is the message; anything else is a path for the last file.
            guard let first = words.first, let seq = UInt64(first.hasPrefix("#") ? first.dropFirst() : first) else {
                return .save(ref: nil, path: rest.isEmpty ? nil : rest)
            }
            return .save(ref: seq, path: words.count > 1 ? String(words[1]).trimmingSpaces() : nil)
        default: return rest.isEmpty ? .cancel : .usage("/cancel")
        }
    }
}
