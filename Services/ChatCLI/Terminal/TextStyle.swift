/// A terminal style (ECMA-48 SGR) that markup is shown in, turned on and off by its own pair of codes
/// rather than a reset, so that styles nest and the reverse video of a line that mentions the reader
/// stays on around them.
struct TextStyle {
    let on: Int
    let off: Int

    static let bold = TextStyle(on: 1, off: 22)
    static let dim = TextStyle(on: 2, off: 22)
    static let italic = TextStyle(on: 3, off: 23)
    static let underline = TextStyle(on: 4, off: 24)
    static let reverse = TextStyle(on: 7, off: 27)
    static let strikethrough = TextStyle(on: 9, off: 29)
    /// Cyan, which reads on dark and light backgrounds alike.
    static let code = TextStyle(on: 36, off: 39)

    func callAsFunction(_ text: String) -> String {
        text.isEmpty ? text : "\u{1B}[\(self.on)m" + text + "\u{1B}[\(self.off)m"
    }
}
