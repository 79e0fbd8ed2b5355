/// The line being typed: its text, its cursor, and the lines typed before (for up and down).
///
/// Works on characters as people see them (grapheme clusters), so the cursor never lands inside an
/// emoji or an accented letter.
public struct LineEditor: Sendable, Equatable {
    public private(set) var text: [Character] = []
    public private(set) var cursor = 0
    private var history: [String] = []
    /// Position while browsing history; `history.count` is the line being typed.
    private var historyIndex = 0
    /// The unfinished line, kept while browsing history.
    private var draft: [Character] = []
    let historyLimit: Int

    public init(historyLimit: Int = 500) {
        self.historyLimit = historyLimit
    }

    public var line: String { String(self.text) }

    public mutating func insert(_ string: String) {
        let characters = Array(string)
        self.text.insert(contentsOf: characters, at: self.cursor)
        self.cursor += characters.count
    }

    public mutating func backspace() {
        guard self.cursor > 0 else { return }
        self.cursor -= 1
        self.text.remove(at: self.cursor)
    }

    public mutating func delete() {
        guard self.cursor < self.text.count else { return }
        self.text.remove(at: self.cursor)
    }

    public mutating func left() { self.cursor = max(0, self.cursor - 1) }
    public mutating func right() { self.cursor = min(self.text.count, self.cursor + 1) }
    public mutating func home() { self.cursor = 0 }
    public mutating func end() { self.cursor = self.text.count }

    /// Replaces the characters in `range` with `string`, the cursor after it (Tab's completion).
    public mutating func replace(_ range: Range<Int>, with string: String) {
        let characters = Array(string)
        self.text.replaceSubrange(range, with: characters)
        self.cursor = range.lowerBound + characters.count
    }

    /// Ctrl-U: deletes from the start of the line to the cursor.
    public mutating func deleteToStart() {
        self.text.removeSubrange(0..<self.cursor)
        self.cursor = 0
    }

    /// Ctrl-K: deletes from the cursor to the end.
    public mutating func deleteToEnd() {
        self.text.removeSubrange(self.cursor...)
    }

    /// Ctrl-W: deletes the word before the cursor (and the spaces after it).
    public mutating func deleteWord() {
        var start = self.cursor
        while start > 0 && self.text[start - 1].isWhitespace { start -= 1 }
        while start > 0 && !self.text[start - 1].isWhitespace { start -= 1 }
        self.text.removeSubrange(start..<self.cursor)
        self.cursor = start
    }

    /// Up: the previous line from history (the unfinished line is kept).
    public mutating func previous() {
        guard self.historyIndex > 0 else { return }
        if self.historyIndex == self.history.count { self.draft = self.text }
        self.historyIndex -= 1
        self.show(Array(self.history[self.historyIndex]))
    }

    /// Down: the next line from history, and finally the unfinished line.
    public mutating func next() {
        guard self.historyIndex < self.history.count else { return }
        self.historyIndex += 1
        self.show(self.historyIndex == self.history.count ? self.draft : Array(self.history[self.historyIndex]))
    }

    /// Enter: returns the line, remembers it, and starts a new one.
    public mutating func submit() -> String {
        let line = self.line
        if !line.trimmingSpaces().isEmpty && self.history.last != line {
            self.history.append(line)
            if self.history.count > self.historyLimit { self.history.removeFirst() }
        }
        self.historyIndex = self.history.count
        self.draft = []
        self.show([])
        return line
    }

    /// Enter on a secret (a passphrase): returns the line and forgets it; history never sees it.
    public mutating func take() -> String {
        let line = self.line
        self.show([])
        return line
    }

    private mutating func show(_ characters: [Character]) {
        self.text = characters
        self.cursor = characters.count
    }
}
