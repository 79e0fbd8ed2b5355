/// Inline nodes being collected, adjacent text joined into one `text` and empty text dropped, as the
/// markup tree wants it.
struct MergedNodes {
    private var finished: [MarkupNode] = []
    private var pendingText = String.UnicodeScalarView()

    mutating func append(text scalars: some Collection<Unicode.Scalar>) {
        self.pendingText.append(contentsOf: scalars)
    }

    mutating func append(_ node: MarkupNode) {
        if case .text(let text) = node { return self.append(text: text.unicodeScalars) }
        self.flush()
        self.finished.append(node)
    }

    var nodes: [MarkupNode] {
        var copy = self
        copy.flush()
        return copy.finished
    }

    private mutating func flush() {
        guard !self.pendingText.isEmpty else { return }
        self.finished.append(.text(String(self.pendingText)))
        self.pendingText = String.UnicodeScalarView()
    }

    /// Lines' nodes as one list, a `\n` between lines: a quote's or a paragraph's.
    static func joiningLines(_ lines: [[MarkupNode]]) -> [MarkupNode] {
        var merged = MergedNodes()
        for (index, line) in lines.enumerated() {
            if index > 0 { merged.append(text: "\n".unicodeScalars) }
            for node in line { merged.append(node) }
        }
        return merged.nodes
    }
}
