import Testing

@testable import ChatCLI

@Suite struct MentionCompletionTests {
    static let names = ["bob smith", "Bobby", "carol"]

    static func complete(_ line: String) -> String? {
        let text = Array(line)
        guard let completion = MentionCompletion(text: text, cursor: text.count, names: Self.names) else { return nil }
        var editor = LineEditor()
        editor.insert(line)
        editor.replace(completion.range, with: completion.token + " ")
        return editor.line
    }

    @Test func tabCompletesAMemberWithTheTokenThatMentionsThem() {
        #expect(Self.complete("hi @car") == "hi @carol ")
        #expect(Self.complete("@bob") == "@:bob smith: ", "a name with a space gets the colon form")
        #expect(Self.complete("@bobb") == "@Bobby ")
        #expect(Self.complete("hey @:bob s") == "hey @:bob smith: ")
        #expect(Self.complete("@C") == "@carol ", "regardless of case")
    }

    @Test func nothingIsCompletedOutsideAMention() {
        #expect(Self.complete("mail alice@ca") == nil, "an @ inside a word")
        #expect(Self.complete("hello car") == nil)
        #expect(Self.complete("@zed") == nil, "nobody by that name")
    }
}
