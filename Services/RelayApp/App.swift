import ArgumentParser
import Relay

/// `chat-relay`: orders every room's messages and fans them out to all gateways.
@main
struct App: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chat-relay",
        abstract: "Links Private Chat gateways: sequences every message and publishes it to all of them over ZeroMQ.",
        discussion: """
            Binds three TCP ports on HOST: PORT (gateways send here), PORT+1 (the relay publishes here) and \
            PORT+2 (HTTP: /healthz and /metrics). Start gateways with --relay tcp://HOST:PORT. \
            SIGTERM or SIGINT stops it gracefully.

            For failover, run two relays, each naming the other: chat-relay --role primary --peer tcp://B:PORT on A, \
            chat-relay --role backup --peer tcp://A:PORT on B; each then also binds PORT+3 for its peer, and gateways \
            start with --relay tcp://A:PORT --backup-relay tcp://B:PORT.

            The ZeroMQ ports speak CurveZMQ only: relays and gateways share the key relay-link.key in their --state-dir, \
            made by the first to start; copy it to servers on other hosts.

            Every option may also be set by the environment variable named in its help; a flag wins over the variable.
            """
    )

    @OptionGroup var options: RelayOptions

    func run() async throws {
        try await buildRelayApplication(configuration: try self.options.configuration()).runService()
    }
}
