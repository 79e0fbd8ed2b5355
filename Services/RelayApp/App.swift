import ArgumentParser
import ChatConfig
import Logging
import Observability
import Relay
import RelayProtocol

/// `chat-relay`: orders every room's messages and fans them out to all gateways.
@main
struct App: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chat-relay",
        abstract: "Links Private Chat gateways: sequences every message and publishes it to all of them over ZeroMQ.",
        discussion: """
            Binds three TCP ports on HOST: PORT (gateways send here), PORT+1 (the relay publishes here) and \
            PORT+2 (HTTP: /healthz and /metrics). Start gateways with --relay tcp://HOST:PORT.
            For failover, run two relays, each naming the other: chat-relay --role primary --peer tcp://B:PORT on A, \
            chat-relay --role backup --peer tcp://A:PORT on B; each then also binds PORT+3 for its peer, and gateways \
            start with --relay tcp://A:PORT --backup-relay tcp://B:PORT.
            Every option may also be set by the environment variable named in its help; a flag wins over the variable.
            """
    )

    @Option(help: "Address to bind. (default: 127.0.0.1; env: CHAT_RELAY_HOST)")
    var host: String?

    @Option(help: "First of the three ports to bind. (default: 5555; env: CHAT_RELAY_PORT)")
    var port: Int?

    @Option(help: "Published messages kept to replay to gateways that missed some. (default: 100000; env: CHAT_RELAY_REPLAY_WINDOW)")
    var replayWindow: Int?

    @Option(help: "The other relay of a failover pair, tcp://HOST:PORT (its --port). (env: CHAT_RELAY_PEER)")
    var peer: String?

    @Option(help: "This relay's part in a failover pair: primary or backup. (default: primary; env: CHAT_RELAY_ROLE)")
    var role: String?

    @OptionGroup(title: "Chat limits")
    var limits: ChatLimitOptions

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical. (default: info; env: CHAT_LOG_LEVEL)")
    var logLevel: Logger.Level?

    func run() async throws {
        let host = try resolveOption(self.host, environment: "CHAT_RELAY_HOST", default: "127.0.0.1")
        let port = try resolveOption(self.port, environment: "CHAT_RELAY_PORT", default: 5555)
        let replayWindow = try resolveOption(self.replayWindow, environment: "CHAT_RELAY_REPLAY_WINDOW", default: 100_000)
        let logLevel = try resolveOption(self.logLevel, environment: "CHAT_LOG_LEVEL", default: .info)
        guard (1...65533).contains(port) else { throw ValidationError("--port must be 1...65533 (the relay also binds PORT+1 and PORT+2)") }
        guard replayWindow >= 1 else { throw ValidationError("--replay-window must be at least 1") }
        let pair = try self.pairConfiguration()
        if pair != nil, port > 65532 { throw ValidationError("--port must be 1...65532 (a relay of a pair also binds PORT+3)") }

        let registry = Observability.bootstrap(logLevel: logLevel)
        FileDescriptorLimit.raiseToMaximum()  // one socket per connection: 1024 is not enough
        var logger = Logger(label: "chat-relay")
        logger.logLevel = logLevel
        let endpoints = RelayEndpoints.tcp(host: host, port: port)
        let app = try buildRelayApplication(
            configuration: RelayConfiguration(endpoints: endpoints, replayWindow: replayWindow, chat: try self.limits.resolve(), pair: pair),
            httpHost: host,
            httpPort: port + 2,
            registry: registry,
            logger: logger
        ) { httpPort in
            let gateways = pair.map { "--relay/--backup-relay \(endpoints.collector), \($0.isPrimary ? "primary" : "backup") of a pair with \($0.peer.collector)" } ?? "--relay \(endpoints.collector)"
            announce(
                "chat-relay: gateways connect with \(gateways)  (publishing on \(endpoints.publisher), metrics on http://\(host):\(httpPort)/metrics)"
            )
        }
        try await app.runService()
    }

    /// The failover pair from `--peer` and `--role`, or `nil` for a relay alone.
    private func pairConfiguration() throws -> RelayPairConfiguration? {
        let peer = try resolveOption(self.peer, environment: "CHAT_RELAY_PEER", default: "")
        let role = try resolveOption(self.role, environment: "CHAT_RELAY_ROLE", default: "primary")
        guard role == "primary" || role == "backup" else { throw ValidationError("--role must be primary or backup") }
        guard !peer.isEmpty else {
            if self.role != nil { throw ValidationError("--role needs --peer: the other relay of the pair") }
            return nil
        }
        do {
            return RelayPairConfiguration(isPrimary: role == "primary", peer: try RelayEndpoints(address: peer))
        } catch {
            throw ValidationError("--peer: \(error)")
        }
    }
}
