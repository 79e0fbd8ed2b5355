import ChatCLI
import ChatClient
import ChatProtocol
import Testing

@Suite struct MessageFormatterConversationTests {
    let plain = MessageFormatter(colors: false, ownName: "amy")

    static func message(_ seq: UInt64 = 12, from: String = "bob", text: String = "first words of a long message\nsecond") -> ConversationMessage {
        var conversation = Conversation(room: "lobby")
        _ = conversation.apply(ChatMessage(room: "lobby", seq: seq, from: from, text: text, time: 0, id: "b-1"))
        return conversation.message(at: seq)!
    }

    @Test func aReplyIsShownUnderTheStartOfItsOriginal() {
        let original = Self.message()
        #expect(self.plain.quoteLine(of: original, reference: original.reference) == "      ↳ bob: first words of a long message…")
        #expect(self.plain.quoteLine(of: nil, reference: MessageReference(seq: 3, id: "", from: "cy")) == "      ↳ cy: message not available")
        var refs = self.plain
        refs.showsRefs = true
        #expect(refs.quoteLine(of: original, reference: original.reference).hasPrefix("      ↳ #12 bob: "))
    }

    @Test func editsTombstonesAndReactionsShowTheirMessageNumber() {
        var message = Self.message(text: "better")
        #expect(self.plain.editedLine(message, time: 0).hasSuffix("#12 bob (edited): better"))
        let delete = ChatMessage(kind: .delete, room: "lobby", seq: 14, from: "bob", text: "", time: 0, target: MessageReference(seq: 12, id: "b-1"))
        #expect(self.plain.deletedLine(nil, event: delete).hasSuffix("#12 bob: message deleted"))
        var conversation = Conversation(room: "lobby")
        _ = conversation.apply(ChatMessage(room: "lobby", seq: 12, from: "bob", text: "lunch?", time: 0, id: "b-1"))
        for (seq, name) in [(13, "amy"), (14, "cy")] {
            let reaction = ChatMessage(
                kind: .reaction,
                room: "lobby",
                seq: UInt64(seq),
                from: name,
                text: "+👍",
                time: 0,
                target: MessageReference(seq: 12, id: "b-1")
            )
            _ = conversation.apply(reaction)
        }
        message = conversation.message(at: 12)!
        #expect(self.plain.reactionsLine(message) == "— #12 bob \"lunch?\": 👍 2 (amy, cy)")
        #expect(MessageFormatter.describe([]) == "no reactions")
    }

    @Test func refsAndMentionsMarkTheMessageLine() {
        var formatter = self.plain
        formatter.showsRefs = true
        let mention = ChatMessage(room: "lobby", seq: 7, from: "bob", text: "@amy look", time: 0)
        #expect(formatter.line(for: mention).hasSuffix("#7 » bob: @amy look"))
        let other = ChatMessage(room: "lobby", seq: 8, from: "bob", text: "@amyx look", time: 0)
        #expect(formatter.line(for: other).hasSuffix("#8 bob: @amyx look"))
        #expect(formatter.ownLine("mine", room: "lobby", action: false, time: 0, seq: 9).hasSuffix("#9 amy: mine"), "at its ack")
        #expect(formatter.ownLine("mine", room: "lobby", action: false, time: 0).hasSuffix(" amy: mine"), "before it, no number")
        #expect(!self.plain.line(for: mention).contains("\u{1B}"), "no escape codes without colour")
        let own = ChatMessage(room: "lobby", seq: 9, from: "amy", text: "@amy note to self", time: 0)
        #expect(!self.plain.line(for: own).contains("»"), "your own text does not ring for you")
    }

    @Test func typistsAreAQuietStatus() {
        #expect(MessageFormatter.typingStatus([]) == nil)
        #expect(MessageFormatter.typingStatus(["bob"]) == "bob is typing…")
        #expect(MessageFormatter.typingStatus(["bob", "cy"]) == "bob and cy are typing…")
        #expect(MessageFormatter.typingStatus(["a", "b", "c", "d"]) == "4 people are typing…")
    }

    @Test func scriptsGetALinePerConversationChange() {
        let original = Self.message(text: "fixed")
        let edit = ChatMessage(kind: .edit, room: "lobby", seq: 13, from: "bob", text: "fixed", time: 0, target: original.reference)
        let update = ConversationUpdate(room: "lobby", change: .edited, message: original, event: edit, isHistory: false)
        #expect(MessageFormatter.scripted(.conversation(update)) == "[lobby] bob edited #12: fixed")
        let history = ConversationUpdate(room: "lobby", change: .edited, message: original, event: edit, isHistory: true)
        #expect(MessageFormatter.scripted(.conversation(history)) == nil)
        let reply = ChatMessage(room: "lobby", seq: 15, from: "cy", text: "yes", time: 0, reply: MessageReference(seq: 12, id: "b-1", from: "bob"))
        #expect(MessageFormatter.scripted(.message(reply, isHistory: false)) == "[lobby] cy (reply to bob #12): yes")
    }
}
