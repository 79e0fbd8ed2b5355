import ChatProtocol
import Testing

@Suite struct UserNameTests {
    @Test(arguments: ["alice", "Zoë 🦊", "Dr. Who", "李雷", String(repeating: "é", count: 32), "👩‍👩‍👧‍👦 family"])
    func ordinaryNamesAreAccepted(name: String) throws {
        #expect(try UserName(validating: name).value == name)
    }

    @Test func surroundingWhitespaceIsTrimmed() throws {
        #expect(try UserName(validating: "  alice \u{00A0}").value == "alice")
    }

    @Test(arguments: [
        ("", UserNameError.empty),
        (" \u{3000} ", .empty),
        (String(repeating: "x", count: 33), .tooLong),
        (String(repeating: "👩‍👩‍👧‍👦", count: 10), .tooLong),
        ("a\tb", .controlCharacter),
        ("a\nb", .controlCharacter),
        ("esc\u{1B}[31m", .controlCharacter),
        ("bidi\u{202E}txt", .controlCharacter),
        ("zero\u{200B}width", .controlCharacter),
        ("wide\u{3000}space", .controlCharacter),
        ("bob: hi", .colon),
    ])
    func badNamesAreRefusedWithAReason(name: String, error: UserNameError) {
        #expect(throws: error) { try UserName(validating: name) }
    }

    @Test func reasonsReadAsSentences() {
        #expect(UserNameError.tooLong.description == "username must be at most 32 characters")
    }
}
