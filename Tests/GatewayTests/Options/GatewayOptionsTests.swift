import ArgumentParser
import Testing

@testable import Gateway

#if canImport(Glibc)
import Glibc
#endif

/// `chat-gateway`'s flags and variables turned into a configuration, without starting a process.
///
/// Serialized because it sets environment variables; it sets only ones no other suite reads.
@Suite(.serialized) struct GatewayOptionsTests {
    func configuration(_ arguments: [String]) throws -> GatewayConfiguration {
        try GatewayOptions.parse(arguments).configuration()
    }

    func error(_ arguments: [String]) -> String? {
        #expect(throws: ValidationError.self) { try self.configuration(arguments) }?.message
    }

    @Test func noFlagsGiveTheDefaults() throws {
        let configuration = try self.configuration([])
        #expect(configuration.host == GatewayConfiguration.Defaults.host)
        #expect(configuration.port == GatewayConfiguration.Defaults.port)
        #expect(configuration.maxMessageBytes == GatewayConfiguration.Defaults.maxMessageBytes)
        #expect(configuration.messagesPerSecond == GatewayConfiguration.Defaults.messagesPerSecond)
        #expect(configuration.usernameTimeout == .seconds(60))
        #expect(configuration.pingInterval == .seconds(30))
        #expect(configuration.relay == nil && configuration.backupRelay == nil)
        #expect(configuration.logLevel == .info)
        guard case .open = configuration.access else {
            Issue.record("without a key the chat is open")
            return
        }
    }

    @Test func aFlagWinsOverItsVariableWhichWinsOverTheDefault() throws {
        setenv("CHAT_PORT", "9100", 1)
        defer { unsetenv("CHAT_PORT") }
        #expect(try self.configuration([]).port == 9100)
        #expect(try self.configuration(["--port", "9200"]).port == 9200)
    }

    @Test func anUnparsableVariableIsAnErrorNamingIt() {
        setenv("CHAT_PORT", "eighty", 1)
        defer { unsetenv("CHAT_PORT") }
        #expect(self.error([]) == #"environment variable CHAT_PORT="eighty" is not a valid value"#)
    }

    @Test func repeatableFlagsWinOverTheirCommaSeparatedVariable() throws {
        setenv("CHAT_ALLOWED_ORIGINS", "https://a.example, https://b.example", 1)
        defer { unsetenv("CHAT_ALLOWED_ORIGINS") }
        #expect(try self.configuration([]).allowedOrigins == ["https://a.example", "https://b.example"])
        #expect(try self.configuration(["--allowed-origin", "https://c.example"]).allowedOrigins == ["https://c.example"])
    }

    @Test func theIRCPortIsOffUnlessAFlagOrItsVariableSetsIt() throws {
        #expect(try self.configuration([]).ircPort == nil)
        setenv("CHAT_IRC_PORT", "6667", 1)
        defer { unsetenv("CHAT_IRC_PORT") }
        #expect(try self.configuration([]).ircPort == 6667)
        #expect(try self.configuration(["--irc-port", "0"]).ircPort == 0)
    }

    @Test func secondsBecomeDurations() throws {
        let configuration = try self.configuration(["--hello-timeout", "1.5", "--ping-interval", "0.1"])
        #expect(configuration.usernameTimeout == .milliseconds(1500))
        #expect(configuration.pingInterval == .milliseconds(100))
    }

    @Test func aRelayAndItsBackupAreParsed() throws {
        let configuration = try self.configuration(["--relay", "tcp://a:5555", "--backup-relay", "tcp://b:6000"])
        #expect(configuration.relay?.collector == "tcp://a:5555")
        #expect(configuration.backupRelay?.publisher == "tcp://b:6001")
    }

