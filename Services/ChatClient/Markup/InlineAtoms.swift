// The fuzz target (scripts/fuzz.sh) compiles this file and ChatProtocol as one module.
#if canImport(ChatProtocol)
import ChatProtocol
#endif

/// One line read into atoms, left to right, the first rule that matches at a position winning
/// (docs/PROTOCOL.md, "Text markup", Inline): code, link, mention, shortcode, delimiter, else one
/// character of text. Pairing delimiters comes after (`InlineAtoms+Pairing.swift`).
struct InlineAtoms {
    enum Kind {
        /// Text as written: the atom's range of the line.
        case text
        case node(MarkupNode)
        case delimiter(Delimiter, opens: Bool, closes: Bool)
    }

    struct Atom {
        let kind: Kind
        /// Where it is in the line, in scalars.
        let range: Range<Int>

        var openingDelimiter: Delimiter? {
            if case .delimiter(let delimiter, opens: true, _) = self.kind { delimiter } else { nil }
        }

        var closingDelimiter: Delimiter? {
            if case .delimiter(let delimiter, _, closes: true) = self.kind { delimiter } else { nil }
        }
    }

    let line: [Unicode.Scalar]
    private(set) var atoms: [Atom] = []
    /// For each backtick run that starts at an offset, the offset and length of the next run just as long.
    private let codePartners: [Int: (start: Int, length: Int)]

    static let maximumShortcodeLength = 32

    init(_ line: [Unicode.Scalar]) {
        self.line = line
        self.codePartners = Self.codePartners(in: line)
        var at = 0
        while at < line.count {
            let atom =
                self.code(at) ?? self.link(at) ?? self.mention(at) ?? self.shortcode(at) ?? self.delimiter(at)
                ?? Atom(kind: .text, range: at..<(at + 1))
            self.atoms.append(atom)
            at = atom.range.upperBound
        }
    }

    private func isWord(at index: Int) -> Bool {
        self.line.indices.contains(index) && self.line[index].isLetterMarkOrDigit
    }

    private func isWhitespace(at index: Int) -> Bool {
        self.line.indices.contains(index) && self.line[index].properties.isWhitespace
    }

    private func runLength(at start: Int) -> Int {
        var end = start
        while end < self.line.count, self.line[end] == self.line[start] { end += 1 }
        return end - start
    }

    /// 1. A run of N backticks up to the next run of exactly N, verbatim, one space trimmed from each end
    /// when both have one and it is not all spaces; a run with no partner is text.
    private func code(_ at: Int) -> Atom? {
        guard self.line[at] == "`" else { return nil }
        let length = self.runLength(at: at)
        guard let partner = self.codePartners[at] else { return Atom(kind: .text, range: at..<(at + length)) }
        var code = self.line[(at + length)..<partner.start]
        if code.count >= 2, code.first == " ", code.last == " ", code.contains(where: { $0 != " " }) { code = code.dropFirst().dropLast() }
        return Atom(kind: .node(.code(String(String.UnicodeScalarView(code)))), range: at..<(partner.start + partner.length))
    }

    /// Each maximal backtick run's partner: one pass from the end, remembering the nearest run of each
    /// length, so that many runs of different lengths still read in linear time.
    private static func codePartners(in line: [Unicode.Scalar]) -> [Int: (start: Int, length: Int)] {
        var runs: [(start: Int, length: Int)] = []
        var index = 0
        while index < line.count {
            guard line[index] == "`" else {
                index += 1
                continue
            }
            let start = index
            while index < line.count, line[index] == "`" { index += 1 }
            runs.append((start, index - start))
        }
        var partners: [Int: (start: Int, length: Int)] = [:]
        var nearest: [Int: (start: Int, length: Int)] = [:]
        for run in runs.reversed() {
            partners[run.start] = nearest[run.length]
            nearest[run.length] = run
        }
        return partners
    }

