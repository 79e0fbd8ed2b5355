public import ArgumentParser
import ChatConfig

/// `chat-gateway`'s flags, each with its environment variable; ``configuration()`` turns them into a
/// ``GatewayConfiguration``. Defaults in the help come from ``GatewayConfiguration/Defaults``.
public struct GatewayOptions: ParsableArguments {
    typealias Defaults = GatewayConfiguration.Defaults

    @Option(help: "Address to listen on. (default: \(Defaults.host); env: CHAT_HOST)")
    var host: String?

    @Option(help: "Port to listen on; 0 picks a free one. (default: \(Defaults.port); env: CHAT_PORT)")
    var port: Int?

    @Option(
        help: """
            Port to listen on for IRC clients too (irssi, WeeChat), at --host, with TLS from the first byte when --tls-cert is set; \
            0 picks a free one. Off without it. (env: CHAT_IRC_PORT)
            """
    )
    var ircPort: Int?

    @Option(help: "Relay to link to, as tcp://HOST:PORT; without it an embedded relay runs in this process. (env: CHAT_RELAY)")
    var relay: String?

    @Option(help: "The backup relay of a failover pair with --relay, as tcp://HOST:PORT. (env: CHAT_BACKUP_RELAY)")
    var backupRelay: String?

    @Option(
        help: """
            Largest message relayed, in bytes; larger ones are refused with an error. \
            (default: \(Defaults.maxMessageBytes); env: CHAT_MAX_MESSAGE_BYTES)
            """
    )
    var maxMessageBytes: Int?

    @Option(help: "Messages per second each connection may send, sustained. (default: \(Defaults.messagesPerSecond.flagText); env: CHAT_RATE)")
    var rate: Double?

    @Option(help: "Messages each connection may send in a burst before --rate applies. (default: \(Defaults.burst); env: CHAT_BURST)")
    var burst: Int?

    @Option(
        help: """
            File bytes per second each connection may upload or download over its WebSocket (chunk and download frames), \
            sustained; paced like --rate, and not counted as messages. (default: \(Defaults.fileBytesPerSecond.flagText); env: CHAT_FILE_RATE)
            """
    )
    var fileRate: Double?

    @Option(
        help: """
            File bytes each connection may move at once before --file-rate applies; at least one chunk \
            (\(FileTransfer.chunkBytes)). (default: \(Defaults.fileBurst); env: CHAT_FILE_BURST)
            """
    )
    var fileBurst: Int?

    @Option(
        help: """
            Seconds a client may be paced without a break (over --rate, its socket is read no faster) before it is \
            closed (1008). (default: \(Defaults.paceTimeout.secondsFlagText); env: CHAT_PACE_TIMEOUT)
            """
    )
    var paceTimeout: Double?

    @Option(
        help: """
            Bytes queued for a client before it counts as too slow and is disconnected (close 1013). \
            (default: \(Defaults.clientQueueBytes); env: CHAT_CLIENT_QUEUE_BYTES)
            """
    )
    var clientQueueBytes: Int?

    @Option(
        help: """
            The URL people use to reach this chat, announced and shown in the GUI's share box. \
            (default: this gateway's own; env: CHAT_PUBLIC_URL)
            """
    )
    var publicURL: String?

    @Option(
        help: """
            A tunnel agent's local API to ask for a public URL: ngrok's http://HOST:4040/api/tunnels or cloudflared's \
            http://HOST:2000/quicktunnel; repeatable. (env: CHAT_TUNNEL_API, comma-separated)
            """
    )
    var tunnelAPI: [String] = []

    @Option(
        help: """
            Most WebSocket and IRC connections this gateway holds; past it, new upgrades get 503 with Retry-After. \
            (default: \(Defaults.maxConnections); env: CHAT_MAX_CONNECTIONS)
            """
    )
    var maxConnections: Int?

    @Option(
        help: """
            Hellos per second one connection may send, after a burst of \(Defaults.helloBurst); more get rate_limited. \
            (default: \(Defaults.helloRate.flagText); env: CHAT_HELLO_RATE)
            """
    )
    var helloRate: Double?

    @OptionGroup(title: "Privacy")
    var privacy: PrivacyOptions

    @Option(
        help: """
            Folder of the built web GUI, served at /; make install puts it in PREFIX/share/private-chat/web. \
            (default: \(GatewayOptions.installedWebRoot) beside this executable if it exists, else \(GatewayOptions.builtWebRoot) \
            if it exists; env: CHAT_WEB_ROOT)
            """
    )
    var webRoot: String?

    @Option(
        help: """
            Seconds a new connection has to get a name (plain: send it; v1: a hello that succeeds). \
            (default: \(Defaults.helloTimeout.secondsFlagText); env: CHAT_HELLO_TIMEOUT)
            """
    )
    var helloTimeout: Double?

    @Option(
        help: """
            Seconds between WebSocket pings; a client silent since the previous one is closed (1001), unless it is paced. \
            (default: \(Defaults.pingInterval.secondsFlagText); env: CHAT_PING_INTERVAL)
            """
    )
    var pingInterval: Double?

    @OptionGroup(title: "Chat limits (of the embedded relay; with --relay, set them on chat-relay)")
    var limits: ChatLimitOptions

    @OptionGroup var state: StateDirectoryOption

    @OptionGroup var logging: LogLevelOption

    public init() {}

    /// Where `make web` puts the GUI, relative to a checkout: the web root when it exists.
    static let builtWebRoot = "web/dist"
}
