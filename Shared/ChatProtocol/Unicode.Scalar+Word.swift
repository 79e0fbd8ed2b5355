extension Unicode.Scalar {
    /// A letter, mark or digit (general categories L*, M* and N*): what a bare `@NAME` is made of (with `_`
    /// and `-`), and what no mention, link, shortcode or emphasis may follow (docs/PROTOCOL.md, "Text markup").
    ///
    /// Read per scalar, not per `Character`, because the web client reads the same rules per code point.
    public var isLetterMarkOrDigit: Bool {
        switch self.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: true
        case .nonspacingMark, .spacingMark, .enclosingMark: true
        case .decimalNumber, .letterNumber, .otherNumber: true
        default: false
        }
    }
}
