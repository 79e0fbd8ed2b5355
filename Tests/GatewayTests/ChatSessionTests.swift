import ChatProtocol
import Gateway
import GatewayTestSupport
import NIOCore
import Testing

/// Protocol v1 sessions, over real sockets to a gateway (with its embedded relay) in process.
@Suite(.timeLimit(.minutes(1))) struct ChatSessionTests {
    static let configuration = GatewayConfiguration(port: 0)

    static func withGateway(_ body: (Int) async throws -> Void) async throws {
        try await withRunningGateway(configuration: Self.configuration) { port, _, _ in try await body(port) }
    }

    /// Runs `body` with two clients welcomed in the lobby, `amy` having seen `bob` arrive; then closes both.
    static func withAmyAndBob(_ body: (_ amy: V1Client, _ bob: V1Client) async throws -> Void) async throws {
        try await Self.withGateway { port in
            let (amy, _) = try await V1Client.welcomed(port: port, name: "amy")
            let (bob, _) = try await V1Client.welcomed(port: port, name: "bob")
            guard case .presence(let arrival) = try await amy.next("presence") else { throw V1Client.Unexpected(frame: "no presence") }
            #expect((arrival.event, arrival.name) == (.joined, "bob"))
            try await body(amy, bob)
            try await amy.close()
            try await bob.close()
        }
    }

    @Test func helloGetsAWelcomeWithASessionTheRoomsAndTheLimits() async throws {
        try await Self.withGateway { port in
            let (amy, welcome) = try await V1Client.welcomed(port: port, name: "amy", rooms: ["lobby", "dev"])
            #expect(welcome.name == "amy")
            #expect(SessionToken(welcome.session) != nil, "a session token is 32 hex digits")
            #expect(welcome.rooms.map(\.room) == ["lobby", "dev"])
            #expect(welcome.rooms.allSatisfy { $0.members == ["amy"] && $0.history.isEmpty && !$0.truncated })
            let limits = welcome.limits
            #expect(limits.maxMessageBytes == Self.configuration.maxMessageBytes)
            #expect((limits.rate, limits.burst) == (Self.configuration.messagesPerSecond, Self.configuration.burst))
            try await amy.close()
        }
    }

    @Test func aMessageReachesTheOtherMemberAndTheSenderGetsAnAckInstead() async throws {
        try await Self.withAmyAndBob { amy, bob in
            try await amy.send(.say(Say(id: "m1", room: "lobby", text: "hi bob")))
            guard case .message(let message) = try await bob.next("message") else { return #expect(Bool(false)) }
            #expect((message.kind, message.room, message.from, message.text, message.id) == (.message, "lobby", "amy", "hi bob", "m1"))
            guard case .ack(let ack) = try await amy.next() else { return #expect(Bool(false), "amy's next frame is her ack") }
            #expect((ack.id, ack.room, ack.seq) == ("m1", "lobby", message.seq))
            try await bob.send(.action(Say(id: "m2", room: "lobby", text: "waves")))
            guard case .ack(let bobsAck) = try await bob.next() else { return #expect(Bool(false), "bob gets no ack of amy's message") }
            #expect(bobsAck.id == "m2")
            guard case .message(let action) = try await amy.next() else { return #expect(Bool(false), "not her own message") }
            #expect((action.kind, action.from, action.text) == (.action, "bob", "waves"))
        }
    }

    @Test func aDirectMessageReachesItsAddresseeAndIsAcknowledged() async throws {
        try await Self.withAmyAndBob { amy, bob in
            try await amy.send(.direct(DirectRequest(id: "d1", to: "bob", text: "just between us")))
            guard case .direct(let direct) = try await bob.next("dm") else { return #expect(Bool(false)) }
            #expect((direct.from, direct.to, direct.text, direct.id) == ("amy", "bob", "just between us", "d1"))
            guard case .ack(let ack) = try await amy.next("ack") else { return #expect(Bool(false)) }
            #expect((ack.id, ack.to, ack.room) == ("d1", "bob", nil))
            try await amy.send(.direct(DirectRequest(id: "d2", to: "nobody", text: "hello?")))
            guard case .error(let error) = try await amy.next("error") else { return #expect(Bool(false)) }
            #expect((error.code, error.id) == (.unknownUser, "d2"))
        }
    }

    @Test func aRenameIsAnsweredAndTheRoomSeesIt() async throws {
        try await Self.withAmyAndBob { amy, bob in
            try await bob.send(.rename(RenameRequest(id: "r1", name: "rob")))
            guard case .renamed(let renamed) = try await bob.next("renamed") else { return #expect(Bool(false)) }
            #expect(renamed == Renamed(id: "r1", name: "rob", from: "bob"))
            guard case .presence(let presence) = try await amy.next("presence") else { return #expect(Bool(false)) }
            #expect((presence.event, presence.name, presence.from) == (.renamed, "rob", "bob"))
            try await bob.send(.rename(RenameRequest(id: "r2", name: "no:colons")))
            guard case .error(let error) = try await bob.next("error") else { return #expect(Bool(false)) }
            #expect((error.code, error.id) == (.invalidName, "r2"))
        }
    }

    @Test func joinWhoAndLeaveARoom() async throws {
        try await Self.withGateway { port in
            let (amy, _) = try await V1Client.welcomed(port: port, name: "amy")
            try await amy.send(.join(RoomRequest(id: "j1", room: "dev")))
            guard case .joined(let joined) = try await amy.next("joined") else { return #expect(Bool(false)) }
            #expect((joined.id, joined.snapshot.room, joined.snapshot.members) == ("j1", "dev", ["amy"]))
            try await amy.send(.who(RoomRequest(id: "w1", room: "dev")))
            #expect(try await amy.next("members") == .members(Members(id: "w1", room: "dev", members: ["amy"])))
            try await amy.send(.leave(RoomRequest(id: "l1", room: "dev")))
            #expect(try await amy.next("left") == .left(Left(id: "l1", room: "dev")))
            try await amy.send(.say(Say(id: "m1", room: "dev", text: "anyone?")))
            guard case .error(let error) = try await amy.next("error") else { return #expect(Bool(false)) }
            #expect((error.code, error.id) == (.notInRoom, "m1"))
            try await amy.close()
        }
    }

    @Test func framesBeforeHelloAreRefusedUntilHello() async throws {
        try await Self.withGateway { port in
            let client = try await V1Client.connect(port: port)
            try await client.send(.say(Say(id: "early", room: "lobby", text: "hi")))
            #expect(try await client.next() == .error(ErrorMessage(code: .notReady, message: "say hello first", id: "early")))
            try await client.send(.hello(Hello(name: "bad name!\u{1B}")))
            guard case .error(let refused) = try await client.next() else { return #expect(Bool(false)) }
            #expect(refused.code == .invalidName)
            try await client.send(.hello(Hello(name: "amy")))
            guard case .welcome = try await client.next() else { return #expect(Bool(false), "the same connection may try again") }
            try await client.send(.hello(Hello(name: "amy")))
            guard case .error(let again) = try await client.next() else { return #expect(Bool(false)) }
            #expect(again.code == .alreadyHello)
            try await client.close()
        }
    }

    @Test func badFramesGetAnErrorWithTheirIDAndTheConnectionStays() async throws {
        try await Self.withGateway { port in
            let (amy, _) = try await V1Client.welcomed(port: port, name: "amy")
            let oversized = String(repeating: "x", count: Self.configuration.maxMessageBytes + 1)
            let refusals: [(frame: String, code: ErrorCode, id: String?)] = [
                ("not json", .badRequest, nil),
                (#"{"id":"t1"}"#, .badRequest, "t1"),
                (#"{"type":"shout","id":"u1"}"#, .unknownType, "u1"),
                (#"{"type":"say","id":"s1","room":"lobby"}"#, .badRequest, "s1"),
                (#"{"type":"say","id":"big","room":"lobby","text":"\#(oversized)"}"#, .tooLarge, "big"),
                (#"{"type":"say","id":"blank","room":"lobby","text":" \t "}"#, .invalidText, "blank"),
                (#"{"type":"say","id":"esc","room":"lobby","text":"\u001b[2J"}"#, .invalidText, "esc"),
                (#"{"type":"join","id":"j1","room":"no room"}"#, .invalidRoom, "j1"),
            ]
            for refusal in refusals {
                try await amy.send(raw: refusal.frame)
                guard case .error(let error) = try await amy.next() else { return #expect(Bool(false), "\(refusal.frame)") }
                #expect((error.code, error.id) == (refusal.code, refusal.id), "\(refusal.frame)")
                #expect(!error.message.isEmpty)
            }
            try await amy.outbound.write(.binary(ByteBuffer(string: "{}")))
            guard case .error(let binary) = try await amy.next() else { return #expect(Bool(false)) }
            #expect(binary.code == .badRequest)
            try await amy.send(.say(Say(id: "ok", room: "lobby", text: "still here")))
            guard case .ack(let ack) = try await amy.next() else { return #expect(Bool(false), "the connection stayed open") }
            #expect(ack.id == "ok")
            try await amy.close()
        }
    }

    @Test func anIDLongerThanTheLimitIsRefusedNamingItAndTheFrameIsNotSent() async throws {
        try await Self.withAmyAndBob { amy, bob in
            let longID = String(repeating: "i", count: ClientMessage.maximumIDBytes + 1)
            for frame: ClientMessage in [.say(Say(id: longID, room: "lobby", text: "lost?")), .direct(DirectRequest(id: longID, to: "bob", text: "lost?"))] {
                try await amy.send(frame)
                guard case .error(let error) = try await amy.next() else { return #expect(Bool(false), "an error, not silence") }
                #expect(error.code == .badRequest && error.id == nil && error.message.contains("id too long (129 bytes; the limit is 128)"))
            }
            let fitting = String(repeating: "i", count: ClientMessage.maximumIDBytes)
            try await amy.send(.say(Say(id: fitting, room: "lobby", text: "this one")))
            guard case .message(let message) = try await bob.next("message") else { return #expect(Bool(false)) }
            #expect(message.text == "this one", "bob got neither refused frame")
            guard case .ack(let ack) = try await amy.next() else { return #expect(Bool(false)) }
            #expect(ack.id == fitting)
        }
    }

    @Test func plainAndV1ClientsChatTogetherInTheLobby() async throws {
        try await Self.withGateway { port in
            let (amy, _) = try await V1Client.welcomed(port: port, name: "amy")
            let pete = try await GatewayTests.Client.connect(port: port, name: "pete")
            guard case .presence(let arrival) = try await amy.next("presence") else { return #expect(Bool(false)) }
            #expect((arrival.event, arrival.name) == (.joined, "pete"))
            try await amy.send(.say(Say(id: "m1", room: "lobby", text: "hi pete")))
            guard case .ack(let ack) = try await amy.next("ack") else { return #expect(Bool(false)) }
            #expect(ack.id == "m1")
            #expect(await pete.next() == "amy: hi pete")
            try await amy.send(.action(Say(id: "m2", room: "lobby", text: "waves")))
            #expect(await pete.next() == "* amy waves")
            try await pete.say("hello amy")
            guard case .message(let message) = try await amy.next("message") else { return #expect(Bool(false)) }
            #expect((message.kind, message.from, message.text, message.id) == (.message, "pete", "hello amy", nil))
            try await amy.close()
        }
    }
}
