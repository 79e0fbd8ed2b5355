import Testing

@testable import ChatClient

@Suite struct MarkupTests {
    @Test(arguments: MarkupFixtures.cases)
    func everySharedTextReadsAsItsTree(fixture: MarkupFixtures.Case) {
        #expect(Markup.blocks(in: fixture.text) == fixture.blocks.map(\.block))
    }

    @Test func theFixturesAreAllThere() {
        #expect(MarkupFixtures.cases.count == 45)
    }

    @Test func theShortcodeTableIsDocsShortcodesJSON() {
        #expect(Shortcodes.emoji == MarkupFixtures.shortcodes)
    }

    /// Long hostile lines (made in the test, so that its name stays short).
    static let hostileLines = [
        String(repeating: "*a ", count: 3000), String(repeating: "`", count: 4000) + " x", String(repeating: ":smil", count: 1500),
        "https://a" + String(repeating: ")", count: 3000),
    ]

    @Test func longHostileLinesStayTextWithoutRunningOutOfStack() {
        for line in Self.hostileLines {
            let blocks = Markup.blocks(in: line)
            guard blocks.count == 1, case .paragraph(let nodes) = blocks[0] else {
                Issue.record("one paragraph expected")
                continue
            }
            let written = nodes.map { node -> String in
                switch node {
                case .text(let text), .link(let text): text
                default: "?"
                }
            }
            #expect(written.joined() == line, "\(line.prefix(12))…")
        }
    }

    @Test func delimitersNestAtMostFourDeepHoweverManyThereAre() {
        for line in [String(repeating: "~~_*", count: 1000), String(repeating: "**~~*_x", count: 500) + String(repeating: "_*~~**", count: 500)] {
            guard case .paragraph(let nodes) = Markup.blocks(in: line).first else {
                Issue.record("a paragraph expected")
                continue
            }
            #expect(Self.depth(nodes) <= 4, "\(line.prefix(12))…")
        }
    }

    @Test func fourKindsNestFourDeep() {
        guard case .paragraph(let nodes) = Markup.blocks(in: "**~~*_x_*~~**").first else {
            Issue.record("a paragraph expected")
            return
        }
        #expect(Self.depth(nodes) == 4)
    }

    @Test func manyBacktickRunsOfDifferentLengthsStayText() {
        let line = (1...60).map { String(repeating: "`", count: $0) }.joined(separator: "a")
        #expect(Markup.blocks(in: line) == [.paragraph([.text(line)])])
    }

    @Test func crlfLinesAndFencesReadAsLines() {
        #expect(Markup.blocks(in: "```\r\nx\r\n```\r\n> q") == [.code("x\r", language: nil), .quote([.text("q")])])
    }

    @Test func plainTextIsAsWrittenWithShortcodesReplaced() {
        let text = "> **hi** :tada: `:tada:` https://x.org/:tada: a:tada:\n```\n:tada:\n```\n__init__ :nope: :+1:"
        #expect(Markup.replacingShortcodes(in: text) == "> **hi** 🎉 `:tada:` https://x.org/:tada: a:tada:\n```\n:tada:\n```\n__init__ :nope: 👍")
        #expect(Markup.replacingShortcodes(in: "") == "")
        #expect(Markup.replacingShortcodes(in: "a\n\nb\n```\nunclosed") == "a\n\nb\n```\nunclosed")
    }

    static func depth(_ nodes: [MarkupNode]) -> Int {
        nodes.map { node in
            switch node {
            case .bold(let children), .italic(let children), .strike(let children): 1 + Self.depth(children)
            default: 0
            }
        }.max() ?? 0
    }
}
