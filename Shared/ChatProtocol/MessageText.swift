/// Rules for the text of a chat message, shared by every client mode.
public enum MessageText {
    /// Why a message's text was refused. The descriptions are shown to users as they are.
    public enum Problem: Error, Sendable, Hashable, CustomStringConvertible {
        case tooLarge(bytes: Int, limit: Int)
        case controlCharacter

        public var description: String {
            switch self {
            case .tooLarge(let bytes, let limit): "message too large (\(bytes) bytes; the limit is \(limit))"
            case .controlCharacter: "message contains control characters (only tab and line breaks are allowed)"
            }
        }

        /// The `error` frame's code for this refusal.
        public var code: ErrorCode {
            switch self {
            case .tooLarge: .tooLarge
            case .controlCharacter: .invalidText
            }
        }
    }

    /// What a server does with a message's text.
    public enum Verdict: Sendable, Hashable {
        /// Relay it.
        case relay
        /// Nothing but whitespace: not relayed.
        case blank
        case refused(Problem)
    }

    /// Judges a message's text (valid UTF-8) by every rule here: blank, size and control characters.
    public static func verdict(on utf8: some Collection<UInt8>, limit: Int) -> Verdict {
        guard !Self.isBlank(utf8) else { return .blank }
        do {
            try Self.check(utf8, limit: limit)
            return .relay
        } catch {
            return .refused(error)
        }
    }

    /// Whether `utf8` is blank: nothing but whitespace. Blank messages are dropped, not relayed.
    public static func isBlank(_ utf8: some Collection<UInt8>) -> Bool {
        utf8.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
    }

    /// Checks size and control characters of valid UTF-8 text.
    ///
    /// Escape sequences and other control characters are refused so that no message can drive the
    /// terminal of someone reading it with a plain client.
    public static func check(_ utf8: some Collection<UInt8>, limit: Int) throws(Problem) {
        guard utf8.count <= limit else { throw .tooLarge(bytes: utf8.count, limit: limit) }
        var previous: UInt8 = 0
        for byte in utf8 {
            // C0 controls but tab, LF, CR; DEL; C1 controls (U+0080...U+009F, encoded C2 80...C2 9F).
            if (byte < 0x20 && byte != 0x09 && byte != 0x0A && byte != 0x0D) || byte == 0x7F
                || (previous == 0xC2 && (0x80...0x9F).contains(byte))
            {
                throw .controlCharacter
            }
            previous = byte
        }
    }
}
