import ChatClient
import ChatProtocol
import EndToEnd
import Testing

/// Encrypted rooms through a real gateway: the client seals and opens, the server carries ciphertext.
@Suite(.timeLimit(.minutes(1))) struct EncryptedRoomTests {
    static let key = try! RoomKey(passphrase: "correct horse", room: "secret", iterations: 100)
    static let otherKey = try! RoomKey(passphrase: "wrong horse", room: "secret", iterations: 100)

    static func client(_ port: Int, _ name: String, keys: [RoomKey], rooms: [String] = ["secret"]) throws -> ChatClient {
        ChatClient(
            configuration: .init(
                url: try ServerURL("ws://127.0.0.1:\(port)/ws"),
                name: name,
                rooms: rooms,
                roomKeys: keys,
                backoff: Backoff(initial: .milliseconds(50))
            )
        )
    }

    /// Starts clients and waits for each one's welcome; `body` gets their event iterators.
    static func withClients(
        _ clients: [ChatClient],
        _ body: (inout [AsyncStream<ChatEvent>.Iterator]) async throws -> Void
    ) async throws {
        var iterators = clients.map { $0.events.makeAsyncIterator() }
        var runs: [Task<Void, any Error>] = []
        for (index, client) in clients.enumerated() {
            runs.append(Task { try await client.run() })
            _ = await ChatClientTests.next(&iterators[index]) { if case .welcomed = $0 { true } else { false } }
        }
        try await body(&iterators)
        for client in clients { await client.stop() }
        for run in runs { try await run.value }
    }

    static func nextMessage(_ events: inout AsyncStream<ChatEvent>.Iterator) async -> (ChatMessage, Bool, MessageEncryption)? {
        guard
            case .message(let message, let isHistory, let encryption, _) = await ChatClientTests.next(
                &events,
                where: { if case .message = $0 { true } else { false } }
            )
        else { return nil }
        return (message, isHistory, encryption)
    }

    @Test func membersWithThePassphraseReadEachOtherAndEveryoneElseSeesAMarker() async throws {
        try await ChatClientTests.withGateway { port in
            let clients = [
                try Self.client(port, "amy", keys: [Self.key]),
                try Self.client(port, "bob", keys: [Self.key]),
                try Self.client(port, "eve", keys: [Self.otherKey]),
                try Self.client(port, "pat", keys: []),
            ]
            try await Self.withClients(clients) { events in
                try await clients[0].say("meet at noon", in: "secret")
                let bob = await Self.nextMessage(&events[1])
                #expect(bob?.0.text == "meet at noon" && bob?.0.from == "amy" && bob?.2 == .decrypted)
                let eve = await Self.nextMessage(&events[2])
                #expect(eve?.0.text == "[cannot decrypt: different passphrase?]" && eve?.2 == .undecryptable)
                let pat = await Self.nextMessage(&events[3])
                #expect(pat?.0.text == "[encrypted]" && pat?.2 == .sealedWithoutKey)

                try await clients[3].say("no secrets here", in: "secret")
                let amy = await Self.nextMessage(&events[0])
                #expect(amy?.0.text == "no secrets here" && amy?.2 == .unencrypted)
            }
        }
    }

    @Test func aLateMemberReadsTheHistoryAndIsToldTheFingerprintFirst() async throws {
        try await ChatClientTests.withGateway { port in
            let amy = try Self.client(port, "amy", keys: [Self.key])
            try await Self.withClients([amy]) { _ in
                try await amy.say("said before you came", in: "secret", action: true)
                await amy.waitUntilIdle()
                let carol = try Self.client(port, "carol", keys: [], rooms: ["lobby"])
                var events = carol.events.makeAsyncIterator()
                let run = Task { try await carol.run() }
                _ = await ChatClientTests.next(&events) { if case .welcomed = $0 { true } else { false } }
                await carol.encrypt(Self.key)
                let encrypted = await ChatClientTests.next(&events) { if case .encrypted = $0 { true } else { false } }
                #expect(encrypted == .encrypted(room: "secret", fingerprint: Self.key.fingerprint))
                await carol.send(.join(RoomRequest(room: "secret")))
                let history = await Self.nextMessage(&events)
                #expect(history?.0.text == "said before you came" && history?.0.kind == .action && history?.1 == true && history?.2 == .decrypted)
                await carol.stop()
                try await run.value
            }
        }
    }

    @Test func aTextTooLargeOnceSealedIsRefusedBeforeItIsSent() async throws {
        let amy = try Self.client(1, "amy", keys: [Self.key])
        let most = SealedText.maxPlaintextBytes(forMessageBytes: 65_536)
        await #expect(throws: MessageText.Problem.tooLarge(bytes: most + 1, limit: most)) {
            try await amy.say(String(repeating: "a", count: most + 1), in: "secret")
        }
        _ = try await amy.say(String(repeating: "a", count: most), in: "secret")
        _ = try await amy.say(String(repeating: "a", count: most + 1), in: "lobby")
    }
}
