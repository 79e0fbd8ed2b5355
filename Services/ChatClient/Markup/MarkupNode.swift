/// One inline piece of a text's markup (docs/PROTOCOL.md, "Text markup"): what a client styles itself,
/// never markup to pass on. Adjacent text is one `text`, line breaks included, and never empty.
public enum MarkupNode: Equatable, Sendable {
    case text(String)
    /// Inline code, verbatim.
    case code(String)
    /// An `http://` or `https://` address, as written.
    case link(String)
    /// A mentioned name, as written (without `@` or colons).
    case mention(String)
    /// A known `:shortcode:` and its emoji.
    case emoji(String, shortcode: String)
    case bold([MarkupNode])
    case italic([MarkupNode])
    case strike([MarkupNode])
}
