public import ArgumentParser
import ChatConfig
import RelayProtocol

extension GatewayOptions {
    /// The configuration these flags describe: each value from its flag, else its environment variable, else
    /// its default, then checked with ``GatewayConfiguration/validate()``.
    ///
    /// Throws the message `chat-gateway` prints for a flag or variable it cannot use.
    public func configuration() throws(ValidationError) -> GatewayConfiguration {
        var configuration = GatewayConfiguration(
            host: try resolveOption(self.host, environment: "CHAT_HOST", default: Defaults.host),
            port: try resolveOption(self.port, environment: "CHAT_PORT", default: Defaults.port),
            maxMessageBytes: try resolveOption(self.maxMessageBytes, environment: "CHAT_MAX_MESSAGE_BYTES", default: Defaults.maxMessageBytes),
            messagesPerSecond: try resolveOption(self.rate, environment: "CHAT_RATE", default: Defaults.messagesPerSecond),
            burst: try resolveOption(self.burst, environment: "CHAT_BURST", default: Defaults.burst),
            clientQueueBytes: try resolveOption(self.clientQueueBytes, environment: "CHAT_CLIENT_QUEUE_BYTES", default: Defaults.clientQueueBytes),
            embeddedChatLimits: try self.limits.resolve()
        )
        configuration.fileBytesPerSecond = try resolveOption(self.fileRate, environment: "CHAT_FILE_RATE", default: Defaults.fileBytesPerSecond)
        configuration.fileBurst = try resolveOption(self.fileBurst, environment: "CHAT_FILE_BURST", default: Defaults.fileBurst)
        configuration.ircPort = try resolveOptionalOption(self.ircPort, environment: "CHAT_IRC_PORT")
        configuration.publicURL = try resolveOptionalOption(self.publicURL, environment: "CHAT_PUBLIC_URL")
        configuration.tunnelAPIs = resolveListOption(self.tunnelAPI, environment: "CHAT_TUNNEL_API")
        configuration.webRoot =
            try resolveOptionalOption(self.webRoot, environment: "CHAT_WEB_ROOT")
            ?? Self.defaultWebRoot()
        configuration.usernameTimeout =
            try resolveOptionalOption(self.helloTimeout, environment: "CHAT_HELLO_TIMEOUT").map(Duration.flagSeconds) ?? Defaults.helloTimeout
        configuration.pingInterval =
            try resolveOptionalOption(self.pingInterval, environment: "CHAT_PING_INTERVAL").map(Duration.flagSeconds) ?? Defaults.pingInterval
        configuration.paceTimeout =
            try resolveOptionalOption(self.paceTimeout, environment: "CHAT_PACE_TIMEOUT").map(Duration.flagSeconds) ?? Defaults.paceTimeout
        configuration.maxConnections = try resolveOption(self.maxConnections, environment: "CHAT_MAX_CONNECTIONS", default: Defaults.maxConnections)
        configuration.helloRate = try resolveOption(self.helloRate, environment: "CHAT_HELLO_RATE", default: Defaults.helloRate)
        let relay = try resolveOptionalOption(self.relay, environment: "CHAT_RELAY")
        let backupRelay = try resolveOptionalOption(self.backupRelay, environment: "CHAT_BACKUP_RELAY")
        try GatewayConfiguration.checkRelays(relay: relay != nil, backup: backupRelay != nil)
        configuration.relay = try relay.map(Self.relayEndpoints(address:))
        configuration.backupRelay = try backupRelay.map(Self.relayEndpoints(address:))
        configuration.stateDirectory = try self.state.resolve()
        try self.privacy.apply(to: &configuration)
        configuration.logLevel = try self.logging.resolve()
        try configuration.validate()
        return configuration
    }

    /// A relay address as the user gave it, or the message saying what is wrong with it.
    private static func relayEndpoints(address: String) throws(ValidationError) -> RelayEndpoints {
        do throws(RelayAddressError) {
            return try RelayEndpoints(address: address)
        } catch {
            throw ValidationError(error.description)
        }
    }
}
