import ChatProtocol
import Logging
import NIOCore
import NIOEmbedded
import RelayProtocol
import Synchronization
import Testing

@testable import Gateway

/// The hub's answers and fan-out to IRC members, driven as the relay link drives them.
@Suite struct RoomHubIRCTests {
    static let gateway: UInt64 = 7
    let hub = RoomHub(gatewayID: Self.gateway, limits: .init(maxMessageBytes: 100, maxRooms: 4, rate: 1, burst: 1), logger: Logger(label: "test"))

    /// An IRC connection's outbox on an embedded channel: it writes lines as they are.
    struct Recorded {
        let channel = EmbeddedChannel()
        let outbox: Outbox
        let irc = IRCMemberState()

        init() {
            self.outbox = Outbox(channel: self.channel, byteLimit: 1 << 20, framing: .raw) { _, _ in }
        }

        /// The lines written since the last call.
        func lines() throws -> [String] {
            self.channel.embeddedEventLoop.run()
            var text = ""
            while let buffer = try self.channel.readOutbound(as: ByteBuffer.self) { text += String(buffer: buffer) }
            return text.split(separator: "\r\n").map(String.init)
        }
    }

    static func origin(_ id: UInt64) -> Origin { Origin(gateway: Self.gateway, connection: id) }

    static func snapshot(_ room: String, at sequence: UInt64, members: [String], history: [ChatMessage] = []) -> [UInt8] {
        var writer = JSONWriter()
        RoomSnapshot(room: room, seq: sequence, members: members, history: history, truncated: false).write(into: &writer)
        return writer.bytes
    }

