/// Draws the input line at the bottom and prints everything else above it, without disturbing what
/// is being typed: a line arriving clears the input line, prints, and draws the input line again.
///
/// A ``status`` (a file's progress) is kept on a line of its own just above the input line, and is
/// redrawn in place with it.
struct PromptLine {
    /// The prompt as shown (may hold colour codes) and its width in columns.
    var prompt = "> "
    var promptWidth = 2
    /// The line above the input line while something goes on, as shown (it must fit the width); `nil`: none.
    var status: String?
    /// Whether the last drawing left a status line above the input line.
    private var drawsStatus = false

    init(prompt: String = "> ", promptWidth: Int = 2) {
        self.prompt = prompt
        self.promptWidth = promptWidth
    }

    /// Bytes that print `lines` above the input line (and the status line) and redraw it.
    mutating func print(_ lines: [String], editor: LineEditor, width: Int) -> String {
        var output = self.erase()
        for line in lines { output += line + "\n" }
        return output + self.render(editor, width: width)
    }

    /// Bytes that draw the status line (if any) and the input line, scrolled so the cursor is visible,
    /// with the cursor in place.
    mutating func render(_ editor: LineEditor, width: Int) -> String {
        var output = self.erase()
        if let status {
            output += status + "\n"
            self.drawsStatus = true
        }
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
        return output + self.prompt + String(text[start..<end]) + "\r" + (column > 0 ? "\u{1B}[\(column)C" : "")
    }

    /// Bytes that clear the input line, and the status line above it if one was drawn, leaving the
    /// cursor at the start of the first (also what leaving the screen does).
    mutating func erase() -> String {
        defer { self.drawsStatus = false }
        return "\r\u{1B}[2K" + (self.drawsStatus ? "\u{1B}[1A\u{1B}[2K" : "")
    }
}
