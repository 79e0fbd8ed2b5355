@testable import ChatClient
import ChatProtocol
import Identity
import Testing

/// Two clients with identity keys through a gateway in process: the proof, signing and checking.
@Suite(.timeLimit(.minutes(1))) struct IdentityClientTests {
    static func client(_ port: Int, _ name: String, identity: Identity?, pins: ContactPins = ContactPins()) throws -> ChatClient {
        ChatClient(
            configuration: .init(
                url: try ServerURL("ws://127.0.0.1:\(port)/ws"),
                name: name,
                identity: identity,
                pins: pins,
                backoff: Backoff(initial: .milliseconds(50))
            )
        )
    }

    static func message(_ events: inout AsyncStream<ChatEvent>.Iterator) async -> (ChatMessage, SignatureState)? {
        guard case .message(let message, _, _, let signature) = await ChatClientTests.next(&events, where: { if case .message = $0 { true } else { false } })
        else { return nil }
        return (message, signature)
    }

    @Test func aKeyIsPinnedWhenItsMemberArrivesItsMessagesAreVerifiedAndAnotherKeyForTheNameIsAChange() async throws {
        try await ChatClientTests.withGateway { port in
            let amy = Identity()
            var pins = ContactPins()
            _ = pins.check("eve", key: Identity().publicKey)  // bob met another "eve" once
            let bob = try Self.client(port, "bob", identity: Identity(), pins: pins)
            let amyClient = try Self.client(port, "amy", identity: amy)
            let eve = try Self.client(port, "eve", identity: Identity())
            var bobEvents = bob.events.makeAsyncIterator()
            var amyEvents = amyClient.events.makeAsyncIterator()
            var eveEvents = eve.events.makeAsyncIterator()
            let runs = [Task { try await bob.run() }, Task { try await amyClient.run() }, Task { try await eve.run() }]
            _ = await ChatClientTests.next(&bobEvents) { if case .welcomed = $0 { true } else { false } }
            guard case .welcomed(let welcome, _) = await ChatClientTests.next(&amyEvents, where: { if case .welcomed = $0 { true } else { false } }) else {
                return #expect(Bool(false))
            }
            #expect(welcome.key == amy.publicKey.text)
            _ = await ChatClientTests.next(&eveEvents) { if case .welcomed = $0 { true } else { false } }

            try await amyClient.say("one", in: "lobby")
            try await amyClient.say("two", in: "lobby")
            let first = await Self.message(&bobEvents)?.1
            let second = await Self.message(&bobEvents)?.1
            // Pinned (silently) when her arrival's presence carried her key, before she said anything.
            #expect(first == .verified(contactVerified: false))
            #expect(second == .verified(contactVerified: false))
            #expect(await bob.contactPins.pin(of: "amy")?.key == amy.publicKey)
            #expect(await bob.markVerified("amy"))
            try await amyClient.say("three", in: "lobby")
            let third = await Self.message(&bobEvents)?.1
            #expect(third == .verified(contactVerified: true))
            #expect(await bob.safetyNumber(with: "amy")?.fingerprint == amy.publicKey.fingerprint)

            try await eve.say("it is me", in: "lobby")
            let changed = await Self.message(&bobEvents)?.1
            guard case .keyChanged(_, _, false) = changed else { return #expect(Bool(false), "a changed key") }
            for client in [bob, amyClient, eve] { await client.stop() }
            for run in runs { try await run.value }
        }
    }

    @Test func aKeyWithItsSignatureStrippedIsAForgeryNotAnUnsignedMessage() async throws {
        try await ChatClientTests.withGateway { port in
            let client = try Self.client(port, "bob", identity: Identity())
            let amy = Identity()
            let text = "hello"
            let sig = amy.signText(SigningInput.message(kind: .message, scope: "lobby", id: "m1", text: Array(text.utf8)))
            let whole = ChatMessage(room: "lobby", seq: 1, from: "amy", text: text, time: 0, id: "m1", key: amy.publicKey.text, sig: sig)
            #expect(await client.signatureState(of: whole) == .firstSeen(fingerprint: amy.publicKey.fingerprint))
            var stripped = whole
            stripped.sig = nil
            #expect(await client.signatureState(of: stripped) == .invalid)
            var keyless = whole
            keyless.key = nil
            #expect(await client.signatureState(of: keyless) == .invalid)
            keyless.sig = nil
            #expect(await client.signatureState(of: keyless) == .unsigned)
        }
    }
}
