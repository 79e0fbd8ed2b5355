/// A user's display name, validated: what every client, plain or not, must pick before chatting.
public struct UserName: Sendable, Hashable, CustomStringConvertible {
    /// Longest name, in characters as people count them (grapheme clusters).
    public static let maximumCharacters = 32
    /// Longest name in UTF-8 bytes, so 32 heavy emoji cannot make a name huge.
    public static let maximumBytes = 128

    /// The name, trimmed of surrounding whitespace.
    public let value: String

    /// Trims surrounding whitespace and checks the rules in ``UserNameError``.
    public init(validating raw: String) throws(UserNameError) {
        let trimmed = raw.trimmingWhitespace()
        guard !trimmed.isEmpty else { throw .empty }
        guard trimmed.count <= Self.maximumCharacters, trimmed.utf8.count <= Self.maximumBytes else { throw .tooLong }
        if let scalar = trimmed.unicodeScalars.first(where: { $0.isForbiddenInName }) {
            throw scalar == ":" ? .colon : .controlCharacter
        }
        self.value = trimmed
    }

    public var description: String { self.value }
}

/// Why a name was refused. The descriptions are shown to users as they are.
public enum UserNameError: Error, Sendable, Hashable, CustomStringConvertible {
    case empty
    case tooLong
    case controlCharacter
    case colon

    public var description: String {
        switch self {
        case .empty: "username must not be empty"
        case .tooLong: "username must be at most \(UserName.maximumCharacters) characters"
        case .controlCharacter: "username must not contain control characters, tabs or line breaks"
        case .colon: "username must not contain \":\" (it separates name and text)"
        }
    }
}

extension Unicode.Scalar {
    /// Control, format (e.g. bidirectional overrides, zero-width spaces), line and paragraph separators,
    /// and any whitespace but a plain space: all make a name render misleadingly. ":" would let a plain
    /// client's name pose as "name: text".
    fileprivate var isForbiddenInName: Bool {
        if self == " " { return false }
        if self == ":" { return true }
        // Zero-width (non-)joiners are format characters, but emoji sequences and several scripts need them.
        if self == "\u{200C}" || self == "\u{200D}" { return false }
        switch self.properties.generalCategory {
        case .control, .format, .lineSeparator, .paragraphSeparator, .surrogate, .privateUse, .unassigned: return true
        default: return self.properties.isWhitespace
        }
    }
}

extension String {
    func trimmingWhitespace() -> String {
        let scalars = self.unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
            let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return String(scalars[first...last])
    }
}
