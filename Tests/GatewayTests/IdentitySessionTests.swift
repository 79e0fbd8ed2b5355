import ChatProtocol
import Gateway
import GatewayTestSupport
import Identity
import Testing

/// Identity keys at the gateway (docs/PROTOCOL.md, "Identity (id1)"): the challenge and its proof, and
/// the signature every message of a proven connection must carry. Real sockets, a gateway in process.
@Suite(.timeLimit(.minutes(1))) struct IdentitySessionTests {
    static func withGateway(_ body: (Int) async throws -> Void) async throws {
        try await withRunningGateway(configuration: GatewayConfiguration(port: 0)) { port, _, _ in try await body(port) }
    }

    /// Says hello with `identity`'s key and returns the challenge's nonce.
    static func challenged(_ client: V1Client, as name: String, identity: Identity) async throws -> [UInt8] {
        try await client.send(.hello(Hello(name: name, key: identity.publicKey.text)))
        guard case .challenge(let challenge) = try await client.next() else { throw V1Client.Unexpected(frame: "no challenge") }
        return try #require(Base64URL.decode(challenge.nonce))
    }

    /// Connects, proves `identity` and returns the client and its welcome.
    static func proven(port: Int, name: String, identity: Identity) async throws -> (V1Client, Welcome) {
        let client = try await V1Client.connect(port: port)
        let nonce = try await Self.challenged(client, as: name, identity: identity)
        try await client.send(.prove(Prove(signature: identity.signText(SigningInput.hello(nonce: nonce, name: name)))))
        guard case .welcome(let welcome) = try await client.next() else { throw V1Client.Unexpected(frame: "no welcome") }
        return (client, welcome)
    }

    static func errorCode(_ message: ServerMessage) -> ErrorCode? {
        if case .error(let error) = message { error.code } else { nil }
    }

    static func signed(_ say: Say, by identity: Identity, kind: SigningInput.Kind = .message) -> Say {
        var say = say
        say.sig = identity.signText(SigningInput.message(kind: kind, scope: say.room, id: say.id ?? "", text: Array(say.text.utf8)))
        return say
    }

    @Test func aProvenClientsMessagesCarryItsKeyAndASignatureOthersCanVerify() async throws {
        try await Self.withGateway { port in
            let amy = Identity()
            let (bob, _) = try await V1Client.welcomed(port: port, name: "bob")
            let (client, welcome) = try await Self.proven(port: port, name: "amy", identity: amy)
            #expect(welcome.key == amy.publicKey.text)
            guard case .presence(let arrival) = try await bob.next("presence") else { return #expect(Bool(false)) }
            #expect(arrival.key == amy.publicKey.text, "presence says whose key arrived")
            try await client.send(.say(Self.signed(Say(id: "m1", room: "lobby", text: "signed hello"), by: amy)))
            guard case .message(let message) = try await bob.next("message") else { return #expect(Bool(false)) }
            let key = try #require(message.key.flatMap(IdentityKey.init(text:)))
            let input = SigningInput.message(kind: .message, scope: "lobby", id: "m1", text: Array(message.text.utf8))
            #expect(key == amy.publicKey && key.isValidSignature(text: message.sig ?? "", for: input))

            try await client.send(.direct(DirectRequest(id: "d1", to: "BOB", text: "psst", sig: amy.signText(
                SigningInput.message(kind: .direct, scope: "bob", id: "d1", text: Array("psst".utf8))
            ))))
            guard case .direct(let direct) = try await bob.next("dm") else { return #expect(Bool(false)) }
            let directInput = SigningInput.message(kind: .direct, scope: SigningInput.directScope(direct.to), id: "d1", text: Array("psst".utf8))
            #expect(direct.key == amy.publicKey.text && amy.publicKey.isValidSignature(text: direct.sig ?? "", for: directInput))
            try await client.close()
            try await bob.close()
        }
    }

    @Test func aProofIsGoodForItsOwnChallengeOnly() async throws {
        try await Self.withGateway { port in
            let amy = Identity()
            let first = try await V1Client.connect(port: port)
            let firstNonce = try await Self.challenged(first, as: "amy", identity: amy)
            let recorded = amy.signText(SigningInput.hello(nonce: firstNonce, name: "amy"))
            // Replayed on another connection, whose challenge is a new nonce.
            let second = try await V1Client.connect(port: port)
            _ = try await Self.challenged(second, as: "amy", identity: amy)
            try await second.send(.prove(Prove(signature: recorded)))
            #expect(Self.errorCode(try await second.next()) == .badProof)
            // The challenge is spent: the right proof after a wrong one does not count either.
            try await second.send(.say(Say(id: "m1", room: "lobby", text: "hi")))
            #expect(Self.errorCode(try await second.next()) == .notReady)
            try await first.send(.prove(Prove(signature: recorded)))
            guard case .welcome = try await first.next() else { return #expect(Bool(false), "the proof of its own challenge") }
            try await first.close()
            try await second.close()
        }
    }

    @Test func aProofWithoutAChallengeOrWithAnotherKeyIsRefusedAndAKeyMustBe32Bytes() async throws {
        try await Self.withGateway { port in
            let client = try await V1Client.connect(port: port)
            try await client.send(.prove(Prove(signature: Identity().signText([1, 2, 3]))))
            #expect(Self.errorCode(try await client.next()) == .badProof)
            try await client.send(.hello(Hello(name: "amy", key: "AAAA")))
            #expect(Self.errorCode(try await client.next()) == .badRequest)
            let nonce = try await Self.challenged(client, as: "amy", identity: Identity())
            try await client.send(.prove(Prove(signature: Identity().signText(SigningInput.hello(nonce: nonce, name: "amy")))))
            #expect(Self.errorCode(try await client.next()) == .badProof, "signed by another key than the hello's")
            try await client.close()
        }
    }

    @Test func aProvenConnectionsUnsignedMessagesAreRefusedAndAlteredOnesFailAtTheReceiver() async throws {
        try await Self.withGateway { port in
            let amy = Identity()
            let (bob, _) = try await V1Client.welcomed(port: port, name: "bob")
            let (client, _) = try await Self.proven(port: port, name: "amy", identity: amy)
            _ = try await bob.next("presence")
            try await client.send(.say(Say(id: "m1", room: "lobby", text: "unsigned")))
            #expect(Self.errorCode(try await client.next()) == .badSignature)
            try await client.send(.say(Say(id: "m2", room: "lobby", text: "short", sig: "AAAA")))
            #expect(Self.errorCode(try await client.next()) == .badSignature, "not 64 bytes")
            try await client.send(.direct(DirectRequest(id: "d1", to: "bob", text: "unsigned")))
            #expect(Self.errorCode(try await client.next()) == .badSignature)
            // Signed over another text: sent, with amy's own key beside it, and bob's check fails.
            var altered = Self.signed(Say(id: "m3", room: "lobby", text: "what I signed"), by: amy)
            altered.text = "what I send"
            try await client.send(.say(altered))
            guard case .message(let message) = try await bob.next("message") else { return #expect(Bool(false)) }
            #expect(message.id == "m3", "nothing refused reached bob")
            #expect(message.key == amy.publicKey.text, "the key is the one amy proved, whatever she sends")
            let input = SigningInput.message(kind: .message, scope: "lobby", id: "m3", text: Array(message.text.utf8))
            #expect(!amy.publicKey.isValidSignature(text: message.sig ?? "", for: input))
            try await client.close()
            try await bob.close()
        }
    }
}
