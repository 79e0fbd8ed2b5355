/// Reads a text's markup (docs/PROTOCOL.md, "Text markup"): links, code, emphasis, quotes and
/// shortcodes, as the web client does (web/src/markup/), with the same fixtures.
///
/// It only parses: clients style the tree themselves and never build markup from a text.
public enum Markup {
    /// The blocks of `text`: paragraphs, quotes and code blocks, each quote and paragraph read inline.
    public static func blocks(in text: String) -> [MarkupBlock] {
        var blocks: [MarkupBlock] = []
        var runIsQuote: Bool?
        var runLines: [[MarkupNode]] = []
        func endRun() {
            guard let quote = runIsQuote else { return }
            let nodes = MergedNodes.joiningLines(runLines)
            blocks.append(quote ? .quote(nodes) : .paragraph(nodes))
            (runIsQuote, runLines) = (nil, [])
        }
        for piece in MarkupLines(text).pieces {
            switch piece {
            case .code(let code, let language, _):
                endRun()
                blocks.append(.code(code, language: language))
            case .line(let line, let quoteMarker):
                let quote = quoteMarker != nil
                if runIsQuote != quote { endRun() }
                runIsQuote = quote
                runLines.append(InlineAtoms(line).nodes())
            }
        }
        endRun()
        return blocks
    }

    /// `text` exactly as written but with each shortcode the rules find replaced by its emoji: what a
    /// client shows when it cannot style (the terminal with `NO_COLOR`).
    public static func replacingShortcodes(in text: String) -> String {
        var written = String.UnicodeScalarView()
        for (index, piece) in MarkupLines(text).pieces.enumerated() {
            if index > 0 { written.append("\n") }
            switch piece {
            case .code(_, _, let lines):
                written.append(contentsOf: lines)
            case .line(let line, let quoteMarker):
                written.append(contentsOf: quoteMarker ?? [])
                for atom in InlineAtoms(line).atoms {
                    if case .node(.emoji(let emoji, _)) = atom.kind {
                        written.append(contentsOf: emoji.unicodeScalars)
                    } else {
                        written.append(contentsOf: line[atom.range])
                    }
                }
            }
        }
        return String(written)
    }
}
