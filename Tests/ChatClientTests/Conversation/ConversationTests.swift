import ChatClient
import ChatProtocol
import Testing

@Suite struct ConversationTests {
    static let amyKey = "amy-key"
    static let bobKey = "bob-key"

    static func event(
        _ kind: ChatMessage.Kind,
        _ seq: UInt64,
        from: String = "amy",
        key: String? = amyKey,
        text: String = "",
        target: UInt64? = nil,
        reply: UInt64? = nil
    ) -> ChatMessage {
        ChatMessage(
            kind: kind,
            room: "lobby",
            seq: seq,
            from: from,
            text: text,
            time: seq * 1000,
            id: "\(from)-\(seq)",
            key: key,
            reply: reply.map { MessageReference(seq: $0, id: "amy-\($0)", from: "amy") },
            target: target.map { MessageReference(seq: $0, id: "amy-\($0)") }
        )
    }

    static func said() -> Conversation {
        var conversation = Conversation(room: "lobby")
        _ = conversation.apply(Self.event(.message, 1, text: "first words\nsecond line"))
        return conversation
    }

    @Test func anEditReplacesTheTextAndTheLatestEditWins() throws {
        var conversation = Self.said()
        let applied1 = conversation.apply(Self.event(.edit, 3, text: "second try", target: 1))
        let update = try #require(applied1)
        #expect(update.change == .edited && update.message?.text == "second try" && update.message?.isEdited == true)
        let applied2 = conversation.apply(Self.event(.edit, 2, text: "older", target: 1))
        #expect(applied2 == nil, "an older edit changes nothing")
        #expect(conversation.message(at: 1)?.text == "second try")
    }

    @Test func aDeleteLeavesATombstoneWithoutTheText() throws {
        var conversation = Self.said()
        _ = conversation.apply(Self.event(.reaction, 2, from: "bob", key: Self.bobKey, text: "+👍", target: 1))
        let applied3 = conversation.apply(Self.event(.delete, 3, target: 1))
        let update = try #require(applied3)
        #expect(update.change == .deleted)
        let tombstone = try #require(conversation.message(at: 1))
        #expect(tombstone.isDeleted && tombstone.text.isEmpty && tombstone.reactions.isEmpty)
        let applied4 = conversation.apply(Self.event(.edit, 4, text: "back", target: 1))
        #expect(applied4 == nil, "a deleted message is not edited")
        let applied5 = conversation.apply(Self.event(.reaction, 5, from: "bob", key: Self.bobKey, text: "+🎉", target: 1))
        #expect(applied5 == nil)
        #expect(conversation.latest() == nil, "tombstones are not the last message")
    }

    @Test func anEditOrDeleteNotFromTheAuthorIsIgnoredAndReportedInvalid() throws {
        var conversation = Self.said()
        let applied6 = conversation.apply(Self.event(.edit, 2, from: "bob", key: Self.bobKey, text: "mine now", target: 1))
        let edit = try #require(applied6)
        #expect(edit.change == .invalid(reason: "an edit of amy's message by bob"))
        let applied7 = conversation.apply(Self.event(.delete, 3, from: "amy", key: nil, target: 1))
        let impostor = try #require(applied7)
        #expect(impostor.change == .invalid(reason: "a delete of amy's message by amy"), "the name without the key is not the author")
        let applied8 = conversation.apply(Self.event(.edit, 4, text: "x", target: 1), signature: .invalid)
        let forged = try #require(applied8)
        #expect(forged.change == .invalid(reason: "an edit with an invalid signature"))
        #expect(conversation.message(at: 1)?.text == "first words\nsecond line" && conversation.message(at: 1)?.isDeleted == false)
    }

    @Test func unsignedAuthorsAreTheirNamesRegardlessOfCase() {
        var conversation = Conversation(room: "lobby")
        _ = conversation.apply(Self.event(.message, 1, from: "seed", key: nil, text: "hi"))
        let applied9 = conversation.apply(Self.event(.edit, 2, from: "SEED", key: nil, text: "hello", target: 1).targeting(1, "seed-1"))
        #expect(applied9?.change == .edited)
    }

    @Test func aReplyResolvesItsOriginalOrSaysItIsNotHeld() throws {
        var conversation = Self.said()
        let applied10 = conversation.apply(Self.event(.message, 2, from: "bob", key: Self.bobKey, text: "agreed", reply: 1))
        let reply = try #require(applied10)
        guard case .reply(let original) = reply.change else { return #expect(Bool(false)) }
        #expect(original?.from == "amy" && original?.quote() == "first words…")
        let applied11 = conversation.apply(Self.event(.message, 3, from: "bob", key: Self.bobKey, text: "?", reply: 99))
        let lost = try #require(applied11)
        #expect(lost.change == .reply(original: nil))
        #expect(conversation.message(at: 2)?.reply?.seq == 1)
    }

    @Test func aReferenceWithAnotherIdNamesNothing() {
        let conversation = Self.said()
        #expect(conversation.message(matching: MessageReference(seq: 1, id: "amy-1")) != nil)
        #expect(conversation.message(matching: MessageReference(seq: 1, id: "other")) == nil)
    }

    @Test func theOldestMessagesAreForgottenPastTheCapacity() {
        var conversation = Conversation(room: "lobby")
        for seq in 1...UInt64(Conversation.capacity + 2) { _ = conversation.apply(Self.event(.message, seq, text: "m")) }
        #expect(conversation.message(at: 1) == nil && conversation.message(at: 2) == nil && conversation.message(at: 3) != nil)
    }

    @Test func latestFindsTheNewestMessageForWhichTheConditionHolds() {
        var conversation = Self.said()
        _ = conversation.apply(Self.event(.message, 2, from: "bob", key: Self.bobKey, text: "yo"))
        #expect(conversation.latest()?.seq == 2)
        #expect(conversation.latest(where: { $0.author == .key(Self.amyKey) })?.seq == 1)
    }
}

extension ChatMessage {
    /// The same event about the message at `seq` with id `id`.
    func targeting(_ seq: UInt64, _ id: String) -> ChatMessage {
        var copy = self
        copy.target = MessageReference(seq: seq, id: id)
        return copy
    }
}
