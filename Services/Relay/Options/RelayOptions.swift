public import ArgumentParser
import ChatConfig

/// `chat-relay`'s flags, each with its environment variable; ``configuration()`` turns them into a
/// ``RelayServerConfiguration``. Defaults in the help come from the configurations' `Defaults`.
public struct RelayOptions: ParsableArguments {
    typealias Defaults = RelayServerConfiguration.Defaults

    @Option(help: "Address to bind. (default: \(Defaults.host); env: CHAT_RELAY_HOST)")
    var host: String?

    @Option(help: "First of the three ports to bind. (default: \(Defaults.port); env: CHAT_RELAY_PORT)")
    var port: Int?

    @Option(
        help: """
            Published messages kept to replay to gateways that missed some. \
            (default: \(RelayConfiguration.Defaults.replayWindow); env: CHAT_RELAY_REPLAY_WINDOW)
            """
    )
    var replayWindow: Int?

    @Option(
        help: """
            Most bytes those messages may take together; the oldest go first. \
            (default: \(RelayConfiguration.Defaults.replayBytes); env: CHAT_RELAY_REPLAY_BYTES)
            """
    )
    var replayBytes: Int?

    @Option(help: "The other relay of a failover pair, tcp://HOST:PORT (its --port). (env: CHAT_RELAY_PEER)")
    var peer: String?

    @Option(help: "This relay's part in a failover pair: primary or backup. (default: \(Defaults.role); env: CHAT_RELAY_ROLE)")
    var role: String?

    @OptionGroup(title: "Chat limits")
    var limits: ChatLimitOptions

    @OptionGroup var state: StateDirectoryOption

    @OptionGroup var logging: LogLevelOption

    public init() {}
}
