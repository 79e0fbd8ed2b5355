import ChatProtocol
import Testing

@Suite struct MessageTextTests {
    @Test func ordinaryTextWithTabsAndLineBreaksPasses() throws {
        try MessageText.check(Array("héllo\tworld\r\nline 2 👋".utf8), limit: 100)
    }

    @Test func textOverTheLimitIsRefusedWithItsSize() {
        #expect(throws: MessageText.Problem.tooLarge(bytes: 11, limit: 10)) {
            try MessageText.check(Array("01234567890".utf8), limit: 10)
        }
    }

    @Test(arguments: ["\u{1B}[2J", "bell\u{07}", "nul\u{00}", "del\u{7F}", "c1\u{9B}31m"])
    func controlCharactersAreRefused(text: String) {
        #expect(throws: MessageText.Problem.controlCharacter) { try MessageText.check(Array(text.utf8), limit: 100) }
    }

    @Test func blankMeansOnlyWhitespace() {
        #expect(MessageText.isBlank(Array(" \t\r\n".utf8)))
        #expect(MessageText.isBlank([]))
        #expect(!MessageText.isBlank(Array(" a ".utf8)))
    }
}
