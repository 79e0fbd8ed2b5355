/// Draws the input line at the bottom and prints everything else above it, without disturbing what
/// is being typed: a line arriving clears the input line, prints, and draws the input line again.
struct PromptLine {
    /// The prompt as shown (may hold colour codes) and its width in columns.
    var prompt = "> "
    var promptWidth = 2

    /// Bytes that print `lines` above the input line and redraw it.
    func print(_ lines: [String], editor: LineEditor, width: Int) -> String {
        var output = "\r\u{1B}[2K"
        for line in lines { output += line + "\n" }
        return output + self.render(editor, width: width)
    }

    /// Bytes that draw the input line, scrolled so the cursor is visible, with the cursor in place.
    func render(_ editor: LineEditor, width: Int) -> String {
        let available = max(8, width - self.promptWidth - 1)
        let text = editor.text
        var start = 0
        while DisplayWidth.of(text[start..<editor.cursor]) > available - 1 { start += 1 }
        var end = start
        var used = 0
        while end < text.count, used + DisplayWidth.of(text[end]) <= available {
            used += DisplayWidth.of(text[end])
            end += 1
        }
        let column = self.promptWidth + DisplayWidth.of(text[start..<editor.cursor])
        return "\r\u{1B}[2K" + self.prompt + String(text[start..<end]) + "\r" + (column > 0 ? "\u{1B}[\(column)C" : "")
    }
}
