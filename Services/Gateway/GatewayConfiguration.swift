public import ChatConfig
public import Logging
import Relay
public import RelayProtocol

/// Everything a gateway needs to run; `chat-gateway`'s flags fill it in (``GatewayOptions``).
public struct GatewayConfiguration: Sendable {
    /// The values used when no flag or variable sets them: the one place each is written, which help and README quote.
    public enum Defaults {
        public static let host = "127.0.0.1"
        public static let port = 8000
        public static let maxMessageBytes = 64 * 1024
        public static let messagesPerSecond: Double = 20
        public static let burst = 40
        public static let clientQueueBytes = 1 << 20
        public static let helloTimeout: Duration = .seconds(60)
        public static let pingInterval: Duration = .seconds(30)
        public static let closeTimeout: Duration = .seconds(1)
        /// Longer than any real paste: 500 lines at the default rate take 25 s.
        public static let paceTimeout: Duration = .seconds(120)
        public static let embeddedReplayWindow = RelayConfiguration.Defaults.replayWindow
        public static let maxConnections = 10_000
        public static let helloRate: Double = 1
        /// Hellos one connection may send at once before ``helloRate`` applies (a few retries after a taken name).
        public static let helloBurst = 5
        /// File bytes one connection's `chunk` and `download` frames may move per second, sustained, and at once.
        public static let fileBytesPerSecond: Double = 8 * 1024 * 1024
        public static let fileBurst = 1024 * 1024
    }

    public var host: String
    public var port: Int
    /// The port IRC clients connect to (docs/PROTOCOL.md, "5. IRC clients"); `nil`: no IRC, `0`: a free one.
    public var ircPort: Int? = nil
    /// The relay to link to; `nil` runs an embedded relay in this process.
    public var relay: RelayEndpoints?
    /// The backup relay of a failover pair with ``relay``: the gateway moves to it when the relay dies.
    public var backupRelay: RelayEndpoints? = nil
    /// Where the relay link's key is read, or made on first start, when ``relay`` is set (``RelayLinkKeys``).
    public var stateDirectory = StateDirectoryOption.defaultPath()
    /// Largest chat message relayed, in UTF-8 bytes. Larger ones are refused with an error.
    public var maxMessageBytes: Int
    /// Sustained messages per second one connection may send.
    public var messagesPerSecond: Double
    /// Messages one connection may send at once before the rate applies.
    public var burst: Int
    /// File bytes per second one connection's `chunk` and `download` frames may move, sustained: paced by
    /// bytes, not counted as messages (docs/PROTOCOL.md, "Files").
    public var fileBytesPerSecond = Defaults.fileBytesPerSecond
    /// File bytes one connection may move at once before ``fileBytesPerSecond`` applies.
    public var fileBurst = Defaults.fileBurst
    /// Bytes queued for one client before it counts as too slow and is disconnected.
    public var clientQueueBytes: Int
    /// How long a new connection has to send its username.
    public var usernameTimeout: Duration
    /// How often the gateway pings each WebSocket client; one silent since the previous ping is closed, unless paced.
    public var pingInterval: Duration = Defaults.pingInterval
    /// How long a client may be paced without a break (every message it sends waits for its token) before
    /// it is closed with 1008: a paste ends, a flood does not.
    public var paceTimeout: Duration = Defaults.paceTimeout
    /// How long to wait for a client's close frame before dropping the connection.
    public var closeTimeout: Duration
    /// The URL clients use to reach this chat (announced, and shown in the GUI's share box); `nil`: this gateway's own.
    public var publicURL: String?
    /// Tunnel agents' local APIs to ask for a public URL (ngrok's `/api/tunnels`, cloudflared's `/quicktunnel`).
    public var tunnelAPIs: [String]
    /// The web GUI's built files, served at `/`; `nil` serves a page that says how to build them.
    public var webRoot: String?
    /// Published messages an embedded relay keeps for replay.
    public var embeddedReplayWindow: Int
    /// Names, rooms and history limits of an embedded relay.
    public var embeddedChatLimits: ChatLimits
    /// Who must present the access key before the WebSocket upgrade.
    public var access: AccessRequirement = .open
    /// The access key to put in invite links shown to the person at this machine (a generated key).
    public var inviteKey: String?
    /// Whether this gateway generated ``inviteKey`` and so prints it, once, with the public address (to a terminal only).
    public var announcesInviteKey = false
    /// The file ``inviteKey`` is kept in (`--tunnel-key-file`); `nil`: in memory only.
    public var inviteKeyFile: String?
    /// Web origins allowed to open the WebSocket besides the chat's own; `*` allows any.
    public var allowedOrigins: [String] = []
    /// The header a trusted proxy in front puts the client's address in (`X-Real-IP`); failed keys
    /// are counted per client address. Believed only from peers in ``trustedProxies``.
    public var clientAddressHeader: String?
    /// The proxies (nginx, a tunnel agent) whose ``clientAddressHeader`` is believed; none: the header never is.
    public var trustedProxies: [AddressRange] = []
    /// The most WebSocket connections this gateway holds; past it, new upgrades get 503.
    public var maxConnections = Defaults.maxConnections
    /// Hellos per second one connection may send, sustained, after ``Defaults/helloBurst``.
    public var helloRate = Defaults.helloRate
    /// The bots and scripts that may post with incoming webhooks (`--bot-token-file`), each under its name.
    public var botTokens = BotTokens()
    /// Serve HTTPS and `wss://` with this certificate; `nil`: plain HTTP.
    public var tls: TLSFiles?
    /// The level of the process's one logger.
    public var logLevel: Logger.Level = LogLevelOption.defaultLevel

