import ArgumentParser
import Testing

@testable import Relay

#if canImport(Glibc)
import Glibc
#endif

/// `chat-relay`'s flags and variables turned into a configuration, without starting a process.
///
/// Serialized because it sets environment variables; it sets only ones no other suite reads.
@Suite(.serialized) struct RelayOptionsTests {
    func configuration(_ arguments: [String]) throws -> RelayServerConfiguration {
        try RelayOptions.parse(arguments).configuration()
    }

    func error(_ arguments: [String]) -> String? {
        #expect(throws: ValidationError.self) { try self.configuration(arguments) }?.message
    }

    @Test func noFlagsGiveTheDefaults() throws {
        let configuration = try self.configuration([])
        #expect(configuration.host == "127.0.0.1" && configuration.port == 5555 && configuration.httpPort == 5557)
        #expect(configuration.relay.endpoints == .tcp(host: "127.0.0.1", port: 5555))
        #expect(configuration.relay.replayWindow == RelayConfiguration.Defaults.replayWindow)
        #expect(configuration.relay.pair == nil)
        #expect(configuration.logLevel == .info)
    }

    @Test func aFlagWinsOverItsVariableWhichWinsOverTheDefault() throws {
        setenv("CHAT_RELAY_REPLAY_WINDOW", "7", 1)
        defer { unsetenv("CHAT_RELAY_REPLAY_WINDOW") }
        #expect(try self.configuration([]).relay.replayWindow == 7)
        #expect(try self.configuration(["--replay-window", "9"]).relay.replayWindow == 9)
    }

    @Test func aPeerMakesAPairWhoseRoleDefaultsToPrimary() throws {
        let primary = try #require(try self.configuration(["--peer", "tcp://b:5555"]).relay.pair)
        #expect(primary.isPrimary && primary.peer.peer == "tcp://b:5558")
        let backup = try #require(try self.configuration(["--peer", "tcp://a:5555", "--role", "backup"]).relay.pair)
        #expect(!backup.isPrimary)
    }

    @Test(arguments: [
        (["--port", "65534"], "--port must be 1...65533 (the relay also binds PORT+1 and PORT+2)"),
        (["--port", "0"], "--port must be 1...65533 (the relay also binds PORT+1 and PORT+2)"),
        (["--port", "65533", "--peer", "tcp://b:5555"], "--port must be 1...65532 (a relay of a pair also binds PORT+3)"),
        (["--replay-window", "0"], "--replay-window must be at least 1"),
        (["--role", "leader"], "--role must be primary or backup"),
        (["--role", "backup"], "--role needs --peer: the other relay of the pair"),
        (["--peer", "b:5555"], #"--peer: invalid relay address "b:5555": expected tcp://HOST:PORT"#),
        (["--max-rooms-total", "0"], "--max-rooms-total must be at least 1"),
    ])
    func aFlagThatCannotBeUsedIsRefusedWithItsMessage(arguments: [String], message: String) {
        #expect(self.error(arguments) == message)
    }

    @Test func theAnnouncementTellsGatewaysHowToConnect() throws {
        let keyPart = "link key /state/relay-link.key: copy it to gateways on other hosts)"
        #expect(
            try self.configuration(["--port", "6000", "--state-dir", "/state"]).announcement(httpPort: 6002)
                == "chat-relay: gateways connect with --relay tcp://127.0.0.1:6000  "
                + "(publishing on tcp://127.0.0.1:6001, metrics on http://127.0.0.1:6002/metrics; \(keyPart)"
        )
        #expect(
            try self.configuration(["--port", "6000", "--peer", "tcp://b:6000", "--role", "backup", "--state-dir", "/state"])
                .announcement(httpPort: 6002)
                == "chat-relay: gateways connect with --relay/--backup-relay tcp://127.0.0.1:6000, backup of a pair with tcp://b:6000  "
                + "(publishing on tcp://127.0.0.1:6001, metrics on http://127.0.0.1:6002/metrics; \(keyPart)"
        )
    }

    @Test func theStateDirectoryFollowsXDG() throws {
        // Variables the person running the tests may have set, put back afterwards.
        let names: [String] = ["CHAT_STATE_DIR", "XDG_STATE_HOME"]
        let saved = names.map { name in (name, getenv(name).map { String(cString: $0) }) }
        defer {
            for (name, value) in saved {
                if let value { setenv(name, value, 1) } else { unsetenv(name) }
            }
        }
        unsetenv("CHAT_STATE_DIR")
        setenv("XDG_STATE_HOME", "/xdg", 1)
        #expect(try self.configuration([]).stateDirectory == "/xdg/private-chat")
        #expect(try self.configuration(["--state-dir", "/elsewhere"]).stateDirectory == "/elsewhere")
    }
}
