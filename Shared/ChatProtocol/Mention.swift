/// Mentions written in a message's text (docs/PROTOCOL.md, "Conversation events"): `@NAME` for names of
/// letters, digits, `_` and `-` only, `@:NAME:` for any other valid name. They are part of the text, so
/// they are sealed with it, and every client finds them the same way.
public enum Mention {
    /// One mention found in a text: the name as written, and the scalar offset just past its token.
    public struct Found: Equatable, Sendable {
        public let name: String
        public let end: Int
    }

    /// The mention whose `@` is at `index` of `scalars`, or `nil`: the one rule, which text markup reads
    /// position by position and ``names(in:)`` reads through a whole text.
    public static func at(_ index: Int, in scalars: [Unicode.Scalar]) -> Found? {
        // An `@` inside a word (`alice@example.org`) starts nothing.
        guard scalars[index] == "@", index == 0 || !Self.isNameScalar(scalars[index - 1]) else { return nil }
        let start = index + 1
        if start < scalars.count, scalars[start] == ":" {
            guard let close = scalars[(start + 1)...].firstIndex(of: ":") else { return nil }
            let name = String(String.UnicodeScalarView(scalars[(start + 1)..<close]))
            // What is between the colons must be a valid name as it stands: not trimmed.
            guard (try? UserName(validating: name))?.value == name else { return nil }
            return Found(name: name, end: close + 1)
        }
        var end = start
        while end < scalars.count, Self.isNameScalar(scalars[end]) { end += 1 }
        guard end > start else { return nil }
        return Found(name: String(String.UnicodeScalarView(scalars[start..<end])), end: end)
    }

    /// The names `text` mentions, in order, as written (match them regardless of case).
    public static func names(in text: String) -> [String] {
        let scalars = Array(text.unicodeScalars)
        var names: [String] = []
        var index = 0
        while index < scalars.count {
            guard let found = Self.at(index, in: scalars) else {
                index += 1
                continue
            }
            names.append(found.name)
            index = found.end
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
        !name.isEmpty && name.unicodeScalars.allSatisfy(Self.isNameScalar) ? "@" + name : "@:" + name + ":"
    }

    /// A character of a bare `@NAME`: letters, marks, digits, `_` or `-` (a decomposed ë is one character).
    public static func isNameCharacter(_ character: Character) -> Bool {
        character.unicodeScalars.allSatisfy(Self.isNameScalar)
    }

    static func isNameScalar(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isLetterMarkOrDigit || scalar == "_" || scalar == "-"
    }
}
