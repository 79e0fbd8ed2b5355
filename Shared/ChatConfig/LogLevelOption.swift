public import ArgumentParser
public import Logging

/// `--log-level` / `CHAT_LOG_LEVEL`, the same for `chat-gateway` and `chat-relay`.
public struct LogLevelOption: ParsableArguments {
    /// The level when neither the flag nor the variable sets one.
    public static let defaultLevel: Logger.Level = .info

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical. (default: \(LogLevelOption.defaultLevel); env: CHAT_LOG_LEVEL)")
    var logLevel: Logger.Level?

    public init() {}

    /// The level from the flag, else the variable, else ``defaultLevel``.
    public func resolve() throws(ValidationError) -> Logger.Level {
        try resolveOption(self.logLevel, environment: "CHAT_LOG_LEVEL", default: Self.defaultLevel)
    }
}
