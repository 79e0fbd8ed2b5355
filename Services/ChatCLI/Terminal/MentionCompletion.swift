import ChatProtocol

/// What Tab completes after `@prefix` (or `@:prefix`): the first name, in order, that starts with the
/// prefix regardless of case, as the token that mentions it (``ChatProtocol/Mention/token(for:)``).
struct MentionCompletion: Equatable {
    /// The characters to replace: from the `@` to the cursor.
    let range: Range<Int>
    let token: String

    /// `nil` when the cursor is not at the end of an `@prefix`, or no name fits.
    init?(text: [Character], cursor: Int, names: [String]) {
        var start = cursor
        while start > 0, text[start - 1] != "@", text[start - 1] != " " || Self.isInsideColonForm(text, before: start - 1) { start -= 1 }
        guard start > 0, text[start - 1] == "@" else { return nil }
        let at = start - 1
        // An `@` inside a word starts no mention: nothing to complete.
        if at > 0, Mention.isNameCharacter(text[at - 1]) { return nil }
        var prefix = String(text[start..<cursor])
        if prefix.hasPrefix(":") { prefix.removeFirst() }
        let wanted = prefix.lowercased()
        guard let name = names.sorted(by: { $0.lowercased() < $1.lowercased() }).first(where: { $0.lowercased().hasPrefix(wanted) }) else {
            return nil
        }
        self.range = at..<cursor
        self.token = Mention.token(for: name)
    }

    /// Whether the space at `index` belongs to an `@:name with spaces` being typed.
    private static func isInsideColonForm(_ text: [Character], before index: Int) -> Bool {
        var start = index
        while start > 0, text[start - 1] != ":" { start -= 1 }
        return start >= 2 && text[start - 1] == ":" && text[start - 2] == "@"
    }
}
