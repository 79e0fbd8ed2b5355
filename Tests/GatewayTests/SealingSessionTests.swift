import ChatProtocol
import Gateway
import GatewayTestSupport
import Identity
import Testing

/// What the gateway carries for end-to-end encryption (docs/PROTOCOL.md, "End-to-end encryption"):
/// sealing keys checked for shape and passed on, key shares for v1 members only, sealed texts shown
/// to plain clients as a marker, and a `leave` told apart from a dropped connection. Real sockets.
@Suite(.timeLimit(.minutes(1))) struct SealingSessionTests {
    /// A box of the right shape: the gateway checks no more (receivers verify its signature).
    static let box = Base64URL.encode([UInt8](repeating: 0xB0, count: 96))

    static func proven(port: Int, name: String, identity: Identity, box: String? = Self.box, rooms: [String]? = nil) async throws -> V1Client {
        let client = try await V1Client.connect(port: port)
        try await client.send(.hello(Hello(name: name, key: identity.publicKey.text, box: box, rooms: rooms)))
        guard case .challenge(let challenge) = try await client.next() else { throw V1Client.Unexpected(frame: "no challenge") }
        let nonce = try #require(Base64URL.decode(challenge.nonce))
        try await client.send(.prove(Prove(signature: identity.signText(SigningInput.hello(nonce: nonce, name: name)))))
        guard case .welcome = try await client.next() else { throw V1Client.Unexpected(frame: "no welcome") }
        return client
    }

    static func signed(_ say: Say, by identity: Identity, kind: SigningInput.Kind) -> Say {
        var say = say
        say.sig = identity.signText(SigningInput.message(kind: kind, scope: say.room, id: say.id ?? "", text: Array(say.text.utf8)))
        return say
    }

    static func errorCode(_ message: ServerMessage) -> ErrorCode? {
        if case .error(let error) = message { error.code } else { nil }
    }

    @Test func sealingKeysReachOthersInPresenceAndSnapshots() async throws {
        try await withRunningGateway(configuration: GatewayConfiguration(port: 0)) { port, _, _ in
            let amy = Identity()
            let (bob, _) = try await V1Client.welcomed(port: port, name: "bob")
            let client = try await Self.proven(port: port, name: "amy", identity: amy)
            guard case .presence(let arrival) = try await bob.next("presence") else { return #expect(Bool(false)) }
            #expect(arrival.key == amy.publicKey.text && arrival.box == Self.box)
            let (carol, welcome) = try await V1Client.welcomed(port: port, name: "carol")
            #expect(welcome.rooms.first?.boxes == ["amy": Self.box])
            for other in [client, bob, carol] { try await other.close() }
        }
    }

    @Test func aBoxOfTheWrongShapeOrWithoutAKeyIsRefused() async throws {
        try await withRunningGateway(configuration: GatewayConfiguration(port: 0)) { port, _, _ in
            let client = try await V1Client.connect(port: port)
            try await client.send(.hello(Hello(name: "amy", key: Identity().publicKey.text, box: Base64URL.encode([1, 2, 3]))))
            #expect(Self.errorCode(try await client.next()) == .badRequest)
            try await client.send(.hello(Hello(name: "amy", box: Self.box)))
            #expect(Self.errorCode(try await client.next()) == .badRequest, "a box without the key that signed it")
            try await client.send(.hello(Hello(name: "amy")))
            guard case .welcome = try await client.next() else { return #expect(Bool(false), "the connection still says hello") }
            try await client.send(.share(Say(id: "k1", room: "lobby", text: SealedPrefix.share + "AAAA")))
            #expect(Self.errorCode(try await client.next()) == .badRequest, "a share from no key")
            try await client.close()
        }
    }

    @Test func keySharesReachV1MembersAndPlainClientsSeeNeitherSharesNorCiphertext() async throws {
        try await withRunningGateway(configuration: GatewayConfiguration(port: 0)) { port, _, _ in
            let amy = Identity()
            let client = try await Self.proven(port: port, name: "amy", identity: amy)
            let (bob, _) = try await V1Client.welcomed(port: port, name: "bob")
            let pete = try await GatewayTests.Client.connect(port: port, name: "pete")
            let share = SealedPrefix.share + "AAAAAAAAAAAAAAAAAAAAAA"
            try await client.send(.share(Self.signed(Say(id: "k1", room: "lobby", text: share), by: amy, kind: .share)))
            guard case .ack(let ack) = try await client.next("ack") else { return #expect(Bool(false)) }
            guard case .message(let delivered) = try await bob.next("share") else { return #expect(Bool(false)) }
            #expect((delivered.kind, delivered.text, delivered.seq, delivered.key) == (.share, share, ack.seq ?? 0, amy.publicKey.text))

            let sealed = SealedPrefix.room + "c2VhbGVkIGJ5dGVz"
            try await client.send(.say(Self.signed(Say(id: "m1", room: "lobby", text: sealed), by: amy, kind: .message)))
            #expect(await pete.next() == "amy: [encrypted message]", "the share went by, unseen, and the sealed text is a marker")
            guard case .message(let message) = try await bob.next("message") else { return #expect(Bool(false)) }
            #expect(message.text == sealed, "v1 clients get the sealed text to open")

            let (dora, welcome) = try await V1Client.welcomed(port: port, name: "dora")
            #expect(welcome.rooms.first?.history.map(\.kind) == [.share, .message], "shares are in the history")
            for other in [client, bob, dora] { try await other.close() }
        }
    }

    @Test func aLeaveIsToldApartFromAConnectionThatEnds() async throws {
        try await withRunningGateway(configuration: GatewayConfiguration(port: 0)) { port, _, _ in
            let (bob, _) = try await V1Client.welcomed(port: port, name: "bob")
            let (amy, _) = try await V1Client.welcomed(port: port, name: "amy")
            _ = try await bob.next("presence")
            try await amy.send(.leave(RoomRequest(id: "l1", room: "lobby")))
            guard case .presence(let leave) = try await bob.next("presence") else { return #expect(Bool(false)) }
            #expect((leave.event, leave.name, leave.reason) == (.left, "amy", .leave))
            try await amy.send(.join(RoomRequest(id: "j1", room: "lobby")))
            _ = try await bob.next("presence")
            try await amy.close()
            guard case .presence(let gone) = try await bob.next("presence") else { return #expect(Bool(false)) }
            #expect((gone.event, gone.name, gone.reason) == (.left, "amy", nil), "a closed connection is not a leave")
            try await bob.close()
        }
    }
}
