import ChatProtocol
import Testing

@Suite struct RoomNameTests {
    @Test(arguments: [("lobby", "lobby"), ("Dev", "dev"), ("#ops-2", "ops-2"), ("a.b_c-d", "a.b_c-d"), ("9lives", "9lives")])
    func namesAreLowercasedAndAHashIsDropped(raw: String, expected: String) throws {
        #expect(try RoomName(validating: raw).value == expected)
    }

    @Test(arguments: [
        ("", RoomNameError.empty), ("#", .empty), (String(repeating: "r", count: 65), .tooLong),
        ("-dash", .invalidCharacter), ("two words", .invalidCharacter), ("ünïcode", .invalidCharacter), ("a/b", .invalidCharacter),
    ])
    func badNamesAreRefused(raw: String, error: RoomNameError) {
        #expect(throws: error) { try RoomName(validating: raw) }
    }

    @Test func sessionTokensAre32LowercaseHexDigits() {
        let token = SessionToken.random()
        #expect(token.value.count == 32 && SessionToken(token.value) == token)
        #expect(SessionToken("ABCDEF0123456789abcdef0123456789") == nil)
        #expect(SessionToken("abc") == nil)
        #expect(SessionToken.random() != token)
    }
}