    @Test(arguments: [
        (["--port", "70000"], "--port must be 0...65535"),
        (["--relay", "relay:5555"], #"invalid relay address "relay:5555": expected tcp://HOST:PORT"#),
        (["--backup-relay", "tcp://b:5555"], "--backup-relay needs --relay: the primary relay of the pair"),
        (["--backup-relay", "not-an-address"], "--backup-relay needs --relay: the primary relay of the pair"),
        (["--max-message-bytes", "0"], "--max-message-bytes must be 1...1000000 (the relay refuses envelopes over 1 MiB)"),
        (["--max-message-bytes", "1000001"], "--max-message-bytes must be 1...1000000 (the relay refuses envelopes over 1 MiB)"),
        (["--rate", "0"], "--rate must be positive"),
        (["--burst", "0"], "--burst must be at least 1"),
        (["--max-message-bytes", "2048", "--client-queue-bytes", "1024"], "--client-queue-bytes must be at least --max-message-bytes"),
        (["--hello-timeout", "0"], "--hello-timeout must be positive"),
        (["--hello-timeout", "nan"], "--hello-timeout must be positive"),
        (["--hello-timeout=-1"], "--hello-timeout must be positive"),
        (["--ping-interval", "0.05"], "--ping-interval must be at least 0.1"),
        (["--ping-interval=-1e300"], "--ping-interval must be at least 0.1"),
        (["--tls-cert", "cert.pem"], "--tls-cert and --tls-key go together"),
        (["--tls-key", "key.pem"], "--tls-cert and --tls-key go together"),
        (["--web-root", "/nonexistent"], "--web-root /nonexistent is not a folder (build the GUI with: make web)"),
        (["--history", "0"], "--history must be at least 1"),
        (["--access-key-file", "/nonexistent/key"], "access key: there is no file /nonexistent/key"),
        (["--file-rate", "0"], "--file-rate must be positive"),
        (["--file-burst", "32767"], "--file-burst must be at least 32768 (one whole chunk)"),
    ])
    func aFlagThatCannotBeUsedIsRefusedWithItsMessage(arguments: [String], message: String) {
        #expect(self.error(arguments) == message)
    }

    @Test func theAccessKeyVariableGuardsEveryClient() throws {
        setenv("CHAT_ACCESS_KEY", "a-key-for-the-tests-0123", 1)
        defer { unsetenv("CHAT_ACCESS_KEY") }
        let configuration = try self.configuration(["--tunnel-api", "http://127.0.0.1:4040/api/tunnels"])
        guard case .everyone(let key) = configuration.access else {
            Issue.record("CHAT_ACCESS_KEY applies to everyone, tunnel or not")
            return
        }
        #expect(key.matches(Array("a-key-for-the-tests-0123".utf8)))
        #expect(!configuration.announcesInviteKey)
    }

    @Test func aTunnelWithoutAKeyGetsAGeneratedOneThatIsAnnounced() throws {
        let configuration = try self.configuration(["--tunnel-api", "http://127.0.0.1:4040/api/tunnels"])
        guard case .everyone = configuration.access else {
            Issue.record("a tunnel's generated key is required from everyone: no request can prove it is local")
            return
        }
        #expect(configuration.inviteKey != nil)
        #expect(configuration.announcesInviteKey)
    }

    @Test func trustedProxiesConnectionsAndHelloRateHaveFlagsAndVariables() throws {
        let configuration = try self.configuration([
            "--trusted-proxy", "10.213.77.10/32", "--trusted-proxy", "fd00::/8", "--max-connections", "20000", "--hello-rate", "50",
        ])
        #expect(configuration.trustedProxies.map(\.description) == ["10.213.77.10/32", "fd00::/8"])
        #expect(configuration.maxConnections == 20000 && configuration.helloRate == 50)
        setenv("CHAT_TRUSTED_PROXIES", "127.0.0.1/32, ::1/128", 1)
        defer { unsetenv("CHAT_TRUSTED_PROXIES") }
        #expect(try self.configuration([]).trustedProxies.map(\.description) == ["127.0.0.1/32", "::1/128"])
        #expect(self.error(["--trusted-proxy", "nginx"])?.contains("ADDRESS/PREFIX") == true)
        #expect(self.error(["--trusted-proxy", "10.0.0.0/33"])?.contains("ADDRESS/PREFIX") == true)
        #expect(self.error(["--max-connections", "0"]) == "--max-connections must be at least 1")
    }

    @Test func fileBytesArePacedAtTheirOwnRateAndBurstFromFlagsOrVariables() throws {
        let defaults = try self.configuration([])
        #expect(defaults.fileBytesPerSecond == 8_388_608 && defaults.fileBurst == 1_048_576)
        let flags = try self.configuration(["--file-rate", "1000000", "--file-burst", "65536"])
        #expect(flags.fileBytesPerSecond == 1_000_000 && flags.fileBurst == 65536)
        setenv("CHAT_FILE_RATE", "2048.5", 1)
        setenv("CHAT_FILE_BURST", "40000", 1)
        defer {
            unsetenv("CHAT_FILE_RATE")
            unsetenv("CHAT_FILE_BURST")
        }
        let variables = try self.configuration([])
        #expect(variables.fileBytesPerSecond == 2048.5 && variables.fileBurst == 40000)
    }
}
