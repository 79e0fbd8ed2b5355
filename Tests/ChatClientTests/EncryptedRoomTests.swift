import ChatClient
import ChatProtocol
import EndToEnd
import Identity
import Testing

/// Encryption through a real gateway: keys shared and rotated by the clients, ciphertext on the server.
@Suite(.timeLimit(.minutes(1))) struct EncryptedRoomTests {
    static func client(_ port: Int, _ name: String, identity: Identity? = Identity(), rooms: [String] = ["secret"]) throws -> ChatClient {
        ChatClient(
            configuration: .init(
                url: try ServerURL("ws://127.0.0.1:\(port)/ws"),
                name: name,
                rooms: rooms,
                identity: identity,
                backoff: Backoff(initial: .milliseconds(50))
            )
        )
    }

    /// Starts clients one after the other: each after its welcome, and after the ones started before
    /// saw it join, so that they know its sealing key before anything is shared. `body` gets their
    /// event iterators.
    static func withClients(_ clients: [ChatClient], _ body: (inout [AsyncStream<ChatEvent>.Iterator]) async throws -> Void) async throws {
        var iterators = clients.map { $0.events.makeAsyncIterator() }
        var runs: [Task<Void, any Error>] = []
        for (index, client) in clients.enumerated() {
            runs.append(Task { try await client.run() })
            guard
                case .welcomed(let welcome, _) = await ChatClientTests.next(
                    &iterators[index],
                    where: { if case .welcomed = $0 { true } else { false } }
                )
            else { continue }
            for earlier in 0..<index {
                _ = await ChatClientTests.next(&iterators[earlier]) {
                    if case .presence(let presence, _) = $0 { presence.event == .joined && presence.name == welcome.name } else { false }
                }
            }
        }
        try await body(&iterators)
        for client in clients { await client.stop() }
        for run in runs { try await run.value }
    }

    static func message(_ events: inout AsyncStream<ChatEvent>.Iterator) async -> (text: String, encryption: MessageEncryption)? {
        guard
            case .message(let message, _, let encryption, _) = await ChatClientTests.next(
                &events,
                where: { if case .message = $0 { true } else { false } }
            )
        else { return nil }
        return (message.text, encryption)
    }

    static func roomKey(_ events: inout AsyncStream<ChatEvent>.Iterator) async -> ChatEvent? {
        await ChatClientTests.next(&events) {
            switch $0 {
            case .encrypted, .roomKey: true
            default: false
            }
        }
    }

    @Test func aNewKeyGoesToTheMembersTheyReadEachOtherAndOthersSeeAMarker() async throws {
        try await ChatClientTests.withGateway { port in
            let clients = [try Self.client(port, "amy"), try Self.client(port, "bob"), try Self.client(port, "pat", identity: nil)]
            try await Self.withClients(clients) { events in
                let key = try await clients[0].encryptNew("secret")
                #expect(await Self.roomKey(&events[0]) == .encrypted(room: "secret", fingerprint: key.fingerprint))
                #expect(await Self.roomKey(&events[1]) == .encrypted(room: "secret", fingerprint: key.fingerprint), "the share came")
                await clients[0].waitUntilIdle()
                try await clients[0].say("meet at noon", in: "secret")
                let bob = await Self.message(&events[1])
                #expect(bob?.text == "meet at noon" && bob?.encryption == .decrypted)
                let pat = await Self.message(&events[2])
                #expect(pat?.text == MessageEncryption.withoutKeyMarker && pat?.encryption == .sealedWithoutKey)
                try await clients[1].say("see you", in: "secret", action: true)
                #expect(await Self.message(&events[0])?.text == "see you")
            }
        }
    }

    @Test func aMemberWhoLeavesIsLeftOutOfTheNextKey() async throws {
        try await ChatClientTests.withGateway { port in
            let clients = [try Self.client(port, "amy"), try Self.client(port, "bob"), try Self.client(port, "cy")]
            try await Self.withClients(clients) { events in
                let key = try await clients[0].encryptNew("secret")
                for index in [0, 1, 2] { _ = await Self.roomKey(&events[index]) }
                await clients[0].waitUntilIdle()
                await clients[2].send(.leave(RoomRequest(room: "secret")))
                guard case .roomKey("secret", .rotated(let fingerprint, _, ["cy"], [])) = await Self.roomKey(&events[1]) else {
                    return #expect(Bool(false), "bob is told of the rotation after cy left")
                }
                #expect(fingerprint != key.fingerprint)
                guard case .roomKey("secret", .rotated(fingerprint, _, _, _)) = await Self.roomKey(&events[0]) else { return #expect(Bool(false)) }
                #expect(await clients[0].roomEncryption(of: "secret").fingerprint == fingerprint)
                #expect(await clients[2].roomEncryption(of: "secret").fingerprint == key.fingerprint, "cy keeps only the old key")
            }
        }
    }

    @Test func directMessagesAreSealedToPeopleWithKeysAndInTheClearOnlyWhenAsked() async throws {
        try await ChatClientTests.withGateway { port in
            let clients = [try Self.client(port, "amy"), try Self.client(port, "bob"), try Self.client(port, "pat", identity: nil)]
            try await Self.withClients(clients) { events in
                let sealed = try await clients[0].sendDirect("just between us", to: "bob").sealed
                #expect(sealed)
                guard
                    case .direct(let direct, .decrypted, _) = await ChatClientTests.next(
                        &events[1],
                        where: { if case .direct = $0 { true } else { false } }
                    )
                else { return #expect(Bool(false)) }
                #expect(direct.text == "just between us")
                await #expect(throws: SendProblem.self) { try await clients[0].sendDirect("hi", to: "pat") }
                let clearly = try await clients[0].sendDirect("hi", to: "pat", allowUnencrypted: true).sealed
                #expect(!clearly)
                guard
                    case .direct(let clear, .unencrypted, _) = await ChatClientTests.next(
                        &events[2],
                        where: { if case .direct = $0 { true } else { false } }
                    )
                else { return #expect(Bool(false)) }
                #expect(clear.text == "hi")
            }
        }
    }
}
