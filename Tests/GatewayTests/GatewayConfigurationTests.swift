import ArgumentParser
import Testing

@testable import Gateway

@Suite struct GatewayConfigurationTests {
    func error(_ configuration: GatewayConfiguration) -> String? {
        #expect(throws: ValidationError.self) { try configuration.validate() }?.message
    }

    @Test func theDefaultsAreValid() throws {
        try GatewayConfiguration().validate()
        try GatewayConfiguration(port: 0).validate()
    }

    @Test func aBackupRelayNeedsARelay() throws {
        var configuration = GatewayConfiguration()
        configuration.backupRelay = .tcp(host: "b", port: 5555)
        #expect(self.error(configuration) == "--backup-relay needs --relay: the primary relay of the pair")
        configuration.relay = .tcp(host: "a", port: 5555)
        try configuration.validate()
    }

    @Test func theClientQueueHoldsAtLeastOneMessage() throws {
        #expect(
            self.error(GatewayConfiguration(maxMessageBytes: 4096, clientQueueBytes: 4095))
                == "--client-queue-bytes must be at least --max-message-bytes"
        )
        try GatewayConfiguration(maxMessageBytes: 4096, clientQueueBytes: 4096).validate()
    }

    @Test func portsOutsideTheRangeAreRefused() {
        #expect(self.error(GatewayConfiguration(port: 65536)) == "--port must be 0...65535")
        #expect(self.error(GatewayConfiguration(port: -1)) == "--port must be 0...65535")
    }

    @Test func theIRCPortIsInRangeAndNotTheWebPort() throws {
        var configuration = GatewayConfiguration(port: 8000)
        configuration.ircPort = 70000
        #expect(self.error(configuration) == "--irc-port must be 0...65535")
        configuration.ircPort = 8000
        #expect(self.error(configuration) == "--irc-port must differ from --port")
        configuration.ircPort = 6667
        try configuration.validate()
    }

    @Test func timeoutsMustLeaveTimeToAnswer() {
        #expect(self.error(GatewayConfiguration(usernameTimeout: .zero)) == "--hello-timeout must be positive")
        var configuration = GatewayConfiguration()
        configuration.pingInterval = .milliseconds(99)
        #expect(self.error(configuration) == "--ping-interval must be at least 0.1")
    }

    @Test func theEmbeddedRelaysLimitsAreChecked() {
        #expect(self.error(GatewayConfiguration(embeddedChatLimits: .init(roomsPerConnection: 0))) == "--max-rooms must be at least 1")
    }
}
