public import ArgumentParser
public import ChatConfig
public import Logging
import RelayLinkSecurity

/// Everything `chat-relay` needs: the relay, the host and first port it binds, and its log level.
///
/// A relay on PORT takes gateways on PORT, publishes on PORT+1, serves HTTP on PORT+2 and, in a failover
/// pair, takes its peer on PORT+3 (``RelayEndpoints/tcp(host:port:)``). ``RelayOptions`` fills it in.
public struct RelayServerConfiguration: Sendable {
    /// The values used when no flag or variable sets them: the one place each is written, which help and README quote.
    public enum Defaults {
        public static let host = "127.0.0.1"
        public static let port = 5555
        /// The part a relay of a pair plays unless told: `primary` or `backup`.
        public static let role = "primary"
    }

    /// The address the relay binds its ports on.
    public var host: String
    /// The first of the relay's ports: where gateways send.
    public var port: Int
    /// The relay itself, its endpoints on `host` and `port`.
    public var relay: RelayConfiguration
    /// Where the relay link's key is read, or made on first start (``RelayLinkKeys``).
    public var stateDirectory: String
    /// The level of the process's one logger.
    public var logLevel: Logger.Level

    public init(
        host: String,
        port: Int,
        relay: RelayConfiguration,
        stateDirectory: String,
        logLevel: Logger.Level = LogLevelOption.defaultLevel
    ) {
        self.host = host
        self.port = port
        self.relay = relay
        self.stateDirectory = stateDirectory
        self.logLevel = logLevel
    }

    /// Where `/healthz` and `/metrics` are served: two above ``port``.
    public var httpPort: Int { self.port + 2 }

    /// Throws the first rule this configuration breaks, with the message `chat-relay` prints for it.
    public func validate() throws(ValidationError) {
        guard (1...65533).contains(self.port) else { throw ValidationError("--port must be 1...65533 (the relay also binds PORT+1 and PORT+2)") }
        try self.relay.validate()
        if self.relay.pair != nil, self.port > 65532 { throw ValidationError("--port must be 1...65532 (a relay of a pair also binds PORT+3)") }
    }

    /// The relay link's key file, which gateways and the peer relay on other hosts need a copy of.
    public var linkKeyPath: String { "\(self.stateDirectory)/\(RelayLinkKeys.fileName)" }

    /// The line `chat-relay` prints once it serves HTTP on `httpPort`: how gateways connect to it.
    public func announcement(httpPort: Int) -> String {
        let endpoints = self.relay.endpoints
        let gateways =
            self.relay.pair.map { pair in
                "--relay/--backup-relay \(endpoints.collector), \(pair.isPrimary ? "primary" : "backup") of a pair with \(pair.peer.collector)"
            } ?? "--relay \(endpoints.collector)"
        let metrics = "http://\(self.host):\(httpPort)/metrics"
        return "chat-relay: gateways connect with \(gateways)  (publishing on \(endpoints.publisher), metrics on \(metrics); "
            + "link key \(self.linkKeyPath): copy it to gateways on other hosts)"
    }
}