    public init(
        host: String = Defaults.host,
        port: Int = Defaults.port,
        relay: RelayEndpoints? = nil,
        maxMessageBytes: Int = Defaults.maxMessageBytes,
        messagesPerSecond: Double = Defaults.messagesPerSecond,
        burst: Int = Defaults.burst,
        clientQueueBytes: Int = Defaults.clientQueueBytes,
        usernameTimeout: Duration = Defaults.helloTimeout,
        closeTimeout: Duration = Defaults.closeTimeout,
        publicURL: String? = nil,
        tunnelAPIs: [String] = [],
        webRoot: String? = nil,
        embeddedReplayWindow: Int = Defaults.embeddedReplayWindow,
        embeddedChatLimits: ChatLimits = ChatLimits()
    ) {
        self.host = host
        self.port = port
        self.relay = relay
        self.maxMessageBytes = maxMessageBytes
        self.messagesPerSecond = messagesPerSecond
        self.burst = burst
        self.clientQueueBytes = clientQueueBytes
        self.usernameTimeout = usernameTimeout
        self.closeTimeout = closeTimeout
        self.publicURL = publicURL
        self.tunnelAPIs = tunnelAPIs
        self.webRoot = webRoot
        self.embeddedReplayWindow = embeddedReplayWindow
        self.embeddedChatLimits = embeddedChatLimits
    }

    /// Largest WebSocket message read at all. Messages between `maxMessageBytes` and this get an
    /// error and the connection stays; larger ones close it with 1009 before they are buffered.
    public var maxFrameBytes: Int { max(self.maxMessageBytes * 4, 1 << 20) }

    /// How long a connection may take to send a whole request head, from when it opens or from the previous
    /// response: a client that drips its headers (slowloris) is cut off then. No longer than the hello
    /// timeout, since a connection that has not even asked to upgrade by then could not get its name in time.
    public var requestHeadTimeout: Duration { min(self.usernameTimeout, .seconds(10)) }

    /// The rate as people read it: `20`, or `0.5`.
    var rateDescription: String { self.messagesPerSecond.flagText }
}
