import Testing

@testable import ChatCLI

@Suite struct PromptLineTests {
    @Test func aLongLineScrollsSoTheCursorStaysVisible() {
        var editor = LineEditor()
        editor.insert(String(repeating: "a", count: 30) + "END")
        let prompt = PromptLine(prompt: "> ", promptWidth: 2)
        let drawn = prompt.render(editor, width: 20)
        #expect(drawn.contains("END"))
        #expect(!drawn.contains(String(repeating: "a", count: 30)))
        #expect(drawn.hasSuffix("\u{1B}[18C"), "the cursor right after END: the prompt (2) and the 16 columns shown")
    }

    @Test func printingAboveKeepsTheTypedText() {
        var editor = LineEditor()
        editor.insert("half typed")
        let output = PromptLine().print(["bob: hi"], editor: editor, width: 80)
        #expect(output.hasPrefix("\r\u{1B}[2Kbob: hi\n"))
        #expect(output.contains("> half typed"))
    }

    @Test func wideCharactersCountTwoColumns() {
        #expect(DisplayWidth.of("日本".map { $0 }) == 4)
        #expect(DisplayWidth.of("é".map { $0 }) == 1)
        #expect(DisplayWidth.of("👍".map { $0 }) == 2)
    }
}
