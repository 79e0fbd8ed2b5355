import ChatCLI
import Testing

@Suite struct LineEditorTests {
    @Test func typingMovingAndDeletingWorkOnCharactersPeopleSee() {
        var editor = LineEditor()
        editor.insert("héllo 👩‍👩‍👧 wörld")
        editor.left()
        editor.left()
        editor.insert("X")
        #expect(editor.line == "héllo 👩‍👩‍👧 wörXld")
        editor.home()
        editor.delete()
        editor.end()
        editor.backspace()
        #expect(editor.line == "éllo 👩‍👩‍👧 wörXl")
        editor.home()
        for _ in 0..<5 { editor.right() }
        editor.delete()
        #expect(editor.line == "éllo  wörXl", "the family emoji is one character")
    }

    @Test func wordAndLineDeletion() {
        var editor = LineEditor()
        editor.insert("one two  three")
        editor.deleteWord()
        #expect(editor.line == "one two  ")
        editor.left()
        editor.left()
        editor.deleteToEnd()
        #expect(editor.line == "one two")
        editor.deleteToStart()
        #expect(editor.line == "" && editor.cursor == 0)
    }

    @Test func historyBrowsesPastLinesAndKeepsTheDraft() {
        var editor = LineEditor()
        editor.insert("first")
        #expect(editor.submit() == "first")
        editor.insert("second")
        _ = editor.submit()
        editor.insert("draft")
        editor.previous()
        #expect(editor.line == "second")
        editor.previous()
        editor.previous()
        #expect(editor.line == "first")
        editor.next()
        editor.next()
        #expect(editor.line == "draft")
        #expect(editor.cursor == 5)
    }

    @Test func aTakenLineLeavesNoTraceInHistory() {
        var editor = LineEditor()
        editor.insert("said before")
        _ = editor.submit()
        editor.insert("a passphrase")
        #expect(editor.take() == "a passphrase")
        #expect(editor.line.isEmpty)
        editor.previous()
        #expect(editor.line == "said before")
        editor.previous()
        #expect(editor.line == "said before", "nothing older")
    }
}
