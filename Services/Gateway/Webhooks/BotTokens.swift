import ChatConfig
import ChatProtocol

/// The bots and scripts allowed to post with incoming webhooks, each under its own name
/// (docs/PROTOCOL.md, "Incoming webhooks"): `--bot-token-file`, one `NAME:TOKEN` a line.
///
/// A token follows the access key's rules and is kept as an ``AccessKey``, a digest only; a presented
/// token is compared with every one, each whole, so neither the time taken nor where it stops says which
/// token came close.
public struct BotTokens: Sendable {
    struct Bot: Sendable {
        let name: String
        let token: AccessKey
    }

    let bots: [Bot]

    /// The most a token file may hold: a few thousand bots.
    static let maxFileBytes = 256 * 1024

    /// No bots: webhooks only with the access key, if there is one.
    public init() {
        self.bots = []
    }

    /// Parses a token file's text: blank lines and lines starting with `#` are ignored; every other line
    /// is `NAME:TOKEN`, NAME by the username rules, each name and each token once.
    public init(parsing text: String) throws(BotTokenFileError) {
        var bots: [Bot] = []
        var names: Set<String> = []
        var tokens: Set<String> = []
        // `\r\n` is one Character: split on every line break, not on "\n" alone.
        for (index, rawLine) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let line = String(rawLine).trimmingWhitespace()
            let number = index + 1
            if line.isEmpty || line.hasPrefix("#") { continue }
            // The name may not hold a colon (username rules), so the first one ends it.
            guard let colon = line.firstIndex(of: ":") else { throw BotTokenFileError(line: number, problem: "expected NAME:TOKEN") }
            let rawName = String(line[..<colon])
            let token = String(line[line.index(after: colon)...]).trimmingWhitespace()
            let name: String
            do {
                name = try UserName(validating: rawName).value
            } catch {
                throw BotTokenFileError(line: number, problem: "\(error)")
            }
            let key: AccessKey
            do {
                key = try AccessKey(token)
            } catch {
                // The key's own wording, said of a token.
                throw BotTokenFileError(line: number, problem: "\(error)".replacingOccurrences(of: "an access key", with: "a token"))
            }
            guard names.insert(name.lowercased()).inserted else { throw BotTokenFileError(line: number, problem: "the name \(name) is given twice") }
            guard tokens.insert(token).inserted else { throw BotTokenFileError(line: number, problem: "this token is given to another name already") }
            bots.append(Bot(name: name, token: key))
        }
        self.bots = bots
    }

    /// Reads and parses the file at `path`, which its owner alone may read (``SecretFile``).
    public static func load(path: String) throws(BotTokenFileError) -> BotTokens {
        let text: String
        do {
            text = try SecretFile.readLines(path: path, maxBytes: Self.maxFileBytes)
        } catch {
            throw BotTokenFileError(path: path, problem: "\(error)")
        }
        do {
            return try BotTokens(parsing: text)
        } catch {
            throw BotTokenFileError(path: path, line: error.line, problem: error.problem)
        }
    }

    /// The name of the bot whose token `presented` is, or `nil`; every token is compared, whole.
    func name(for presented: String) -> String? {
        var found: String?
        for bot in self.bots {
            let matches = bot.token.matches(presented.utf8)  // first, always: no early exit
            if matches && found == nil { found = bot.name }
        }
        return found
    }
}

/// Why a bot token file cannot be used; names the line (the token itself is never shown).
public struct BotTokenFileError: Error, CustomStringConvertible, Equatable {
    var path: String? = nil
    var line: Int? = nil
    let problem: String

    public var description: String {
        let place = [self.path, self.line.map { "line \($0)" }].compactMap { $0 }.joined(separator: ", ")
        return "bot token file\(place.isEmpty ? "" : " (\(place))"): \(self.problem)"
    }
}
