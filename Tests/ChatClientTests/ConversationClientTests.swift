import ChatClient
import ChatProtocol
import Identity
import Testing

/// Conversation events between two clients with identity keys, through a gateway in process: sent
/// signed (and sealed in an encrypted room), applied alike on both sides.
@Suite(.timeLimit(.minutes(1))) struct ConversationClientTests {
    static func update(_ events: inout AsyncStream<ChatEvent>.Iterator, _ matches: (ConversationUpdate) -> Bool) async -> ConversationUpdate? {
        guard
            case .conversation(let update) = await ChatClientTests.next(
                &events,
                where: { if case .conversation(let update) = $0 { matches(update) } else { false } }
            )
        else { return nil }
        return update
    }

    static func seq(_ events: inout AsyncStream<ChatEvent>.Iterator, ofAck id: String) async -> UInt64? {
        guard
            case .acknowledged(let ack) = await ChatClientTests.next(
                &events,
                where: { if case .acknowledged(let ack) = $0 { ack.id == id } else { false } }
            )
        else { return nil }
        return ack.seq
    }

    @Test(arguments: [false, true])
    func aReplyAnEditAReactionAndADeleteReachTheOtherAsTheyWere(encrypted: Bool) async throws {
        try await ChatClientTests.withGateway { port in
            let room = "secret"
            let amy = try EncryptedRoomTests.client(port, "amy", rooms: [room])
            let bob = try EncryptedRoomTests.client(port, "bob", rooms: [room])
            try await EncryptedRoomTests.withClients([amy, bob]) { events in
                var (amyEvents, bobEvents) = (events[0], events[1])
                try await Self.converse(amy: amy, bob: bob, room: room, encrypted: encrypted, &amyEvents, &bobEvents)
            }
        }
    }

    static func converse(
        amy: ChatClient,
        bob: ChatClient,
        room: String,
        encrypted: Bool,
        _ amyEvents: inout AsyncStream<ChatEvent>.Iterator,
        _ bobEvents: inout AsyncStream<ChatEvent>.Iterator
    ) async throws {
        if encrypted {
            _ = try await amy.encryptNew(room)
            _ = await ChatClientTests.next(&bobEvents) { if case .encrypted = $0 { true } else { false } }
        }
        let first = try await amy.say("first words of it", in: room)
        let firstSeq = try #require(await Self.seq(&amyEvents, ofAck: first))
        let original = try #require(await amy.conversation(of: room)?.message(at: firstSeq))
        _ = await ChatClientTests.next(&bobEvents) { if case .message(let message, _, _, _) = $0 { message.seq == firstSeq } else { false } }

        _ = try await bob.say("agreed", in: room, reply: original.reference)
        let reply = try #require(await Self.update(&amyEvents) { if case .reply = $0.change { true } else { false } })
        #expect(reply.change == .reply(original: original))
        guard
            case .message(let answer, _, _, let signature) = await ChatClientTests.next(
                &amyEvents,
                where: { if case .message = $0 { true } else { false } }
            )
        else { return #expect(Bool(false)) }
        #expect(answer.text == "agreed" && answer.reply?.seq == firstSeq && answer.reply?.from == "amy" && signature.isValid)

        try await amy.edit(original.reference, in: room, to: "better words")
        let edited = try #require(await Self.update(&bobEvents) { $0.change == .edited })
        #expect(edited.message?.text == "better words" && edited.message?.encryption == (encrypted ? .decrypted : MessageEncryption.none))
        #expect(await Self.update(&amyEvents) { $0.change == .edited }?.message?.text == "better words", "the author's own at its ack")

        #expect(try await bob.toggleReaction("👍", on: original.reference, in: room).adds)
        let reacted = try #require(await Self.update(&amyEvents) { $0.change == .reactions })
        #expect(reacted.message?.reactions == [.init(reaction: "👍", names: ["bob"])])
        _ = await Self.update(&bobEvents) { $0.change == .reactions }
        #expect(try await bob.toggleReaction("👍", on: original.reference, in: room).adds == false, "held: the toggle takes it back")
        #expect(await Self.update(&amyEvents) { $0.change == .reactions }?.message?.reactions == [])

        await #expect(throws: SendProblem.self) { try await bob.delete(original.reference, in: room) }
        try await amy.delete(original.reference, in: room)
        let deleted = try #require(await Self.update(&bobEvents) { $0.change == .deleted })
        #expect(deleted.message?.isDeleted == true && deleted.message?.text == "")
    }

    @Test func typingReachesTheOthersAndStopsWhenTheTypistSpeaks() async throws {
        try await ChatClientTests.withGateway { port in
            let amy = try EncryptedRoomTests.client(port, "amy", identity: nil, rooms: ["lobby"])
            let bob = try EncryptedRoomTests.client(port, "bob", identity: nil, rooms: ["lobby"])
            try await EncryptedRoomTests.withClients([amy, bob]) { events in
                var bobEvents = events[1]
                await amy.typed(in: "lobby")
                let typing = await ChatClientTests.next(&bobEvents) { if case .typists = $0 { true } else { false } }
                #expect(typing == .typists(room: "lobby", names: ["amy"]))
                try await amy.say("done typing", in: "lobby")
                let stopped = await ChatClientTests.next(&bobEvents) { if case .typists = $0 { true } else { false } }
                #expect(stopped == .typists(room: "lobby", names: []), "a message of theirs ends it")
            }
        }
    }

    @Test func afterTheRelayRestartsItsNewSequenceNumbersNameNewMessages() async throws {
        let amy = ChatClient(
            configuration: .init(url: try ServerURL("ws://127.0.0.1:18463/ws"), name: "amy", backoff: Backoff(initial: .milliseconds(50)))
        )
        var events = amy.events.makeAsyncIterator()
        var run: Task<Void, any Error>?
        var before: UInt64?
        try await ChatClientTests.withGateway(port: 18463) { _ in
            run = Task { try await amy.run() }
            _ = await ChatClientTests.next(&events) { if case .welcomed = $0 { true } else { false } }
            before = await Self.seq(&events, ofAck: try await amy.say("before the restart", in: "lobby"))
        }
        try await ChatClientTests.withGateway(port: 18463) { _ in
            _ = await ChatClientTests.next(&events) { if case .serverRestarted = $0 { true } else { false } }
            let after = await Self.seq(&events, ofAck: try await amy.say("after it", in: "lobby"))
            #expect(after == before, "the same number, in the new epoch")
            #expect(await amy.conversation(of: "lobby")?.message(at: after ?? 0)?.text == "after it")
            await amy.stop()
        }
        try await run?.value
    }
}
