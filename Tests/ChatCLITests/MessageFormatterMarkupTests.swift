import ChatCLI
import ChatClient
import ChatProtocol
import Testing

/// Markup in the terminal: styled with colours on, as written (shortcodes replaced) with colours off, raw for scripts.
@Suite struct MessageFormatterMarkupTests {
    let styled = MessageFormatter(colors: true, ownName: "amy")
    let plain = MessageFormatter(colors: false, ownName: "amy")

    static let esc = "\u{1B}["
    static let inline = "**bold** *it* _it_ ~~gone~~ `c` https://x.org/a. :tada: @bob @:bob smith:"

    func line(_ text: String, _ formatter: MessageFormatter) -> String {
        formatter.line(for: ChatMessage(room: "lobby", seq: 4, from: "bob", text: text, time: 0))
    }

    @Test func inlineMarkupIsStyledWithItsMarkersRemoved() {
        let e = Self.esc
        #expect(
            self.line(Self.inline, self.styled).hasSuffix(
                ": \(e)1mbold\(e)22m \(e)3mit\(e)23m \(e)3mit\(e)23m \(e)9mgone\(e)29m \(e)36mc\(e)39m \(e)4mhttps://x.org/a\(e)24m. 🎉 @bob @:bob smith:"
            )
        )
    }

    @Test func withoutColoursTheTextIsAsWrittenWithShortcodesReplaced() {
        let line = self.line(Self.inline, self.plain)
        #expect(line.hasSuffix("bob: **bold** *it* _it_ ~~gone~~ `c` https://x.org/a. 🎉 @bob @:bob smith:"))
        #expect(!line.contains("\u{1B}"))
    }

    @Test func codeBlocksGetAGutterAndQuotesABarUnderTheFirstLine() {
        let e = Self.esc
        let text = "look:\n```swift\nlet x = **1**\n```\n> one *two*\n>three\nbye :wave:"
        #expect(
            self.line(text, self.styled).hasSuffix(
                ": look:\n      \(e)2m│ \(e)22m\(e)36mlet x = **1**\(e)39m\n      \(e)2m▎ \(e)22mone \(e)3mtwo\(e)23m\n      \(e)2m▎ \(e)22mthree\n      bye 👋"
            )
        )
        #expect(
            self.line(text, self.plain).hasSuffix(
                ": look:\n      ```swift\n      let x = **1**\n      ```\n      > one *two*\n      >three\n      bye 👋"
            )
        )
    }

    @Test func aCodeBlockThatBeginsTheTextStartsOnItsOwnLine() {
        let e = Self.esc
        #expect(
            self.line("```\na\n\nb\n```", self.styled).hasSuffix(
                "bob: \n      \(e)2m│ \(e)22m\(e)36ma\(e)39m\n      \(e)2m│ \(e)22m\n      \(e)2m│ \(e)22m\(e)36mb\(e)39m"
            )
        )
    }

    @Test func controlCharactersAreRemovedBeforeStyling() {
        let hostile = "**\u{1B}]0;x\u{07}** `\u{1B}[2J`\u{9B}31m"
        let styled = self.line(hostile, self.styled)
        #expect(styled.hasSuffix(": \(Self.esc)1m]0;x\(Self.esc)22m \(Self.esc)36m[2J\(Self.esc)39m31m"))
        #expect(styled.components(separatedBy: "\u{1B}").count - 1 == 4, "only the four escapes of the styles")
        #expect(!styled.contains("\u{07}") && !styled.contains("\u{9B}"))
        let plain = self.line(hostile, self.plain)
        #expect(plain.hasSuffix(": **]0;x** `[2J`31m"))
        #expect(!plain.contains("\u{1B}"))
    }

    @Test func htmlAndScriptLinksStayText() {
        let text = "<script>alert(1)</script> [x](javascript:alert(1))"
        #expect(self.line(text, self.styled).hasSuffix(": " + text))
        #expect(self.line(text, self.plain).hasSuffix(": " + text))
    }

    @Test func aMentionOfTheReaderIsInReverseVideoAroundTheStyles() {
        let e = Self.esc
        let line = self.line("hi @amy **now**\nsee", self.styled)
        #expect(line.contains("» "))
        #expect(line.hasSuffix(": \(e)7mhi @amy \(e)1mnow\(e)22m\n      see\(e)27m"))
    }

    @Test func ownLinesEditsAndDirectMessagesAreStyledToo() {
        let e = Self.esc
        #expect(self.styled.ownLine("**x** :+1:", room: "lobby", action: false, time: 0).hasSuffix(": \(e)1mx\(e)22m 👍"))
        #expect(self.styled.ownLine("waves *hard*", room: "lobby", action: true, time: 0).hasSuffix(" waves \(e)3mhard\(e)23m"))
        #expect(self.plain.ownLine("**x** :+1:", room: "lobby", action: false, time: 0).hasSuffix(": **x** 👍"))
        var conversation = Conversation(room: "lobby")
        _ = conversation.apply(ChatMessage(room: "lobby", seq: 12, from: "bob", text: "~~old~~", time: 0, id: "b-1"))
        #expect(self.styled.editedLine(conversation.message(at: 12)!, time: 0).hasSuffix(": \(e)9mold\(e)29m"))
        let direct = DirectMessage(from: "bob", to: "amy", text: "`psst`", time: 0)
        #expect(self.styled.line(for: direct).hasSuffix(": \(e)36mpsst\(e)39m"))
        #expect(self.plain.line(for: direct, encryption: .unencrypted).hasSuffix(": [not encrypted] `psst`"))
    }

    @Test func scriptsGetTheRawText() {
        let message = ChatMessage(room: "lobby", seq: 4, from: "bob", text: "**b** :tada:\n> q", time: 0)
        #expect(MessageFormatter.scripted(.message(message, isHistory: false)) == "[lobby] bob: **b** :tada:\n> q")
    }
}
