import ChatProtocol
import Gateway
import GatewayTestSupport
import Testing

/// A whole gateway with its embedded relay and its IRC port, in process, driven by real TCP IRC clients
/// and v1 WebSocket clients (docs/PROTOCOL.md, "5. IRC clients").
@Suite(.timeLimit(.minutes(1))) struct IRCGatewayTests {
    @Test func registrationWelcomesTheNickAndCAPHoldsItUntilCAPEnd() async throws {
        try await withRunningIRCGateway { ports, _, _ in
            let client = try await IRCTestClient.connect(port: ports.irc)
            try await client.send("CAP LS 302", "NICK Ann\\20Lee", "USER ann 0 * :Ann Lee")
            #expect(await client.next() == ":private-chat CAP * LS :server-time message-tags")
            try await client.send("CAP REQ :server-time unknown-cap")
            #expect(await client.next() == ":private-chat CAP * NAK :server-time unknown-cap", "all or none")
            try await client.send("PING :still-waiting")
            #expect(await client.next() == ":private-chat PONG private-chat :still-waiting", "no welcome before CAP END")
            try await client.send("CAP END")
            #expect(await client.next() == ":private-chat 001 Ann\\20Lee :Welcome to Private Chat, Ann\\20Lee")
            let supported = try await client.next(containing: " 005 ")
            #expect(supported.contains("CASEMAPPING=ascii") && supported.contains("UTF8ONLY"))
            _ = try await client.next(containing: " 376 ")
        }
    }

    @Test func commandsBeforeRegistrationGet451() async throws {
        try await withRunningIRCGateway { ports, _, _ in
            let client = try await IRCTestClient.connect(port: ports.irc)
            try await client.send("JOIN #lobby")
            #expect(await client.next() == ":private-chat 451 * :You have not registered")
        }
    }

    @Test func aTakenNickGets433AndTheClientMayPickAnother() async throws {
        try await withRunningIRCGateway { ports, _, _ in
            _ = try await IRCTestClient.registered(port: ports.irc, nick: "ann")
            let second = try await IRCTestClient.connect(port: ports.irc)
            try await second.send("NICK ANN", "USER a 0 * :A")
            let refused = try await second.next(containing: " 433 ")
            #expect(refused.hasPrefix(":private-chat 433 * ANN :the name \"ANN\" is taken"))
            try await second.send("NICK a\\2cb")
            #expect(try await second.next(containing: " 432 ").hasPrefix(":private-chat 432 * a\\2cb :"))
            try await second.send("NICK ann2")
            #expect(await second.next() == ":private-chat 001 ann2 :Welcome to Private Chat, ann2")
        }
    }

    @Test func joinAnswersWithTopicNamesAndHistoryAndOthersSeeTheJoin() async throws {
        try await withRunningIRCGateway { ports, _, _ in
            let (amy, _) = try await V1Client.welcomed(port: ports.web, name: "amy", rooms: ["lobby"])
            try await amy.send(.say(Say(id: "m1", room: "lobby", text: "before you came")))
            _ = try await amy.next("ack")
            let ann = try await IRCTestClient.registered(port: ports.irc, nick: "Ann\\20Lee")
            try await ann.send("JOIN #Lobby")
            #expect(await ann.next() == ":Ann\\20Lee!chat@private-chat JOIN #lobby")
            #expect(await ann.next() == ":private-chat 332 Ann\\20Lee #lobby :lobby")
            #expect(await ann.next() == ":private-chat 353 Ann\\20Lee = #lobby :amy Ann\\20Lee")
            #expect(await ann.next() == ":private-chat 366 Ann\\20Lee #lobby :End of /NAMES list")
            #expect(await ann.next() == ":amy!chat@private-chat PRIVMSG #lobby :before you came", "the history")
            guard case .presence(let presence) = try await amy.next("presence") else { return #expect(Bool(false)) }
            #expect(presence.name == "Ann Lee" && presence.event == .joined)
            try await ann.send("NAMES #lobby")
            #expect(await ann.next() == ":private-chat 353 Ann\\20Lee = #lobby :amy Ann\\20Lee")
            try await ann.send("JOIN #Not_A_Room!")
            #expect(try await ann.next(containing: " 403 ").hasPrefix(":private-chat 403 Ann\\20Lee #Not_A_Room! :"))
        }
    }

    @Test func privmsgReachesV1ClientsAndTheirMessagesReachIRC() async throws {
        try await withRunningIRCGateway { ports, _, _ in
            let (amy, _) = try await V1Client.welcomed(port: ports.web, name: "amy", rooms: ["lobby"])
            let ann = try await IRCTestClient.registered(port: ports.irc, nick: "ann")
            try await ann.send("PRIVMSG #lobby :not in it yet")
            #expect(try await ann.next(containing: " 404 ") == ":private-chat 404 ann #lobby :Cannot send to channel")
            try await ann.send("JOIN #lobby")
            _ = try await ann.next(containing: " 366 ")
            try await ann.send("PRIVMSG #lobby :\u{2}hello\u{2} amy", "PRIVMSG #lobby :\u{1}ACTION waves\u{1}")
            guard case .message(let said) = try await amy.next("message") else { return #expect(Bool(false)) }
            #expect(said.from == "ann" && said.text == "hello amy" && said.kind == .message)
            guard case .message(let action) = try await amy.next("action") else { return #expect(Bool(false)) }
            #expect(action.kind == .action && action.text == "waves")
            try await amy.send(.say(Say(room: "lobby", text: "hi ann\nhow are you")))
            #expect(try await ann.next(containing: "PRIVMSG") == ":amy!chat@private-chat PRIVMSG #lobby :hi ann")
            #expect(await ann.next() == ":amy!chat@private-chat PRIVMSG #lobby :how are you")
            try await amy.send(.direct(DirectRequest(to: "ann", text: "psst")))
            #expect(await ann.next() == ":amy!chat@private-chat PRIVMSG ann :psst")
            try await ann.send("PRIVMSG amy :back at you", "PRIVMSG nobody :hello?")
            guard case .direct(let direct) = try await amy.next("dm") else { return #expect(Bool(false)) }
            #expect(direct.from == "ann" && direct.text == "back at you")
            #expect(await ann.next() == ":private-chat 401 ann nobody :No such nick")
        }
    }

    @Test func leavingTheChatIsOneQuitForEveryIRCMemberWhoSharedARoom() async throws {
        try await withRunningIRCGateway { ports, _, _ in
            let (amy, _) = try await V1Client.welcomed(port: ports.web, name: "amy", rooms: ["lobby", "dev"])
            let ann = try await IRCTestClient.registered(port: ports.irc, nick: "ann")
            try await ann.send("JOIN #lobby,#dev")
            _ = try await ann.next(containing: " 366 ann #lobby ")
            _ = try await ann.next(containing: " 366 ann #dev ")
            try await amy.close()
            #expect(await ann.next() == ":amy!chat@private-chat QUIT :left the chat")
            try await ann.send("PING :after")
            #expect(await ann.next() == ":private-chat PONG private-chat :after", "one QUIT, not one per room")
        }
    }

    @Test func linesAfterAJoinWaitForItSoANotifierMaySendEverythingInOneWrite() async throws {
        try await withRunningIRCGateway { ports, _, _ in
            let (amy, _) = try await V1Client.welcomed(port: ports.web, name: "amy", rooms: ["dev"])
            let bot = try await IRCTestClient.connect(port: ports.irc)
            // What a CI notifier sends, answered by nothing before it goes: each line is handled after the one before.
            let lines = ["NICK ci", "USER ci 0 * :CI", "JOIN #dev", "PRIVMSG #dev :build 41 passed", "PART #dev", "QUIT"]
            try await bot.send(bytes: Array(lines.map { $0 + "\r\n" }.joined().utf8))
            let answers = await bot.rest()
            #expect(!answers.contains { $0.contains(" 404 ") || $0.contains(" 442 ") }, "\(answers)")
            let joined = try #require(answers.firstIndex(of: ":ci!chat@private-chat JOIN #dev"), "\(answers)")
            let parted = try #require(answers.firstIndex(of: ":ci!chat@private-chat PART #dev"), "\(answers)")
            #expect(joined < parted && answers.last?.hasPrefix("ERROR :Closing link") == true, "\(answers)")
            guard case .message(let said) = try await amy.next("message") else { return #expect(Bool(false)) }
            #expect(said.from == "ci" && said.text == "build 41 passed")
        }
    }

    @Test func aWrongOrMissingPassIsRefusedWith464() async throws {
        var configuration = GatewayConfiguration(port: 0)
        configuration.access = .everyone(try AccessKey("a-key-for-the-irc-tests-01"))
        try await withRunningIRCGateway(configuration: configuration) { ports, _, _ in
            let stranger = try await IRCTestClient.connect(port: ports.irc)
            try await stranger.send("PASS wrong-key-wrong-key", "NICK ann", "USER a 0 * :A")
            #expect(await stranger.rest() == [":private-chat 464 * :Password incorrect", "ERROR :Closing link: access key required"])
            let friend = try await IRCTestClient.registered(port: ports.irc, nick: "ann", pass: "a-key-for-the-irc-tests-01")
            try await friend.send("PING :in")
            #expect(await friend.next() == ":private-chat PONG private-chat :in")
        }
    }

    @Test func anHTTPRequestClosesTheConnectionWithoutAnAnswer() async throws {
        try await withRunningIRCGateway { ports, _, _ in
            let browser = try await IRCTestClient.connect(port: ports.irc)
            // In one write: the gateway may close the socket before a second could be sent.
            try await browser.send(bytes: Array("POST / HTTP/1.1\r\nHost: localhost\r\n\r\nNICK x\r\nUSER x 0 * :x\r\n".utf8))
            #expect(await browser.rest() == [])
        }
    }

    @Test func tooLongAndNonUTF8LinesAreAnsweredAndDiscarded() async throws {
        try await withRunningIRCGateway { ports, _, _ in
            let ann = try await IRCTestClient.registered(port: ports.irc, nick: "ann")
            try await ann.send("PRIVMSG #lobby :" + String(repeating: "x", count: 600))
            #expect(await ann.next() == ":private-chat 417 ann :Input line was too long")
            try await ann.send(bytes: Array("PRIVMSG #lobby :caf".utf8) + [0xE9, 13, 10])
            #expect(try await ann.next(containing: "FAIL").hasPrefix(":private-chat FAIL PRIVMSG INVALID_UTF8 :"))
        }
    }

    @Test func nickRenamesAndEveryoneSeesTheNewName() async throws {
        try await withRunningIRCGateway { ports, _, _ in
            let ann = try await IRCTestClient.registered(port: ports.irc, nick: "ann")
            let bob = try await IRCTestClient.registered(port: ports.irc, nick: "bob")
            for client in [ann, bob] {
                try await client.send("JOIN #lobby")
                _ = try await client.next(containing: " 366 ")
            }
            _ = try await ann.next(containing: "bob!chat@private-chat JOIN")
            try await bob.send("NICK Bob\\20B")
            #expect(await bob.next() == ":bob!chat@private-chat NICK Bob\\20B")
            #expect(await ann.next() == ":bob!chat@private-chat NICK Bob\\20B")
            try await bob.send("NICK ann")
            #expect(try await bob.next(containing: " 433 ").hasPrefix(":private-chat 433 Bob\\20B ann :the name \"ann\" is taken"))
        }
    }

    @Test func serverTimeTagsHistoryAndLiveMessages() async throws {
        try await withRunningIRCGateway { ports, _, _ in
            let (amy, _) = try await V1Client.welcomed(port: ports.web, name: "amy", rooms: ["lobby"])
            try await amy.send(.say(Say(id: "m1", room: "lobby", text: "earlier")))
            _ = try await amy.next("ack")
            let ann = try await IRCTestClient.connect(port: ports.irc)
            try await ann.send("CAP LS 302", "CAP REQ :server-time", "NICK ann", "USER a 0 * :A", "CAP END", "JOIN #lobby")
            #expect(await ann.next() == ":private-chat CAP * LS :server-time message-tags")
            #expect(await ann.next() == ":private-chat CAP * ACK :server-time")
            _ = try await ann.next(containing: " 366 ")
            let history = try #require(await ann.next())
            #expect(history.hasPrefix("@time=20") && history.hasSuffix("Z :amy!chat@private-chat PRIVMSG #lobby :earlier"))
            try await amy.send(.say(Say(room: "lobby", text: "now")))
            let live = try await ann.next(containing: "PRIVMSG")
            #expect(live.hasPrefix("@time=20") && live.hasSuffix(" :amy!chat@private-chat PRIVMSG #lobby :now"))
        }
    }

    @Test func aClientThatDoesNotRegisterInTimeIsClosed() async throws {
        try await withRunningIRCGateway(configuration: GatewayConfiguration(port: 0, usernameTimeout: .milliseconds(300))) { ports, _, _ in
            let idle = try await IRCTestClient.connect(port: ports.irc)
            // A nick alone does not register; on a busy machine the link may already be closed when it goes.
            try? await idle.send("NICK idle")
            #expect(await idle.rest() == ["ERROR :Closing link: registration timed out"])
        }
    }

    @Test func aClientSilentSinceTheLastPingIsClosed() async throws {
        var configuration = GatewayConfiguration(port: 0)
        configuration.pingInterval = .seconds(1)
        try await withRunningIRCGateway(configuration: configuration) { ports, _, _ in
            let ann = try await IRCTestClient.connect(port: ports.irc)
            try await ann.send("NICK ann", "USER u 0 * :Real Name")
            // On a busy machine a ping may come before the welcome ends: ann answers those, then goes silent.
            while let line = await ann.next(), !line.contains(" 376 ") {
                if line.hasPrefix("PING ") { try await ann.send("PONG private-chat") }
            }
            #expect(await ann.rest() == ["PING :private-chat", "ERROR :Closing link: ping timeout"])
        }
    }

    @Test func aFloodIsPacedAndNothingOfItIsLost() async throws {
        let configuration = GatewayConfiguration(port: 0, messagesPerSecond: 100, burst: 5)
        try await withRunningIRCGateway(configuration: configuration) { ports, _, _ in
            let ann = try await IRCTestClient.registered(port: ports.irc, nick: "ann")
            try await ann.send(bytes: Array((1...30).map { "PING :\($0)\r\n" }.joined().utf8))
            for number in 1...30 { #expect(await ann.next() == ":private-chat PONG private-chat :\(number)") }
        }
    }

    @Test func aClientPacedForTooLongIsClosed() async throws {
        var configuration = GatewayConfiguration(port: 0, messagesPerSecond: 2, burst: 1)
        configuration.paceTimeout = .milliseconds(300)
        try await withRunningIRCGateway(configuration: configuration) { ports, _, _ in
            let ann = try await IRCTestClient.connect(port: ports.irc)
            try await ann.send(bytes: Array(String(repeating: "PING :x\r\n", count: 40).utf8))
            let last = await ann.rest().last
            #expect(last?.hasPrefix("ERROR :Closing link: paced for over 0.3 s without a break") == true, "\(last ?? "nothing")")
        }
    }

    @Test func modesAndTopicsAreFixedAndSaySo() async throws {
        try await withRunningIRCGateway { ports, _, _ in
            let ann = try await IRCTestClient.registered(port: ports.irc, nick: "ann")
            try await ann.send("MODE ann +i", "MODE #lobby", "MODE #lobby b", "MODE #lobby +m", "TOPIC #lobby :new", "TOPIC #Lobby")
            #expect(await ann.next() == ":private-chat 221 ann +", "irssi's +i on connect is no error")
            #expect(await ann.next() == ":private-chat 324 ann #lobby +")
            #expect(await ann.next() == ":private-chat 368 ann #lobby :End of channel ban list")
            #expect(await ann.next() == ":private-chat 482 ann #lobby :Modes are fixed here")
            #expect(await ann.next() == ":private-chat 482 ann #lobby :Topics are read-only here: a room's topic is its name")
            #expect(await ann.next() == ":private-chat 332 ann #lobby :lobby")
        }
    }

    @Test func ircConnectionsCountTowardMaxConnections() async throws {
        var configuration = GatewayConfiguration(port: 0)
        configuration.maxConnections = 1
        try await withRunningIRCGateway(configuration: configuration) { ports, _, _ in
            let ann = try await IRCTestClient.registered(port: ports.irc, nick: "ann")
            let second = try await IRCTestClient.connect(port: ports.irc)
            #expect(await second.rest() == ["ERROR :Closing link: this gateway is full: try again later"])
            try await ann.close()
            // The place is given back once the gateway has seen the socket close: until then, newcomers are refused.
            while true {
                let bob = try await IRCTestClient.connect(port: ports.irc)
                try? await bob.send("NICK bob", "USER b 0 * :B")  // a newcomer refused may be closed already
                if await bob.next()?.hasPrefix(":private-chat 001 bob ") == true { break }
            }
        }
    }

    @Test func shutdownTellsIRCClientsWhy() async throws {
        try await withRunningIRCGateway { ports, _, group in
            let ann = try await IRCTestClient.registered(port: ports.irc, nick: "ann")
            await group.triggerGracefulShutdown()
            #expect(await ann.rest() == ["ERROR :Closing link: server shutting down"])
        }
    }
}
