import ChatClient
import ChatProtocol

/// How a text's markup (docs/PROTOCOL.md, "Text markup") is shown to people: styled with colours on,
/// as written (shortcodes replaced) with colours off. Scripts get the raw text, in ``scripted(_:)``.
extension MessageFormatter {
    /// The bar before each quoted line and the gutter before each line of a code block.
    static let quoteBar = "▎ "
    static let codeGutter = "│ "

    /// A text as shown: sanitized first, so that the styles added here are the only escapes, then
    /// styled or not, continuation lines indented under the first.
    func markup(_ text: String) -> String {
        let sanitized = Self.sanitized(text)
        return Self.indent(self.colors ? Self.styled(Markup.blocks(in: sanitized)) : Markup.replacingShortcodes(in: sanitized))
    }

    /// Blocks one after the other; a code block that begins the text starts on a line of its own, so
    /// that its gutter lines up with the rest.
    static func styled(_ blocks: [MarkupBlock]) -> String {
        blocks.enumerated().map { index, block in
            switch block {
            case .paragraph(let nodes): Self.styled(nodes)
            case .quote(let nodes): Self.eachLine(of: Self.styled(nodes)) { TextStyle.dim(Self.quoteBar) + $0 }
            case .code(let code, _): (index == 0 ? "\n" : "") + Self.eachLine(of: code) { TextStyle.dim(Self.codeGutter) + TextStyle.code($0) }
            }
        }.joined(separator: "\n")
    }

    private static func eachLine(of text: String, _ transform: (String) -> String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { transform(String($0)) }.joined(separator: "\n")
    }

    /// Inline nodes styled. A line break only ever lies in top-level text, where no style is on, so
    /// the caller may cut the result into lines.
    static func styled(_ nodes: [MarkupNode]) -> String {
        nodes.map { node in
            switch node {
            case .text(let text): text
            case .code(let code): TextStyle.code(code)
            case .link(let address): TextStyle.underline(address)
            case .mention(let name): Mention.token(for: name)
            case .emoji(let emoji, _): emoji
            case .bold(let children): TextStyle.bold(Self.styled(children))
            case .italic(let children): TextStyle.italic(Self.styled(children))
            case .strike(let children): TextStyle.strikethrough(Self.styled(children))
            }
        }.joined()
    }
}