    /// Registers IRC connection `id` as `name`, welcomed, and in `lobby` from sequence 5.
    func registeredInLobby(_ id: UInt64, name: String) throws -> Recorded {
        let recorded = Recorded()
        #expect(self.hub.register(id, outbox: recorded.outbox, mode: .irc, irc: recorded.irc))
        #expect(self.hub.beginClaim(id, name: name, session: "s\(id)", rooms: []) == .go)
        self.hub.reply(Envelope(kind: .welcome, epoch: 0xE, origin: Self.origin(id), sender: name, target: "s\(id)", payload: [4, 0, 0, 0]))
        #expect(try recorded.lines().first == ":private-chat 001 \(IRCNick.encode(name)) :Welcome to Private Chat, \(IRCNick.encode(name))")
        self.hub.beginJoin(id, room: "lobby")
        let history = [ChatMessage(room: "lobby", seq: 4, from: "amy", text: "earlier", time: 0)]
        let snapshot = Self.snapshot("lobby", at: 5, members: ["amy", name], history: history)
        self.hub.reply(
            Envelope(
                kind: .joined,
                epoch: 0xE,
                roomSequence: 5,
                origin: Self.origin(id),
                room: "lobby",
                clientMessageID: "irc-join",
                payload: snapshot
            )
        )
        #expect(
            try recorded.lines() == [
                ":\(IRCNick.encode(name))!chat@private-chat JOIN #lobby",
                ":private-chat 332 \(IRCNick.encode(name)) #lobby :lobby",
                ":private-chat 353 \(IRCNick.encode(name)) = #lobby :amy \(IRCNick.encode(name))",
                ":private-chat 366 \(IRCNick.encode(name)) #lobby :End of /NAMES list",
                ":amy!chat@private-chat PRIVMSG #lobby :earlier",
            ]
        )
        return recorded
    }

    static func message(_ sequence: UInt64, text: String, time: UInt64 = 0) -> Envelope {
        Envelope(
            kind: .message,
            epoch: 0xE,
            roomSequence: sequence,
            timestamp: time,
            origin: Origin(gateway: 3, connection: 1),
            room: "lobby",
            sender: "amy",
            payload: Array(text.utf8)
        )
    }

    @Test func aRelayRestartIsInvisibleToIRCClients() throws {
        let ann = try self.registeredInLobby(1, name: "Ann Lee")
        let claims = self.hub.relinked(relayRestarted: true)
        #expect(claims.count == 1 && !claims[0].flags.contains(.plain), "an IRC claim asks for snapshots with members and history")
        self.hub.reply(
            Envelope(
                kind: .joined,
                epoch: 0xF,
                roomSequence: 2,
                origin: Self.origin(1),
                room: "lobby",
                payload: Self.snapshot("lobby", at: 2, members: ["Ann Lee"])
            )
        )
        self.hub.reply(Envelope(kind: .welcome, epoch: 0xF, origin: Self.origin(1), sender: "Ann Lee", target: "s1", payload: [4, 0, 0, 0]))
        #expect(try ann.lines() == [], "no second welcome, JOIN or history")
        self.hub.deliver([Self.message(3, text: "after the restart")])
        #expect(try ann.lines() == [":amy!chat@private-chat PRIVMSG #lobby :after the restart"], "still in the channel")
    }

    @Test func oneEncodingServesEveryIRCMemberAndServerTimeChoosesTheTimedOne() throws {
        let ann = try self.registeredInLobby(1, name: "ann")
        let bob = try self.registeredInLobby(2, name: "bob")
        bob.irc.enableServerTime(true)
        self.hub.deliver([Self.message(6, text: "hi", time: 1_000)])
        #expect(try ann.lines() == [":amy!chat@private-chat PRIVMSG #lobby :hi"])
        #expect(try bob.lines() == ["@time=1970-01-01T00:00:01.000Z :amy!chat@private-chat PRIVMSG #lobby :hi"])
    }

    @Test func aSealedRoomIsOneNoticeThenSilence() throws {
        let ann = try self.registeredInLobby(1, name: "ann")
        self.hub.deliver([Self.message(6, text: "e2e2:sealed-one"), Self.message(7, text: "e2e2:sealed-two")])
        let lines = try ann.lines()
        #expect(lines.count == 1 && lines[0].hasPrefix(":private-chat NOTICE #lobby :#lobby is end-to-end encrypted"))
        #expect(ann.irc.isSealed("lobby"), "a PRIVMSG there now gets 404")
    }

    @Test func aPersonLeavingSeveralRoomsIsOneQuit() throws {
        let ann = try self.registeredInLobby(1, name: "ann")
        self.hub.beginJoin(1, room: "dev")
        self.hub.reply(
            Envelope(
                kind: .joined,
                epoch: 0xE,
                roomSequence: 1,
                origin: Self.origin(1),
                room: "dev",
                clientMessageID: "irc-join",
                payload: Self.snapshot("dev", at: 1, members: ["amy", "ann"])
            )
        )
        _ = try ann.lines()
        let amy = Origin(gateway: 3, connection: 1)
        self.hub.deliver([
            Envelope(kind: .presence, flags: .left, epoch: 0xE, roomSequence: 6, origin: amy, room: "lobby", sender: "amy"),
            Envelope(kind: .presence, flags: .left, epoch: 0xE, roomSequence: 2, origin: amy, room: "dev", sender: "amy"),
        ])
        #expect(try ann.lines() == [":amy!chat@private-chat QUIT :left the chat"])
    }

    @Test func directMessagesArePrivmsgsAndSealedOnesOneNoticePerSender() throws {
        let ann = try self.registeredInLobby(1, name: "ann")
        func direct(_ text: String, from sender: String) -> Envelope {
            Envelope.direct(origin: Self.origin(1), sender: sender, addressee: "ann", clientMessageID: "", text: Array(text.utf8))
        }
        self.hub.reply(direct("psst", from: "amy"))
        self.hub.reply(direct("e2d2:one", from: "amy"))
        self.hub.reply(direct("e2d2:two", from: "amy"))
        self.hub.reply(direct("e2d2:three", from: "Bo B"))
        #expect(
            try ann.lines() == [
                ":amy!chat@private-chat PRIVMSG ann :psst",
                ":private-chat NOTICE ann :amy sent you an end-to-end encrypted direct message, which IRC cannot show",
                ":private-chat NOTICE ann :Bo\\20B sent you an end-to-end encrypted direct message, which IRC cannot show",
            ]
        )
    }

    @Test func aTakenNameIsA433AndTheConnectionStays() throws {
        let recorded = Recorded()
        #expect(self.hub.register(1, outbox: recorded.outbox, mode: .irc, irc: recorded.irc))
        #expect(self.hub.beginClaim(1, name: "amy", session: "s1", rooms: []) == .go)
        self.hub.reply(
            Envelope(
                kind: .error,
                origin: Self.origin(1),
                sender: "amy2",
                target: ErrorCode.nameTaken.rawValue,
                payload: Array("the name \"amy\" is taken; try \"amy2\"".utf8)
            )
        )
        #expect(try recorded.lines() == [":private-chat 433 * amy :the name \"amy\" is taken; try \"amy2\""])
        #expect(self.hub.beginClaim(1, name: "amy2", session: "s1", rooms: []) == .go, "another NICK may claim again")
    }

    @Test func aJoinIsAwaitedUntilTheRelayAnswersItAndAJoinNotSentIsNot() throws {
        let ann = try self.registeredInLobby(1, name: "ann")
        #expect(!self.hub.awaitsAnswer(1))
        let answers = Counter()
        self.hub.beginJoin(1, room: "dev")
        #expect(self.hub.awaitsAnswer(1), "the lines after a JOIN wait for it")
        ann.irc.whenAnswered { answers.add() }
        self.hub.reply(
            Envelope(
                kind: .error,
                origin: Self.origin(1),
                room: "dev",
                target: ErrorCode.tooManyRooms.rawValue,
                clientMessageID: "irc-join",
                payload: Array("too many rooms".utf8)
            )
        )
        #expect(!self.hub.awaitsAnswer(1) && answers.value == 1, "a refusal answers it")
        self.hub.beginJoin(1, room: "dev")
        self.hub.abandonJoin(1, room: "dev")
        #expect(!self.hub.awaitsAnswer(1), "a join that could not be sent is not awaited")
    }

    /// How often a hook ran.
    final class Counter: Sendable {
        private let count = Mutex(0)
        var value: Int { self.count.withLock { $0 } }
        func add() { self.count.withLock { $0 += 1 } }
    }
}
