/// An emphasis delimiter (docs/PROTOCOL.md, "Text markup", inline rule 5): `**` bold, `~~` strike, and
/// `*` or `_` italic. Each pairs only with its own kind, so emphasis nests at most four deep.
enum Delimiter: Int, CaseIterable {
    case doubleStar, doubleTilde, star, underscore

    /// The delimiter a run of `length` times `scalar` is, or `nil` (`***`, `__`, `~` are text).
    init?(run scalar: Unicode.Scalar, length: Int) {
        switch (scalar, length) {
        case ("*", 2): self = .doubleStar
        case ("~", 2): self = .doubleTilde
        case ("*", 1): self = .star
        case ("_", 1): self = .underscore
        default: return nil
        }
    }

    static func startsRun(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "*" || scalar == "_" || scalar == "~"
    }

    /// The node a pair of this delimiter makes of what lies between.
    func node(_ children: [MarkupNode]) -> MarkupNode {
        switch self {
        case .doubleStar: .bold(children)
        case .doubleTilde: .strike(children)
        case .star, .underscore: .italic(children)
        }
    }
}
