import ChatClient
import ChatProtocol
import Testing

/// Reactions per message, per person, per reaction: the latest event in the room's order decides.
@Suite struct ReactionTests {
    static func react(_ text: String, _ seq: UInt64, from: String, key: String?) -> ChatMessage {
        ConversationTests.event(.reaction, seq, from: from, key: key, text: text, target: 1)
    }

    static func counts(_ conversation: Conversation) -> [ConversationMessage.ReactionCount] {
        conversation.message(at: 1)?.reactions ?? []
    }

    @Test func twoPeopleTogglingAtOnceBothHoldIt() {
        var conversation = ConversationTests.said()
        _ = conversation.apply(Self.react("+👍", 2, from: "bob", key: "bob-key"))
        _ = conversation.apply(Self.react("+👍", 3, from: "cy", key: "cy-key"))
        #expect(Self.counts(conversation) == [.init(reaction: "👍", names: ["bob", "cy"])])
        _ = conversation.apply(Self.react("-👍", 4, from: "bob", key: "bob-key"))
        #expect(Self.counts(conversation) == [.init(reaction: "👍", names: ["cy"])])
    }

    @Test func onePersonOnTwoDevicesCountsOnceAndTheirLatestEventDecides() {
        var conversation = ConversationTests.said()
        _ = conversation.apply(Self.react("+👍", 2, from: "bob", key: "bob-key"))
        let applied1 = conversation.apply(Self.react("+👍", 3, from: "bob", key: "bob-key"))
        #expect(applied1 == nil, "held already: nothing changes")
        #expect(Self.counts(conversation) == [.init(reaction: "👍", names: ["bob"])])
        _ = conversation.apply(Self.react("-👍", 4, from: "bob", key: "bob-key"))
        #expect(Self.counts(conversation).isEmpty)
        #expect(!conversation.holds("👍", on: 1, by: .key("bob-key")))
    }

    @Test func everyOrderOfApplyingTheSameEventsConverges() {
        let events = [
            Self.react("+👍", 2, from: "bob", key: "bob-key"), Self.react("+👍", 3, from: "cy", key: nil),
            Self.react("-👍", 4, from: "bob", key: "bob-key"), Self.react("+🎉", 5, from: "bob", key: "bob-key"),
            Self.react("+👍", 6, from: "bob", key: "bob-key"),
        ]
        var inOrder = ConversationTests.said()
        for event in events { _ = inOrder.apply(event) }
        var shuffled = ConversationTests.said()
        for event in events.reversed() { _ = shuffled.apply(event) }
        #expect(Self.counts(inOrder) == [.init(reaction: "👍", names: ["cy", "bob"]), .init(reaction: "🎉", names: ["bob"])])
        #expect(Set(Self.counts(shuffled).map(\.reaction)) == ["👍", "🎉"])
        #expect(Self.counts(shuffled).first { $0.reaction == "👍" }.map { Set($0.names) } == ["bob", "cy"])
    }

    @Test func aReactionThatIsNotOneOrHasABadSignatureIsInvalid() {
        var conversation = ConversationTests.said()
        let applied2 = conversation.apply(Self.react("👍", 2, from: "bob", key: "bob-key"))
        #expect(applied2?.change == .invalid(reason: "a reaction that is not one"))
        let applied3 = conversation.apply(Self.react("+👍", 3, from: "bob", key: "bob-key"), signature: .invalid)
        #expect(
            applied3?.change
                == .invalid(reason: "a reaction with an invalid signature")
        )
        let applied4 = conversation.apply(Self.react("[cannot decrypt]", 4, from: "bob", key: "bob-key"), encryption: .undecryptable)
        #expect(
            applied4?.change
                == .invalid(reason: "a reaction that is not one")
        )
        #expect(Self.counts(conversation).isEmpty)
    }
}
