/// Mentions written in a message's text (docs/PROTOCOL.md, "Conversation events"): `@NAME` for names of
/// letters, digits, `_` and `-` only, `@:NAME:` for any other valid name. They are part of the text, so
/// they are sealed with it, and every client finds them the same way.
public enum Mention {
    /// The names `text` mentions, in order, as written (match them regardless of case).
    public static func names(in text: String) -> [String] {
        let characters = Array(text)
        var names: [String] = []
        var index = 0
        while index < characters.count {
            defer { index += 1 }
            // An `@` inside a word (`alice@example.org`) starts nothing.
            guard characters[index] == "@", index == 0 || !Self.isNameCharacter(characters[index - 1]) else { continue }
            let start = index + 1
            if start < characters.count, characters[start] == ":" {
                guard let close = characters[(start + 1)...].firstIndex(of: ":") else { continue }
                let name = String(characters[(start + 1)..<close])
                // What is between the colons must be a valid name as it stands: not trimmed.
                guard (try? UserName(validating: name))?.value == name else { continue }
                names.append(name)
                index = close
            } else {
                var end = start
                while end < characters.count, Self.isNameCharacter(characters[end]) { end += 1 }
                guard end > start else { continue }
                names.append(String(characters[start..<end]))
                index = end - 1
            }
        }
        return names
    }

    /// Whether `text` mentions `name` (regardless of case).
    public static func mentions(_ name: String, in text: String) -> Bool {
        let wanted = name.lowercased()
        return Self.names(in: text).contains { $0.lowercased() == wanted }
    }

    /// What completion inserts for `name`: `@bob`, or `@:bob smith:` when the name has other characters.
    public static func token(for name: String) -> String {
        !name.isEmpty && name.allSatisfy(Self.isNameCharacter) ? "@" + name : "@:" + name + ":"
    }

    /// A character of a bare `@NAME`: a letter, a digit, `_` or `-`.
    public static func isNameCharacter(_ character: Character) -> Bool {
        character.isLetter || character.isNumber || character == "_" || character == "-"
    }
}
