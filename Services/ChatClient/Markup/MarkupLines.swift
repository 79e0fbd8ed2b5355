/// The block rules of text markup (docs/PROTOCOL.md, "Text markup", Blocks): a text's lines, cut at
/// `\n`, read as code blocks between fences and as quote or paragraph lines.
struct MarkupLines {
    enum Piece {
        /// A code block: its verbatim text, the language its opening fence named, and all its lines
        /// (fences included) as written.
        case code(String, language: String?, written: [Unicode.Scalar])
        /// A quote line (its `>` and one space after it apart) or a paragraph line (no marker).
        case line([Unicode.Scalar], quoteMarker: [Unicode.Scalar]?)
    }

    private(set) var pieces: [Piece] = []

    static let maximumLanguageLength = 32

    init(_ text: String) {
        let scalars = Array(text.unicodeScalars)
        let lines = scalars.split(separator: "\n", omittingEmptySubsequences: false)
        let nextClosing = Self.closingFences(lines)
        var index = 0
        while index < lines.count {
            let line = lines[index]
            if let language = Self.openingFenceLanguage(line), let close = nextClosing[index + 1] {
                let code = lines[(index + 1)..<close].joined(separator: ["\n"])
                let written = lines[index...close].joined(separator: ["\n"])
                let named = language.isEmpty ? nil : String(String.UnicodeScalarView(language))
                self.pieces.append(.code(String(String.UnicodeScalarView(code)), language: named, written: Array(written)))
                index = close + 1
                continue
            }
            if line.first == ">" {
                let markerLength = line.dropFirst().first == " " ? 2 : 1
                self.pieces.append(.line(Array(line.dropFirst(markerLength)), quoteMarker: Array(line.prefix(markerLength))))
            } else {
                self.pieces.append(.line(Array(line), quoteMarker: nil))
            }
            index += 1
        }
    }

    /// For each line, the first line at or after it that closes a fence (`nil`: none), read once from the
    /// end so that a text of many fences stays linear.
    private static func closingFences(_ lines: [ArraySlice<Unicode.Scalar>]) -> [Int?] {
        var next = [Int?](repeating: nil, count: lines.count + 1)
        for index in lines.indices.reversed() {
            next[index] = Self.isClosingFence(lines[index]) ? index : next[index + 1]
        }
        return next
    }

    /// The language (maybe empty) of a line that is three backticks, up to 32 of `[A-Za-z0-9_+.#-]` and
    /// trailing blanks; `nil` for any other line.
    private static func openingFenceLanguage(_ line: ArraySlice<Unicode.Scalar>) -> ArraySlice<Unicode.Scalar>? {
        guard line.starts(with: "```".unicodeScalars) else { return nil }
        let afterFence = line.dropFirst(3)
        let language = afterFence.prefix(while: Self.isLanguageScalar)
        guard language.count <= Self.maximumLanguageLength, afterFence[language.endIndex...].allSatisfy(Self.isBlank) else { return nil }
        return language
    }

    private static func isClosingFence(_ line: ArraySlice<Unicode.Scalar>) -> Bool {
        line.starts(with: "```".unicodeScalars) && line.dropFirst(3).allSatisfy(Self.isBlank)
    }

    private static func isLanguageScalar(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "A"..."Z", "a"..."z", "0"..."9", "_", "+", ".", "#", "-": true
        default: false
        }
    }

    /// What may follow a fence on its line: spaces, tabs and the `\r` of a `\r\n` line end.
    private static func isBlank(_ scalar: Unicode.Scalar) -> Bool {
        scalar == " " || scalar == "\t" || scalar == "\r"
    }
}
