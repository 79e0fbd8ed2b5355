import ArgumentParser
import ChatConfig
import Gateway
import Logging
import Observability
import RelayProtocol

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `chat-gateway`: the WebSocket server clients connect to.
@main
struct App: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chat-gateway",
        abstract: "Private Chat's WebSocket server: clients connect to ws://HOST:PORT/ws.",
        discussion: """
            Without --relay it runs a relay in the same process, so one gateway is a complete chat server. \
            With --relay tcp://HOST:PORT it joins the relay started as `chat-relay --port PORT`, and chats with \
            every other gateway linked to it.
            Also serves GET /healthz (200 when serving and linked to the relay, else 503) and GET /metrics (Prometheus).
            Every option may also be set by the environment variable named in its help; a flag wins over the variable.
            """
    )

    @Option(help: "Address to listen on. (default: 127.0.0.1; env: CHAT_HOST)")
    var host: String?

    @Option(help: "Port to listen on; 0 picks a free one. (default: 8000; env: CHAT_PORT)")
    var port: Int?

    @Option(help: "Relay to link to, as tcp://HOST:PORT; without it an embedded relay runs in this process. (env: CHAT_RELAY)")
    var relay: String?

    @Option(help: "The backup relay of a failover pair with --relay, as tcp://HOST:PORT. (env: CHAT_BACKUP_RELAY)")
    var backupRelay: String?

    @Option(help: "Largest message relayed, in bytes; larger ones are refused with an error. (default: 65536; env: CHAT_MAX_MESSAGE_BYTES)")
    var maxMessageBytes: Int?

    @Option(help: "Messages per second each connection may send, sustained. (default: 20; env: CHAT_RATE)")
    var rate: Double?

    @Option(help: "Messages each connection may send in a burst before --rate applies. (default: 40; env: CHAT_BURST)")
    var burst: Int?

    @Option(
        help:
            "Bytes queued for a client before it counts as too slow and is disconnected (close 1013). (default: 1048576; env: CHAT_CLIENT_QUEUE_BYTES)"
    )
    var clientQueueBytes: Int?

    @Option(
        help: "The URL people use to reach this chat, announced and shown in the GUI's share box. (default: this gateway's own; env: CHAT_PUBLIC_URL)"
    )
    var publicURL: String?

    @Option(
        help: ArgumentHelp(
            "A tunnel agent's local API to ask for a public URL: ngrok's http://HOST:4040/api/tunnels or cloudflared's http://HOST:2000/quicktunnel; repeatable. (env: CHAT_TUNNEL_API, comma-separated)"
        )
    )
    var tunnelAPI: [String] = []

    @OptionGroup(title: "Privacy")
    var privacy: PrivacyOptions

    @Option(help: "Folder of the built web GUI, served at /. (default: web/dist if it exists; env: CHAT_WEB_ROOT)")
    var webRoot: String?

    @Option(help: "Seconds a new connection has to get a name (plain: send it; v1: a hello that succeeds). (default: 60; env: CHAT_HELLO_TIMEOUT)")
    var helloTimeout: Double?

    @Option(help: "Seconds between WebSocket pings; a client that has not answered one by the next is closed (1001). (default: 30; env: CHAT_PING_INTERVAL)")
    var pingInterval: Double?

    @OptionGroup(title: "Chat limits (of the embedded relay; with --relay, set them on chat-relay)")
    var limits: ChatLimitOptions

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical. (default: info; env: CHAT_LOG_LEVEL)")
    var logLevel: Logger.Level?

    /// `web/dist` when run from a checkout where the GUI was built.
    static var defaultWebRoot: String? { isDirectory("web/dist") ? "web/dist" : nil }

    static func isDirectory(_ path: String) -> Bool {
        var status = stat()
        return stat(path, &status) == 0 && (status.st_mode & S_IFMT) == S_IFDIR
    }

    func run() async throws {
        let defaults = GatewayConfiguration()
        var configuration = GatewayConfiguration(
            host: try resolveOption(self.host, environment: "CHAT_HOST", default: defaults.host),
            port: try resolveOption(self.port, environment: "CHAT_PORT", default: defaults.port),
            maxMessageBytes: try resolveOption(self.maxMessageBytes, environment: "CHAT_MAX_MESSAGE_BYTES", default: defaults.maxMessageBytes),
            messagesPerSecond: try resolveOption(self.rate, environment: "CHAT_RATE", default: defaults.messagesPerSecond),
            burst: try resolveOption(self.burst, environment: "CHAT_BURST", default: defaults.burst),
            clientQueueBytes: try resolveOption(self.clientQueueBytes, environment: "CHAT_CLIENT_QUEUE_BYTES", default: defaults.clientQueueBytes),
            embeddedChatLimits: try self.limits.resolve()
        )
        configuration.publicURL = try resolveOptionalOption(self.publicURL, environment: "CHAT_PUBLIC_URL")
        configuration.tunnelAPIs =
            self.tunnelAPI.isEmpty
            ? (environmentValue("CHAT_TUNNEL_API")?.split(separator: ",").map { $0.filter { $0 != " " } } ?? []) : self.tunnelAPI
        configuration.webRoot = try resolveOptionalOption(self.webRoot, environment: "CHAT_WEB_ROOT") ?? Self.defaultWebRoot
        if let webRoot = configuration.webRoot, !Self.isDirectory(webRoot) {
            throw ValidationError("--web-root \(webRoot) is not a folder (build the GUI with: make web)")
        }
        let helloTimeout = try resolveOption(self.helloTimeout, environment: "CHAT_HELLO_TIMEOUT", default: 60)
        guard helloTimeout > 0 else { throw ValidationError("--hello-timeout must be positive") }
        configuration.usernameTimeout = .milliseconds(Int64(helloTimeout * 1000))
        let pingInterval = try resolveOption(self.pingInterval, environment: "CHAT_PING_INTERVAL", default: 30)
        guard pingInterval >= 0.1 else { throw ValidationError("--ping-interval must be at least 0.1") }
        configuration.pingInterval = .milliseconds(Int64(pingInterval * 1000))
        if let relay = try resolveOptionalOption(self.relay, environment: "CHAT_RELAY") {
            do {
                configuration.relay = try RelayEndpoints(address: relay)
                configuration.backupRelay = try resolveOptionalOption(self.backupRelay, environment: "CHAT_BACKUP_RELAY").map {
                    try RelayEndpoints(address: $0)
                }
            } catch let error as RelayAddressError {
                throw ValidationError(error.description)
            }
        } else if try resolveOptionalOption(self.backupRelay, environment: "CHAT_BACKUP_RELAY") != nil {
            throw ValidationError("--backup-relay needs --relay: the primary relay of the pair")
        }
        let access = try self.privacy.resolve(tunnel: !configuration.tunnelAPIs.isEmpty)
        configuration.access = access.requirement
        configuration.inviteKey = access.inviteKey
        configuration.allowedOrigins = try self.privacy.resolveAllowedOrigins()
        configuration.clientAddressHeader = try resolveOptionalOption(self.privacy.clientAddressHeader, environment: "CHAT_CLIENT_ADDRESS_HEADER")
        configuration.tls = try self.privacy.resolveTLS()
        let logLevel = try resolveOption(self.logLevel, environment: "CHAT_LOG_LEVEL", default: .info)
        guard (0...65535).contains(configuration.port) else { throw ValidationError("--port must be 0...65535") }
        guard (1...1_000_000).contains(configuration.maxMessageBytes) else {
            throw ValidationError("--max-message-bytes must be 1...1000000 (the relay refuses envelopes over 1 MiB)")
        }
        guard configuration.messagesPerSecond > 0 else { throw ValidationError("--rate must be positive") }
        guard configuration.burst >= 1 else { throw ValidationError("--burst must be at least 1") }
        guard configuration.clientQueueBytes >= configuration.maxMessageBytes else {
            throw ValidationError("--client-queue-bytes must be at least --max-message-bytes")
        }

        let registry = Observability.bootstrap(logLevel: logLevel)
        FileDescriptorLimit.raiseToMaximum()  // one socket per connection: 1024 is not enough
        var logger = Logger(label: "chat-gateway")
        logger.logLevel = logLevel
        let host = configuration.host
        let relay = configuration.relay.map { relay in configuration.backupRelay.map { "\(relay.collector), backup \($0.collector)" } ?? relay.collector } ?? "embedded"
        let configured = configuration.publicURL
        let scheme = configuration.tls == nil ? "" : "s"
        let invite = access.announcesKey ? access.inviteKey : nil
        if case .open = configuration.access, !["127.0.0.1", "::1", "localhost"].contains(host) {
            logger.warning(
                "listening beyond this machine without an access key: anyone who can reach the port can chat",
                metadata: ["host": "\(host)", "hint": "set CHAT_ACCESS_KEY or --access-key-file"]
            )
        }
        let gateway = try buildGateway(
            configuration: configuration,
            registry: registry,
            logger: logger,
            onServerRunning: { port in
                let shown = ["127.0.0.1", "0.0.0.0", "::", "::1", "localhost"].contains(host) ? "localhost" : host
                if let configured {
                    announce("Private Chat is running: connect to \(configured)  (listening on \(host):\(port); relay: \(relay))")
                } else {
                    announce(
                        "Private Chat is running: open http\(scheme)://\(shown):\(port)/ in a browser, or connect to ws\(scheme)://\(shown):\(port)/ws  (relay: \(relay))"
                    )
                }
            },
            onPublicAddress: { address in
                if let invite {
                    // The generated key, shown once with the links that carry it; the fragment never reaches a server.
                    announce(
                        "Private Chat is public: open \(address.page)#key=\(invite) in a browser, or connect to \(address.webSocket)?key=\(invite)  (via \(address.source); the key is required: share it only with your group)"
                    )
                } else {
                    announce("Private Chat is public: open \(address.page) in a browser, or connect to \(address.webSocket)  (via \(address.source))")
                }
            }
        )
        try await gateway.run()
    }
}