    /// 2. `http://` or `https://` (any case), not right after a letter, mark or digit, with a letter,
    /// mark, digit or `[` after `://`, up to whitespace, `<`, `>`, `"` or a backtick; trailing
    /// punctuation, and `)` that would be unmatched, left out.
    private func link(_ at: Int) -> Atom? {
        guard self.line[at] == "h" || self.line[at] == "H", !self.isWord(at: at - 1) else { return nil }
        let start: Int
        if self.matches("https://", at: at) {
            start = at + 8
        } else if self.matches("http://", at: at) {
            start = at + 7
        } else {
            return nil
        }
        guard self.isWord(at: start) || (start < self.line.count && self.line[start] == "[") else { return nil }
        var end = start
        var unmatched = 0  // `)` less `(`
        while end < self.line.count, !"<>\"`".unicodeScalars.contains(self.line[end]), !self.isWhitespace(at: end) {
            if self.line[end] == "(" { unmatched -= 1 }
            if self.line[end] == ")" { unmatched += 1 }
            end += 1
        }
        while end > start {
            let last = self.line[end - 1]
            if last == ")" && unmatched > 0 {
                unmatched -= 1
            } else if !".,:;!?'*_~".unicodeScalars.contains(last) {
                break
            }
            end -= 1
        }
        return Atom(kind: .node(.link(String(String.UnicodeScalarView(self.line[at..<end])))), range: at..<end)
    }

    /// Whether the line holds `prefix` (lowercase ASCII) at `at`, ignoring ASCII case.
    private func matches(_ prefix: String, at: Int) -> Bool {
        let wanted = Array(prefix.unicodeScalars)
        guard at + wanted.count <= self.line.count else { return false }
        return zip(self.line[at..<(at + wanted.count)], wanted).allSatisfy { written, lower in
            written == lower || ("A"..."Z" ~= written && written.value + 32 == lower.value)
        }
    }

    /// 3. A mention, by the rule of ``ChatProtocol/Mention``.
    private func mention(_ at: Int) -> Atom? {
        guard self.line[at] == "@", let found = Mention.at(at, in: self.line) else { return nil }
        return Atom(kind: .node(.mention(found.name)), range: at..<found.end)
    }

    /// 4. A known `:NAME:` (`[a-z0-9_+-]`, at most 32), not right after a letter, mark or digit.
    private func shortcode(_ at: Int) -> Atom? {
        guard self.line[at] == ":", !self.isWord(at: at - 1) else { return nil }
        var end = at + 1
        while end < self.line.count, end - at <= Self.maximumShortcodeLength, Self.isShortcodeScalar(self.line[end]) { end += 1 }
        guard end > at + 1, end < self.line.count, self.line[end] == ":" else { return nil }
        let name = String(String.UnicodeScalarView(self.line[(at + 1)..<end]))
        guard let emoji = Shortcodes.emoji[name] else { return nil }
        return Atom(kind: .node(.emoji(emoji, shortcode: name)), range: at..<(end + 1))
    }

    private static func isShortcodeScalar(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "a"..."z", "0"..."9", "_", "+", "-": true
        default: false
        }
    }

    /// 5. A run of `*`, `_` or `~`: a delimiter when ``Delimiter`` knows its length, which can open
    /// before a non-blank with no word character right before, and close after a non-blank with no
    /// word character right after (`snake_case`, `2*3*4`); any other run is text.
    private func delimiter(_ at: Int) -> Atom? {
        guard Delimiter.startsRun(self.line[at]) else { return nil }
        let end = at + self.runLength(at: at)
        guard let delimiter = Delimiter(run: self.line[at], length: end - at) else { return Atom(kind: .text, range: at..<end) }
        let opens = end < self.line.count && !self.isWhitespace(at: end) && !self.isWord(at: at - 1)
        let closes = at > 0 && !self.isWhitespace(at: at - 1) && !self.isWord(at: end)
        return Atom(kind: .delimiter(delimiter, opens: opens, closes: closes), range: at..<end)
    }
}
