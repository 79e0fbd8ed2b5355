import Testing

@testable import ChatCLI

@Suite struct PromptLineTests {
    @Test func aLongLineScrollsSoTheCursorStaysVisible() {
        var editor = LineEditor()
        editor.insert(String(repeating: "a", count: 30) + "END")
        var prompt = PromptLine(prompt: "> ", promptWidth: 2)
        let drawn = prompt.render(editor, width: 20)
        #expect(drawn.contains("END"))
        #expect(!drawn.contains(String(repeating: "a", count: 30)))
        #expect(drawn.hasSuffix("\u{1B}[18C"), "the cursor right after END: the prompt (2) and the 16 columns shown")
    }

    @Test func printingAboveKeepsTheTypedText() {
        var editor = LineEditor()
        editor.insert("half typed")
        var prompt = PromptLine()
        let output = prompt.print(["bob: hi"], editor: editor, width: 80)
        #expect(output.hasPrefix("\r\u{1B}[2Kbob: hi\n"))
        #expect(output.contains("> half typed"))
    }

    @Test func aStatusLineStaysAboveTheInputAndIsRedrawnInPlace() {
        var editor = LineEditor()
        editor.insert("typed")
        var prompt = PromptLine()
        prompt.status = "sending cat.png 10%"
        let first = prompt.render(editor, width: 80)
        #expect(first == "\r\u{1B}[2Ksending cat.png 10%\n> typed\r\u{1B}[7C")
        prompt.status = "sending cat.png 60%"
        let printed = prompt.print(["bob: hi"], editor: editor, width: 80)
        #expect(
            printed.hasPrefix("\r\u{1B}[2K\u{1B}[1A\u{1B}[2Kbob: hi\n"),
            "the old status line is cleared first, and the line printed in its place"
        )
        #expect(printed.contains("sending cat.png 60%\n> typed"))
        prompt.status = nil
        let done = prompt.render(editor, width: 80)
        #expect(done == "\r\u{1B}[2K\u{1B}[1A\u{1B}[2K> typed\r\u{1B}[7C", "gone once nothing moves, the input line one up")
        #expect(prompt.render(editor, width: 80) == "\r\u{1B}[2K> typed\r\u{1B}[7C")
    }

    @Test func leavingErasesTheStatusLineToo() {
        var prompt = PromptLine()
        prompt.status = "saving #3 a.txt 10%"
        _ = prompt.render(LineEditor(), width: 80)
        #expect(prompt.erase() == "\r\u{1B}[2K\u{1B}[1A\u{1B}[2K")
        #expect(prompt.erase() == "\r\u{1B}[2K", "once")
    }

    @Test func aLongStatusIsCutToTheWidth() {
        #expect(DisplayWidth.prefix("sending a-very-long-name.png", columns: 10) == "sending a…")
        #expect(DisplayWidth.prefix("short", columns: 10) == "short")
    }

    @Test func wideCharactersCountTwoColumns() {
        #expect(DisplayWidth.of("日本".map { $0 }) == 4)
        #expect(DisplayWidth.of("é".map { $0 }) == 1)
        #expect(DisplayWidth.of("👍".map { $0 }) == 2)
    }
}
