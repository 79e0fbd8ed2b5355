import ChatCLI
import ChatClient
import ChatProtocol
import Testing

@Suite struct MessageFormatterFilesTests {
    let plain = MessageFormatter(colors: false, ownName: "amy")
    static let cat = FileMetadata(name: "cat.png", type: "image/png").text

    static func file(_ text: String = Self.cat, size: Int = 70_000, expired: Bool? = nil) -> ChatMessage {
        ChatMessage(
            kind: .file,
            room: "lobby",
            seq: 52,
            from: "bob",
            text: text,
            time: 0,
            id: "f1",
            file: FileFacts(id: "00", size: size, expired: expired)
        )
    }

    @Test func aFileShowsItsNameSizeAndTheNumberSaveTakes() {
        #expect(self.plain.line(for: Self.file()).hasSuffix(" bob shared cat.png (68 KiB) [#52]"))
        var refs = self.plain
        refs.showsRefs = true
        #expect(refs.line(for: Self.file()).hasSuffix(" #52 bob shared cat.png (68 KiB)"), "the number once, where every line has it")
    }

    @Test func anExpiredFileIsMarkedSo() {
        #expect(self.plain.line(for: Self.file(expired: true)).hasSuffix(" bob shared cat.png (68 KiB) [#52] (expired)"))
        var conversation = Conversation(room: "lobby")
        _ = conversation.apply(Self.file())
        let expired = conversation.expire(file: "00")
        #expect(expired.map(self.plain.fileLine)?.hasSuffix("bob shared cat.png (68 KiB) [#52] (expired)") == true)
        let scripted = MessageFormatter.scripted(.fileExpired(room: "lobby", file: "00", message: expired))
        #expect(scripted == "[lobby] bob shared cat.png (68 KiB) [#52] (expired)")
    }

    @Test func aFileWhoseNameCannotBeOpenedShowsTheMarker() {
        let line = self.plain.line(for: Self.file(MessageEncryption.withoutKeyMarker), encryption: .sealedWithoutKey)
        #expect(line.hasSuffix(" bob shared [encrypted with a key you do not have] (68 KiB) [#52]"))
        #expect(self.plain.line(for: Self.file(), encryption: .unencrypted).hasSuffix(" bob shared [not encrypted] cat.png (68 KiB) [#52]"))
    }

    @Test func metadataThatIsNotMetadataShowsAFileNamedFile() {
        #expect(self.plain.line(for: Self.file("not json")).hasSuffix(" bob shared file (68 KiB) [#52]"))
        let hostile = FileMetadata(name: "evil\u{1B}[2J.png", type: "image/png").text
        #expect(!self.plain.line(for: Self.file(hostile)).contains("\u{1B}"), "nothing received drives the terminal")
    }

    @Test func scriptsGetTheFileLineWithItsNumber() {
        let line = MessageFormatter.scripted(.message(Self.file(), isHistory: false, encryption: .none, signature: .unsigned))
        #expect(line == "[lobby] bob shared cat.png (68 KiB) [#52]")
    }

    @Test func ownFileLineIsShownAtItsAck() {
        let sent = TransferProgress(id: "f1", direction: .upload, room: "lobby", name: "cat.png", done: 70_000, total: 70_000)
        #expect(self.plain.ownFileLine(sent, ack: Ack(id: "f1", room: "lobby", seq: 60, time: 0)).hasSuffix(" amy shared cat.png (68 KiB) [#60]"))
    }

    @Test func theStatusLineSaysWhatMovesAndHowFar() {
        let up = TransferProgress(id: "f1", direction: .upload, room: "lobby", name: "cat.png", done: 35_000, total: 70_000)
        let down = TransferProgress(id: "d1", direction: .download, room: "lobby", name: "notes.txt", seq: 7, done: 0, total: 3000)
        #expect(MessageFormatter.transferStatus([]) == nil)
        #expect(MessageFormatter.transferStatus([up, down]) == "sending cat.png 50% of 68 KiB · saving #7 notes.txt 0% of 3 KiB (/cancel stops)")
        #expect(MessageFormatter.transferEnd(down, "cancelled") == "#7 notes.txt not saved: cancelled")
        #expect(MessageFormatter.transferEnd(up, "too large") == "cat.png not sent: too large")
    }

    @Test func savedJSONNamesWhatWasWrittenAndWhere() {
        let down = TransferProgress(id: "d1", direction: .download, room: "lobby", name: "notes.txt", seq: 7, done: 53, total: 53)
        #expect(
            MessageFormatter.savedJSON(down, path: "/tmp/notes (1).txt", size: 16)
                == #"{"type":"saved","room":"lobby","seq":7,"name":"notes.txt","path":"/tmp/notes (1).txt","size":16}"#
        )
    }
}
