/// The second step of inline markup (docs/PROTOCOL.md, "Text markup"): left to right, a delimiter that
/// can open pairs with the first later one of its kind that can close, around what lies between.
extension InlineAtoms {
    /// The line's nodes: delimiters paired into bold, italic and strike, the rest text.
    func nodes() -> [MarkupNode] {
        let closers = self.nextClosers()
        return self.paired(0..<self.atoms.count, closers: closers)
    }

    /// For each delimiter and atom index, the first atom at or after it that closes that delimiter
    /// (`Int.max`: none), made in one pass from the end: looking a closer up is then constant time.
    private func nextClosers() -> [[Int]] {
        var next = [[Int]](repeating: [Int](repeating: .max, count: self.atoms.count + 1), count: Delimiter.allCases.count)
        for index in self.atoms.indices.reversed() {
            for delimiter in Delimiter.allCases {
                let closes = self.atoms[index].closingDelimiter == delimiter
                next[delimiter.rawValue][index] = closes ? index : next[delimiter.rawValue][index + 1]
            }
        }
        return next
    }

    /// The nodes of `range`, each delimiter paired with its first closer inside the range when something
    /// lies between. Nothing of a pair's kind lies inside it, so this recurses at most four deep; each
    /// level skips what the one below read, so the whole line is read once.
    private func paired(_ range: Range<Int>, closers: [[Int]]) -> [MarkupNode] {
        var nodes = MergedNodes()
        var index = range.lowerBound
        while index < range.upperBound {
            let atom = self.atoms[index]
            if let delimiter = atom.openingDelimiter {
                let close = closers[delimiter.rawValue][index + 1]
                if close < range.upperBound && close > index + 1 {
                    nodes.append(delimiter.node(self.paired((index + 1)..<close, closers: closers)))
                    index = close + 1
                    continue
                }
            }
            if case .node(let node) = atom.kind {
                nodes.append(node)
            } else {
                nodes.append(text: self.line[atom.range])
            }
            index += 1
        }
        return nodes.nodes
    }
}
