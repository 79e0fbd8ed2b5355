import ArgumentParser
import Gateway

/// `chat-gateway`: the WebSocket server clients connect to.
@main
struct App: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chat-gateway",
        abstract: "Private Chat's WebSocket server: clients connect to ws://HOST:PORT/ws.",
        discussion: """
            Without --relay it runs a relay in the same process, so one gateway is a complete chat server. \
            With --relay tcp://HOST:PORT it joins the relay started as "chat-relay --port PORT", and chats with \
            every other gateway linked to it, over CurveZMQ with the key relay-link.key in --state-dir (the relay's).

            It serves the web GUI at / (see --web-root), GET /healthz (200 when serving and linked to the relay, \
            else 503), GET /metrics (Prometheus), and GET /files/ID (shared file bodies, from the relay's store, with \
            the access key as for the WebSocket). SIGTERM or SIGINT stops it gracefully.

            Every option may also be set by the environment variable named in its help; a flag wins over the variable.
            """
    )

    @OptionGroup var options: GatewayOptions

    func run() async throws {
        try await buildGateway(configuration: try self.options.configuration()).run()
    }
}
