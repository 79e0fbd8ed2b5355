public import ArgumentParser
import ChatConfig
import RelayProtocol

extension RelayOptions {
    /// The configuration these flags describe: each value from its flag, else its environment variable, else
    /// its default, then checked with ``RelayServerConfiguration/validate()``.
    ///
    /// Throws the message `chat-relay` prints for a flag or variable it cannot use.
    public func configuration() throws(ValidationError) -> RelayServerConfiguration {
        let host = try resolveOption(self.host, environment: "CHAT_RELAY_HOST", default: Defaults.host)
        let port = try resolveOption(self.port, environment: "CHAT_RELAY_PORT", default: Defaults.port)
        let relay = RelayConfiguration(
            endpoints: .tcp(host: host, port: port),
            replayWindow: try resolveOption(
                self.replayWindow,
                environment: "CHAT_RELAY_REPLAY_WINDOW",
                default: RelayConfiguration.Defaults.replayWindow
            ),
            replayBytes: try resolveOption(self.replayBytes, environment: "CHAT_RELAY_REPLAY_BYTES", default: RelayConfiguration.Defaults.replayBytes),
            chat: try self.limits.resolve(),
            pair: try self.pair()
        )
        let logLevel = try self.logging.resolve()
        let configuration = RelayServerConfiguration(
            host: host,
            port: port,
            relay: relay,
            stateDirectory: try self.state.resolve(),
            logLevel: logLevel
        )
        try configuration.validate()
        return configuration
    }

    /// The failover pair from `--peer` and `--role`, or `nil` for a relay alone.
    private func pair() throws(ValidationError) -> RelayPairConfiguration? {
        let peer = try resolveOption(self.peer, environment: "CHAT_RELAY_PEER", default: "")
        let role = try resolveOption(self.role, environment: "CHAT_RELAY_ROLE", default: Defaults.role)
        guard role == "primary" || role == "backup" else { throw ValidationError("--role must be primary or backup") }
        guard !peer.isEmpty else {
            if self.role != nil { throw ValidationError("--role needs --peer: the other relay of the pair") }
            return nil
        }
        do throws(RelayAddressError) {
            return RelayPairConfiguration(isPrimary: role == "primary", peer: try RelayEndpoints(address: peer))
        } catch {
            throw ValidationError("--peer: \(error)")
        }
    }
}
