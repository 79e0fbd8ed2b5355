/// One block of a text's markup (docs/PROTOCOL.md, "Text markup"): a run of lines of one kind.
public enum MarkupBlock: Equatable, Sendable {
    case paragraph([MarkupNode])
    /// Lines that start with `>`, without it.
    case quote([MarkupNode])
    /// The verbatim lines between two fences, and the language the opening fence named.
    case code(String, language: String?)
}
